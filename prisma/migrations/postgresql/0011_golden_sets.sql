-- Golden sets and the golden-set prober (lib/quality, docs/GOLDEN-SETS.md). No answer text is
-- stored beyond GoldenFailure's redacted sample of the last 5 failing answers per set and version.
CREATE TABLE "GoldenSet" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GoldenSet_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "GoldenSet_name_key" ON "GoldenSet"("name");

CREATE TABLE "GoldenPrompt" (
    "id" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "check" TEXT NOT NULL,

    CONSTRAINT "GoldenPrompt_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "GoldenPrompt_setId_position_key" ON "GoldenPrompt"("setId", "position");
ALTER TABLE "GoldenPrompt" ADD CONSTRAINT "GoldenPrompt_setId_fkey" FOREIGN KEY ("setId") REFERENCES "GoldenSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
    "lastRoundAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GoldenResult_pkey" PRIMARY KEY ("setId", "cluster", "namespace", "pool")
);
ALTER TABLE "GoldenResult" ADD CONSTRAINT "GoldenResult_setId_fkey" FOREIGN KEY ("setId") REFERENCES "GoldenSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "GoldenFailure" (
    "id" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "pool" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "responseId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GoldenFailure_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "GoldenFailure_setId_version_at_idx" ON "GoldenFailure"("setId", "version", "at");
ALTER TABLE "GoldenFailure" ADD CONSTRAINT "GoldenFailure_setId_fkey" FOREIGN KEY ("setId") REFERENCES "GoldenSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ProberState" (
    "name" TEXT NOT NULL,
    "holder" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastRoundAt" TIMESTAMP(3),
    "lastRoundMs" INTEGER,
    "lastError" TEXT,
    "otlpEnabled" BOOLEAN NOT NULL DEFAULT false,
    "otlpSent" INTEGER NOT NULL DEFAULT 0,
    "otlpBuffered" INTEGER NOT NULL DEFAULT 0,
    "otlpDropped" INTEGER NOT NULL DEFAULT 0,
    "otlpLastOkAt" TIMESTAMP(3),
    "otlpLastError" TEXT,
    "otlpDownSince" TIMESTAMP(3),

    CONSTRAINT "ProberState_pkey" PRIMARY KEY ("name")
);
