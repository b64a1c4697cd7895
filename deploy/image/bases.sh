#!/usr/bin/env bash
# Makes the image's two base images from Debian packages, for build hosts that cannot pull from a registry
# (air-gapped, or behind a TLS-intercepting proxy): docs/deploy.md#building-offline-behind-a-proxy-or-on-your-own-bases
#   build    Debian bookworm (minbase) + openjdk-17-jdk-headless: the Maven build stage
#   runtime  Debian sid (minbase) + openjdk-25-jre-headless: the image's JVM (the AOT cache needs JDK 25)
# Each has tini, bash and ca-certificates, plus every certificate this machine added to its own trust store
# (/usr/local/share/ca-certificates, update-ca-certificates' local folder), also in Java's cacerts: downloads in the
# build stage (Maven) then work through the same proxy this machine trusts.
# Prints `BUILD_IMAGE=<ref>` and `RUNTIME_IMAGE=<ref>` for eval:  eval "$(deploy/image/bases.sh)"
# The tag is a hash of this script and the local certificates: a base that exists already is not made again.
# Needs root and debootstrap. Env: CONTAINER_ENGINE (docker), DEBIAN_MIRROR (http://deb.debian.org/debian),
# BASE_IMAGE_PREFIX (netmaker-base).
set -euo pipefail

engine=${CONTAINER_ENGINE:-docker}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
prefix=${BASE_IMAGE_PREFIX:-netmaker-base}
local_certs=/usr/local/share/ca-certificates
log() { echo "bases: $*" >&2; }

for tool in debootstrap "$engine" sha256sum; do
  command -v "$tool" >/dev/null || { log "$tool not found (apt-get install debootstrap docker.io)"; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { log "debootstrap needs root"; exit 1; }

# The content that decides a base: this script, the mirror and the local certificates.
key=$( { cat "$0"; echo "$mirror"; find "$local_certs" -type f -name '*.crt' -print0 2>/dev/null | sort -z \
         | xargs -0r cat; } | sha256sum | cut -c1-12)

# make_base NAME SUITE PACKAGES: debootstrap a minbase root, trust the local certificates, import it.
make_base() {
  local name=$1 suite=$2 packages=$3 ref="$prefix-$1:$key" root
  if "$engine" image inspect "$ref" >/dev/null 2>&1; then
    log "$ref exists"
    echo "$ref"
    return
  fi
  root=$(mktemp -d /var/tmp/netmaker-base-XXXXXX)
  # shellcheck disable=SC2064
  trap "umount -R '$root/proc' 2>/dev/null; rm -rf '$root'" RETURN
  log "debootstrap $suite ($packages) into $root: a few minutes"
  debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >&2 \
    || { log "debootstrap failed; its log: $root/debootstrap/debootstrap.log"; tail -n 20 "$root/debootstrap/debootstrap.log" >&2; exit 1; }
  # A snapshot mirror's Release file may have expired: apt inside the image must still read it.
  echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99snapshot"
  if compgen -G "$local_certs/*.crt" >/dev/null; then
    mkdir -p "$root$local_certs"
    cp "$local_certs"/*.crt "$root$local_certs/"
    mount -t proc proc "$root/proc"
    chroot "$root" update-ca-certificates >&2   # also refreshes Java's cacerts (ca-certificates-java's hook)
    umount "$root/proc"
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/debootstrap
  log "importing $ref"
  tar -C "$root" --numeric-owner -c . \
    | "$engine" import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' - "$ref" >/dev/null
  echo "$ref"
}

build=$(make_base build bookworm openjdk-17-jdk-headless,ca-certificates,ca-certificates-java,tini,bash)
runtime=$(make_base runtime sid openjdk-25-jre-headless,ca-certificates,ca-certificates-java,tini,bash)
echo "BUILD_IMAGE=$build"
echo "RUNTIME_IMAGE=$runtime"
