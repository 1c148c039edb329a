// The `porchlight verify` and `porchlight witness` verbs: argument parsing and printing only; the checks live in
// verifier.ts and witness.ts. Neither verb needs a configuration or a database: they talk to a server over HTTP.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { VerificationError, verifyLog } from './verifier.js';
import { witnessKeygen, witnessOnce } from './witness.js';

/** Usage lines for the dispatcher's help. */
export const TRANSPARENCY_USAGE = `  verify --server URL --key KEY [--state FILE] [--full | --tiles]
                                Check the public log: checkpoint signature, consistency with the
                                checkpoint in FILE, and with --full every entry and the root
                                (--tiles: the same over the log's C2SP tlog-tiles, every tile too)
  witness --server URL --log-key KEY --key FILE --state FILE
                                Cosign the log's checkpoint as a witness, if it extends the last one cosigned
  witness keygen --name NAME --out FILE
                                Create a witness key (prints the verifier key to register)`;

const VERIFY_USAGE = 'Usage: porchlight verify --server URL --key KEY [--state FILE] [--full | --tiles]';
const WITNESS_USAGE =
  'Usage: porchlight witness --server URL --log-key KEY --key FILE --state FILE\n' +
  '       porchlight witness keygen --name NAME --out FILE';

// A key may be given inline or as a file holding it, so it need not sit in shell history.
function keyArgument(value: string): string {
  return /^[^\s+]+\+[0-9a-f]{8}\+/.test(value) ? value : fs.readFileSync(value, 'utf8').trim();
}

function fail(verb: string, e: unknown): number {
  if (e instanceof VerificationError) {
    console.error(`porchlight ${verb}: FAILED (${e.code}): ${e.message}`);
    return 1;
  }
  throw e;
}

/** `porchlight verify`: returns the exit code (0 verified, 1 a check failed, 2 bad usage). */
export async function verifyCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      key: { type: 'string' },
      state: { type: 'string' },
      full: { type: 'boolean' },
      tiles: { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.server || !values.key) {
    console.error(VERIFY_USAGE);
    return 2;
  }
  try {
    const started = Date.now();
    const r = await verifyLog({
      server: values.server,
      key: keyArgument(values.key),
      stateFile: values.state,
      full: values.full,
      tiles: values.tiles,
    });
    console.log(`porchlight verify: OK ${r.origin} size ${r.size} root ${r.rootHash}`);
    console.log('  checkpoint signature: valid');
    if (r.consistentWith !== null)
      console.log(`  consistent with the checkpoint of size ${r.consistentWith} in ${values.state}`);
    else if (values.state) console.log(`  first run with ${values.state}: this checkpoint is now remembered`);
    console.log(
      values.tiles
        ? `  all ${r.entriesChecked} entries allowed and hashed from the entry bundles; every hash tile ` +
            'recomputed from them, summing to the signed root'
        : values.full
          ? `  all ${r.entriesChecked} entries allowed, hashed and summed to the signed root`
          : r.entriesChecked
            ? '  newest entry: allowed, and its inclusion proof checks (use --full for every entry)'
            : '  the log is empty',
    );
    if (r.otherSigners.length) console.log(`  also signed by: ${r.otherSigners.join(', ')}`);
    console.log(`  in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (e) {
    return fail('verify', e);
  }
}

/** `porchlight witness` and `porchlight witness keygen`: returns the exit code. */
export async function witnessCommand(argv: string[]): Promise<number> {
  if (argv[0] === 'keygen') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: { name: { type: 'string' }, out: { type: 'string' } },
      strict: true,
    });
    if (!values.name || !values.out) {
      console.error(WITNESS_USAGE);
      return 2;
    }
    let verifierKey: string;
    try {
      ({ verifierKey } = witnessKeygen(values.name, values.out));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      console.error(`porchlight witness: ${values.out} exists; a witness key is never overwritten`);
      return 1;
    }
    console.log(verifierKey);
    console.error(
      `porchlight witness: signer key written to ${values.out}; register the verifier key above.`,
    );
    return 0;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      'log-key': { type: 'string' },
      key: { type: 'string' },
      state: { type: 'string' },
    },
    strict: true,
  });
  if (!values.server || !values['log-key'] || !values.key || !values.state) {
    console.error(WITNESS_USAGE);
    return 2;
  }
  try {
    const r = await witnessOnce({
      server: values.server,
      logKey: keyArgument(values['log-key']),
      witnessKey: fs.readFileSync(values.key, 'utf8'),
      stateFile: values.state,
    });
    console.log(
      `porchlight witness: cosigned ${r.origin} size ${r.size}` +
        (r.consistentWith !== null
          ? ` (consistent with size ${r.consistentWith})`
          : ' (first checkpoint seen)'),
    );
    return 0;
  } catch (e) {
    return fail('witness', e);
  }
}
