// Command testapiserver is the end-to-end suite's Kubernetes API server (see e2e/go/README.md).
//
//	testapiserver --etcd-servers=http://127.0.0.1:2379 --dir=DIR --namespace=netmaker \
//	  --identity=admin=admin,system:masters --identity=agent=system:serviceaccount:netmaker:agent
//
// writes DIR/<name>.kubeconfig per identity (and DIR/ca.crt, DIR/ca.key, reused by a restart), prints `TESTAPISERVER_LISTENING https://127.0.0.1:PORT` once the
// server serves, and runs until SIGTERM or SIGINT.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	genericapiserver "k8s.io/apiserver/pkg/server"

	"netmaker.io/apiserver/server"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var o server.Options
	var identities list
	etcd := flag.String("etcd-servers", "http://127.0.0.1:2379", "etcd client URLs, comma-separated")
	flag.StringVar(&o.Dir, "dir", ".", "directory of the <identity>.kubeconfig files")
	flag.StringVar(&o.Namespace, "namespace", "default", "namespace of the kubeconfigs' contexts")
	flag.BoolVar(&o.RBAC, "rbac", true, "authorize with RBAC (false: every authenticated user may do everything)")
	flag.IntVar(&o.Port, "port", 0, "loopback port (0: a free one); a restart on the same --dir and --port keeps the CA")
	flag.StringVar(&o.RBACLog, "rbac-log", "", "append each distinct RBAC decision (users outside system:masters) to this file as a JSON line")
	flag.Var(&identities, "identity", "NAME=USER[,GROUP...]: a client certificate and DIR/NAME.kubeconfig (repeatable)")
	flag.Parse()
	o.EtcdServers = strings.Split(*etcd, ",")
	var errs []string
	for _, s := range identities {
		id, err := server.ParseIdentity(s)
		if err != nil {
			errs = append(errs, err.Error())
		}
		o.Identities = append(o.Identities, id)
	}
	if len(errs) > 0 {
		fmt.Fprintln(os.Stderr, strings.Join(errs, "\n"))
		os.Exit(2)
	}
	s, err := server.New(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testapiserver:", err)
		os.Exit(1)
	}
	err = s.Run(genericapiserver.SetupSignalContext(), func() { fmt.Println("TESTAPISERVER_LISTENING " + s.URL) })
	if err != nil {
		fmt.Fprintln(os.Stderr, "testapiserver:", err)
		os.Exit(1)
	}
}
