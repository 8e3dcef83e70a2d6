// Bundles the compiled kubectl-lite (dist/main.js and the verbs it imports lazily) into one
// CommonJS script, dist/bundle/kubectl-lite.cjs, with esbuild: each verb behind its own
// initializer, evaluated only when that verb runs. The bin runs it through V8's code cache
// (tools/runBundle.cjs, as the miniplane CLI's bin does), so a command skips parsing and compiling
// it (measured: `get svc` ~13% less wall time than the ES module chunks it replaced, whose loading
// a code cache cannot skip on Node 20). Run after `tsc -b` (the root `build` script does).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleScript, yamlAsEsm } from '../../tools/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// yaml's "node" export is CommonJS (nothing can be left out); its ES module build lets esbuild
// drop what kubectl-lite never calls.
await bundleScript({ entry: join(here, 'dist', 'main.js'), outdir: join(here, 'dist', 'bundle'), name: 'kubectl-lite.cjs', plugins: [yamlAsEsm(import.meta.url)] });
