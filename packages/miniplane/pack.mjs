// `pnpm run pack`: the installable `miniplane` package as dist/miniplane-<version>.tgz. Its bins
// are the workspace's own: each one's loader (packages/cli/bin/miniplane.js,
// packages/kubectl-lite/bin/kubectl-lite.js, CommonJS) and the one-script CommonJS bundle its
// build.mjs wrote with the loader's runBundle.cjs, at the same relative paths (bin/,
// dist/bundle/), so an installed `miniplane up` or `kubectl-lite get` starts from V8's code cache
// as the workspace's do (written beside the bundle by the first successful run of each command;
// where the package's folder is not writable they run uncached). The CLI's bundle holds its npm
// dependencies' JavaScript too, better-sqlite3's included, whose native addon it loads from the
// installed better-sqlite3: so that is pinned to the very version bundled. The in-process API
// (index.js, the package's main export, with its declarations index.d.ts and options.d.ts) is
// bundled with esbuild as ES modules, its third-party packages left as real dependencies, listed
// with the ranges the workspace declares, and only those it imports. No tests, fixtures or fakes:
// only the bundles are shipped.
// Run after `pnpm run build` (the root `pack` script does). `--out DIR` writes the tarball (and
// its staging folder) under DIR instead of the repo's dist/.
import { execFileSync } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outFlag = process.argv.indexOf('--out');
const dest = outFlag > 0 ? process.argv[outFlag + 1] : join(root, 'dist');
const out = join(dest, 'pack', 'miniplane');
const own = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'bin'), { recursive: true });

const builtins = new Set(builtinModules);
/** Bundle our own code (relative paths and @miniplane/*); leave every other package external. */
const externals = {
  name: 'externals',
  setup: (b) =>
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@miniplane/') || args.path.startsWith('node:') || builtins.has(args.path)) return undefined;
      return { path: args.path, external: true };
    }),
};

const result = await build({
  entryPoints: { index: join(here, 'dist', 'index.js') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'lib/chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  plugins: [externals],
});

// Every third-party package the API's bundle imports, with the range the workspace declares for it.
const declared = {};
for (const p of readdirSync(join(root, 'packages'))) {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8'));
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) if (!range.startsWith('workspace:')) declared[name] = range;
}
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const used = new Set();
for (const file of Object.values(result.metafile.outputs)) {
  for (const imp of file.imports) if (imp.external && !imp.path.startsWith('node:') && !builtins.has(imp.path)) used.add(packageOf(imp.path));
}
const dependencies = {};
for (const name of [...used].sort()) {
  if (!declared[name]) throw new Error(`the API's bundle imports ${name}, which no workspace package declares`);
  dependencies[name] = declared[name];
}

// The bins as they are in the workspace (bin/package.json makes bin/ CommonJS).
mkdirSync(join(out, 'dist', 'bundle'), { recursive: true });
for (const [pkg, bin, bundle] of [['cli', 'miniplane.js', 'main.cjs'], ['kubectl-lite', 'kubectl-lite.js', 'kubectl-lite.cjs']]) {
  const from = join(root, 'packages', pkg);
  if (!existsSync(join(from, 'dist', 'bundle', bundle))) throw new Error(`packages/${pkg}/dist/bundle/${bundle} is missing: run \`pnpm run build\` first`);
  for (const f of [bin, 'package.json']) copyFileSync(join(from, 'bin', f), join(out, 'bin', f));
  for (const f of [bundle, 'runBundle.cjs']) copyFileSync(join(from, 'dist', 'bundle', f), join(out, 'dist', 'bundle', f));
  chmodSync(join(out, 'bin', bin), 0o755);
}
const cli = join(root, 'packages', 'cli');
// The bundle's better-sqlite3 JavaScript must meet the addon of its own version.
const sqlite = JSON.parse(readFileSync(createRequire(join(cli, 'package.json')).resolve('better-sqlite3/package.json'), 'utf8'));
dependencies['better-sqlite3'] = sqlite.version;
for (const d of ['index.d.ts', 'options.d.ts']) copyFileSync(join(here, 'dist', d), join(out, d));
const readme = `# miniplane\n\n${own.description}.\n\n\`\`\`js\nimport { startMiniplane } from 'miniplane';\nconst mp = await startMiniplane({ manifests: ['fixtures/'] });\n// mp.url, mp.kubeconfigPath, mp.kubeconfig, await mp.reset(), await mp.stop()\n\`\`\`\n\nBins: \`miniplane up\` (the whole control plane; see \`miniplane --help\`) and \`kubectl-lite\`.\n`;
writeFileSync(join(out, 'README.md'), readme);
writeFileSync(join(out, 'package.json'), `${JSON.stringify({
  name: 'miniplane',
  version: own.version,
  description: own.description,
  type: 'module',
  main: './index.js',
  types: './index.d.ts',
  exports: { '.': { types: './index.d.ts', default: './index.js' } },
  bin: { miniplane: './bin/miniplane.js', 'kubectl-lite': './bin/kubectl-lite.js' },
  engines: own.engines,
  dependencies,
}, null, 2)}\n`);

const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dest], { cwd: out, encoding: 'utf8' }).trim().split('\n').pop();
console.log(join(dest, packed));
