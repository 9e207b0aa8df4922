-- Quality SLOs over OpenTelemetry GenAI evaluation results (docs/QUALITY-METRICS.md): which
-- counters a quality SLI reads, the gen_ai.evaluation.name it counts and, for a score SLI, the
-- threshold. Existing rows keep NULL, read as 'legacy' (aire_eval_outcomes_total) as before.
ALTER TABLE "Slo" ADD COLUMN "qualitySource" TEXT;
ALTER TABLE "Slo" ADD COLUMN "evaluationName" TEXT;
ALTER TABLE "Slo" ADD COLUMN "scoreThreshold" DOUBLE PRECISION;
