// Bundles the compiled kubectl-lite (dist/main.js and the verbs it imports lazily) into
// dist/bundle with esbuild: one chunk per lazily imported verb, shared chunks for the rest, so a
// command loads a few files instead of a hundred modules (measured: about a third less CPU per
// `get`). Run after `tsc -b` (the root `build` script does).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// yaml's "node" export is CommonJS (nothing can be left out); its ES module build lets esbuild
// drop what kubectl-lite never calls.
const yamlEsm = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'index.js');
const yamlAsEsm = { name: 'yaml-esm', setup: (b) => b.onResolve({ filter: /^yaml$/ }, () => ({ path: yamlEsm })) };
rmSync(join(here, 'dist', 'bundle'), { recursive: true, force: true });
await build({
  entryPoints: [join(here, 'dist', 'main.js')],
  outdir: join(here, 'dist', 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  plugins: [yamlAsEsm],
  // bundled CommonJS dependencies call require() for Node built-ins
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
