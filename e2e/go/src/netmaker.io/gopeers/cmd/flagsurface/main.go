// Command flagsurface has exactly the flag surface and env rules of gravitl/netmaker-k8s-ops cmd/main.go and
// nothing else: it prints one line "GOPEER_FLAGS {json}" with every parsed flag value and the positional args,
// serves /healthz and /readyz on the probe address and exits 0 on SIGTERM.
package main

import (
	"os"

	"netmaker.io/gopeers/upstream"
)

func main() {
	opts := upstream.Parse(os.Args[1:])
	upstream.PrintFlags(opts)
	upstream.ServeProbes(opts.ProbeAddr, nil)
	<-upstream.SignalContext().Done()
}
