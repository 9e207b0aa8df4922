CREATE TABLE "Slo" (
    "id" TEXT NOT NULL,
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
    "objective" DOUBLE PRECISION NOT NULL,
    "windowDays" INTEGER NOT NULL,
    "latencyThreshold" DOUBLE PRECISION,
    "customGood" TEXT,
    "customTotal" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Slo_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Slo_name_key" ON "Slo"("name");

CREATE INDEX "Slo_team_idx" ON "Slo"("team");

CREATE TABLE "IncidentNote" (
    "id" TEXT NOT NULL,
    "sloId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "onset" TIMESTAMP(3),
    "state" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentNote_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "IncidentNote_sloId_createdAt_idx" ON "IncidentNote"("sloId", "createdAt");

ALTER TABLE "IncidentNote" ADD CONSTRAINT "IncidentNote_sloId_fkey" FOREIGN KEY ("sloId") REFERENCES "Slo"("id") ON DELETE CASCADE ON UPDATE CASCADE;
