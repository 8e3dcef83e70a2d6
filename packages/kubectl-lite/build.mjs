// Bundles the compiled kubectl-lite (dist/main.js and the verbs it imports lazily) into
// dist/bundle with esbuild: one chunk per lazily imported verb, shared chunks for the rest, so a
// command loads a few files instead of a hundred modules (measured: about a third less CPU per
// `get`). Run after `tsc -b` (the root `build` script does).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, yamlAsEsm } from '../../tools/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// yaml's "node" export is CommonJS (nothing can be left out); its ES module build lets esbuild
// drop what kubectl-lite never calls.
await bundle({ entry: join(here, 'dist', 'main.js'), outdir: join(here, 'dist', 'bundle'), plugins: [yamlAsEsm(import.meta.url)] });
