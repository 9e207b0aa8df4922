CREATE TABLE "ModelPrice" (
    "id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "inputPerM" DOUBLE PRECISION NOT NULL,
    "outputPerM" DOUBLE PRECISION NOT NULL,
    "cachedPerM" DOUBLE PRECISION NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "example" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ModelPrice_model_effectiveFrom_key" ON "ModelPrice"("model", "effectiveFrom");

CREATE TABLE "GpuPrice" (
    "id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "perHour" DOUBLE PRECISION NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "example" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GpuPrice_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "GpuPrice_product_effectiveFrom_key" ON "GpuPrice"("product", "effectiveFrom");

CREATE TABLE "TeamBudget" (
    "team" TEXT NOT NULL,
    "monthly" DOUBLE PRECISION NOT NULL,
    "warnAt" DOUBLE PRECISION NOT NULL DEFAULT 0.8,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamBudget_pkey" PRIMARY KEY ("team")
);

CREATE TABLE "TokenUsageHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "cluster" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "tokenType" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "TokenUsageHour_pkey" PRIMARY KEY ("hour","cluster","team","model","route","tokenType")
);

CREATE TABLE "GpuUsageHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "gpuHours" DOUBLE PRECISION NOT NULL,
    "busyHours" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "GpuUsageHour_pkey" PRIMARY KEY ("hour","cluster","namespace","product","model")
);

CREATE TABLE "CostDay" (
    "day" TIMESTAMP(3) NOT NULL,
    "cluster" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "inputTokens" DOUBLE PRECISION NOT NULL,
    "outputTokens" DOUBLE PRECISION NOT NULL,
    "cachedTokens" DOUBLE PRECISION NOT NULL,
    "tokenCost" DOUBLE PRECISION NOT NULL,
    "priced" BOOLEAN NOT NULL,

    CONSTRAINT "CostDay_pkey" PRIMARY KEY ("day","cluster","team","model","route")
);

CREATE INDEX "CostDay_day_team_tokenCost_idx" ON "CostDay"("day", "team", "tokenCost");

CREATE INDEX "CostDay_day_model_tokenCost_idx" ON "CostDay"("day", "model", "tokenCost");

CREATE TABLE "GpuCostDay" (
    "day" TIMESTAMP(3) NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "gpuHours" DOUBLE PRECISION NOT NULL,
    "busyHours" DOUBLE PRECISION NOT NULL,
    "cost" DOUBLE PRECISION NOT NULL,
    "idleCost" DOUBLE PRECISION NOT NULL,
    "priced" BOOLEAN NOT NULL,

    CONSTRAINT "GpuCostDay_pkey" PRIMARY KEY ("day","cluster","namespace","product","model")
);

CREATE INDEX "GpuCostDay_day_team_cost_idx" ON "GpuCostDay"("day", "team", "cost");

CREATE TABLE "RollupHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "rolledAt" TIMESTAMP(3) NOT NULL,
    "tokenRows" INTEGER NOT NULL,
    "gpuRows" INTEGER NOT NULL,

    CONSTRAINT "RollupHour_pkey" PRIMARY KEY ("hour")
);

CREATE TABLE "CostJob" (
    "name" TEXT NOT NULL,
    "holder" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "lastOkAt" TIMESTAMP(3),
    "lastError" TEXT,
    "metricsDownSince" TIMESTAMP(3),

    CONSTRAINT "CostJob_pkey" PRIMARY KEY ("name")
);
