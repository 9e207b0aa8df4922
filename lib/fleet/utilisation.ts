import 'server-only'

/**
 * GPU utilisation per node, 0..1, keyed "cluster/node". Not wired yet: null means unknown and the
 * views show "—". To wire: avg by (Hostname) of DCGM_FI_DEV_GPU_UTIL / 100 (dcgm-exporter; newer
 * releases label it `hostname`), per cluster's Prometheus, cached a few seconds.
 */
export async function nodeUtilisation(): Promise<ReadonlyMap<string, number> | null> {
  return null
}
