CREATE TABLE "CostDayTeam" (
    "day" TIMESTAMP(3) NOT NULL,
    "team" TEXT NOT NULL,
    "tokenCost" DOUBLE PRECISION NOT NULL,
    "gpuCost" DOUBLE PRECISION NOT NULL,
    "idleCost" DOUBLE PRECISION NOT NULL,
    "inputTokens" DOUBLE PRECISION NOT NULL,
    "outputTokens" DOUBLE PRECISION NOT NULL,
    "cachedTokens" DOUBLE PRECISION NOT NULL,
    "gpuHours" DOUBLE PRECISION NOT NULL,
    "unpriced" BOOLEAN NOT NULL,

    CONSTRAINT "CostDayTeam_pkey" PRIMARY KEY ("day","team")
);

CREATE TABLE "CostDayModel" (
    "day" TIMESTAMP(3) NOT NULL,
    "model" TEXT NOT NULL,
    "tokenCost" DOUBLE PRECISION NOT NULL,
    "gpuCost" DOUBLE PRECISION NOT NULL,
    "idleCost" DOUBLE PRECISION NOT NULL,
    "inputTokens" DOUBLE PRECISION NOT NULL,
    "outputTokens" DOUBLE PRECISION NOT NULL,
    "cachedTokens" DOUBLE PRECISION NOT NULL,
    "gpuHours" DOUBLE PRECISION NOT NULL,
    "unpriced" BOOLEAN NOT NULL,

    CONSTRAINT "CostDayModel_pkey" PRIMARY KEY ("day","model")
);
