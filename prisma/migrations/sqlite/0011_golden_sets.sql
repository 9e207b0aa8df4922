-- Golden sets and the golden-set prober (lib/quality, docs/GOLDEN-SETS.md). No answer text is
-- stored beyond GoldenFailure's redacted sample of the last 5 failing answers per set and version.
CREATE TABLE "GoldenSet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "GoldenSet_name_key" ON "GoldenSet"("name");

CREATE TABLE "GoldenPrompt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "setId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "check" TEXT NOT NULL,
    CONSTRAINT "GoldenPrompt_setId_fkey" FOREIGN KEY ("setId") REFERENCES "GoldenSet" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "GoldenPrompt_setId_position_key" ON "GoldenPrompt"("setId", "position");

CREATE TABLE "GoldenResult" (
    "setId" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "pool" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "probes" INTEGER NOT NULL DEFAULT 0,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "timedOut" INTEGER NOT NULL DEFAULT 0,
    "errored" INTEGER NOT NULL DEFAULT 0,
    "lastPassed" INTEGER NOT NULL DEFAULT 0,
    "lastTotal" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastRoundAt" DATETIME NOT NULL,

    PRIMARY KEY ("setId", "cluster", "namespace", "pool"),
    CONSTRAINT "GoldenResult_setId_fkey" FOREIGN KEY ("setId") REFERENCES "GoldenSet" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "GoldenFailure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "setId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "pool" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "responseId" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "GoldenFailure_setId_fkey" FOREIGN KEY ("setId") REFERENCES "GoldenSet" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "GoldenFailure_setId_version_at_idx" ON "GoldenFailure"("setId", "version", "at");

CREATE TABLE "ProberState" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT,
    "leaseUntil" DATETIME,
    "lastRoundAt" DATETIME,
    "lastRoundMs" INTEGER,
    "lastError" TEXT,
    "otlpEnabled" BOOLEAN NOT NULL DEFAULT false,
    "otlpSent" INTEGER NOT NULL DEFAULT 0,
    "otlpBuffered" INTEGER NOT NULL DEFAULT 0,
    "otlpDropped" INTEGER NOT NULL DEFAULT 0,
    "otlpLastOkAt" DATETIME,
    "otlpLastError" TEXT,
    "otlpDownSince" DATETIME
);
