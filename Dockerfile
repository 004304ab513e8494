# syntax=docker/dockerfile:1
# Node 24, the newest LTS line the stack builds on: better-sqlite3 12 (the last line that still
# supports the Node 20 that `engines` accepts) does not compile against Node 26's V8. Both stages use
# the same line; .ci/run runs the suite on it (.ci/image-node reads the line from here).
# Build stage: full dependencies, compile TypeScript.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies and the compiled code only, as an unprivileged user.
# .ci/container-check reproduces this stage without Docker (fresh directory, npm ci --omit=dev,
# dist/, unprivileged user, the HEALTHCHECK command below); keep the two in step.
FROM node:24-bookworm-slim AS runtime
# An explicit heap ceiling: V8 otherwise sizes it from the memory it sees (often the host's, not the
# container's) and lets the heap grow far past the gateway's 40–60 MB live set before collecting
# (BENCHMARKS.md: RSS 263 MB under a flood without it, about 160 MB with it, for more frequent
# collections). Give the container at least 768 MB, or lower this with its limit.
ENV NODE_ENV=production \
    PORT=3000 \
    AUDIT_DATABASE_URL=sqlite:/app/data/audit.db \
    NODE_OPTIONS=--max-old-space-size=512
WORKDIR /app
COPY package.json package-lock.json ./
# better-sqlite3 downloads a prebuilt binary when it can and compiles otherwise; the compilers are
# removed in the same layer, so they never ship.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && apt-get purge -y python3 make g++ && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* /root/.cache
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
VOLUME ["/app/data"]
# node is PID 1 and handles SIGTERM itself (drain in-flight requests, close stores, exit 0 within 15 s).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
