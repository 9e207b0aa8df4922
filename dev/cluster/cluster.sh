#!/usr/bin/env bash
# Local multi-cluster control plane for AIRe Console: one etcd, two real
# Kubernetes control planes (gpu-east, gpu-west: kube-apiserver,
# kube-controller-manager, kube-scheduler) and a kwok controller per cluster
# that plays the kubelet for fake GPU nodes. No Docker, no downloads beyond
# the Go module proxy. See docs/CONTROL-PLANE.md.
#
#   cluster.sh up            start (idempotent) and wait until every cluster is ready
#   cluster.sh down [--purge] stop everything; --purge also deletes certs/data
#   cluster.sh status        one line per component; exit 0 only if all ready
#   cluster.sh apply         re-apply CRDs and RBAC to the running clusters (nothing restarted)
#   cluster.sh apiserver stop|start CLUSTER
#                            stop or start one cluster's kube-apiserver only (fault tests; use
#                            with AIRE_STATE_DIR and alternate ports, never on the shared clusters)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

K8S_VERSION=v1.36.3   # keep in step with dev/controlplane/build.sh
GATEWAY_API_VERSION=v1.6.1
GIE_VERSION=v1.6.0
# InferenceObjective left the Inference Extension in v1.6.0: v1.5.0 is the last release shipping the
# inference.networking.x-k8s.io one; its successor (llm-d.ai/v1alpha2) ships in llm-d-router.
GIE_OBJECTIVES_VERSION=v1.5.0
LLMD_ROUTER_VERSION=v0.10.0
ENVOY_GATEWAY_VERSION=v1.7.0
KWOK_VERSION=v0.8.0
# The owners of production objects (issue 14.5): their CRDs, so the console's owner actions (abort /
# promote a Rollout, suspend a Kustomization or HelmRelease, disable an Application's auto-sync) run
# against the real schemas. The newest releases whose go.mod this machine's Go 1.26.8 accepts:
# argo-rollouts v1.10.1+ need go >= 1.26.10, kustomize-controller v1.10 and argo-cd v3.6 go >= 1.27;
# helm-controller v1.5.1 is refused by the proxy (403 "This module version is not available").
ARGO_ROLLOUTS_VERSION=v1.10.0
FLUX_KUSTOMIZE_VERSION=v1.9.6
FLUX_HELM_VERSION=v1.4.0
ARGOCD_VERSION=v3.5.3

cache=${AIRE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aire-console}
BIN="$cache/bin/$K8S_VERSION"
STATE=$(mkdir -p "${AIRE_STATE_DIR:-$root/.aire}" && cd "${AIRE_STATE_DIR:-$root/.aire}" && pwd)/cluster
RUN="$STATE/run"
LOGS="$STATE/logs"
ADMIN_KUBECONFIG="$STATE/admin.kubeconfig"
CONSOLE_KUBECONFIG="$STATE/console.kubeconfig"

CLUSTERS=(gpu-east gpu-west)
ETCD_CLIENT_PORT=${AIRE_ETCD_CLIENT_PORT:-23790}
ETCD_PEER_PORT=${AIRE_ETCD_PEER_PORT:-23800}
read -r -a APISERVER_PORTS <<<"${AIRE_APISERVER_PORTS:-16443 16444}"
read -r -a KCM_PORTS <<<"${AIRE_KCM_PORTS:-16453 16454}"
read -r -a SCHEDULER_PORTS <<<"${AIRE_SCHEDULER_PORTS:-16463 16464}"
read -r -a KWOK_PORTS <<<"${AIRE_KWOK_PORTS:-16473 16474}"
READY_TIMEOUT=${AIRE_READY_TIMEOUT:-120}
# kwok renews one Lease per fake node every duration/4; at bench scale (5,000
# nodes) a short lease is a steady write load on a 2-core machine.
NODE_LEASE_SECONDS=${AIRE_NODE_LEASE_SECONDS:-400}
NODE_GRACE=${AIRE_NODE_MONITOR_GRACE:-8m}
# kwok workers (its defaults are 4): at bench scale kwok, not the scheduler, is the bottleneck.
KWOK_PARALLELISM=${AIRE_KWOK_PARALLELISM:-16}
CLIENT_QPS=${AIRE_CONTROLLER_QPS:-200}

KUBECTL="$BIN/kubectl"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'cluster: ERROR: %s\n' "$*" >&2; exit 1; }

idx_of() { local i; for i in "${!CLUSTERS[@]}"; do [ "${CLUSTERS[$i]}" = "$1" ] && { echo "$i"; return; }; done; die "unknown cluster $1"; }
cdir() { echo "$STATE/$1"; }

# ---------------------------------------------------------------- processes
# component name -> binary
bin_of() {
  case "$1" in
    etcd) echo etcd ;;
    *-apiserver) echo kube-apiserver ;;
    *-controller-manager) echo kube-controller-manager ;;
    *-scheduler) echo kube-scheduler ;;
    *-kwok) echo kwok ;;
  esac
}

pid_of() { # prints pid if the component is running (and is really our binary)
  local name=$1 f="$RUN/$1.pid" pid exe
  [ -f "$f" ] || return 1
  pid=$(cat "$f" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || { rm -f "$f"; return 1; }
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  case "$exe" in
    */"$(bin_of "$name")"|*/"$(bin_of "$name") (deleted)") echo "$pid" ;;
    *) rm -f "$f"; return 1 ;;  # stale pid file, pid reused by something else
  esac
}

start_proc() { # name, argv...
  local name=$1; shift
  local pid
  if pid=$(pid_of "$name"); then
    log "  $name already running (pid $pid)"
    return 0
  fi
  mkdir -p "$RUN" "$LOGS"
  echo "=== $(date -Is) starting: $*" >>"$LOGS/$name.log"
  # setsid: own session, so a Ctrl-C in the calling terminal does not kill it.
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
  log "  $name started (pid $!, log $LOGS/$name.log)"
}

stop_proc() {
  local name=$1 pid i
  pid=$(pid_of "$name") || { rm -f "$RUN/$name.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "  $name did not stop after SIGTERM; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$RUN/$name.pid"
  log "  $name stopped"
}

# url probe with client cert of the cluster (or none for etcd/kwok)
probe() { # cluster|-, url
  local c=$1 url=$2
  if [ "$c" = - ]; then
    curl -fsS --max-time 3 "$url" >/dev/null 2>&1
  else
    local p; p="$(cdir "$c")/pki"
    curl -fsS --max-time 3 --cacert "$p/ca.crt" --cert "$p/admin.crt" --key "$p/admin.key" "$url" >/dev/null 2>&1
  fi
}

wait_for() { # name, cluster|-, url
  local name=$1 c=$2 url=$3 t0 now
  t0=$(date +%s)
  while ! probe "$c" "$url"; do
    if ! pid_of "$name" >/dev/null; then
      echo "---- last lines of $LOGS/$name.log" >&2; tail -n 25 "$LOGS/$name.log" >&2 || true
      die "$name exited while starting (log: $LOGS/$name.log)"
    fi
    now=$(date +%s)
    if [ $((now - t0)) -ge "$READY_TIMEOUT" ]; then
      echo "---- last lines of $LOGS/$name.log" >&2; tail -n 25 "$LOGS/$name.log" >&2 || true
      die "$name not ready after ${READY_TIMEOUT}s at $url (log: $LOGS/$name.log)"
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------- certificates
gen_pki() { # cluster
  local c=$1 p; p="$(cdir "$c")/pki"
  [ -f "$p/.complete" ] && return 0
  log "pki: generating certificates for $c"
  rm -rf "$p"; mkdir -p "$p"
  (
    cd "$p"
    ec() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; }
    ec ca.key
    openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=aire-$c-ca" -out ca.crt \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
    sign() { # name, subject, ext
      ec "$1.key"
      openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
      printf '%s\n' "$3" >"$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
        -extfile "$1.ext" -out "$1.crt" 2>/dev/null
      rm -f "$1.csr" "$1.ext"
    }
    sign apiserver "/CN=kube-apiserver" \
      "$(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local')"
    client_ext=$(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth')
    sign admin "/O=system:masters/CN=aire-admin" "$client_ext"
    sign controller-manager "/CN=system:kube-controller-manager" "$client_ext"
    sign scheduler "/CN=system:kube-scheduler" "$client_ext"
    sign kwok "/O=system:masters/CN=aire-kwok" "$client_ext"
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    chmod 600 ./*.key
    touch .complete
  )
}

b64() { base64 -w0 <"$1"; }

write_component_kubeconfig() { # cluster, user(cert name), out
  local c=$1 u=$2 out=$3 p i
  p="$(cdir "$c")/pki"; i=$(idx_of "$c")
  cat >"$out.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $c
  cluster:
    server: https://127.0.0.1:${APISERVER_PORTS[$i]}
    certificate-authority-data: $(b64 "$p/ca.crt")
users:
- name: $u
  user:
    client-certificate-data: $(b64 "$p/$u.crt")
    client-key-data: $(b64 "$p/$u.key")
contexts:
- name: $c
  context: {cluster: $c, user: $u}
current-context: $c
EOF
  chmod 600 "$out.tmp"; mv "$out.tmp" "$out"
}

write_admin_kubeconfig() {
  local out=$ADMIN_KUBECONFIG c i p
  {
    echo "apiVersion: v1"; echo "kind: Config"; echo "clusters:"
    for c in "${CLUSTERS[@]}"; do
      i=$(idx_of "$c"); p="$(cdir "$c")/pki"
      printf -- '- name: %s\n  cluster:\n    server: https://127.0.0.1:%s\n    certificate-authority-data: %s\n' "$c" "${APISERVER_PORTS[$i]}" "$(b64 "$p/ca.crt")"
    done
    echo "users:"
    for c in "${CLUSTERS[@]}"; do
      p="$(cdir "$c")/pki"
      printf -- '- name: %s-admin\n  user:\n    client-certificate-data: %s\n    client-key-data: %s\n' "$c" "$(b64 "$p/admin.crt")" "$(b64 "$p/admin.key")"
    done
    echo "contexts:"
    for c in "${CLUSTERS[@]}"; do
      printf -- '- name: %s\n  context: {cluster: %s, user: %s-admin}\n' "$c" "$c" "$c"
    done
    echo "current-context: ${CLUSTERS[0]}"
  } >"$out.tmp"
  chmod 600 "$out.tmp"; mv "$out.tmp" "$out"
}

write_console_kubeconfig() { # needs tokens in $STATE/<c>/console.token
  local out=$CONSOLE_KUBECONFIG c i p
  {
    echo "apiVersion: v1"; echo "kind: Config"; echo "clusters:"
    for c in "${CLUSTERS[@]}"; do
      i=$(idx_of "$c"); p="$(cdir "$c")/pki"
      printf -- '- name: %s\n  cluster:\n    server: https://127.0.0.1:%s\n    certificate-authority-data: %s\n' "$c" "${APISERVER_PORTS[$i]}" "$(b64 "$p/ca.crt")"
    done
    echo "users:"
    for c in "${CLUSTERS[@]}"; do
      printf -- '- name: %s-aire-console\n  user:\n    token: %s\n' "$c" "$(cat "$(cdir "$c")/console.token")"
    done
    echo "contexts:"
    for c in "${CLUSTERS[@]}"; do
      printf -- '- name: %s\n  context: {cluster: %s, user: %s-aire-console}\n' "$c" "$c" "$c"
    done
    echo "current-context: ${CLUSTERS[0]}"
  } >"$out.tmp"
  chmod 600 "$out.tmp"; mv "$out.tmp" "$out"
}

# ---------------------------------------------------------------- upstream manifests
mod_dir() { # module@version -> directory in the Go module cache (downloads once)
  local dir
  dir=$(cd / && GOFLAGS= GOWORK=off go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "go mod download $1 failed (is the Go module proxy reachable?)"
  echo "$dir"
}

mod_dir_optional() { # like mod_dir, but a module the proxy refuses is a warning (optional CRDs)
  local json dir
  json=$(cd / && GOFLAGS= GOWORK=off go mod download -json "$1" 2>&1) || true
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")
  if [ -n "$dir" ] && [ -d "$dir" ]; then echo "$dir"; return 0; fi
  log "manifests: WARNING: $1 not available: $(sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"$json" | head -c 300)" >&2
  return 1
}

extract_manifests() {
  local stamp="5 $GATEWAY_API_VERSION $GIE_VERSION $GIE_OBJECTIVES_VERSION $LLMD_ROUTER_VERSION $ENVOY_GATEWAY_VERSION $KWOK_VERSION $ARGO_ROLLOUTS_VERSION $FLUX_KUSTOMIZE_VERSION $FLUX_HELM_VERSION $ARGOCD_VERSION"
  local complete=1
  if [ "$(cat "$STATE/manifests/.stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  log "manifests: extracting CRDs and kwok stages from the Go module cache"
  local m="$STATE/manifests" d f
  rm -rf "$m"; mkdir -p "$m/crds" "$m/policies"
  d=$(mod_dir "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION")
  for f in "$d"/config/crd/standard/gateway.networking.k8s.io_*.yaml; do
    case "$f" in
      *_vap_*) cp "$f" "$m/policies/" ;;   # ValidatingAdmissionPolicy, not a CRD
      *) cp "$f" "$m/crds/" ;;
    esac
  done
  d=$(mod_dir "sigs.k8s.io/gateway-api-inference-extension@$GIE_VERSION")
  cp "$d/config/crd/bases/inference.networking.k8s.io_inferencepools.yaml" "$m/crds/"
  d=$(mod_dir "sigs.k8s.io/gateway-api-inference-extension@$GIE_OBJECTIVES_VERSION")
  cp "$d/config/crd/bases/inference.networking.x-k8s.io_inferenceobjectives.yaml" "$m/crds/"
  # Optional: without it the console watches the x-k8s InferenceObjective only (the cache
  # tolerates a group the cluster does not serve). Not stamped, so the next `up` tries again.
  if d=$(mod_dir_optional "github.com/llm-d/llm-d-router@$LLMD_ROUTER_VERSION"); then
    cp "$d/config/crd/bases/llm-d.ai_inferenceobjectives.yaml" "$m/crds/"
  else
    complete=0
  fi
  gitops_crds "$m/crds" || complete=0
  d=$(mod_dir "github.com/envoyproxy/gateway@$ENVOY_GATEWAY_VERSION")
  # Plain CRD (helm chart crds/ dir); the gateway-crds-helm copy is a Go template.
  f=$(find "$d/charts" -path '*/crds/*' -not -path '*/templates/*' -name 'gateway.envoyproxy.io_backendtrafficpolicies.yaml' | sort | head -n1)
  [ -n "$f" ] || die "backendtrafficpolicies CRD not found in envoyproxy/gateway@$ENVOY_GATEWAY_VERSION"
  cp "$f" "$m/crds/"
  d=$(mod_dir "sigs.k8s.io/kwok@$KWOK_VERSION")
  : >"$m/kwok-stages.yaml"
  for f in "$d"/kustomize/stage/node/fast/*.yaml "$d"/kustomize/stage/node/heartbeat-with-lease/*.yaml "$d"/kustomize/stage/pod/fast/*.yaml; do
    case "$(basename "$f")" in kustomization.yaml) continue ;; esac
    { echo "---"; cat "$f"; } >>"$m/kwok-stages.yaml"
  done
  chmod -R u+w "$m"
  [ "$complete" = 1 ] && echo "$stamp" >"$m/.stamp"
  return 0
}

gitops_crds() { # dir -> the owners' CRDs; each optional: a refused module is a warning, not a failure
  local m=$1 d ok=0
  if d=$(mod_dir_optional "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION"); then
    # Rollout, plus the Analysis*/Experiment CRDs the real controller watches (build-rollouts.sh).
    for f in rollout analysis-run analysis-template cluster-analysis-template experiment; do
      cp "$d/manifests/crds/$f-crd.yaml" "$m/argoproj.io_$f.yaml"
    done
  else ok=1; fi
  if d=$(mod_dir_optional "github.com/fluxcd/kustomize-controller@$FLUX_KUSTOMIZE_VERSION"); then
    cp "$d/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml" "$m/"
  else ok=1; fi
  if d=$(mod_dir_optional "github.com/fluxcd/helm-controller@$FLUX_HELM_VERSION"); then
    cp "$d/config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml" "$m/"
  else ok=1; fi
  # The module path carries the major version (v3); the CRD file is the same as in the repo.
  if d=$(mod_dir_optional "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION"); then
    cp "$d/manifests/crds/application-crd.yaml" "$m/argoproj.io_applications.yaml"
  else ok=1; fi
  return $ok
}

# ---------------------------------------------------------------- components
start_etcd() {
  mkdir -p "$STATE/etcd"; chmod 700 "$STATE/etcd"
  start_proc etcd "$BIN/etcd" --name=aire --data-dir="$STATE/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="aire=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state=new \
    --quota-backend-bytes=8589934592 --auto-compaction-mode=periodic --auto-compaction-retention=30m \
    --snapshot-count=50000 --log-level=warn $([ "${AIRE_ETCD_FSYNC:-0}" = 1 ] || echo --unsafe-no-fsync)
}

start_apiserver() {
  local c=$1 i d; i=$(idx_of "$c"); d=$(cdir "$c")
  start_proc "$c-apiserver" "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" --etcd-prefix="/registry-$c" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="${APISERVER_PORTS[$i]}" \
    --endpoint-reconciler-type=none \
    --cert-dir="$d/pki" --tls-cert-file="$d/pki/apiserver.crt" --tls-private-key-file="$d/pki/apiserver.key" \
    --client-ca-file="$d/pki/ca.crt" \
    --service-account-issuer="https://$c.aire.local" --service-account-key-file="$d/pki/sa.pub" \
    --service-account-signing-key-file="$d/pki/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --authorization-mode=Node,RBAC --allow-privileged=true --profiling=false --event-ttl=1h \
    --max-requests-inflight=800 --max-mutating-requests-inflight=400
}

start_kcm() {
  local c=$1 i d; i=$(idx_of "$c"); d=$(cdir "$c")
  start_proc "$c-controller-manager" "$BIN/kube-controller-manager" \
    --kubeconfig="$d/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$d/controller-manager.kubeconfig" --authorization-kubeconfig="$d/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="${KCM_PORTS[$i]}" \
    --tls-cert-file="$d/pki/apiserver.crt" --tls-private-key-file="$d/pki/apiserver.key" \
    --leader-elect=false --cluster-name="$c" \
    --use-service-account-credentials --service-account-private-key-file="$d/pki/sa.key" --root-ca-file="$d/pki/ca.crt" \
    --kube-api-qps="$CLIENT_QPS" --kube-api-burst=$((CLIENT_QPS * 2)) \
    --concurrent-deployment-syncs=10 --concurrent-replicaset-syncs=10 \
    --node-monitor-grace-period="$NODE_GRACE" --node-startup-grace-period="$NODE_GRACE" --profiling=false
}

start_scheduler() {
  local c=$1 i d; i=$(idx_of "$c"); d=$(cdir "$c")
  # percentageOfNodesToScore: at 2,500 nodes the adaptive default scores ~30% of
  # them per pod; 10% (never fewer than 100 nodes) triples scheduling throughput.
  cat >"$d/scheduler-config.yaml" <<EOF
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: $d/scheduler.kubeconfig
  qps: $CLIENT_QPS
  burst: $((CLIENT_QPS * 2))
leaderElection:
  leaderElect: false
percentageOfNodesToScore: ${AIRE_SCHEDULER_PERCENTAGE_OF_NODES_TO_SCORE:-10}
EOF
  start_proc "$c-scheduler" "$BIN/kube-scheduler" --config="$d/scheduler-config.yaml" \
    --authentication-kubeconfig="$d/scheduler.kubeconfig" --authorization-kubeconfig="$d/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="${SCHEDULER_PORTS[$i]}" \
    --tls-cert-file="$d/pki/apiserver.crt" --tls-private-key-file="$d/pki/apiserver.key" --profiling=false
}

start_kwok() {
  local c=$1 i d; i=$(idx_of "$c"); d=$(cdir "$c")
  if ! pid_of "$c-kwok" >/dev/null; then
    # kwok's lease holder identity is random per process: drop the previous
    # process's node leases so this one manages the nodes at once.
    "$KUBECTL" --kubeconfig "$d/kwok.kubeconfig" -n kube-node-lease delete leases --all --wait=false >/dev/null 2>&1 || true
  fi
  cat >"$STATE/manifests/kwok-options.yaml" <<EOF
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  podPlayStageParallelism: $KWOK_PARALLELISM
  nodePlayStageParallelism: $KWOK_PARALLELISM
  nodeLeaseParallelism: $KWOK_PARALLELISM
EOF
  start_proc "$c-kwok" "$BIN/kwok" \
    --kubeconfig="$d/kwok.kubeconfig" \
    --config="$STATE/manifests/kwok-stages.yaml" --config="$STATE/manifests/kwok-options.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds="$NODE_LEASE_SECONDS" \
    --cidr=10.64.0.0/12 --node-ip=10.63.0.1 \
    --server-address="127.0.0.1:${KWOK_PORTS[$i]}"
}

apply_cluster_manifests() { # cluster -> CRDs, gateway VAP, RBAC, console SA token
  local c=$1 k=("$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" --context "$1" --request-timeout=30s) t0 h tok
  # Skip the (slow-ish) apply when this cluster already has exactly these manifests.
  h=$(cat "$STATE"/manifests/crds/* "$STATE"/manifests/policies/* "$here"/rbac/*.yaml | sha256sum | cut -c1-16)
  if [ "$(cat "$(cdir "$c")/.applied" 2>/dev/null)" = "$h" ] && [ -s "$(cdir "$c")/console.token" ] \
    && "${k[@]}" get crd httproutes.gateway.networking.k8s.io inferencepools.inference.networking.k8s.io \
         backendtrafficpolicies.gateway.envoyproxy.io -o name >/dev/null 2>&1; then
    tok=$("${k[@]}" -n aire-system get secret aire-console-token -o jsonpath='{.data.token}' 2>/dev/null | base64 -d 2>/dev/null || true)
    if [ -n "$tok" ] && [ "$tok" = "$(cat "$(cdir "$c")/console.token")" ]; then
      echo "$c: CRDs and RBAC up to date"
      return 0
    fi
  fi
  "${k[@]}" apply --server-side --force-conflicts --field-manager=aire-cluster -f "$STATE/manifests/crds/" >/dev/null
  "${k[@]}" apply --server-side --force-conflicts --field-manager=aire-cluster -f "$STATE/manifests/policies/" >/dev/null
  "${k[@]}" wait --for=condition=Established --timeout=60s -f "$STATE/manifests/crds/" >/dev/null
  "${k[@]}" apply --server-side --force-conflicts --field-manager=aire-cluster -f "$here/rbac/" >/dev/null
  # Long-lived token Secret for the console SA (filled in by the token controller).
  t0=$(date +%s)
  local tok=""
  while :; do
    tok=$("${k[@]}" -n aire-system get secret aire-console-token -o jsonpath='{.data.token}' 2>/dev/null || true)
    [ -n "$tok" ] && break
    [ $(( $(date +%s) - t0 )) -lt 60 ] || die "$c: token controller never filled secret aire-system/aire-console-token (check $LOGS/$c-controller-manager.log)"
    sleep 0.5
  done
  printf '%s' "$tok" | base64 -d >"$(cdir "$c")/console.token.tmp"
  chmod 600 "$(cdir "$c")/console.token.tmp"; mv "$(cdir "$c")/console.token.tmp" "$(cdir "$c")/console.token"
  echo "$h" >"$(cdir "$c")/.applied"
  echo "$c: CRDs established, RBAC applied"
}

# ---------------------------------------------------------------- commands
cmd_up() {
  local t0 c i pids=() rc=0
  t0=$(date +%s)
  bash "$root/dev/controlplane/build.sh" | sed 's/^/  /'
  [ "${PIPESTATUS[0]}" = 0 ] || die "build failed"
  mkdir -p "$STATE" "$RUN" "$LOGS"
  for c in "${CLUSTERS[@]}"; do gen_pki "$c"; done
  extract_manifests

  log "etcd: 127.0.0.1:$ETCD_CLIENT_PORT"
  start_etcd
  wait_for etcd - "http://127.0.0.1:$ETCD_CLIENT_PORT/health"

  for c in "${CLUSTERS[@]}"; do start_apiserver "$c"; done
  write_admin_kubeconfig
  for c in "${CLUSTERS[@]}"; do
    d=$(cdir "$c")
    write_component_kubeconfig "$c" controller-manager "$d/controller-manager.kubeconfig"
    write_component_kubeconfig "$c" scheduler "$d/scheduler.kubeconfig"
    write_component_kubeconfig "$c" kwok "$d/kwok.kubeconfig"
  done
  for c in "${CLUSTERS[@]}"; do
    i=$(idx_of "$c")
    wait_for "$c-apiserver" "$c" "https://127.0.0.1:${APISERVER_PORTS[$i]}/readyz"
    log "$c: kube-apiserver ready on https://127.0.0.1:${APISERVER_PORTS[$i]}"
  done
  for c in "${CLUSTERS[@]}"; do start_kcm "$c"; start_scheduler "$c"; done

  log "applying CRDs (gateway-api $GATEWAY_API_VERSION, inference-extension $GIE_VERSION + InferenceObjective $GIE_OBJECTIVES_VERSION, envoy-gateway $ENVOY_GATEWAY_VERSION, argo-rollouts $ARGO_ROLLOUTS_VERSION, flux kustomize $FLUX_KUSTOMIZE_VERSION / helm $FLUX_HELM_VERSION, argo-cd $ARGOCD_VERSION) and RBAC"
  for c in "${CLUSTERS[@]}"; do
    apply_cluster_manifests "$c" >"$LOGS/$c-apply.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      rc=1; cat "$LOGS/${CLUSTERS[$i]}-apply.log" >&2
      echo "cluster: ERROR: applying manifests to ${CLUSTERS[$i]} failed (log: $LOGS/${CLUSTERS[$i]}-apply.log)" >&2
    else
      sed 's/^/  /' "$LOGS/${CLUSTERS[$i]}-apply.log"
    fi
  done
  [ $rc = 0 ] || exit 1
  write_console_kubeconfig

  for c in "${CLUSTERS[@]}"; do start_kwok "$c"; done
  for c in "${CLUSTERS[@]}"; do
    i=$(idx_of "$c")
    wait_for "$c-controller-manager" "$c" "https://127.0.0.1:${KCM_PORTS[$i]}/healthz"
    wait_for "$c-scheduler" "$c" "https://127.0.0.1:${SCHEDULER_PORTS[$i]}/healthz"
    wait_for "$c-kwok" - "http://127.0.0.1:${KWOK_PORTS[$i]}/healthz"
    "$KUBECTL" --kubeconfig "$CONSOLE_KUBECONFIG" --context "$c" --request-timeout=10s get nodes -o name >/dev/null \
      || die "$c: console kubeconfig cannot list nodes"
    log "$c: ready (controller-manager :${KCM_PORTS[$i]}, scheduler :${SCHEDULER_PORTS[$i]}, kwok :${KWOK_PORTS[$i]})"
  done
  log "all clusters ready in $(( $(date +%s) - t0 ))s"
  echo "admin-kubeconfig: $ADMIN_KUBECONFIG"
  echo "console-kubeconfig: $CONSOLE_KUBECONFIG"
}

all_components() {
  local c
  for c in "${CLUSTERS[@]}"; do echo "$c-kwok $c-scheduler $c-controller-manager $c-apiserver"; done
  echo etcd
}

cmd_down() {
  local purge=0 n
  [ "${1:-}" = --purge ] && purge=1
  log "stopping control plane"
  for n in $(all_components); do stop_proc "$n"; done
  if [ $purge = 1 ]; then
    rm -rf "$STATE"
    log "purged $STATE"
  fi
}

cmd_status() {
  local ok=0 c i n pid state url cl
  line() { printf '%-28s %-8s %-8s %s\n' "$1" "$2" "$3" "$4"; }
  check() { # name, cluster|-, url
    local name=$1 cl=$2 url=$3
    if pid=$(pid_of "$name"); then
      if probe "$cl" "$url"; then line "$name" running ready "$url"
      else line "$name" running NOTREADY "$url"; ok=1; fi
    else
      line "$name" stopped - "$url"; ok=1
    fi
  }
  if [ -f "$STATE/gpu-east/pki/.complete" ] || [ -d "$RUN" ]; then
    check etcd - "http://127.0.0.1:$ETCD_CLIENT_PORT/health"
    for c in "${CLUSTERS[@]}"; do
      i=$(idx_of "$c")
      check "$c-apiserver" "$c" "https://127.0.0.1:${APISERVER_PORTS[$i]}/readyz"
      check "$c-controller-manager" "$c" "https://127.0.0.1:${KCM_PORTS[$i]}/healthz"
      check "$c-scheduler" "$c" "https://127.0.0.1:${SCHEDULER_PORTS[$i]}/healthz"
      check "$c-kwok" - "http://127.0.0.1:${KWOK_PORTS[$i]}/healthz"
    done
  else
    echo "not initialised: run dev/cluster/cluster.sh up"; ok=1
  fi
  [ -f "$CONSOLE_KUBECONFIG" ] || ok=1
  echo "admin-kubeconfig: $ADMIN_KUBECONFIG"
  echo "console-kubeconfig: $CONSOLE_KUBECONFIG"
  return $ok
}

# CRDs and RBAC onto running clusters (after a version bump or a new rule) without restarting any
# component; the same steps as `up`.
cmd_apply() {
  local c rc=0
  for c in "${CLUSTERS[@]}"; do probe "$c" "https://127.0.0.1:${APISERVER_PORTS[$(idx_of "$c")]}/readyz" || die "$c is not running: use up"; done
  extract_manifests
  for c in "${CLUSTERS[@]}"; do
    rm -f "$(cdir "$c")/.applied"
    apply_cluster_manifests "$c" 2>&1 | sed 's/^/  /'
    [ "${PIPESTATUS[0]}" = 0 ] || rc=1
  done
  [ $rc = 0 ] || die "applying manifests failed"
  write_console_kubeconfig
}

cmd_apiserver() { # stop|start, cluster
  local c=${2:-} i
  i=$(idx_of "$c")
  case "${1:-}" in
    stop) stop_proc "$c-apiserver" ;;
    start)
      start_apiserver "$c"
      wait_for "$c-apiserver" "$c" "https://127.0.0.1:${APISERVER_PORTS[$i]}/readyz"
      log "$c: kube-apiserver ready on https://127.0.0.1:${APISERVER_PORTS[$i]}"
      ;;
    *) die "usage: $0 apiserver stop|start CLUSTER" ;;
  esac
}

case "${1:-}" in
  up) cmd_up ;;
  apply) cmd_apply ;;
  apiserver) shift; cmd_apiserver "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  *) echo "usage: $0 up | apply | down [--purge] | status | apiserver stop|start CLUSTER" >&2; exit 2 ;;
esac
