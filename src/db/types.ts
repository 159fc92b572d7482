/** The project's one database client type (the SQLite client's; see client-pg.ts for why PostgreSQL shares it). */
import type { PrismaClient } from "../generated/prisma/client.js";

export type Db = PrismaClient;

export type Engine = "sqlite" | "postgresql";
