-- Refusals before a session are aggregated (lib/security/refusal-ledger.ts): one row can stand for
-- many requests from one source in one minute. Existing rows each stand for one.
ALTER TABLE "AuditEvent" ADD COLUMN "count" INTEGER NOT NULL DEFAULT 1;
