#!/usr/bin/env bash
# Builds the netmaker-agent image (docs/deploy.md#the-image).
#   deploy/image/build.sh docker [TAG]  docker/podman build from deploy/image/Dockerfile (with the AOT caches)
#   deploy/image/build.sh jib [TAG]     jib:buildTar, no container engine: deploy/image/target/netmaker-agent-image.tar
#   deploy/image/build.sh upstream [TAG]  the docker image, then $IMAGE_NAME-upstream:TAG with the upstream Go
#                                       operator's /manager from UPSTREAM_OPERATOR_IMAGE (Dockerfile.upstream)
# TAG defaults to the project version (the tag deploy/base uses). Env: IMAGE_NAME (netmaker-agent),
# CONTAINER_ENGINE (docker; or podman) for the docker and upstream modes, UPSTREAM_OPERATOR_IMAGE (required for
# upstream: gravitl/netmaker-k8s-ops pinned by digest, name@sha256:..., or by a version tag, never latest),
# BUILD_IMAGE and RUNTIME_IMAGE (the Dockerfile's base images; `eval "$(deploy/image/bases.sh)"` sets both to
# bases made from Debian packages; jib takes RUNTIME_IMAGE from the local engine when it has it), BUILD_NETWORK
# (the build containers' network, e.g. `host` for an engine started without a bridge network).
# The docker modes use BuildKit when the engine's client has it (built in up to Docker 22, buildx from 23 on),
# and the legacy builder otherwise: the Dockerfiles need nothing BuildKit-only.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage="usage: deploy/image/build.sh docker|jib|upstream [TAG]"
mode=${1:?$usage}
# The root pom's first <version> is the project version.
tag=${2:-$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)}
name=${IMAGE_NAME:-netmaker-agent}
engine=${CONTAINER_ENGINE:-docker}
mvn=(./mvnw -B -ntp -q)

# Build arguments that are set in the environment pass through; unset ones keep the Dockerfile's defaults.
build_args=()
for arg in BUILD_IMAGE RUNTIME_IMAGE; do
  if [ -n "${!arg:-}" ]; then build_args+=(--build-arg "$arg=${!arg}"); fi
done

# engine_build ARGS...: `build` with BuildKit where the client has it, else the legacy builder.
engine_build() {
  local buildkit=0 version
  if [[ $(basename "$engine") == docker ]]; then
    version=$("$engine" version --format '{{.Client.Version}}' 2>/dev/null || echo 0)
    if "$engine" buildx version >/dev/null 2>&1 || (( ${version%%.*} < 23 )); then buildkit=1; fi
    [ "$buildkit" = 1 ] || echo "build.sh: $engine has no buildx: the legacy builder builds" >&2
  fi
  DOCKER_BUILDKIT=$buildkit "$engine" build ${BUILD_NETWORK:+--network "$BUILD_NETWORK"} "$@"
}

build_agent_image() {
  engine_build -f deploy/image/Dockerfile ${build_args[@]+"${build_args[@]}"} -t "$name:$tag" .
}

case $mode in
  docker)
    build_agent_image
    echo "built $name:$tag with $engine"
    ;;
  upstream)
    upstream=${UPSTREAM_OPERATOR_IMAGE:-}
    if [[ ! $upstream =~ ^[^:@]+(@sha256:[0-9a-f]{64}|:v?[0-9][^:@]*)$ ]]; then
      echo "build.sh upstream: UPSTREAM_OPERATOR_IMAGE=\"$upstream\" must pin gravitl/netmaker-k8s-ops by digest" \
        "(name@sha256:<64 hex>) or by a version tag (name:v1.2.3)" >&2
      exit 2
    fi
    build_agent_image
    engine_build -f deploy/image/Dockerfile.upstream --build-arg "UPSTREAM_OPERATOR_IMAGE=$upstream" \
      --build-arg "AGENT_IMAGE=$name:$tag" -t "$name-upstream:$tag" .
    echo "built $name-upstream:$tag with $engine (/manager from $upstream)"
    ;;
  jib)
    jib_args=()
    if [ -n "${RUNTIME_IMAGE:-}" ] && "$engine" image inspect "$RUNTIME_IMAGE" >/dev/null 2>&1; then
      # A base the local engine holds (bases.sh): jib reads it from the engine; its own tini, if it has one.
      jib_args+=("-Dimage.base=docker://$RUNTIME_IMAGE" "-Djib.dockerClient.executable=$(command -v "$engine")")
      if "$engine" run --rm --network none --entrypoint /bin/sh "$RUNTIME_IMAGE" -c 'test -x /usr/bin/tini'; then
        jib_args+=(-Dtini.skip=true)
      fi
    elif [ -n "${RUNTIME_IMAGE:-}" ]; then
      jib_args+=("-Dimage.base=$RUNTIME_IMAGE")
    fi
    "${mvn[@]}" -pl agent,operator -am package -DskipTests
    "${mvn[@]}" -f deploy/image/pom.xml -Pimage package -Dimage.name="$name" -Dimage.tag="$tag" \
      ${jib_args[@]+"${jib_args[@]}"}
    echo "built $name:$tag into deploy/image/target/netmaker-agent-image.tar"
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac
