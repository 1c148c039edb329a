import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config, type ServerRole } from '../config/config.js';
import { createRuntime, serve } from '../main.js';
import { AppError } from '../shared/errors.js';
import { runMotionCommand } from '../motion/motion.cli.js';
import { TRANSPARENCY_USAGE, verifyCommand, witnessCommand } from '../transparency/transparency.cli.js';

const USAGE = `Usage: porchlight <command> [options]

Commands:
  start                         Run hub and community server in one process (web + jobs)
  hub                           Run only the household hub
  community                     Run only the community server
  admin create --email E --password-stdin [--name N]
                                Create the instance admin without a browser (first run only)
  motion <video-file-or-url> [--fps 5] [--zones JSON] [--json]
                                Run the motion detector on footage, for tuning
${TRANSPARENCY_USAGE}
  help                          Show this help

Configuration comes from PORCHLIGHT_* environment variables; see the README.`;

/** Read all of standard input as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function configFor(roles: ServerRole[] | undefined): Config {
  return loadConfig(process.env, roles ? { roles } : {});
}

/** Entry point: dispatch a CLI verb; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'start':
    case undefined:
      await serve(configFor(undefined));
      return -1;
    case 'hub':
      await serve(configFor(['hub']));
      return -1;
    case 'community':
      await serve(configFor(['community']));
      return -1;
    case 'admin':
      return adminCommand(rest);
    case 'motion':
      return runMotionCommand(rest, process.stdout, process.stderr);
    case 'verify':
      return verifyCommand(rest);
    case 'witness':
      return witnessCommand(rest);
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`porchlight: unknown command '${verb}'\n\n${USAGE}`);
      return 2;
  }
}

async function adminCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') {
    console.error('Usage: porchlight admin create --email E --password-stdin [--name N]');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean' }, name: { type: 'string' } },
    strict: true,
  });
  if (!values.email || !values['password-stdin']) {
    console.error(
      'Usage: porchlight admin create --email E --password-stdin [--name N]\n(the password is read from standard input, never from arguments)',
    );
    return 2;
  }
  const password = (await readStdin()).replace(/\r?\n$/, '');
  const runtime = await createRuntime({ ...configFor(undefined), logLevel: 'warn' });
  try {
    const user = await runtime.accounts.createAdmin({
      email: values.email,
      password,
      displayName: values.name ?? 'Instance admin',
    });
    console.log(`Created instance admin ${user.email}.`);
    return 0;
  } finally {
    await runtime.close();
  }
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exitCode = 78;
  } else if (e instanceof AppError) {
    console.error(`porchlight: ${e.message} (${e.code})`);
    process.exitCode = 1;
  } else if (
    e instanceof TypeError &&
    (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
  ) {
    console.error(`porchlight: ${e.message}`);
    process.exitCode = 2;
  } else {
    console.error('porchlight: failed to start:', e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
