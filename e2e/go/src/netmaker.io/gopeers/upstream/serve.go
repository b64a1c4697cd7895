package upstream

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

// ServeProbes serves /healthz and /readyz (200 "ok", controller-runtime's healthz.Ping) and the extra handlers on
// addr, in the background. A listen error is fatal (exit 1, as the manager's start fails).
func ServeProbes(addr string, extra map[string]http.HandlerFunc) {
	mux := http.NewServeMux()
	ok := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "ok")
	}
	mux.HandleFunc("/healthz", ok)
	mux.HandleFunc("/readyz", ok)
	for path, h := range extra {
		mux.HandleFunc(path, h)
	}
	Serve("health probe", addr, &http.Server{Handler: mux}, nil)
}

// Serve listens on addr and serves srv in the background, on the listener wrap returns when wrap is not nil (a TLS
// listener, say). A listen error exits 1.
func Serve(what, addr string, srv *http.Server, wrap func(net.Listener) net.Listener) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		Fatal(what+" listen failed", err)
	}
	if wrap != nil {
		ln = wrap(ln)
	}
	fmt.Fprintf(os.Stderr, "%s server listening addr=%s\n", what, ln.Addr())
	go func() { _ = srv.Serve(ln) }()
}

// Fatal logs err and exits 1, as upstream's main does when the manager fails.
func Fatal(msg string, err error) {
	fmt.Fprintf(os.Stderr, "ERROR %s: %v\n", msg, err)
	os.Exit(1)
}

// SignalContext is controller-runtime's SetupSignalHandler: cancelled on the first SIGTERM or SIGINT; a second
// one exits 1 at once.
func SignalContext() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-ch
		cancel()
		<-ch
		os.Exit(1)
	}()
	return ctx
}
