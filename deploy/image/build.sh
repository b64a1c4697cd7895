#!/usr/bin/env bash
# Builds the netmaker-agent image (docs/deploy.md#the-image).
#   deploy/image/build.sh docker [TAG]  docker/podman build from deploy/image/Dockerfile (with the AppCDS archive)
#   deploy/image/build.sh jib [TAG]     jib:buildTar, no container engine: deploy/image/target/netmaker-agent-image.tar
# TAG defaults to the project version (the tag deploy/base uses). Env: IMAGE_NAME (netmaker-agent),
# CONTAINER_ENGINE (docker; or podman) for the docker mode.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage="usage: deploy/image/build.sh docker|jib [TAG]"
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
