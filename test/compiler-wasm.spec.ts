import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { GetPrismaClientConfig } from "@prisma/client/runtime/client";
import { afterAll, describe, expect, it } from "vitest";
import { compilerFromBytes, readCompilerWasm } from "../src/db/compiler-wasm.js";
import { migrate } from "../src/db/migrate.js";
import { PrismaClient } from "../src/generated/prisma/client.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compiler-wasm-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Override = { __internal: { configOverride: (config: GetPrismaClientConfig) => GetPrismaClientConfig } };

describe("Prisma's query compiler read from bytes", () => {
  it.each(["sqlite", "postgresql"] as const)("is the module Prisma ships for %s", async (provider) => {
    const ours = readCompilerWasm(provider);
    const shipped = await import(`@prisma/client/runtime/query_compiler_bg.${provider}.wasm-base64.mjs`);
    const theirs = new WebAssembly.Module(Buffer.from(shipped.wasm as string, "base64"));
    expect(ours).toBeInstanceOf(WebAssembly.Module);
    expect(WebAssembly.Module.exports(ours!)).toEqual(WebAssembly.Module.exports(theirs));
    expect(WebAssembly.Module.imports(ours!)).toEqual(WebAssembly.Module.imports(theirs));
  });

  it("is what a client opened with compilerFromBytes compiles its queries with", async () => {
    const url = `file:${path.join(dir, "a.db")}`;
    migrate(url);
    const loads: string[] = [];
    const { configOverride } = (compilerFromBytes("sqlite") as Override).__internal;
    // Prisma calls the override while constructing the client; the loader it installs runs on the first query.
    const counting = (config: GetPrismaClientConfig): GetPrismaClientConfig => {
      const replaced = configOverride(config);
      const load = replaced.compilerWasm!.getQueryCompilerWasmModule;
      const counted = () => {
        loads.push("bytes");
        return load();
      };
      return { ...replaced, compilerWasm: { ...replaced.compilerWasm!, getQueryCompilerWasmModule: counted } };
    };
    const options = {
      adapter: new PrismaBetterSQLite3({ url: path.join(dir, "a.db") }),
      __internal: { configOverride: counting },
    };
    const db = new PrismaClient(options as unknown as ConstructorParameters<typeof PrismaClient>[0]);
    await db.unit.create({ data: { code: "LC", name: "LĐLĐ Lai Châu", kind: "province", path: "/1/" } });
    expect(await db.unit.findMany({ select: { code: true } })).toEqual([{ code: "LC" }]);
    expect(loads).toEqual(["bytes"]);
    await db.$disconnect();
  });
});
