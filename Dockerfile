# syntax=docker/dockerfile:1
# Duotrack in a container: `docker build -t duotrack .`, then
#   docker run -p 3000:3000 -v duotrack-data:/data duotrack
# The embedded SQLite file lives in /data with the secret and the spool; set DATABASE_URL to use
# PostgreSQL (compose.yaml runs two nodes on one PostgreSQL behind Caddy).

# --- build: every dependency, the TypeScript server and the web app --------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, in their own layer; no lifecycle script yet (`prepare` builds, and the
# sources are not here), then the one native module's install script (a prebuilt better-sqlite3).
COPY package.json package-lock.json ./
COPY sdk/package.json sdk/
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY scripts/build-if-stale.mjs scripts/
COPY bin/ bin/
COPY src/ src/
COPY web/ web/
COPY sdk/ sdk/
# Pruning keeps the workspaces' links (node_modules/@duotrack/sdk -> ../../sdk): the runtime stage
# has no sdk/ and the server never imports it, so the link goes rather than dangle.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm node_modules/@duotrack/sdk \
 && rmdir node_modules/@duotrack

# --- runtime: the build and the production dependencies, run as `node` ----------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
# The commit of this build, shown by duotrack_build_info: docker build --build-arg BUILD_COMMIT=$(git rev-parse HEAD) .
ARG BUILD_COMMIT=
ENV BUILD_COMMIT=${BUILD_COMMIT}
WORKDIR /app
# The application stays root's (read-only to the process); only the data directory is the node user's.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/bin/ bin/
COPY --from=build /app/dist/ dist/
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# /healthz answers 200 while the node serves (also "degraded": database away, events spooled).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop): stop accepting, finish requests in flight, store every pending event, exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js", "serve"]
