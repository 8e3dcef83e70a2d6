// `pnpm run pack`: the installable `miniplane` package as dist/miniplane-<version>.tgz. The
// workspace packages are bundled with esbuild into three entry points sharing chunks: the
// in-process API (index.js, the package's main export, with its declarations index.d.ts and
// options.d.ts) and the bins `miniplane` and `kubectl-lite`. Third-party packages stay real
// dependencies (better-sqlite3 is native), listed with the ranges the workspace declares, and
// only those the bundles import. No tests, fixtures or fakes: only the bundles are shipped.
// Run after `pnpm run build` (the root `pack` script does). `--out DIR` writes the tarball (and
// its staging folder) under DIR instead of the repo's dist/.
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
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
  entryPoints: {
    index: join(here, 'dist', 'index.js'),
    'lib/miniplane': join(root, 'packages', 'cli', 'dist', 'main.js'),
    'lib/kubectl-lite': join(root, 'packages', 'kubectl-lite', 'dist', 'main.js'),
  },
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

// Every third-party package the bundles import, with the range the workspace declares for it.
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
  if (!declared[name]) throw new Error(`the bundles import ${name}, which no workspace package declares`);
  dependencies[name] = declared[name];
}

for (const bin of ['miniplane', 'kubectl-lite']) {
  writeFileSync(join(out, 'bin', `${bin}.js`), `#!/usr/bin/env node\nimport '../lib/${bin}.js';\n`);
  chmodSync(join(out, 'bin', `${bin}.js`), 0o755);
}
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
