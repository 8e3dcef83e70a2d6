/**
 * kubectl-lite's entry point: finds the verb, parses the global and the verb's flags, runs it,
 * and reports any error in kubectl's words with kubectl's exit code.
 */
import { errorText, exitCodeOf, UsageError } from './errors.js';
import { findVerb, globalFlags, parseFlags } from './flags.js';
import { processIo, Session } from './session.js';
import { usage, verbs } from './verb.js';

async function main(argv: string[]): Promise<number> {
  const { verb, rest } = findVerb(argv);
  if (!verb) {
    processIo.out(usage);
    return argv.length && !argv.includes('-h') && !argv.includes('--help') ? 1 : 0;
  }
  const load = Object.hasOwn(verbs, verb) ? verbs[verb] : undefined;
  if (!load) {
    processIo.err(`error: unknown command "${verb}" for "kubectl"\n`);
    return 1;
  }
  let session: Session | undefined;
  try {
    const mod = await load();
    const { flags, args } = parseFlags(rest, [...globalFlags, ...mod.flags], verb);
    session = new Session(flags, processIo, verb);
    return await mod.run(session, args);
  } catch (e: unknown) {
    const server = session ? await session.server() : '';
    processIo.err(errorText(e, server));
    return exitCodeOf(e);
  } finally {
    await session?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(e instanceof UsageError ? e.message : String(e));
    process.exitCode = 1;
  },
);
