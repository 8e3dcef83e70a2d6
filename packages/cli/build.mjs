// Bundles the compiled CLI (dist/main.js, its workspace packages and their npm dependencies) into
// dist/bundle with esbuild, so `miniplane up` reads a few files instead of hundreds of modules:
// the server is the entry chunk; the controllers, nodes and scheduler (imported on demand) are
// chunks of their own, loaded only by the commands that run them. better-sqlite3 (a native addon)
// stays outside, and so do three modules fastify only loads for what miniplane never uses (route
// schema compilers, which apiserver's app.ts replaces, and `inject`). Measured with bench/startup.mjs (see bench/RESULTS.md). Run after `tsc -b`
// (the root `build` script does).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, yamlAsEsm } from '../../tools/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
await bundle({
  entry: join(here, 'dist', 'main.js'),
  outdir: join(here, 'dist', 'bundle'),
  external: ['better-sqlite3', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'light-my-request'],
  // yaml as the apiserver resolves it (the CLI does not depend on it directly)
  plugins: [yamlAsEsm(join(here, '..', 'apiserver', 'package.json'))],
});
