#!/usr/bin/env bash
# Builds the Go programs of the end-to-end suite into e2e/target/go-peers/: the Go peers
# (e2e/go/src/netmaker.io/gopeers) and the test API server (e2e/go/src/netmaker.io/apiserver) with etcd beside it.
#
# Debian bookworm has no client-go nor k8s.io/apiserver, so the toolchain (the newest golang-1.NN-go), the Go source
# packages named in $go_roots with the -dev packages they depend on, and the binary packages in $bin_pkgs (etcd)
# come from Debian sid on the same mirror, through a private apt configuration in the cache folder (the system's apt
# sources and state stay untouched), `apt-get download` and `dpkg -x`. The build runs in GOPATH mode over the
# extracted usr/share/gocode plus e2e/go. The package set is part of the cache's stamp: a cache fetched for another
# set is fetched again. The cache lives outside the repository:
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
  # the mirror may serve a snapshot of sid whose Release file is past its Valid-Until date
  -o "Acquire::Check-Valid-Until=false"
)

# What is fetched: Go source packages (with the closure of their golang-*-dev Depends) and binary packages (alone).
# Changing either list refetches (the stamp file $cache/packages holds the set the cache was fetched for).
go_roots="golang-k8s-client-go-dev golang-k8s-apiserver-dev golang-k8s-kube-openapi-dev"
bin_pkgs="etcd-server"
package_set="go: $go_roots; bin: $bin_pkgs"

fetch_toolchain() {
  log "fetching the toolchain, $go_roots and $bin_pkgs from Debian sid into $cache"
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

  # the Go roots and the closure of their Depends (Go sources only: golang-*-dev packages), the binary packages.
  local pkgs
  pkgs=$( { echo "$go_pkg"; echo "${go_pkg%-go}-src"; printf '%s\n' $go_roots $bin_pkgs;
            apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
              --no-replaces --no-enhances --no-pre-depends $go_roots \
              | grep -E '^golang-[a-z0-9.+-]+-dev$'; } | sort -u)
  log "downloading $(echo "$pkgs" | wc -l) packages"
  (cd "$cache/debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" -qq download $pkgs)

  log "extracting into $root"
  rm -rf "$root.new" && mkdir -p "$root.new"
  for deb in "$cache/debs"/*.deb; do dpkg -x "$deb" "$root.new"; done
  # Absolute symlinks inside the packages point into /usr; make them point into the extracted tree ($root).
  find "$root.new" -type l -lname '/*' | while read -r link; do ln -sfn "$root$(readlink "$link")" "$link"; done
  rm -rf "$root" "$cache/gen" && mv "$root.new" "$root" # gen: generated from the old sources
  echo "$go_pkg" >"$cache/toolchain"
  echo "$package_set" >"$cache/packages"
  log "toolchain ready: $go_pkg"
}

if [ ! -s "$cache/toolchain" ] || [ "$(cat "$cache/packages" 2>/dev/null)" != "$package_set" ] \
   || [ ! -d "$root/usr/share/gocode/src/k8s.io/client-go" ]; then
  fetch_toolchain
else
  log "using cached toolchain $(cat "$cache/toolchain") in $cache"
fi

go_pkg=$(cat "$cache/toolchain")
goroot=$root/usr/lib/go-${go_pkg#golang-}
goroot=${goroot%-go}
export GOROOT=$goroot GO111MODULE=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0
gen=$cache/gen # generated sources (the OpenAPI definitions), a GOPATH entry of their own
export GOPATH=$repo/e2e/go:$gen:$root/usr/share/gocode GOCACHE=$cache/build-cache
export PATH=$GOROOT/bin:$PATH # openapi-gen runs `go list`
mkdir -p "$out"
for prog in flagsurface electionpeer; do
  log "go build $prog -> $out/$prog"
  "$GOROOT/bin/go" build -o "$out/$prog" "netmaker.io/gopeers/cmd/$prog"
done

# The test API server: k8s.io/apiserver refuses to install API groups without OpenAPI definitions, generated here
# by openapi-gen (k8s.io/kube-openapi) for every served type and what they reference.
openapi_pkgs="k8s.io/apimachinery/pkg/apis/meta/v1 k8s.io/apimachinery/pkg/runtime k8s.io/apimachinery/pkg/version
  k8s.io/apimachinery/pkg/api/resource k8s.io/apimachinery/pkg/util/intstr k8s.io/api/core/v1
  k8s.io/api/coordination/v1 k8s.io/api/rbac/v1 k8s.io/api/authentication/v1 k8s.io/api/authorization/v1
  k8s.io/api/discovery/v1"
openapi_dir=$gen/src/netmaker.io/apiserver/openapi
if [ ! -s "$openapi_dir/zz_generated.openapi.go" ] || [ "$(cat "$openapi_dir/packages" 2>/dev/null)" != "$openapi_pkgs" ]; then
  log "go build openapi-gen; generating the OpenAPI definitions into $openapi_dir"
  "$GOROOT/bin/go" build -o "$cache/openapi-gen" k8s.io/kube-openapi/cmd/openapi-gen
  rm -rf "$openapi_dir" && mkdir -p "$openapi_dir"
  echo "// Code generated by openapi-gen. DO NOT EDIT." >"$cache/openapi-header.txt"
  # shellcheck disable=SC2086 # one argument per package
  "$cache/openapi-gen" --output-dir "$openapi_dir" --output-pkg netmaker.io/apiserver/openapi \
    --output-file zz_generated.openapi.go --go-header-file "$cache/openapi-header.txt" --report-filename /dev/null \
    $openapi_pkgs
  echo "$openapi_pkgs" >"$openapi_dir/packages"
fi
log "go test netmaker.io/apiserver/rbac (the RBAC matcher's table)"
"$GOROOT/bin/go" test -count=1 netmaker.io/apiserver/rbac
log "go build testapiserver -> $out/testapiserver"
"$GOROOT/bin/go" build -o "$out/testapiserver" netmaker.io/apiserver/cmd/testapiserver
log "etcd $("$root/usr/bin/etcd" --version | sed -n 's/^etcd Version: //p') -> $out/etcd"
cp "$root/usr/bin/etcd" "$out/etcd.new" && mv -f "$out/etcd.new" "$out/etcd" # never write into a running binary
log "done"
