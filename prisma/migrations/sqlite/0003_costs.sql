CREATE TABLE "ModelPrice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "model" TEXT NOT NULL,
    "effectiveFrom" DATETIME NOT NULL,
    "inputPerM" REAL NOT NULL,
    "outputPerM" REAL NOT NULL,
    "cachedPerM" REAL NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "example" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "ModelPrice_model_effectiveFrom_key" ON "ModelPrice"("model", "effectiveFrom");

CREATE TABLE "GpuPrice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "product" TEXT NOT NULL,
    "effectiveFrom" DATETIME NOT NULL,
    "perHour" REAL NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "example" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "GpuPrice_product_effectiveFrom_key" ON "GpuPrice"("product", "effectiveFrom");

CREATE TABLE "TeamBudget" (
    "team" TEXT NOT NULL PRIMARY KEY,
    "monthly" REAL NOT NULL,
    "warnAt" REAL NOT NULL DEFAULT 0.8,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

CREATE TABLE "TokenUsageHour" (
    "hour" DATETIME NOT NULL,
    "cluster" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "tokenType" TEXT NOT NULL,
    "tokens" REAL NOT NULL,

    PRIMARY KEY ("hour", "cluster", "team", "model", "route", "tokenType")
);

CREATE TABLE "GpuUsageHour" (
    "hour" DATETIME NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "gpuHours" REAL NOT NULL,
    "busyHours" REAL NOT NULL,

    PRIMARY KEY ("hour", "cluster", "namespace", "product", "model")
);

CREATE TABLE "CostDay" (
    "day" DATETIME NOT NULL,
    "cluster" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "inputTokens" REAL NOT NULL,
    "outputTokens" REAL NOT NULL,
    "cachedTokens" REAL NOT NULL,
    "tokenCost" REAL NOT NULL,
    "priced" BOOLEAN NOT NULL,

    PRIMARY KEY ("day", "cluster", "team", "model", "route")
);
CREATE INDEX "CostDay_day_team_tokenCost_idx" ON "CostDay"("day", "team", "tokenCost");
CREATE INDEX "CostDay_day_model_tokenCost_idx" ON "CostDay"("day", "model", "tokenCost");

CREATE TABLE "GpuCostDay" (
    "day" DATETIME NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "gpuHours" REAL NOT NULL,
    "busyHours" REAL NOT NULL,
    "cost" REAL NOT NULL,
    "idleCost" REAL NOT NULL,
    "priced" BOOLEAN NOT NULL,

    PRIMARY KEY ("day", "cluster", "namespace", "product", "model")
);
CREATE INDEX "GpuCostDay_day_team_cost_idx" ON "GpuCostDay"("day", "team", "cost");

CREATE TABLE "RollupHour" (
    "hour" DATETIME NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "rolledAt" DATETIME NOT NULL,
    "tokenRows" INTEGER NOT NULL,
    "gpuRows" INTEGER NOT NULL
);

CREATE TABLE "CostJob" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT,
    "leaseUntil" DATETIME,
    "lastRunAt" DATETIME,
    "lastOkAt" DATETIME,
    "lastError" TEXT,
    "metricsDownSince" DATETIME
);
