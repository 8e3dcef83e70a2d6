/**
 * Runs every script in examples/ (the seed scenarios, written with kubectl-lite only) against a
 * `miniplane up` with its controllers, as a user would: KUBECONFIG exported and `kubectl-lite` on
 * the PATH. Each script checks what it shows and exits non-zero on any surprise.
 */
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { liteBin, runProcess, tempDir } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examples = join(root, 'examples');
const miniplane = join(root, 'packages', 'cli', 'bin', 'miniplane.js');

async function up(t: Tap.Test, dir: string): Promise<string> {
  const child = spawn(process.execPath, [miniplane, 'up', '--listen', '127.0.0.1:0', '--in-memory', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.once('exit', (c) => reject(new Error(`miniplane up exited ${c}`)));
  });
  const m = /\(kubeconfig: (.+)\)$/.exec(line);
  if (!m) throw new Error(`unexpected ready line: ${line}`);
  return m[1]!;
}

t.test('every example runs against miniplane up', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-examples-');
  const kubeconfig = await up(t, join(dir, 'data'));
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
