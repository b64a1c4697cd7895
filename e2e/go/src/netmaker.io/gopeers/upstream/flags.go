// Package upstream reproduces the command-line surface of gravitl/netmaker-k8s-ops cmd/main.go (kubebuilder v4,
// controller-runtime v0.18): the flags it defines with Go's flag package, their defaults, the HEALTH_PROBE_PORT rule,
// the probe endpoints and the signal handling. Stdlib only (Debian bookworm's Go 1.19 builds it).
package upstream

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Options holds every parsed flag value and the positional arguments.
type Options struct {
	MetricsAddr        string   `json:"metrics-bind-address"`
	ProbeAddr          string   `json:"health-probe-bind-address"`
	LeaderElect        bool     `json:"leader-elect"`
	SecureMetrics      bool     `json:"metrics-secure"`
	EnableHTTP2        bool     `json:"enable-http2"`
	ZapDevel           bool     `json:"zap-devel"`
	ZapEncoder         string   `json:"zap-encoder"`
	ZapLogLevel        string   `json:"zap-log-level"`
	ZapStacktraceLevel string   `json:"zap-stacktrace-level"`
	ZapTimeEncoding    string   `json:"zap-time-encoding"`
	Kubeconfig         string   `json:"kubeconfig"`
	Args               []string `json:"args"`
}

// choice is a string flag restricted to a set of values, like controller-runtime's zap flag types.
type choice struct {
	value   string
	allowed []string
	numeric bool // a positive integer is also accepted (zap-log-level)
}

func (c *choice) String() string { return c.value }

func (c *choice) Set(v string) error {
	for _, a := range c.allowed {
		if v == a {
			c.value = v
			return nil
		}
	}
	if n, err := strconv.Atoi(v); c.numeric && err == nil && n > 0 {
		c.value = v
		return nil
	}
	return fmt.Errorf("invalid value %q (allowed: %s)", v, strings.Join(c.allowed, ", "))
}

// Parse parses args (without the program name) on flag.CommandLine exactly as upstream's main does: an unknown flag
// or a bad value prints the usage and exits 2. Then a non-empty HEALTH_PROBE_PORT replaces the probe address with
// ":" + port (the host part is dropped).
func Parse(args []string) Options {
	var o Options
	fs := flag.CommandLine
	fs.StringVar(&o.MetricsAddr, "metrics-bind-address", "0", "The address the metrics endpoint binds to. "+
		"Use :8443 for HTTPS or :8080 for HTTP, or leave as 0 to disable the metrics service.")
	fs.StringVar(&o.ProbeAddr, "health-probe-bind-address", ":8081", "The address the probe endpoint binds to.")
	fs.BoolVar(&o.LeaderElect, "leader-elect", os.Getenv("ENABLE_LEADER_ELECTION") == "true" || os.Getenv("POD_NAME") != "",
		"Enable leader election for controller manager. "+
			"Enabling this will ensure there is only one active controller manager.")
	fs.BoolVar(&o.SecureMetrics, "metrics-secure", true,
		"If set, the metrics endpoint is served securely via HTTPS. Use --metrics-secure=false to use HTTP instead.")
	fs.BoolVar(&o.EnableHTTP2, "enable-http2", false,
		"If set, HTTP/2 will be enabled for the metrics and webhook servers")
	// controller-runtime's zap.Options{Development: true}.BindFlags(flag.CommandLine)
	fs.BoolVar(&o.ZapDevel, "zap-devel", true, "Development Mode defaults(encoder=consoleEncoder,logLevel=Debug,"+
		"stackTraceLevel=Warn). Production Mode defaults(encoder=jsonEncoder,logLevel=Info,stackTraceLevel=Error)")
	encoder := &choice{allowed: []string{"json", "console"}}
	level := &choice{allowed: []string{"debug", "info", "error", "panic"}, numeric: true}
	stacktrace := &choice{allowed: []string{"info", "error", "panic"}}
	timeEncoding := &choice{allowed: []string{"epoch", "millis", "nano", "iso8601", "rfc3339", "rfc3339nano"}}
	fs.Var(encoder, "zap-encoder", "Zap log encoding (one of 'json' or 'console')")
	fs.Var(level, "zap-log-level", "Zap Level to configure the verbosity of logging. Can be one of 'debug', "+
		"'info', 'error', 'panic'or any integer value > 0 which corresponds to custom debug levels of increasing verbosity")
	fs.Var(stacktrace, "zap-stacktrace-level", "Zap Level at and above which stacktraces are captured "+
		"(one of 'info', 'error', 'panic').")
	fs.Var(timeEncoding, "zap-time-encoding", "Zap time encoding (one of 'epoch', 'millis', 'nano', 'iso8601', "+
		"'rfc3339' or 'rfc3339nano'). Defaults to 'epoch'.")
	// registered by sigs.k8s.io/controller-runtime/pkg/client/config's init
	fs.StringVar(&o.Kubeconfig, "kubeconfig", "", "Paths to a kubeconfig. Only required if out-of-cluster.")
	_ = fs.Parse(args) // flag.CommandLine is ExitOnError: usage and exit 2

	o.ZapEncoder, o.ZapLogLevel = encoder.value, level.value
	o.ZapStacktraceLevel, o.ZapTimeEncoding = stacktrace.value, timeEncoding.value
	o.Args = fs.Args()
	if o.Args == nil {
		o.Args = []string{}
	}
	if port := os.Getenv("HEALTH_PROBE_PORT"); port != "" {
		o.ProbeAddr = ":" + port
	}
	return o
}

// FlagsLinePrefix starts the one line each peer prints at start: the prefix, then Options as JSON.
const FlagsLinePrefix = "GOPEER_FLAGS "

// PrintFlags prints the start line (FlagsLinePrefix + JSON of o) on stdout.
func PrintFlags(o Options) {
	b, err := json.Marshal(o)
	if err != nil {
		panic(err)
	}
	fmt.Println(FlagsLinePrefix + string(b))
}
