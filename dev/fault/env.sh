# Sourced by dev/fault/*.sh: the fault stack's own ports and directories, so that stopping an API
# server, Prometheus or PostgreSQL never touches the shared dev services (etcd 23790, API servers
# 16443/16444, Prometheus 19091, PostgreSQL 5432). Every value can be overridden from the env.
FAULT_DIR=${AIRE_FAULT_DIR:-$PWD/.aire/fault}
export AIRE_STATE_DIR=$FAULT_DIR
export AIRE_ETCD_CLIENT_PORT=${AIRE_ETCD_CLIENT_PORT:-32401}
export AIRE_ETCD_PEER_PORT=${AIRE_ETCD_PEER_PORT:-32402}
export AIRE_APISERVER_PORTS=${AIRE_APISERVER_PORTS:-"32411 32412"}
export AIRE_KCM_PORTS=${AIRE_KCM_PORTS:-"32421 32422"}
export AIRE_SCHEDULER_PORTS=${AIRE_SCHEDULER_PORTS:-"32431 32432"}
export AIRE_KWOK_PORTS=${AIRE_KWOK_PORTS:-"32441 32442"}
FAULT_PROM_PORT=${AIRE_FAULT_PROM_PORT:-32451}
FAULT_SIM_PORT=${AIRE_FAULT_SIM_PORT:-32452}
FAULT_PG_PORT=${AIRE_FAULT_PG_PORT:-32460}
