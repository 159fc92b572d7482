// Prisma CLI settings: the JS engine with the better-sqlite3 driver adapter, so generate and
// migrate run offline (no native engine download). See README "Database".
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { defaultDatabaseUrl } from "./src/db/url.js";

const url = process.env.DATABASE_URL ?? defaultDatabaseUrl(process.cwd());
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    return new PrismaBetterSQLite3({ url });
  },
});
