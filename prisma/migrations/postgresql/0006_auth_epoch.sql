-- A counter every change that can revoke or alter a signed-in session bumps (sign-out, expiry
-- clean-up, disabling, role or team membership changes). Each console process polls it once a
-- second and reuses its session lookups while it stays the same: sessions cost no database round
-- trip per request, yet a revocation reaches every replica within a second. Triggers, not
-- application code, so no path that changes these tables (including an admin's SQL) is missed.
CREATE TABLE "AuthEpoch" (
    "id" INTEGER NOT NULL,
    "epoch" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AuthEpoch_pkey" PRIMARY KEY ("id")
);
INSERT INTO "AuthEpoch" ("id", "epoch") VALUES (1, 0);

CREATE FUNCTION "aire_auth_epoch_bump"() RETURNS trigger AS $$
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; RETURN NULL; END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Session_epoch" AFTER UPDATE OR DELETE OR TRUNCATE ON "Session"
FOR EACH STATEMENT EXECUTE FUNCTION "aire_auth_epoch_bump"();
CREATE TRIGGER "User_epoch" AFTER UPDATE OR DELETE OR TRUNCATE ON "User"
FOR EACH STATEMENT EXECUTE FUNCTION "aire_auth_epoch_bump"();
CREATE TRIGGER "Membership_epoch" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Membership"
FOR EACH STATEMENT EXECUTE FUNCTION "aire_auth_epoch_bump"();
CREATE TRIGGER "Team_epoch" AFTER UPDATE OR DELETE OR TRUNCATE ON "Team"
FOR EACH STATEMENT EXECUTE FUNCTION "aire_auth_epoch_bump"();
