/**
 * The metric names and labels the console reads. Upstream names are pinned to the versions in
 * ../shared/REFERENCE.md; the quality and request-outcome counters are our own contract,
 * documented in docs/QUALITY-METRICS.md. Pure: safe for client code and unit tests.
 */

/** vLLM (v0.10.x) per model-server pod; `namespace`/`pod` come from the scrape (Kubernetes SD). */
export const VLLM = {
  promptTokens: 'vllm:prompt_tokens_total',
  generationTokens: 'vllm:generation_tokens_total',
  requestSuccess: 'vllm:request_success_total',
  running: 'vllm:num_requests_running',
  waiting: 'vllm:num_requests_waiting',
  kvCache: 'vllm:kv_cache_usage_perc',
  ttft: 'vllm:time_to_first_token_seconds',
  e2e: 'vllm:e2e_request_latency_seconds',
  modelLabel: 'model_name',
} as const

/**
 * Envoy AI Gateway (v1.x, OpenTelemetry GenAI conventions). Older releases exported
 * `gen_ai_client_token_usage_token_*`; the roll-up accepts both.
 */
export const GATEWAY = {
  tokenUsage: 'gen_ai_client_token_usage',
  tokenUsageLegacy: 'gen_ai_client_token_usage_token',
  requestDuration: 'gen_ai_server_request_duration_seconds',
  modelLabel: 'gen_ai_request_model',
  tokenTypeLabel: 'gen_ai_token_type',
  /**
   * Team attribution: the gateway maps the request header `x-tenant-id` (the header the token
   * rate limit keys on) to this label.
   */
  teamLabel: 'gen_ai_tenant',
  /** The HTTPRoute that matched, as `namespace/name` (route metadata exported as a label). */
  routeLabel: 'route',
} as const

export const TOKEN_TYPES = ['input', 'output', 'cached_input'] as const
export type TokenType = (typeof TOKEN_TYPES)[number]

/** dcgm-exporter (3.x/4.x) with Kubernetes pod mapping on. */
export const DCGM = {
  gpuUtil: 'DCGM_FI_DEV_GPU_UTIL',
  fbUsed: 'DCGM_FI_DEV_FB_USED',
  productLabel: 'modelName',
  hostLabel: 'Hostname',
  migProfileLabel: 'GPU_I_PROFILE',
} as const

/** Our own contract (docs/QUALITY-METRICS.md). */
export const QUALITY = {
  evalOutcomes: 'aire_eval_outcomes_total',
  guardrailFlags: 'aire_guardrail_flags_total',
  requests: 'aire_requests_total',
} as const

/**
 * Every series carries `cluster` (an external label in a multi-cluster setup: Thanos, Mimir or
 * one Prometheus per cluster federated). Team pods live in namespaces labelled aire.dev/team.
 */
export const CLUSTER_LABEL = 'cluster'

/**
 * The endpoint picker (EPP) of an InferencePool, per pool: label `name` is the InferencePool's
 * name; `namespace` (and `pod`, the EPP's own) come from the scrape. Two generations are in the
 * field and the console reads both (docs/SATURATION.md):
 * - `llm_d_epp_*`: llm-d-router v0.9.0+ (pkg/epp/metrics/llm_d_router_metrics.go at v0.10.0),
 *   which still emits the older names beside them, marked deprecated;
 * - `inference_pool_*`: gateway-api-inference-extension v1.0–v1.5 (pkg/epp/metrics/metrics.go;
 *   `average_running_requests` only from v1.5). v1.6 moved the EPP to llm-d-router.
 * Averages are means over the pool's endpoints with fresh metrics; KV cache is 0..1.
 */
export const EPP = {
  queue: 'llm_d_epp_average_queue_size',
  kvCache: 'llm_d_epp_average_kv_cache_utilization',
  running: 'llm_d_epp_average_running_requests',
  ready: 'llm_d_epp_ready_endpoints',
  /** labels name, model_server_endpoint */
  perEndpointQueue: 'llm_d_epp_per_endpoint_queue_size',
  poolLabel: 'name',
} as const

export const EPP_LEGACY = {
  queue: 'inference_pool_average_queue_size',
  kvCache: 'inference_pool_average_kv_cache_utilization',
  running: 'inference_pool_average_running_requests',
  ready: 'inference_pool_ready_pods',
  /** labels name, model_server_pod */
  perPodQueue: 'inference_pool_per_pod_queue_size',
  poolLabel: 'name',
} as const
