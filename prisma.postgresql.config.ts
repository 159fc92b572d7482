// Prisma CLI settings for the PostgreSQL copy of the schema (prisma/postgresql/schema.prisma, written by
// scripts/prisma-postgresql.ts): the JS engine with the pg driver adapter. Used by `prisma generate` for the
// PostgreSQL client and by `npm run db:pg-migration` (prisma migrate diff). See README "Database".
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const url = process.env.PG_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "postgresql", "schema.prisma"),
  async adapter() {
    return new PrismaPg({ connectionString: url });
  },
});
