/** The ordered shutdown of `main.ts`: every step runs, one that fails is logged with its name and the next runs. */
import type { Logger } from "../logger.js";
import type { Stop } from "./running.js";

/** One step of the shutdown: what stops, in the words of the log line when it fails. */
export interface ShutdownStep {
  name: string;
  stop: Stop;
}

/** Runs the steps in the order given; returns the names of those that failed (each one also logged as an error). */
export async function shutDown(steps: readonly ShutdownStep[], logger: Logger): Promise<string[]> {
  const failed: string[] = [];
  for (const step of steps) {
    try {
      await step.stop();
    } catch (err) {
      failed.push(step.name);
      logger.error({ err, step: step.name }, "a shutdown step failed; carrying on with the next");
    }
  }
  return failed;
}
