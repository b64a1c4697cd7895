#!/usr/bin/env bash
# make bench: runs the Java bench harness (io.netmaker.e2e.bench.BenchMain) from the e2e shaded jar.
# Prints the table and writes bench/results.json. Extra arguments go to the harness:
#   bench/run.sh [--quick] [--only failover,gofailover,startup,memory,load,detect,footprint,exit,tunnel,containers] [--out file]
# The footprint rows (issue 12) run the shipped configuration on JDK 25: JAVA25=/path/to/java, else the newest
# /usr/lib/jvm/*-25*; without one they are reported as not measured. The gofailover rows need the Go peers
# (make go-peers, a prerequisite of make bench). The containers rows run the images of `make images` (also a
# prerequisite; e2e/target/images.properties) with the engine it names, as root (cgroup and /proc of the
# containers); without them they are reported as not measured.
# BENCH_AGENT_EXTRA_JVM="-Xmx32m ..." adds memory rows for the agent with the image options plus these (tuning).
# Loopback and bench-made network namespaces (198.18.0.0/16) only; needs root for the sidecar-interface figure and,
# with wireguard-go and wireguard-tools, for the tunnel rows (reported as not measured otherwise).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jar=e2e/target/sandbox.jar
for f in "$jar" agent/target/agent.jar operator/target/operator.jar; do
  if [[ ! -f $f ]]; then
    echo "bench: $f missing; run 'make build' first" >&2
    exit 1
  fi
done
JAVA=${JAVA:-java}
# The harness itself is small: keep it off the measured processes' CPU and memory as far as possible.
exec "$JAVA" -XX:+UseSerialGC -Xmx256m -Drepo.root="$root" ${BENCH_AGENT_EXTRA_JVM:+"-Dbench.agentExtraJvm=$BENCH_AGENT_EXTRA_JVM"} -cp "$jar" io.netmaker.e2e.bench.BenchMain "$@"
