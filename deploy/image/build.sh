#!/usr/bin/env bash
# Builds the netmaker-agent image (docs/deploy.md#the-image).
#   deploy/image/build.sh docker [TAG]  docker/podman build from deploy/image/Dockerfile (with the AppCDS archive)
#   deploy/image/build.sh jib [TAG]     jib:buildTar, no container engine: deploy/image/target/netmaker-agent-image.tar
#   deploy/image/build.sh upstream [TAG]  the docker image, then $IMAGE_NAME-upstream:TAG with the upstream Go
#                                       operator's /manager from UPSTREAM_OPERATOR_IMAGE (Dockerfile.upstream)
# TAG defaults to the project version (the tag deploy/base uses). Env: IMAGE_NAME (netmaker-agent),
# CONTAINER_ENGINE (docker; or podman) for the docker and upstream modes, UPSTREAM_OPERATOR_IMAGE (required for
# upstream: gravitl/netmaker-k8s-ops pinned by digest, name@sha256:..., or by a version tag, never latest).
set -euo pipefail
cd "$(dirname "$0")/../.."

usage="usage: deploy/image/build.sh docker|jib|upstream [TAG]"
mode=${1:?$usage}
# The root pom's first <version> is the project version.
tag=${2:-$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)}
name=${IMAGE_NAME:-netmaker-agent}
mvn=(./mvnw -B -ntp -q)

case $mode in
  docker)
    engine=${CONTAINER_ENGINE:-docker}
    DOCKER_BUILDKIT=1 "$engine" build -f deploy/image/Dockerfile -t "$name:$tag" .
    echo "built $name:$tag with $engine"
    ;;
  upstream)
    upstream=${UPSTREAM_OPERATOR_IMAGE:-}
    if [[ ! $upstream =~ ^[^:@]+(@sha256:[0-9a-f]{64}|:v?[0-9][^:@]*)$ ]]; then
      echo "build.sh upstream: UPSTREAM_OPERATOR_IMAGE=\"$upstream\" must pin gravitl/netmaker-k8s-ops by digest" \
        "(name@sha256:<64 hex>) or by a version tag (name:v1.2.3)" >&2
      exit 2
    fi
    engine=${CONTAINER_ENGINE:-docker}
    DOCKER_BUILDKIT=1 "$engine" build -f deploy/image/Dockerfile -t "$name:$tag" .
    DOCKER_BUILDKIT=1 "$engine" build -f deploy/image/Dockerfile.upstream --build-arg "UPSTREAM_OPERATOR_IMAGE=$upstream" \
      --build-arg "AGENT_IMAGE=$name:$tag" -t "$name-upstream:$tag" .
    echo "built $name-upstream:$tag with $engine (/manager from $upstream)"
    ;;
  jib)
    "${mvn[@]}" -pl agent,operator -am package -DskipTests
    "${mvn[@]}" -f deploy/image/pom.xml -Pimage package -Dimage.name="$name" -Dimage.tag="$tag"
    echo "built $name:$tag into deploy/image/target/netmaker-agent-image.tar"
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac
