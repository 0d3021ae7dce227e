#!/usr/bin/env bash
# `make e2e-kind`: the whole platform on a throwaway kind cluster, for machines with Docker and kind
# (not the development machines of this repository, which have neither; there the operator is
# tested against the Kubernetes API test server and the chart with `helm template`).
#   1. create a kind cluster (KIND_CLUSTER, default ecml-e2e; kept with KEEP_CLUSTER=1)
#   2. build the operator, trainer and inference images (docker/) and load them into the cluster
#   3. helm install the chart with its MinIO into namespace ml
#   4. apply examples/, wait for the TrainingJob to succeed and the ModelDeployment to be Ready
#   5. port-forward the ModelDeployment's Service and call its REST endpoint
# helm and kubectl are taken from PATH, else from .tools (scripts/install-helm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

cluster="${KIND_CLUSTER:-ecml-e2e}"
ns="ml"
tag="e2e"
registry="ghcr.io/ecommerce-ml"
export PATH="${PATH}:$(pwd)/.tools"

fail() { echo "e2e-kind: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || fail "docker is not installed; make e2e-kind needs Docker and kind (https://kind.sigs.k8s.io). Without them, make test covers the operator (API test server) and the chart (helm template)."
docker info >/dev/null 2>&1 || fail "docker is installed but its daemon is not reachable (docker info failed); start Docker first."
command -v kind >/dev/null 2>&1 || fail "kind is not installed; see https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
if ! command -v helm >/dev/null 2>&1 || ! command -v kubectl >/dev/null 2>&1; then
  scripts/install-helm.sh || fail "helm and kubectl are not on PATH and scripts/install-helm.sh could not install them"
fi

cleanup() {
  [[ -n "${forward_pid:-}" ]] && kill "${forward_pid}" 2>/dev/null || true
  if [[ "${KEEP_CLUSTER:-0}" != "1" ]]; then
    kind delete cluster --name "${cluster}" >/dev/null 2>&1 || true
  else
    echo "e2e-kind: cluster ${cluster} kept (KEEP_CLUSTER=1); delete it with: kind delete cluster --name ${cluster}"
  fi
}
trap cleanup EXIT

echo "e2e-kind: creating cluster ${cluster}"
kind get clusters 2>/dev/null | grep -qx "${cluster}" || kind create cluster --name "${cluster}" --wait 120s
kubectl config use-context "kind-${cluster}" >/dev/null

for image in operator trainer inference; do
  echo "e2e-kind: building ${registry}/${image}:${tag}"
  docker build -f "docker/${image}.Dockerfile" -t "${registry}/${image}:${tag}" .
  kind load docker-image --name "${cluster}" "${registry}/${image}:${tag}"
done

echo "e2e-kind: installing the chart into namespace ${ns}"
helm upgrade --install ecml charts/ecommerce-ml --namespace "${ns}" --create-namespace --wait --timeout 5m \
  --set images.operator.tag="${tag}" --set images.trainer.tag="${tag}" --set images.inference.tag="${tag}" \
  --set minio.enabled=true --set minio.persistence.size=1Gi

echo "e2e-kind: applying examples/"
kubectl -n "${ns}" apply -f examples/trainingjob-shop-recommendations.yaml
kubectl -n "${ns}" wait trainingjob/shop-recommendations-1 --for=jsonpath='{.status.phase}'=Succeeded --timeout=15m \
  || { kubectl -n "${ns}" describe trainingjob/shop-recommendations-1; kubectl -n "${ns}" logs deployment/ecml-ecommerce-ml-operator --tail=100; fail "the TrainingJob did not succeed"; }
kubectl -n "${ns}" apply -f examples/modeldeployment-shop-recommendations.yaml
kubectl -n "${ns}" wait modeldeployment/shop-recommendations --for=condition=Ready --timeout=10m \
  || { kubectl -n "${ns}" describe modeldeployment/shop-recommendations; kubectl -n "${ns}" logs deployment/ecml-ecommerce-ml-operator --tail=100; fail "the ModelDeployment did not become Ready"; }
kubectl -n "${ns}" get tj,mdep

echo "e2e-kind: calling the REST endpoint"
kubectl -n "${ns}" port-forward service/shop-recommendations 18080:80 >/dev/null 2>&1 &
forward_pid=$!
for _ in $(seq 1 30); do curl -fsS http://127.0.0.1:18080/readyz >/dev/null 2>&1 && break; sleep 1; done
curl -fsS http://127.0.0.1:18080/v1/models
echo
# Open Inference Protocol readiness of the served model: 200 only when it is loaded.
curl -fsS http://127.0.0.1:18080/v2/models/shop-recommendations/ready
echo
echo "e2e-kind: passed"
