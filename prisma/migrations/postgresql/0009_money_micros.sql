-- Money as integer micro-units (lib/cost/money.ts): prices, budgets and the daily costs. Existing
-- amounts are converted exactly to the micro-unit; the daily costs are recomputed by the next
-- roll-up (pricingBasis NULL ≠ any configuration), hour by hour at the prices then in effect.
ALTER TABLE "ModelPrice" ADD COLUMN "inputMicrosPerM" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "ModelPrice" ADD COLUMN "outputMicrosPerM" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "ModelPrice" ADD COLUMN "cachedMicrosPerM" BIGINT NOT NULL DEFAULT 0;
UPDATE "ModelPrice" SET "inputMicrosPerM" = CAST(ROUND(CAST("inputPerM" AS NUMERIC) * 1000000) AS BIGINT),
  "outputMicrosPerM" = CAST(ROUND(CAST("outputPerM" AS NUMERIC) * 1000000) AS BIGINT),
  "cachedMicrosPerM" = CAST(ROUND(CAST("cachedPerM" AS NUMERIC) * 1000000) AS BIGINT);
ALTER TABLE "ModelPrice" DROP COLUMN "inputPerM";
ALTER TABLE "ModelPrice" DROP COLUMN "outputPerM";
ALTER TABLE "ModelPrice" DROP COLUMN "cachedPerM";

ALTER TABLE "GpuPrice" ADD COLUMN "microsPerHour" BIGINT NOT NULL DEFAULT 0;
UPDATE "GpuPrice" SET "microsPerHour" = CAST(ROUND(CAST("perHour" AS NUMERIC) * 1000000) AS BIGINT);
ALTER TABLE "GpuPrice" DROP COLUMN "perHour";

ALTER TABLE "TeamBudget" ADD COLUMN "monthlyMicros" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "TeamBudget" ADD COLUMN "currency" TEXT NOT NULL DEFAULT 'USD';
UPDATE "TeamBudget" SET "monthlyMicros" = CAST(ROUND(CAST("monthly" AS NUMERIC) * 1000000) AS BIGINT);
ALTER TABLE "TeamBudget" DROP COLUMN "monthly";

DROP INDEX "CostDay_day_team_tokenCost_idx";
DROP INDEX "CostDay_day_model_tokenCost_idx";
ALTER TABLE "CostDay" ADD COLUMN "tokenCostMicros" BIGINT NOT NULL DEFAULT 0;
UPDATE "CostDay" SET "tokenCostMicros" = CAST(ROUND(CAST("tokenCost" AS NUMERIC) * 1000000) AS BIGINT);
ALTER TABLE "CostDay" DROP COLUMN "tokenCost";
CREATE INDEX "CostDay_day_team_tokenCostMicros_idx" ON "CostDay"("day", "team", "tokenCostMicros");
CREATE INDEX "CostDay_day_model_tokenCostMicros_idx" ON "CostDay"("day", "model", "tokenCostMicros");

DROP INDEX "GpuCostDay_day_team_cost_idx";
ALTER TABLE "GpuCostDay" ADD COLUMN "costMicros" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "GpuCostDay" ADD COLUMN "idleCostMicros" BIGINT NOT NULL DEFAULT 0;
UPDATE "GpuCostDay" SET "costMicros" = CAST(ROUND(CAST("cost" AS NUMERIC) * 1000000) AS BIGINT),
  "idleCostMicros" = CAST(ROUND(CAST("idleCost" AS NUMERIC) * 1000000) AS BIGINT);
ALTER TABLE "GpuCostDay" DROP COLUMN "cost";
ALTER TABLE "GpuCostDay" DROP COLUMN "idleCost";
CREATE INDEX "GpuCostDay_day_team_costMicros_idx" ON "GpuCostDay"("day", "team", "costMicros");

ALTER TABLE "CostDayTeam" ADD COLUMN "tokenCostMicros" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "CostDayTeam" ADD COLUMN "gpuCostMicros" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "CostDayTeam" ADD COLUMN "idleCostMicros" BIGINT NOT NULL DEFAULT 0;
UPDATE "CostDayTeam" SET "tokenCostMicros" = CAST(ROUND(CAST("tokenCost" AS NUMERIC) * 1000000) AS BIGINT),
  "gpuCostMicros" = CAST(ROUND(CAST("gpuCost" AS NUMERIC) * 1000000) AS BIGINT),
  "idleCostMicros" = CAST(ROUND(CAST("idleCost" AS NUMERIC) * 1000000) AS BIGINT);
ALTER TABLE "CostDayTeam" DROP COLUMN "tokenCost";
ALTER TABLE "CostDayTeam" DROP COLUMN "gpuCost";
ALTER TABLE "CostDayTeam" DROP COLUMN "idleCost";

ALTER TABLE "CostDayModel" ADD COLUMN "tokenCostMicros" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "CostDayModel" ADD COLUMN "gpuCostMicros" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "CostDayModel" ADD COLUMN "idleCostMicros" BIGINT NOT NULL DEFAULT 0;
UPDATE "CostDayModel" SET "tokenCostMicros" = CAST(ROUND(CAST("tokenCost" AS NUMERIC) * 1000000) AS BIGINT),
  "gpuCostMicros" = CAST(ROUND(CAST("gpuCost" AS NUMERIC) * 1000000) AS BIGINT),
  "idleCostMicros" = CAST(ROUND(CAST("idleCost" AS NUMERIC) * 1000000) AS BIGINT);
ALTER TABLE "CostDayModel" DROP COLUMN "tokenCost";
ALTER TABLE "CostDayModel" DROP COLUMN "gpuCost";
ALTER TABLE "CostDayModel" DROP COLUMN "idleCost";

ALTER TABLE "CostJob" ADD COLUMN "pricingBasis" TEXT;
