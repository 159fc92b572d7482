# Union bot: Node 20, SQLite in a volume, runs migrations at start-up (src/db/migrate.ts) then the bot.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts prisma.postgresql.config.ts ./
COPY scripts/prisma-postgresql.ts ./scripts/prisma-postgresql.ts
COPY src/db/url.ts ./src/db/url.ts
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# A font with Vietnamese glyphs for the tally chart; jemalloc for the process's own allocations.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core libjemalloc2 \
    && rm -rf /var/lib/apt/lists/*
# jemalloc (one arena, no thread caches, freed pages returned within a second): after a country-size /xuatbaocao the
# process settles at 150 MB instead of the 235 MB glibc keeps (README "Benchmarks", exports). GLIBC_TUNABLES: a fixed
# mmap threshold for what still goes through glibc (idle memory 75 MB in every start instead of 75-82 MB).
ENV NODE_ENV=production \
    LD_PRELOAD=libjemalloc.so.2 \
    MALLOC_CONF=narenas:1,tcache:false,dirty_decay_ms:1000,muzzy_decay_ms:0 \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072 \
    DATABASE_URL=file:/data/union-bot.db \
    ZALO_CREDENTIALS_FILE=/data/zalo-credentials.json
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000 8080 8443
# The flags of npm start: a small young generation, V8 compiling and collecting on the main thread only, and
# Prisma's query compiler left to V8's baseline WebAssembly compiler (what each saves at idle: README, "Development").
CMD ["node", "--max-semi-space-size=1", "--v8-pool-size=1", "--single-threaded", "--liftoff-only", "dist/src/main.js"]
