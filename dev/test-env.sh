# Sourced by dev/test-all.sh and .ci/run: the test run's own control plane (state directory and
# ports), so a demo cluster someone has changed by hand never changes a test's result, and the
# demo and `npm test` can run one after the other in either order. The demo uses the defaults of
# dev/cluster/cluster.sh (.aire/cluster, etcd 23790, API servers 16443/16444); the fault suite
# has its own stack (dev/fault/env.sh, ports 324xx). Every value can be overridden from the env.
export AIRE_STATE_DIR=${AIRE_TEST_STATE_DIR:-$PWD/.aire/test-stack}
export AIRE_ETCD_CLIENT_PORT=${AIRE_TEST_ETCD_CLIENT_PORT:-24790}
export AIRE_ETCD_PEER_PORT=${AIRE_TEST_ETCD_PEER_PORT:-24800}
export AIRE_APISERVER_PORTS=${AIRE_TEST_APISERVER_PORTS:-"17443 17444"}
export AIRE_KCM_PORTS=${AIRE_TEST_KCM_PORTS:-"17453 17454"}
export AIRE_SCHEDULER_PORTS=${AIRE_TEST_SCHEDULER_PORTS:-"17463 17464"}
export AIRE_KWOK_PORTS=${AIRE_TEST_KWOK_PORTS:-"17473 17474"}
