/**
 * examples/testing runs as it is documented (so `pnpm test` and CI run it): the node:test suite of
 * the client-node Service annotator against startMiniplane() per test, and the pytest suite whose
 * fixture starts `miniplane up` on a free port for the official Python client (Debian's
 * python3-kubernetes and python3-pytest, for /usr/bin/python3).
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examples = join(root, 'examples', 'testing');

t.test('the node:test suite of the client-node controller passes', async (t) => {
  // The TAP reporter named: Node 20 and 22 default to it when stdout is not a terminal, 24 to spec.
  const r = await run(process.execPath, ['--test', '--test-reporter=tap', join(examples, 'serviceAnnotator.test.mjs')], { cwd: root });
  t.match(r.stdout, /^# pass 4$/m);
  t.match(r.stdout, /^# fail 0$/m);
});

t.test('the pytest suite with its miniplane fixture passes', async (t) => {
  const env = { ...process.env, MINIPLANE: `${process.execPath} ${join(root, 'packages', 'cli', 'bin', 'miniplane.js')}` };
  const r = await run('/usr/bin/python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', join(examples, 'python')], { cwd: root, env });
  t.match(r.stdout, /\b3 passed\b/);
});
