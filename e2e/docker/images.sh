#!/usr/bin/env bash
# Builds the images the container scenarios of the E2E suite run (`make images`, a prerequisite of `make test`),
# with the project's own scripts, as a user would:
#   1. the bases from Debian packages (deploy/image/bases.sh; cached by content),
#   2. the image (deploy/image/build.sh docker, on those bases; the engine's layer cache makes a rebuild seconds),
#   3. a stand-in of the upstream operator image: FROM scratch, /manager = the suite's client-go election peer
#      (e2e/target/go-peers/electionpeer), then the upstream variant (deploy/image/build.sh upstream) from it,
#   4. a netclient stand-in (the runtime base with wireguard-go: it creates the `netmaker` WireGuard interface),
#   5. the jib tarball (deploy/image/build.sh jib, base image from the local engine), loaded into the engine.
# Writes e2e/target/images.properties (the image references) for the tests. Needs root (debootstrap), a running
# engine (CONTAINER_ENGINE, default docker) and the Go peers (make go-peers). Prints one line per step.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
engine=${CONTAINER_ENGINE:-docker}
out=e2e/target/images.properties
tag=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
log() { echo "images: $*"; }
quiet() { # runs a step, showing its output only when it fails
  local step=$1 logfile
  shift
  logfile=$(mktemp)
  local start=$SECONDS
  if ! "$@" >"$logfile" 2>&1; then
    tail -n 60 "$logfile"
    rm -f "$logfile"
    echo "images: $step failed" >&2
    exit 1
  fi
  rm -f "$logfile"
  log "$step: $((SECONDS - start)) s"
}

rm -f "$out"
if ! "$engine" info >/dev/null 2>&1; then
  echo "images: no container engine answers ($engine info failed): the container scenarios will skip" >&2
  exit 1
fi
# The engine may have no bridge network (dockerd --bridge=none, as .ci/run starts it): builds use the host's.
export CONTAINER_ENGINE=$engine BUILD_NETWORK=${BUILD_NETWORK:-host}

bases=$(mktemp)
quiet "bases (deploy/image/bases.sh)" bash -c "deploy/image/bases.sh >'$bases'"
eval "$(cat "$bases")"
rm -f "$bases"
export BUILD_IMAGE RUNTIME_IMAGE

quiet "image netmaker-agent:$tag (deploy/image/build.sh docker)" deploy/image/build.sh docker "$tag"

peer=e2e/target/go-peers/electionpeer
[ -x "$peer" ] || { echo "images: $peer missing (make go-peers)" >&2; exit 1; }
standin="netmaker-e2e/manager-standin:v0.0.0-$(sha256sum "$peer" | cut -c1-12)"
if ! "$engine" image inspect "$standin" >/dev/null 2>&1; then
  ctx=$(mktemp -d)
  cp "$peer" "$ctx/manager"
  printf 'FROM scratch\nCOPY manager /manager\nENTRYPOINT ["/manager"]\n' >"$ctx/Dockerfile"
  quiet "stand-in upstream image $standin" "$engine" build -q --network "$BUILD_NETWORK" -t "$standin" "$ctx"
  rm -rf "$ctx"
fi
quiet "image netmaker-agent-upstream:$tag (deploy/image/build.sh upstream)" \
  env UPSTREAM_OPERATOR_IMAGE="$standin" deploy/image/build.sh upstream "$tag"

# The netclient stand-in of the own-network scenario: the runtime base with wireguard-go (a userspace WireGuard
# interface `netmaker` on /dev/net/tun, as netclient makes without the kernel module) and iproute2.
standin_packages="iproute2 wireguard-go wireguard-tools"
netclient="netmaker-e2e/netclient-standin:$(echo "$RUNTIME_IMAGE $standin_packages" | sha256sum | cut -c1-12)"
if ! "$engine" image inspect "$netclient" >/dev/null 2>&1; then
  ctx=$(mktemp -d)
  printf 'FROM %s\nRUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends %s >/dev/null && rm -rf /var/lib/apt/lists/*\n' \
    "$RUNTIME_IMAGE" "$standin_packages" >"$ctx/Dockerfile"
  quiet "netclient stand-in image $netclient" "$engine" build -q --network "$BUILD_NETWORK" -t "$netclient" "$ctx"
  rm -rf "$ctx"
fi

quiet "jib tarball (deploy/image/build.sh jib)" env IMAGE_NAME=netmaker-agent-jib deploy/image/build.sh jib "$tag"
quiet "docker load of the jib tarball" "$engine" load -i deploy/image/target/netmaker-agent-image.tar

cat >"$out" <<EOF
# written by e2e/docker/images.sh
image=netmaker-agent:$tag
image.upstream=netmaker-agent-upstream:$tag
image.jib=netmaker-agent-jib:$tag
image.netclient=$netclient
base.runtime=$RUNTIME_IMAGE
engine=$engine
EOF
log "wrote $out"
