/**
 * Prisma's query compiler is WebAssembly shipped as base64 text in a JavaScript module. The generated client imports
 * that module, so its 2.5 MB of text stays in memory twice for the life of the process (the module's source and the
 * string it exports), beside the compiled module. Here the file is read as bytes and decoded, and the text is garbage
 * at once: about 5 MB less at idle. Prisma's own loader is used when the file is not in the expected shape.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { GetPrismaClientConfig } from "@prisma/client/runtime/client";

const require = createRequire(import.meta.url);
const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

export type CompilerProvider = "sqlite" | "postgresql";

/** The compiled query compiler for a provider, or undefined when its file is not `… = "<base64>" …`. */
export function readCompilerWasm(provider: CompilerProvider): WebAssembly.Module | undefined {
  const text = fs.readFileSync(require.resolve(`@prisma/client/runtime/query_compiler_bg.${provider}.wasm-base64.js`));
  const start = text.indexOf('"') + 1;
  const end = text.lastIndexOf('"');
  if (start <= 0 || end <= start) return undefined;
  // A young string, collected by the next scavenge (a string literal of a loaded module would live for ever).
  const bytes = Buffer.from(text.toString("latin1", start, end), "base64");
  return bytes.subarray(0, 4).equals(WASM_MAGIC) ? new WebAssembly.Module(bytes) : undefined;
}

/**
 * PrismaClient options that make the client load its query compiler through readCompilerWasm (Prisma's runtime option
 * `__internal.configOverride`, marked internal and left out of the generated client's option types, hence `object`;
 * test/compiler-wasm.spec.ts notices if an upgrade drops it).
 */
export function compilerFromBytes(provider: CompilerProvider): object {
  const options: { __internal: { configOverride: (config: GetPrismaClientConfig) => GetPrismaClientConfig } } = {
    __internal: {
      configOverride: (config) => {
        const prisma = config.compilerWasm;
        if (!prisma) return config;
        const getQueryCompilerWasmModule = async () =>
          readCompilerWasm(provider) ?? prisma.getQueryCompilerWasmModule();
        return { ...config, compilerWasm: { ...prisma, getQueryCompilerWasmModule } };
      },
    },
  };
  return options;
}
