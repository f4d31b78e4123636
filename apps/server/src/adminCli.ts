/**
 * `parley-server admin <command>`: account administration against the same data as the
 * server (the same --data-dir / --store flags and PARLEY_* variables), run while the
 * server runs or not. With --bus, revocations also reach running nodes at once, so a
 * deactivated user's open sockets close within a second; without it they close when
 * their access token expires, and every request is refused at once either way.
 */
import { randomBytes } from 'node:crypto';
import type { AdminUser } from '@parley/protocol';
import { ConfigError, loadConfig } from './config.js';
import { RedisBus } from './bus/redisBus.js';
import { createDomain } from './domain/createDomain.js';
import type { EventSink } from './domain/events.js';
import { isAppError } from './domain/errors.js';
import { createLogger } from './observability/log.js';
import { createMetrics } from './observability/metrics.js';
import { openStore } from './store/openStore.js';

const COMMANDS = ['create-admin', 'reset-password', 'deactivate', 'reactivate', 'list-users'] as const;
type Command = (typeof COMMANDS)[number];
const OWN_FLAGS = ['--email', '--name', '--password'] as const;

export class UsageError extends Error {}

interface Io {
  out(line: string): void;
}

/** Splits the command's own flags from the server flags that locate the data. */
function splitArgs(argv: readonly string[]): { command: Command; own: Record<string, string>; rest: string[] } {
  const [command, ...args] = argv;
  if (!command || !(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown admin command ${JSON.stringify(command ?? '')}; one of: ${COMMANDS.join(', ')}`);
  }
  const own: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const flag = OWN_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`));
    if (!flag) {
      rest.push(arg);
      continue;
    }
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    own[flag.slice(2)] = value;
  }
  return { command: command as Command, own, rest };
}

function need(own: Record<string, string>, name: string): string {
  const value = own[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

function describe(u: AdminUser): string {
  return `${u.id}\t${u.email}\t${u.role}\t${u.status}\t${u.full_name}`;
}

export async function runAdminCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<void> {
  const { command, own, rest } = splitArgs(argv);
  const config = loadConfig(rest, env);
  const log = createLogger({ ...config, logLevel: 'warn' });
  const store = await openStore({ dataDir: config.dataDir, storeUrl: config.store, log, metrics: createMetrics() });
  const bus = config.bus ? await RedisBus.open(config.bus, config.busPrefix, log).catch(async (err: unknown) => {
    await store.close();
    throw err;
  }) : null;
  const events: EventSink = { publish: (event) => bus?.publish({ t: 'event', event }) };
  try {
    const { accountAdmin: admin } = await createDomain({ store, events, config, log });
    const generated = own.password ? null : randomBytes(12).toString('base64url');
    const password = own.password ?? generated!;
    if (password.length < 8) throw new UsageError('--password must be at least 8 characters');
    switch (command) {
      case 'create-admin':
        io.out(`admin ${describe(await admin.createAdmin(need(own, 'email'), own.name ?? 'Administrator', password))}`);
        break;
      case 'reset-password':
        io.out(`password reset, sessions signed out: ${describe(await admin.resetPassword(need(own, 'email'), password))}`);
        break;
      case 'deactivate':
        io.out(`deactivated: ${describe(await admin.setStatus(need(own, 'email'), 'deactivated'))}`);
        break;
      case 'reactivate':
        io.out(`reactivated: ${describe(await admin.setStatus(need(own, 'email'), 'active'))}`);
        break;
      case 'list-users': {
        io.out('id\temail\trole\tstatus\tname');
        for (let after = 0; ; ) {
          const page = await admin.listUsers(after, 500);
          for (const u of page) io.out(describe(u));
          if (page.length < 500) break;
          after = page.at(-1)!.id;
        }
        break;
      }
    }
    if (generated && (command === 'create-admin' || command === 'reset-password')) io.out(`password: ${generated}`);
  } finally {
    await bus?.close();
    await store.close();
  }
}

/** Process entry for `parley-server admin …`: exit 0, 1 (refused: no such user…), or 2 (usage). */
export async function adminMain(argv: readonly string[]): Promise<never> {
  try {
    await runAdminCli(argv, process.env, { out: (line) => process.stdout.write(`${line}\n`) });
    process.exit(0);
  } catch (err) {
    const usage = err instanceof UsageError || err instanceof ConfigError;
    const message = usage || isAppError(err) ? (err as Error).message : String((err as Error).stack ?? err);
    process.stderr.write(`parley-server admin: ${message}\n`);
    process.exit(usage ? 2 : 1);
  }
}
