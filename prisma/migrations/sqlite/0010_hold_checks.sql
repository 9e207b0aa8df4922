-- "Verify it held" (lib/actions/hold): a check per applied change, in the database so a restart
-- or another replica finishes it; the outcome is a new audit row linked to the change by parentId
-- (the audit table stays append-only: adding a nullable column rewrites no row).
ALTER TABLE "AuditEvent" ADD COLUMN "parentId" TEXT;
CREATE INDEX "AuditEvent_parentId_idx" ON "AuditEvent"("parentId");

CREATE TABLE "HoldCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "auditId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "team" TEXT,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "expected" TEXT NOT NULL,
    "before" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "claimedBy" TEXT,
    "claimUntil" DATETIME,
    "writer" TEXT,
    "lastCheckedAt" DATETIME,
    "decidedAt" DATETIME,
    "outcome" TEXT,
    "revertedBy" TEXT,
    "revertedAt" DATETIME,
    "revertedTo" TEXT,
    "outcomeAuditId" TEXT
);
CREATE UNIQUE INDEX "HoldCheck_auditId_key" ON "HoldCheck"("auditId");
CREATE INDEX "HoldCheck_status_deadline_idx" ON "HoldCheck"("status", "deadline");
CREATE INDEX "HoldCheck_status_decidedAt_idx" ON "HoldCheck"("status", "decidedAt");
