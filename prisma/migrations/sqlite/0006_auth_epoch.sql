-- A counter every change that can revoke or alter a signed-in session bumps (sign-out, expiry
-- clean-up, disabling, role or team membership changes). Each console process polls it once a
-- second and reuses its session lookups while it stays the same: sessions cost no database round
-- trip per request, yet a revocation reaches every replica within a second. Triggers, not
-- application code, so no path that changes these tables (including an admin's SQL) is missed.
CREATE TABLE "AuthEpoch" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "epoch" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "AuthEpoch" ("id", "epoch") VALUES (1, 0);

CREATE TRIGGER "Session_epoch_update" AFTER UPDATE ON "Session"
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Session_epoch_delete" AFTER DELETE ON "Session"
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "User_epoch_update" AFTER UPDATE ON "User"
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "User_epoch_delete" AFTER DELETE ON "User"
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Membership_epoch_insert" AFTER INSERT ON "Membership"
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Membership_epoch_update" AFTER UPDATE ON "Membership"
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Membership_epoch_delete" AFTER DELETE ON "Membership"
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Team_epoch_update" AFTER UPDATE ON "Team"
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Team_epoch_delete" AFTER DELETE ON "Team"
BEGIN UPDATE "AuthEpoch" SET "epoch" = "epoch" + 1 WHERE "id" = 1; END;
