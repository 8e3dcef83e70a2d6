/**
 * Runs every script in examples/ (the seed scenarios, written with kubectl-lite only) against a
 * `miniplane up` with its controllers, as a user would: KUBECONFIG exported and `kubectl-lite` on
 * the PATH. Each script checks what it shows and exits non-zero on any surprise.
 */
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { liteBin, runProcess, startMiniplaneUp, tempDir } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examples = join(root, 'examples');

t.test('every example runs against miniplane up', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-examples-');
  const kubeconfig = await startMiniplaneUp(t, join(dir, 'data'));
  const bin = join(dir, 'bin');
  (await import('node:fs')).mkdirSync(bin);
  writeFileSync(join(bin, 'kubectl-lite'), `#!/bin/sh\nexec "${process.execPath}" "${liteBin}" "$@"\n`);
  chmodSync(join(bin, 'kubectl-lite'), 0o755);
  const env = { KUBECONFIG: kubeconfig, PATH: `${bin}:${process.env.PATH}`, KUBECACHEDIR: join(dir, 'cache') };
  const scripts = readdirSync(examples).filter((f) => f.endsWith('.sh') && f !== 'lib.sh').sort();
  t.ok(scripts.length >= 7, 'the seed scenarios are there');
  for (const s of scripts) {
    const r = await runProcess('sh', [join(examples, s)], { env });
    t.equal(r.code, 0, `${s} exits 0${r.code ? `\n${r.stdout}\n${r.stderr}` : ''}`);
    t.match(r.stdout, /^ok: /m, `${s} checked something`);
    t.notMatch(r.stdout, /FAILED/, `${s} has no failed check`);
  }
});
