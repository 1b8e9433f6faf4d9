# syntax=docker/dockerfile:1
#
# One image recipe for every service in services/<name>:
#
#   docker build --build-arg SERVICE=tenancy --build-arg PORT=3101 -t techfinance/tenancy .
#
# PORT is the service's HTTP port, the PORT default in services/<name>/src/config.ts (gateway
# 3000, tenancy 3101, later services 3102..3106). The image sets it as the PORT environment
# variable, so EXPOSE, the HEALTHCHECK and the process agree. docker-compose.yml and k8s/ also
# set PORT explicitly.

# ---- build: the whole workspace, then the one service's webpack bundle ----------------------
FROM node:20-bookworm-slim AS build
ARG SERVICE
RUN test -n "${SERVICE}" || (echo 'build with --build-arg SERVICE=<folder in services/>' >&2 && exit 1)
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    CI=true
WORKDIR /workspace
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Generates libs/contracts from proto/ (buf runs from node_modules), then bundles the service.
RUN npx nx build "${SERVICE}" \
    && test -f "dist/services/${SERVICE}/main.js"

# ---- deps: production node_modules only (the bundle leaves node_modules external) -----------
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no production dependency needs an install script (the only one is telemetry).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime ----------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ARG SERVICE
ARG PORT=3000
# The runtime of libs/platform/src/runtime/process-env.ts (docs/performance.md, "Memory"): a
# young generation of 8 MB instead of 16 (about 25 MB less resident per idle process), and
# malloc's mmap threshold fixed, so a 16 MiB scrypt block is given back when freed.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=8 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072 \
    SERVICE_NAME=${SERVICE} \
    PORT=${PORT}
# node_modules sits in /app and the bundle in /app/services/<name>. Node looks for packages in
# parent folders, so main.js finds them.
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /workspace/dist/services/${SERVICE} ./services/${SERVICE}
WORKDIR /app/services/${SERVICE}
# The files stay root-owned, so the process can read them but not change them. It runs as the
# image's unprivileged "node" user (uid 1000).
USER node
EXPOSE ${PORT}
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SERVICE_NODE_FLAGS of libs/platform/src/runtime/process-env.ts: flags Node refuses in NODE_OPTIONS,
# or that only this process should get.
CMD ["node", "--heap-growing-percent=200", "--expose-gc", "--no-memory-reducer", "main.js"]
