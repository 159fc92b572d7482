/** Composition root: config → database → services → platforms → scheduler → start. Nothing else lives here. */
import { ConfigError, loadConfigFromProcess } from "./config.js";
import { openDatabase } from "./db/client.js";
import { createLogger } from "./logger.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfigFromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  const db = await openDatabase(config.databaseUrl);
  logger.info({ database: config.databaseUrl }, "database ready");
  const stop = async () => {
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

await main();
