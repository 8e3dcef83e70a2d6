/**
 * The installable package: `pack.mjs` (what `pnpm run pack` runs after the build) writes
 * miniplane-<version>.tgz with the bins, the in-process API and its declarations, run-time
 * dependencies only and no tests or fakes; npm installs it into an empty project, where
 * `npx miniplane up`, `npx kubectl-lite get svc`, a plain .mjs that imports the API and lists
 * namespaces with @kubernetes/client-node, and a TypeScript check of the declarations all work.
 * Both bins are CommonJS bundles run with their V8 code cache: the first `up` (and `get`) writes
 * one beside the bundle, the second starts from it; a run that cannot write there (another
 * user's, or a read-only folder) keeps its cache in its user's cache folder, and with nowhere to
 * write one still serves.
 *
 * npm installs from this machine alone (installPacked.mjs: its cache, and the workspace's
 * better-sqlite3 build as a local prebuild for the package's own install script).
 */
import { execFile, spawn, type SpawnOptions } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { installPacked } from '../installPacked.mjs';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const require = createRequire(join(root, 'packages', 'apiserver', 'package.json'));

/** `miniplane up` started with `bin`+`args`, resolved at its ready line; stop() sends SIGTERM and resolves with the exit code. */
async function upUntilReady(t: Tap.Test, bin: string, args: string[], dataDir: string, opts: SpawnOptions): Promise<{ line: string; stop: () => Promise<number | null> }> {
  const up = spawn(bin, [...args, 'up', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--in-memory', '--nodes', '0'], { ...opts, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const exited = new Promise<number | null>((r) => up.once('exit', (c) => r(c)));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-up.pid!, signal);
    } catch {
      // already gone
    }
  };
  t.teardown(() => kill('SIGKILL'));
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    up.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    void exited.then((c) => reject(new Error(`miniplane up exited ${c}`)));
  });
  // The group's SIGTERM reaches npx (which then dies of it) and miniplane.
  return { line, stop: () => (kill('SIGTERM'), exited) };
}

/**
 * Makes `bundleDir` unwritable for the run that follows: as root, that run is nobody's (the temp
 * folders opened to it); otherwise the folder is made read-only. Returns a data dir that run can
 * write, the spawn ids and environment to use, and what undoes the read-only folder.
 */
function asAnotherUser(dir: string, bundleDir: string): { dataDir: string; ids: { uid?: number; gid?: number }; env: (e: NodeJS.ProcessEnv) => NodeJS.ProcessEnv; restore: () => void } {
  const dataDir = join(dir, 'other-user-data');
  mkdirSync(dataDir);
  if (process.getuid?.() !== 0) {
    chmodSync(bundleDir, 0o555);
    return { dataDir, ids: {}, env: (e) => e, restore: () => chmodSync(bundleDir, 0o755) };
  }
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'project'), 0o755);
  chownSync(dataDir, 65534, 65534);
  // without the test runner's NODE_OPTIONS, whose hooks write into this worktree
  return { dataDir, ids: { uid: 65534, gid: 65534 }, env: (e) => ({ ...e, NODE_OPTIONS: '' }), restore: () => undefined };
}

// pack, install, five bin runs and a type check: about 40 s on a quiet machine, 100 s at load 10
t.setTimeout(300_000);

t.test('pack, install with npm into an empty project, and use it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-pack-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const packed = await run(process.execPath, [join(root, 'packages', 'miniplane', 'pack.mjs'), '--out', dir]);
  const version = JSON.parse(readFileSync(join(root, 'packages', 'miniplane', 'package.json'), 'utf8')).version as string;
  const tgz = join(dir, `miniplane-${version}.tgz`);
  t.equal(packed.stdout.trim(), tgz, 'writes miniplane-<version>.tgz');

  const files = (await run('tar', ['tzf', tgz])).stdout.trim().split('\n');
  t.ok(files.includes('package/index.js') && files.includes('package/index.d.ts') && files.includes('package/bin/miniplane.js') && files.includes('package/bin/kubectl-lite.js'), 'the API, its types and both bins');
  t.ok(files.includes('package/bin/package.json') && files.includes('package/dist/bundle/main.cjs'), 'the miniplane bin is the CLI\'s CommonJS loader and bundle');
  t.same(files.filter((f) => /test|fixture|fake|\.ts$/i.test(f) && !f.endsWith('.d.ts')), [], 'no tests, fixtures or fakes');
  const manifest = JSON.parse((await run('tar', ['xzf', tgz, '-O', 'package/package.json'])).stdout);
  t.same(manifest.bin, { miniplane: './bin/miniplane.js', 'kubectl-lite': './bin/kubectl-lite.js' });
  const bundledSqlite = JSON.parse(readFileSync(createRequire(join(root, 'packages', 'cli', 'package.json')).resolve('better-sqlite3/package.json'), 'utf8')).version as string;
  t.equal(manifest.dependencies['better-sqlite3'], bundledSqlite, 'better-sqlite3 is a real dependency, the very version bundled (its addon meets its bundled JavaScript)');
  t.same(Object.keys(manifest.dependencies).filter((d) => d.startsWith('@miniplane/') || ['tap', 'typescript', 'esbuild', '@kubernetes/client-node', 'fast-check'].includes(d)), [], 'nothing of the workspace or its dev tools');
  t.notOk(manifest.devDependencies, 'no devDependencies');

  const { project, env } = await installPacked({ tgz, dir, also: ['@kubernetes/client-node@~1.4.0'] });

  // The bins are CommonJS bundles run through their V8 code cache: the first successful `up`
  // writes one beside the bundle, the second starts from it (not rewriting it, which a missing or
  // rejected one would be); so does kubectl-lite's first `get`.
  const bundleDir = join(project, 'node_modules', 'miniplane', 'dist', 'bundle');
  const bundles = ['kubectl-lite.cjs', 'main.cjs', 'runBundle.cjs'];
  t.same(readdirSync(bundleDir).sort(), bundles, 'installed with the bundles, their loader and no cache');
  const first = await upUntilReady(t, 'npx', ['--no-install', 'miniplane'], join(project, 'mp'), { cwd: project, env });
  t.match(first.line, /^miniplane ready at http:\/\/127\.0\.0\.1:\d+ \(kubeconfig: .*\/mp\/kubeconfig\)$/, 'npx miniplane up prints its ready line');
  const svc = await run('npx', ['--no-install', 'kubectl-lite', '--kubeconfig', join(project, 'mp', 'kubeconfig'), 'get', 'svc'], { cwd: project, env });
  t.match(svc.stdout, /^NAME\s+TYPE\s+CLUSTER-IP/, 'npx kubectl-lite get svc');
  t.match(svc.stdout, /\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s/);
  await first.stop();
  // npx's own process ends first; the miniplane under it writes its cache at its exit, a moment later
  for (let i = 0; i < 100 && readdirSync(bundleDir).filter((f) => f.endsWith('.v8cache')).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  const cache = readdirSync(bundleDir).filter((f) => f.endsWith('.v8cache')).sort();
  const suffix = `${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache`;
  t.equal(cache.length, 2, 'two code caches');
  t.match(cache[0], new RegExp(`^kubectl-lite\\.cjs\\.[0-9a-f]{16}\\.get\\.${suffix}$`), 'kubectl-lite\'s first get wrote its code cache');
  t.match(cache[1], new RegExp(`^main\\.cjs\\.[0-9a-f]{16}\\.up\\.${suffix}$`), 'the first up wrote its code cache beside the bundle');
  const written = cache.map((f) => statSync(join(bundleDir, f)));
  // the bins as a shell finds them in node_modules/.bin, without npx's second of start-up
  const second = await upUntilReady(t, join(project, 'node_modules', '.bin', 'miniplane'), [], join(project, 'mp2'), { cwd: project, env });
  const again = await run(join(project, 'node_modules', '.bin', 'kubectl-lite'), ['--kubeconfig', join(project, 'mp2', 'kubeconfig'), 'get', 'svc', 'kubernetes'], { cwd: project, env });
  t.match(again.stdout, /\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s/, 'the second run, from the cache, serves kubectl-lite');
  await second.stop();
  const kept = cache.map((f) => statSync(join(bundleDir, f)));
  t.same(kept.map((s) => [s.ino, s.mtimeMs]), written.map((s) => [s.ino, s.mtimeMs]), 'the second runs took the caches as they are');

  // Installed by someone else (root here: run as nobody) or read-only: that user's caches go to
  // their own $XDG_CACHE_HOME/miniplane/v8; where that cannot be written either, the command
  // runs uncached, silently.
  for (const f of cache) rmSync(join(bundleDir, f));
  const other = asAnotherUser(dir, bundleDir);
  t.teardown(() => other.restore());
  const userCache = join(other.dataDir, 'xdg-cache');
  const otherEnv = { ...other.env(env), XDG_CACHE_HOME: userCache };
  const bin = (name: string) => join(project, 'node_modules', '.bin', name);
  const third = await upUntilReady(t, process.execPath, [bin('miniplane')], join(other.dataDir, 'mp3'), { cwd: project, env: otherEnv, ...other.ids });
  const res = await fetch(`${/ at (\S+) /.exec(third.line)![1]}/api/v1/namespaces/kube-system`);
  t.equal(res.status, 200, 'another user\'s run serves');
  // HOME the read-only folder and no XDG_CACHE_HOME: nowhere to write a cache
  const nowhere = { ...other.env(env), HOME: bundleDir, XDG_CACHE_HOME: '' };
  const lite = await run(process.execPath, [bin('kubectl-lite'), '--kubeconfig', join(other.dataDir, 'mp3', 'kubeconfig'), '--cache-dir', join(other.dataDir, 'kcache'), 'get', 'ns', 'default'], { cwd: project, env: nowhere, ...other.ids });
  t.match(lite.stdout, /\ndefault\s+Active\s/, 'so does its kubectl-lite with nowhere to write a cache');
  t.equal(await third.stop(), 0, 'and exits 0 on SIGTERM');
  t.same(readdirSync(bundleDir).sort(), bundles, 'neither writes beside the bundles');
  const userCaches = readdirSync(join(userCache, 'miniplane', 'v8'));
  t.equal(userCaches.length, 1, 'one cache in the user\'s cache folder');
  t.match(userCaches[0], new RegExp(`^main\\.cjs\\.[0-9a-f]{16}\\.up\\.${suffix}$`), 'the up\'s');
  t.equal(statSync(join(userCache, 'miniplane', 'v8')).mode & 0o777, 0o700, 'a folder only that user may read');
  const userWritten = statSync(join(userCache, 'miniplane', 'v8', userCaches[0]!));
  const fourth = await upUntilReady(t, process.execPath, [bin('miniplane')], join(other.dataDir, 'mp4'), { cwd: project, env: otherEnv, ...other.ids });
  t.equal(await fourth.stop(), 0);
  const userKept = statSync(join(userCache, 'miniplane', 'v8', userCaches[0]!));
  t.same([userKept.ino, userKept.mtimeMs], [userWritten.ino, userWritten.mtimeMs], 'the next run takes it as it is');
  other.restore();

  writeFileSync(join(project, 'list.mjs'), [
    "import { startMiniplane } from 'miniplane';",
    "import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';",
    'const mp = await startMiniplane({ controllers: false });',
    'const kc = new KubeConfig();',
    'kc.loadFromString(mp.kubeconfig);',
    'const list = await kc.makeApiClient(CoreV1Api).listNamespace();',
    "console.log(list.items.map((n) => n.metadata.name).join(' '));",
    'await mp.stop();',
    '',
  ].join('\n'));
  const listed = await run(process.execPath, ['list.mjs'], { cwd: project, env });
  t.equal(listed.stdout, 'default kube-node-lease kube-public kube-system\n', 'a plain .mjs imports the API and lists namespaces with client-node');

  writeFileSync(join(project, 'typed.ts'), [
    "import { startMiniplane, type Miniplane, type MiniplaneOptions } from 'miniplane';",
    "const options: MiniplaneOptions = { controllers: 'serviceaccount', nodes: 1, manifests: ['fixtures/'], tls: true };",
    'const mp: Miniplane = await startMiniplane(options);',
    'const url: string = mp.url;',
    'await mp.reset();',
    'await mp.stop();',
    'export { url };',
    '',
  ].join('\n'));
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  await t.resolves(run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(root, 'node_modules', '@types'), 'typed.ts'], { cwd: project }), 'the declarations type-check a user\'s TypeScript');
});
