/**
 * Runs every script in examples/ (the seed scenarios, written with kubectl-lite only) against a
 * `miniplane up` with its controllers (and a short node-monitor grace period), as a user would: KUBECONFIG exported and `kubectl-lite` on
 * the PATH. Each script checks what it shows and exits non-zero on any surprise.
 */
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { liteBin, runProcess, startMiniplaneUp, tempDir } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examples = join(root, 'examples');

// a dozen scenarios, one of them 250 pods: more than the default two minutes on a loaded machine
t.setTimeout(420_000);

t.test('every example runs against miniplane up', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-examples-');
  // node-down.sh: a stopped node goes Unknown in ~10 s instead of 40 s
  const kubeconfig = await startMiniplaneUp(t, join(dir, 'data'), ['--node-monitor-grace-period', '10s', '--node-monitor-period', '1s', '--node-lease-duration-seconds', '4']);
  const bin = join(dir, 'bin');
  (await import('node:fs')).mkdirSync(bin);
  writeFileSync(join(bin, 'kubectl-lite'), `#!/bin/sh\nexec "${process.execPath}" "${liteBin}" "$@"\n`);
  chmodSync(join(bin, 'kubectl-lite'), 0o755);
  const env = { KUBECONFIG: kubeconfig, PATH: `${bin}:${process.env.PATH}`, KUBECACHEDIR: join(dir, 'cache') };
  const scripts = readdirSync(examples).filter((f) => f.endsWith('.sh') && f !== 'lib.sh').sort();
  t.ok(scripts.length >= 7, 'the seed scenarios are there');
  for (const s of scripts) {
    const started = Date.now();
    const r = await runProcess('sh', [join(examples, s)], { env });
    t.comment(`${s}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    t.equal(r.code, 0, `${s} exits 0${r.code ? `\n${r.stdout}\n${r.stderr}` : ''}`);
    t.match(r.stdout, /^ok: /m, `${s} checked something`);
    t.notMatch(r.stdout, /FAILED/, `${s} has no failed check`);
  }
});
