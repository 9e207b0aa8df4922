# AIRe Console: the Next.js standalone server on Node 22, non-root, read-only root filesystem.
# Build: docker build -t aire-console .   (this project's CI has no Docker engine; the test suite
# starts the same standalone server with the same command and environment instead.)
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/build scripts/build
COPY prisma prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN NEXT_TELEMETRY_DISABLED=1 npx next build && bash scripts/build/standalone.sh /out

FROM node:22-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
WORKDIR /app
COPY --from=build --chown=10001:10001 /out /app
USER 10001:10001
EXPOSE 3000
CMD ["node", "server.js"]
