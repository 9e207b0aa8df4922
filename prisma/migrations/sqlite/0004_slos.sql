CREATE TABLE "Slo" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "description" TEXT,
    "sliKind" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "model" TEXT,
    "servedModel" TEXT,
    "version" TEXT,
    "namespace" TEXT,
    "route" TEXT,
    "cluster" TEXT,
    "objective" REAL NOT NULL,
    "windowDays" INTEGER NOT NULL,
    "latencyThreshold" REAL,
    "customGood" TEXT,
    "customTotal" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "Slo_name_key" ON "Slo"("name");
CREATE INDEX "Slo_team_idx" ON "Slo"("team");

CREATE TABLE "IncidentNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sloId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "onset" DATETIME,
    "state" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IncidentNote_sloId_fkey" FOREIGN KEY ("sloId") REFERENCES "Slo" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "IncidentNote_sloId_createdAt_idx" ON "IncidentNote"("sloId", "createdAt");
