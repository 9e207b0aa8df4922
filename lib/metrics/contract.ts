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
 * Counters the evaluation Collector (dev/otelcol/config.yaml, docs/QUALITY-METRICS.md) makes from
 * OpenTelemetry GenAI `gen_ai.evaluation.result` events (semantic conventions, experimental). The
 * Collector maps event attributes to these labels, each with a bounded vocabulary or pattern:
 * `evaluation` ← gen_ai.evaluation.name (lower case), `label` ← gen_ai.evaluation.score.label,
 * `model` ← gen_ai.request.model (else gen_ai.response.model), `version` ← aire.model.version,
 * `namespace` ← k8s.namespace.name, `route` ← aire.route.name, `cluster` ← k8s.cluster.name.
 */
export const OTEL_EVAL = {
  /** every valid event: by evaluation, label ('' when it has only a score), model, version, placement */
  results: 'aire_gen_ai_evaluation_results_total',
  /** valid events with a score: the same labels plus `score_ge`, the highest step at or below it */
  scores: 'aire_gen_ai_evaluation_scores_total',
  /** events not counted above, by `reason` (DROP_REASONS) */
  dropped: 'aire_gen_ai_evaluation_dropped_total',
  evaluationLabel: 'evaluation',
  labelLabel: 'label',
  scoreStepLabel: 'score_ge',
  reasonLabel: 'reason',
} as const

/** The score labels the Collector accepts (lower-cased); any other is dropped as label_not_allowed. */
export const EVALUATION_LABELS = [
  'pass',
  'fail',
  'correct',
  'incorrect',
  'partial',
  'yes',
  'no',
  'true',
  'false',
  'relevant',
  'irrelevant',
  'safe',
  'unsafe',
  'error',
  'timeout',
] as const

/** Labels that count as a good evaluation in the label SLI. */
export const GOOD_EVALUATION_LABELS = ['pass', 'correct'] as const

/**
 * Score steps of `score_ge` (the Collector's ladder; a score below 0 is "-Inf"): the thresholds a
 * score SLI can use, covering 0–1 scores finely and 1–5 ratings by whole points.
 */
export const SCORE_STEPS = [
  0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1, 2, 3, 4, 5,
] as const

/** Why the Collector dropped an event (label `reason` of OTEL_EVAL.dropped). */
export const DROP_REASONS = [
  'name_missing',
  'name_invalid',
  'name_not_allowed',
  'label_not_allowed',
  'score_not_numeric',
  'score_not_finite',
  'no_result',
  'attribute_invalid',
] as const

/** The pattern an evaluation name must match after lower-casing (blanks become "_"). */
export const EVALUATION_NAME_PATTERN = /^[a-z0-9][a-z0-9_.:/-]{0,63}$/

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
