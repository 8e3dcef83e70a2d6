// The esbuild settings every bundled command shares (kubectl-lite, the miniplane CLI): an ES
// module bundle of a compiled entry file for Node 20, split into chunks so what the entry imports
// lazily is loaded only when used, written afresh to `outdir`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

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
