CREATE TABLE "QuotaRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "team" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "cluster" TEXT,
    "namespace" TEXT,
    "requested" TEXT NOT NULL,
    "currentAtRequest" TEXT,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requester" TEXT NOT NULL,
    "decidedBy" TEXT,
    "decision" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "expiresAt" DATETIME NOT NULL
);
CREATE INDEX "QuotaRequest_status_createdAt_idx" ON "QuotaRequest"("status", "createdAt");
CREATE INDEX "QuotaRequest_team_createdAt_idx" ON "QuotaRequest"("team", "createdAt");
CREATE INDEX "QuotaRequest_requester_createdAt_idx" ON "QuotaRequest"("requester", "createdAt");

CREATE TABLE "GroupMapping" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "group" TEXT NOT NULL,
    "team" TEXT,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "GroupMapping_group_team_key" ON "GroupMapping"("group", "team");
