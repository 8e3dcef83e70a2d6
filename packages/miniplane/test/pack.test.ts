/**
 * The installable package: `pack.mjs` (what `pnpm run pack` runs after the build) writes
 * miniplane-<version>.tgz with the bins, the in-process API and its declarations, run-time
 * dependencies only and no tests or fakes; npm installs it into an empty project, where
 * `npx miniplane up`, `npx kubectl-lite get svc`, a plain .mjs that imports the API and lists
 * namespaces with @kubernetes/client-node, and a TypeScript check of the declarations all work.
 *
 * npm reaches only this machine's registry mirror (`--prefer-offline` uses its cache). The
 * better-sqlite3 this workspace built is offered to the install as a local prebuild
 * (prebuild-install's `npm_config_better_sqlite3_local_prebuilds`), so it does not compile
 * SQLite for a minute and a half; the package's own install script is what runs.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const require = createRequire(join(root, 'packages', 'apiserver', 'package.json'));

/** A prebuild-install tarball of the workspace's better-sqlite3 build, named as its download would be. */
async function localPrebuild(dir: string): Promise<string> {
  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'));
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version as string;
  const stage = join(dir, 'stage');
  mkdirSync(join(stage, 'build', 'Release'), { recursive: true });
  cpSync(join(pkgDir, 'build', 'Release', 'better_sqlite3.node'), join(stage, 'build', 'Release', 'better_sqlite3.node'));
  const out = join(dir, 'prebuilds');
  mkdirSync(out);
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['czf', join(out, name), '-C', stage, 'build']);
  return out;
}

t.test('pack, install with npm into an empty project, and use it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-pack-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const packed = await run(process.execPath, [join(root, 'packages', 'miniplane', 'pack.mjs'), '--out', dir]);
  const version = JSON.parse(readFileSync(join(root, 'packages', 'miniplane', 'package.json'), 'utf8')).version as string;
  const tgz = join(dir, `miniplane-${version}.tgz`);
  t.equal(packed.stdout.trim(), tgz, 'writes miniplane-<version>.tgz');

  const files = (await run('tar', ['tzf', tgz])).stdout.trim().split('\n');
  t.ok(files.includes('package/index.js') && files.includes('package/index.d.ts') && files.includes('package/bin/miniplane.js') && files.includes('package/bin/kubectl-lite.js'), 'the API, its types and both bins');
  t.same(files.filter((f) => /test|fixture|fake|\.ts$/i.test(f) && !f.endsWith('.d.ts')), [], 'no tests, fixtures or fakes');
  const manifest = JSON.parse((await run('tar', ['xzf', tgz, '-O', 'package/package.json'])).stdout);
  t.same(manifest.bin, { miniplane: './bin/miniplane.js', 'kubectl-lite': './bin/kubectl-lite.js' });
  t.ok(manifest.dependencies['better-sqlite3'], 'better-sqlite3 is a real dependency');
  t.same(Object.keys(manifest.dependencies).filter((d) => d.startsWith('@miniplane/') || ['tap', 'typescript', 'esbuild', '@kubernetes/client-node', 'fast-check'].includes(d)), [], 'nothing of the workspace or its dev tools');
  t.notOk(manifest.devDependencies, 'no devDependencies');

  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{"name":"uses-miniplane","version":"1.0.0","private":true,"type":"module"}\n');
  // npm, npx and the install scripts they run use this test's Node (CI also runs under Node 22 and
  // 24), so the prebuild's ABI and the one that loads it are the same.
  const env = {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    npm_config_better_sqlite3_local_prebuilds: await localPrebuild(dir),
    npm_config_update_notifier: 'false',
  };
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tgz, '@kubernetes/client-node@~1.4.0'], { cwd: project, env });

  const data = join(project, 'mp');
  const up = spawn('npx', ['--no-install', 'miniplane', 'up', '--listen', '127.0.0.1:0', '--data-dir', data, '--in-memory', '--nodes', '0'], { cwd: project, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  t.teardown(() => {
    try {
      process.kill(-up.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    up.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    up.once('exit', (c) => reject(new Error(`miniplane up exited ${c}`)));
  });
  t.match(line, /^miniplane ready at http:\/\/127\.0\.0\.1:\d+ \(kubeconfig: .*\/mp\/kubeconfig\)$/, 'npx miniplane up prints its ready line');
  const svc = await run('npx', ['--no-install', 'kubectl-lite', '--kubeconfig', join(data, 'kubeconfig'), 'get', 'svc'], { cwd: project, env });
  t.match(svc.stdout, /^NAME\s+TYPE\s+CLUSTER-IP/, 'npx kubectl-lite get svc');
  t.match(svc.stdout, /\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s/);

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
