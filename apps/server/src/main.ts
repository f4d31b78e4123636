/**
 * Process entry: read configuration, start the server, and on SIGTERM/SIGINT close
 * gracefully (sockets get 1001 so clients reconnect and resume) before exiting 0.
 */
import { ConfigError, HELP_TEXT, loadConfig, wantsHelp, type ServerConfig } from './config.js';
import { createServer, type ParleyServer } from './server.js';

/** A stuck close must not keep a terminated process alive forever. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'admin') {
    const { adminMain } = await import('./adminCli.js');
    await adminMain(argv.slice(1));
  }
  if (wantsHelp(argv)) {
    process.stdout.write(HELP_TEXT);
    return;
  }
  let config: ServerConfig;
  try {
    config = loadConfig(argv, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`parley-server: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  const server: ParleyServer = await createServer(config);
  const { log } = server;

  // State after an uncaught exception is unknown: log it and exit non-zero so a
  // supervisor restarts the server (clients reconnect and resume with after_seq).
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception');
    log.flush(() => process.exit(1));
  });
  // A stray rejection is one failed operation, not a corrupted process: log and go on.
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection');
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Log lines are written asynchronously: flush them before the process ends.
    const exit = (code: number) => log.flush(() => process.exit(code));
    const deadline = setTimeout(() => {
      log.error('graceful shutdown timed out');
      exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server.close().then(
      () => exit(0),
      (err: unknown) => {
        log.error({ err }, 'error during shutdown');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await server.listen();
}

main().catch((err: unknown) => {
  process.stderr.write(`parley-server: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
