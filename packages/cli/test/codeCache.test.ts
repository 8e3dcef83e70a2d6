/**
 * The bin's V8 code cache (bin/miniplane.js, tools/runBundle.cjs): written by a first successful
 * run, used by the next (left as it is), a damaged or foreign one ignored and written afresh,
 * none written by --help or with NODE_DISABLE_COMPILE_CACHE=1. Each case runs a copy of the bin and bundle in
 * a temp folder inside this package (so better-sqlite3 still resolves), never the shared
 * dist/bundle.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Script } from 'node:vm';
import t from 'tap';
import { bin } from './upProcess.js';

const run = promisify(execFile);
const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A copy of bin/ (miniplane.js and its package.json) and dist/bundle (main.cjs, runBundle.cjs); returns the copied bin and bundle folder. */
function copy(t: Tap.Test): { copiedBin: string; bundleDir: string } {
  const root = mkdtempSync(join(pkg, '.code-cache-test-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const bundleDir = join(root, 'dist', 'bundle');
  mkdirSync(join(root, 'bin'));
  mkdirSync(bundleDir, { recursive: true });
  for (const f of ['miniplane.js', 'package.json']) copyFileSync(join(dirname(bin), f), join(root, 'bin', f));
  for (const f of ['main.cjs', 'runBundle.cjs']) copyFileSync(join(pkg, 'dist', 'bundle', f), join(bundleDir, f));
  return { copiedBin: join(root, 'bin', 'miniplane.js'), bundleDir };
}

const caches = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

/** `up` to its ready line, one request served, then SIGTERM; resolves with the exit code. */
async function upOnce(copiedBin: string, env: NodeJS.ProcessEnv = process.env): Promise<number | null> {
  const dataDir = mkdtempSync(join(pkg, '.code-cache-data-'));
  const child = spawn(process.execPath, [copiedBin, 'up', '--in-memory', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--nodes', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'], env,
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        const m = /^miniplane ready at (\S+) /.exec(buf);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (c) => reject(new Error(`exited ${c} before its ready line`)));
    });
    const res = await fetch(`${url}/api/v1/namespaces/kube-system`);
    if (res.status !== 200) throw new Error(`GET kube-system: ${res.status}`);
    child.kill('SIGTERM');
    return await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const valid = (file: string) => {
  const b = readFileSync(file);
  return createHash('sha1').update(b.subarray(20)).digest().equals(b.subarray(0, 20));
};

t.test('a first run writes the cache, the next uses it as it is', async (t) => {
  const { copiedBin, bundleDir } = copy(t);
  t.equal(await upOnce(copiedBin), 0);
  const written = caches(bundleDir);
  t.equal(written.length, 1, 'one cache file');
  t.match(written[0], new RegExp(`^main\\.cjs\\.[0-9a-f]{16}\\.up\\.${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
  const file = join(bundleDir, written[0]!);
  t.ok(valid(file), 'checksummed');
  const before = statSync(file);
  t.equal(await upOnce(copiedBin), 0, 'starts and serves from the cache');
  const after = statSync(file);
  t.same([after.ino, after.mtimeMs], [before.ino, before.mtimeMs], 'not rewritten');
});

t.test('a damaged cache is not used and is written afresh', async (t) => {
  const { copiedBin, bundleDir } = copy(t);
  t.equal(await upOnce(copiedBin), 0);
  const file = join(bundleDir, caches(bundleDir)[0]!);
  const damaged = readFileSync(file);
  for (let i = 1000; i < damaged.length; i += 997) damaged[i]! ^= 0x55;
  writeFileSync(file, damaged);
  t.notOk(valid(file));
  t.equal(await upOnce(copiedBin), 0, 'starts and serves');
  t.ok(valid(file), 'written afresh');
});

t.test('a foreign cache (checksummed, of another script) is rejected by V8 and written afresh', async (t) => {
  const { copiedBin, bundleDir } = copy(t);
  t.equal(await upOnce(copiedBin), 0);
  const file = join(bundleDir, caches(bundleDir)[0]!);
  const data = new Script('(function () { return 42; })').createCachedData();
  const foreign = Buffer.concat([createHash('sha1').update(data).digest(), data]);
  writeFileSync(file, foreign);
  t.ok(valid(file), 'passes the checksum');
  t.equal(await upOnce(copiedBin), 0, 'starts and serves');
  t.ok(valid(file));
  t.notOk(readFileSync(file).equals(foreign), 'written afresh');
});

t.test('--help, a failed run and NODE_DISABLE_COMPILE_CACHE=1 write none', async (t) => {
  const { copiedBin, bundleDir } = copy(t);
  const help = await run(process.execPath, [copiedBin, 'up', '--help']);
  t.match(help.stdout, /^Usage: miniplane up/);
  const bad = await run(process.execPath, [copiedBin, 'up', '--bogus']).catch((e: { code: number }) => e);
  t.equal((bad as { code: number }).code, 2);
  t.equal(await upOnce(copiedBin, { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' }), 0);
  t.same(caches(bundleDir), []);
});
