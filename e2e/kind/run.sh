#!/usr/bin/env bash
# make e2e: the end-to-end suite against a kind cluster running deploy/overlays/multi (docs/deploy.md#kind).
#   1. checks for kind, kubectl and a container engine that answers `info` (one message if any is missing)
#   2. creates the kind cluster $KIND_CLUSTER, or reuses it
#   3. builds the jars and the image tarball (deploy/image/build.sh, jib by default) and loads it into the nodes
#   4. applies e2e/kind/overlay (deploy/overlays/multi + a netclient stand-in and a dummy token) and waits
#   5. runs the E2E suite against the cluster: ./mvnw -pl e2e -am verify -De2e.target=kind ...
#   6. deletes the cluster, unless KEEP_CLUSTER=1
set -euo pipefail
cd "$(dirname "$0")/../.."

KIND_CLUSTER=${KIND_CLUSTER:-netmaker-e2e}
KEEP_CLUSTER=${KEEP_CLUSTER:-0}
IMAGE_BUILDER=${IMAGE_BUILDER:-jib}
NAMESPACE=netmaker
IMAGE=netmaker-agent:kind-e2e
WORK=$PWD/e2e/target/kind
KUBECONFIG_FILE=$WORK/kubeconfig
IMAGE_TAR=$PWD/deploy/image/target/netmaker-agent-image.tar

step() { printf '\n==> %s\n' "$*"; }

# --- 1. preflight: everything missing, in one message ------------------------------------------------------
missing=()
command -v kind > /dev/null 2>&1 || missing+=("kind (https://kind.sigs.k8s.io)")
command -v kubectl > /dev/null 2>&1 || missing+=("kubectl")
engine=
for candidate in docker podman; do
  if command -v "$candidate" > /dev/null 2>&1 && timeout 30 "$candidate" info > /dev/null 2>&1; then
    engine=$candidate
    break
  fi
done
[[ -n $engine ]] || missing+=("a running container engine (docker or podman whose 'info' answers)")
if ((${#missing[@]})); then
  needs=$(IFS=';'; echo "${missing[*]}")
  echo "make e2e: cannot run here, missing: ${needs//;/, }. Install them, or run 'make test' (all other tests, no cluster needed)." >&2
  exit 1
fi
if [[ $engine == podman ]]; then
  export KIND_EXPERIMENTAL_PROVIDER=podman
fi
mkdir -p "$WORK" "$(dirname "$IMAGE_TAR")"
export KUBECONFIG=$KUBECONFIG_FILE
kc() { kubectl --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# --- 2. cluster --------------------------------------------------------------------------------------------
cleanup() {
  local status=$?
  if ((status != 0)); then
    step "failed (exit $status): pods and events in $NAMESPACE"
    kc -n "$NAMESPACE" get pods -o wide || true
    kc -n "$NAMESPACE" get events --sort-by=.lastTimestamp | tail -n 30 || true
  fi
  if [[ $KEEP_CLUSTER == 1 ]]; then
    step "keeping cluster $KIND_CLUSTER: KUBECONFIG=$KUBECONFIG_FILE; delete with: kind delete cluster --name $KIND_CLUSTER"
  else
    step "deleting cluster $KIND_CLUSTER (KEEP_CLUSTER=1 keeps it)"
    kind delete cluster --name "$KIND_CLUSTER" || true
  fi
}
if kind get clusters 2> /dev/null | grep -qx "$KIND_CLUSTER"; then
  step "reusing kind cluster $KIND_CLUSTER"
else
  step "creating kind cluster $KIND_CLUSTER"
  node_image=()
  [[ -n ${KIND_NODE_IMAGE:-} ]] && node_image=(--image "$KIND_NODE_IMAGE")
  kind create cluster --name "$KIND_CLUSTER" --config e2e/kind/cluster.yaml "${node_image[@]}" --wait 120s
fi
trap cleanup EXIT
kind get kubeconfig --name "$KIND_CLUSTER" > "$KUBECONFIG_FILE"

# --- 3. image ----------------------------------------------------------------------------------------------
step "building $IMAGE ($IMAGE_BUILDER)"
case $IMAGE_BUILDER in
  jib) deploy/image/build.sh jib kind-e2e ;;
  docker)
    CONTAINER_ENGINE=$engine deploy/image/build.sh docker kind-e2e
    "$engine" save -o "$IMAGE_TAR" "$IMAGE"
    ;;
  *) echo "make e2e: IMAGE_BUILDER must be jib or docker, not '$IMAGE_BUILDER'" >&2; exit 2 ;;
esac
step "loading $IMAGE into $KIND_CLUSTER"
kind load image-archive "$IMAGE_TAR" --name "$KIND_CLUSTER"

# --- 4. deploy ---------------------------------------------------------------------------------------------
step "applying e2e/kind/overlay (deploy/overlays/multi)"
existed=$(kc -n "$NAMESPACE" get deployment netmaker-operator -o name 2> /dev/null || true)
kc apply -k e2e/kind/overlay
if [[ -n $existed ]]; then
  kc -n "$NAMESPACE" rollout restart deployment/netmaker-operator # same tag, new image: restart the pods
fi
kc -n "$NAMESPACE" rollout status deployment/netmaker-operator --timeout=300s

# --- 5. suite ----------------------------------------------------------------------------------------------
step "running the E2E suite against $KIND_CLUSTER"
read -r -a extra_args <<< "${E2E_MAVEN_ARGS:-}"
# Unit tests already ran in `make test`; here only the *E2E classes, with the kind target.
./mvnw -B -ntp -pl e2e -am verify \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='*E2E' -Dfailsafe.failIfNoSpecifiedTests=false \
  -De2e.target=kind -De2e.kubeconfig="$KUBECONFIG_FILE" -De2e.namespace="$NAMESPACE" \
  -De2e.kind.cluster="$KIND_CLUSTER" "${extra_args[@]}"
