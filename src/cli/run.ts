import { ConfigError } from "../config.js";

/** Runs a command-line task: a clear one-line error and a non-zero exit instead of a stack trace. */
export async function runCli(task: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await task();
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error((err as Error).message);
    process.exitCode = 2;
  }
}
