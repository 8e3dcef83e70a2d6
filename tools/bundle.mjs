// The esbuild settings every bundled command shares (kubectl-lite, the miniplane CLI): an ES
// module bundle of a compiled entry file for Node 20, split into chunks so what the entry imports
// lazily is loaded only when used, written afresh to `outdir`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * An esbuild plugin resolving `yaml` to its ES module build: its "node" export is CommonJS
 * (nothing can be left out, all of it is evaluated at load); the ES build lets esbuild drop what
 * the bundle never calls. `from`: a file of the package that depends on yaml.
 */
export function yamlAsEsm(from) {
  const yamlEsm = join(dirname(createRequire(from).resolve('yaml/package.json')), 'browser', 'index.js');
  return { name: 'yaml-esm', setup: (b) => b.onResolve({ filter: /^yaml$/ }, () => ({ path: yamlEsm })) };
}

export async function bundle({ entry, outdir, external = [], plugins = [] }) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    external,
    plugins,
    // bundled CommonJS dependencies call require() for Node built-ins
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
}
