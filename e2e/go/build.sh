#!/usr/bin/env bash
# Builds the Go peers of the end-to-end suite (e2e/go/src/netmaker.io/gopeers) into e2e/target/go-peers/.
#
# Debian bookworm has no client-go, so the toolchain (the newest golang-1.NN-go) and golang-k8s-client-go-dev with
# the -dev packages it depends on come from Debian sid on the same mirror, through a private apt configuration in the
# cache folder (the system's apt sources and state stay untouched), `apt-get download` and `dpkg -x`. The build runs
# in GOPATH mode over the extracted usr/share/gocode plus e2e/go. The cache lives outside the repository:
#   ${NETMAKER_GO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netmaker-agent/go}
# First run: a few minutes (download + compile); later runs: seconds. Idempotent; prints what it does.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${NETMAKER_GO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/netmaker-agent/go}
out=${GO_PEERS_OUT:-$repo/e2e/target/go-peers}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
root=$cache/root
log() { echo "go-peers: $*"; }

for tool in apt-get apt-cache dpkg; do
  command -v "$tool" >/dev/null || { echo "go-peers: $tool not found (a Debian system is needed)" >&2; exit 1; }
done
[ -r "$keyring" ] || { echo "go-peers: $keyring missing (apt-get install debian-archive-keyring)" >&2; exit 1; }

apt_opts=(
  -o "Dir::Etc::SourceList=$cache/apt/sources.list"
  -o "Dir::Etc::SourceParts=$cache/apt/sources.list.d"
  -o "Dir::Etc::Preferences=$cache/apt/preferences"
  -o "Dir::Etc::PreferencesParts=$cache/apt/preferences.d"
  -o "Dir::State::Lists=$cache/apt/lists"
  -o "Dir::State::Status=$cache/apt/status"
  -o "Dir::Cache=$cache/apt/cache"
  -o "APT::Sandbox::User=root"
  -o "Debug::NoLocking=1"
)

fetch_toolchain() {
  log "fetching the toolchain and client-go from Debian sid into $cache"
  mkdir -p "$cache/apt/sources.list.d" "$cache/apt/preferences.d" "$cache/apt/lists/partial" \
    "$cache/apt/cache/archives/partial" "$cache/debs"
  echo "deb [signed-by=$keyring] $mirror sid main" >"$cache/apt/sources.list"
  : >"$cache/apt/status"
  log "apt-get update (private lists in $cache/apt)"
  apt-get "${apt_opts[@]}" -qq update

  local go_pkg
  go_pkg=$(apt-cache "${apt_opts[@]}" pkgnames golang-1. | grep -E '^golang-1\.[0-9]+-go$' | sort -V | tail -n 1)
  [ -n "$go_pkg" ] || { echo "go-peers: no golang-1.NN-go package in sid" >&2; exit 1; }
  log "newest Go toolchain in sid: $go_pkg"

  # golang-k8s-client-go-dev and the closure of its Depends (Go sources only: golang-*-dev packages).
  local pkgs
  pkgs=$( { echo "$go_pkg"; echo "${go_pkg%-go}-src"; echo golang-k8s-client-go-dev;
            apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
              --no-replaces --no-enhances --no-pre-depends golang-k8s-client-go-dev \
              | grep -E '^golang-[a-z0-9.+-]+-dev$'; } | sort -u)
  log "downloading $(echo "$pkgs" | wc -l) packages"
  (cd "$cache/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" -qq download $pkgs)

  log "extracting into $root"
  rm -rf "$root.new" && mkdir -p "$root.new"
  for deb in "$cache/debs"/*.deb; do dpkg -x "$deb" "$root.new"; done
  # Absolute symlinks inside the packages point into /usr; make them point into the extracted tree ($root).
  find "$root.new" -type l -lname '/*' | while read -r link; do ln -sfn "$root$(readlink "$link")" "$link"; done
  rm -rf "$root" && mv "$root.new" "$root"
  echo "$go_pkg" >"$cache/toolchain"
  log "toolchain ready: $go_pkg"
}

if [ ! -s "$cache/toolchain" ] || [ ! -d "$root/usr/share/gocode/src/k8s.io/client-go" ]; then
  fetch_toolchain
else
  log "using cached toolchain $(cat "$cache/toolchain") in $cache"
fi

go_pkg=$(cat "$cache/toolchain")
goroot=$root/usr/lib/go-${go_pkg#golang-}
goroot=${goroot%-go}
export GOROOT=$goroot GO111MODULE=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0
export GOPATH=$repo/e2e/go:$root/usr/share/gocode GOCACHE=$cache/build-cache
mkdir -p "$out"
for prog in flagsurface electionpeer; do
  log "go build $prog -> $out/$prog"
  "$GOROOT/bin/go" build -o "$out/$prog" "netmaker.io/gopeers/cmd/$prog"
done
log "done"
