// Command electionpeer is a stand-in for gravitl/netmaker-k8s-ops' /manager as far as leader election goes: the
// same flags (package upstream) and client-go leader election configured as controller-runtime v0.18 configures it
// for that operator: LeaseLock 3820d23d.netmaker.io in the service-account namespace, identity hostname_uuid,
// 15s/10s/2s, no release on cancel; losing leadership exits 1 ("leader election lost").
//
// What it exposes:
//   - stdout: "GOPEER_FLAGS {json}" once at start, then "GOPEER_LEADER {json}" on every change of its belief
//     ({"leading":bool,"identity":"..."}); leading is true from OnStartedLeading until it stops.
//   - probe address: /healthz, /readyz (200 "ok") and /leader (the same JSON as the last GOPEER_LEADER line, plus
//     "observed": the holder client-go last reported through OnNewLeader, empty before its first try, so a test can
//     tell that this process's election loop has seen the current holder).
//   - metrics address (unless "0"): leader_election_master_status{name="3820d23d.netmaker.io"} 1/0 in Prometheus
//     text format, driven by client-go's own metric calls; plain HTTP with --metrics-secure=false, else HTTPS with a
//     self-signed certificate answering 401 without an "Authorization: Bearer" header (any token is accepted: no
//     TokenReview).
//
// Test-only environment: GOPEER_NAMESPACE_FILE replaces /var/run/secrets/kubernetes.io/serviceaccount/namespace.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/uuid"
	coordinationv1 "k8s.io/client-go/kubernetes/typed/coordination/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"

	"netmaker.io/gopeers/upstream"
)

const (
	leaseName     = "3820d23d.netmaker.io"
	namespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
)

// belief is what this process thinks: leading between OnStartedLeading and its stop.
type belief struct {
	mu       sync.Mutex
	Leading  bool   `json:"leading"`
	Identity string `json:"identity"`
	observed string
}

func (b *belief) set(leading bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.Leading == leading {
		return
	}
	b.Leading = leading
	fmt.Println("GOPEER_LEADER " + b.jsonLocked())
}

// observe records the holder client-go reported (OnNewLeader).
func (b *belief) observe(holder string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.observed = holder
}

// json is what /leader answers: the belief and the holder this process last observed.
func (b *belief) json() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out, _ := json.Marshal(map[string]interface{}{"leading": b.Leading, "identity": b.Identity, "observed": b.observed})
	return string(out)
}

func (b *belief) jsonLocked() string {
	out, _ := json.Marshal(map[string]interface{}{"leading": b.Leading, "identity": b.Identity})
	return string(out)
}

// masterStatus is the leader_election_master_status gauge, set through client-go's metrics provider.
type masterStatus struct {
	mu     sync.Mutex
	values map[string]float64
}

func (m *masterStatus) NewLeaderMetric() leaderelection.LeaderMetric { return m }
func (m *masterStatus) On(name string)                              { m.put(name, 1) }
func (m *masterStatus) Off(name string)                             { m.put(name, 0) }
func (m *masterStatus) SlowpathExercised(string)                    {}

func (m *masterStatus) put(name string, v float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[name] = v
}

func (m *masterStatus) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	fmt.Fprintln(w, "# HELP leader_election_master_status Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease. Please make sure to group by name.")
	fmt.Fprintln(w, "# TYPE leader_election_master_status gauge")
	for name, v := range m.values {
		fmt.Fprintf(w, "leader_election_master_status{name=%q} %g\n", name, v)
	}
}

func main() {
	opts := upstream.Parse(os.Args[1:])
	upstream.PrintFlags(opts)
	ctx := upstream.SignalContext()

	host, err := os.Hostname()
	if err != nil {
		upstream.Fatal("unable to get hostname", err)
	}
	me := &belief{Identity: host + "_" + string(uuid.NewUUID())}
	metrics := &masterStatus{values: map[string]float64{}}
	leaderelection.SetProvider(metrics)

	upstream.ServeProbes(opts.ProbeAddr, map[string]http.HandlerFunc{
		"/leader": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintln(w, me.json())
		},
	})
	serveMetrics(opts, metrics)

	if !opts.LeaderElect {
		fmt.Fprintln(os.Stderr, "leader election off")
		<-ctx.Done()
		return
	}
	elector := newElector(opts, me)
	elector.Run(ctx) // returns once leadership is lost or ctx is cancelled
	if ctx.Err() == nil {
		upstream.Fatal("problem running manager", errors.New("leader election lost"))
	}
	me.set(false)
}

func newElector(opts upstream.Options, me *belief) *leaderelection.LeaderElector {
	cfg, err := restConfig(opts.Kubeconfig)
	if err != nil {
		upstream.Fatal("unable to get kubeconfig", err)
	}
	namespace, err := leaseNamespace()
	if err != nil {
		upstream.Fatal("unable to start manager", err)
	}
	cfg = rest.AddUserAgent(cfg, "leader-election")
	// client-go 0.36 asks for protobuf by default; upstream's client-go 0.30 (and the fabric8 mock) speak JSON.
	cfg.ContentType = "application/json"
	cfg.AcceptContentTypes = "application/json"
	client, err := coordinationv1.NewForConfig(cfg)
	if err != nil {
		upstream.Fatal("unable to create leader election client", err)
	}
	lock := &resourcelock.LeaseLock{
		LeaseMeta:  metav1.ObjectMeta{Namespace: namespace, Name: leaseName},
		Client:     client,
		LockConfig: resourcelock.ResourceLockConfig{Identity: me.Identity},
	}
	fmt.Fprintf(os.Stderr, "leader election lease=%s/%s identity=%s\n", namespace, leaseName, me.Identity)
	elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
		Lock:            lock,
		LeaseDuration:   15 * time.Second,
		RenewDeadline:   10 * time.Second,
		RetryPeriod:     2 * time.Second,
		ReleaseOnCancel: false,
		Name:            leaseName,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(context.Context) { me.set(true) },
			OnStoppedLeading: func() { me.set(false) },
			OnNewLeader:      me.observe,
		},
	})
	if err != nil {
		upstream.Fatal("unable to create leader elector", err)
	}
	return elector
}

// restConfig follows controller-runtime's loader: --kubeconfig, then KUBECONFIG, then in-cluster.
func restConfig(kubeconfig string) (*rest.Config, error) {
	if kubeconfig == "" {
		kubeconfig = os.Getenv("KUBECONFIG")
	}
	if kubeconfig != "" {
		return clientcmd.BuildConfigFromFlags("", kubeconfig)
	}
	return rest.InClusterConfig()
}

func leaseNamespace() (string, error) {
	path := namespaceFile
	if p := os.Getenv("GOPEER_NAMESPACE_FILE"); p != "" {
		path = p
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return "", errors.New("unable to find leader election namespace: not running in-cluster, " +
				"please specify LeaderElectionNamespace")
		}
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

func serveMetrics(opts upstream.Options, metrics http.Handler) {
	if opts.MetricsAddr == "0" {
		return
	}
	mux := http.NewServeMux()
	srv := &http.Server{Handler: mux}
	if !opts.EnableHTTP2 {
		srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	}
	if !opts.SecureMetrics {
		mux.Handle("/metrics", metrics)
		upstream.Serve("metrics", opts.MetricsAddr, srv, nil)
		return
	}
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		metrics.ServeHTTP(w, r)
	})
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{selfSigned()}}
	if !opts.EnableHTTP2 {
		tlsConfig.NextProtos = []string{"http/1.1"}
	}
	upstream.Serve("metrics", opts.MetricsAddr, srv, func(ln net.Listener) net.Listener {
		return tls.NewListener(ln, tlsConfig)
	})
}

// selfSigned is a fresh certificate for the metrics server, as controller-runtime generates when no cert dir is set.
func selfSigned() tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		upstream.Fatal("unable to generate a key", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "electionpeer"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		upstream.Fatal("unable to create a certificate", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
