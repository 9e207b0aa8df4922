CREATE TABLE "CostDayTeam" (
    "day" DATETIME NOT NULL,
    "team" TEXT NOT NULL,
    "tokenCost" REAL NOT NULL,
    "gpuCost" REAL NOT NULL,
    "idleCost" REAL NOT NULL,
    "inputTokens" REAL NOT NULL,
    "outputTokens" REAL NOT NULL,
    "cachedTokens" REAL NOT NULL,
    "gpuHours" REAL NOT NULL,
    "unpriced" BOOLEAN NOT NULL,

    PRIMARY KEY ("day", "team")
);

CREATE TABLE "CostDayModel" (
    "day" DATETIME NOT NULL,
    "model" TEXT NOT NULL,
    "tokenCost" REAL NOT NULL,
    "gpuCost" REAL NOT NULL,
    "idleCost" REAL NOT NULL,
    "inputTokens" REAL NOT NULL,
    "outputTokens" REAL NOT NULL,
    "cachedTokens" REAL NOT NULL,
    "gpuHours" REAL NOT NULL,
    "unpriced" BOOLEAN NOT NULL,

    PRIMARY KEY ("day", "model")
);
