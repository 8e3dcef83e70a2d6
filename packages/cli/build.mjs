// Bundles the compiled CLI (dist/main.js, its workspace packages and their npm dependencies) into
// one CommonJS script, dist/bundle/main.cjs, with esbuild, so `miniplane up` reads one file
// instead of hundreds of modules. The controllers, nodes, scheduler, DNS, proxy and TLS code are
// in it behind their own initializers, evaluated only by the commands that import them. The bin
// compiles it with V8's code cache (bin/miniplane.js), which an ES module cannot use on Node 20.
// better-sqlite3's native addon stays outside (its JavaScript is bundled), and so do three modules
// fastify only loads for what miniplane never uses (route schema compilers, which apiserver's
// app.ts replaces, and `inject`). Measured with bench/startup.mjs (see bench/RESULTS.md). Run
// after `tsc -b` (the root `build` script does).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { betterSqliteAddon, bundleScript, promClientLazy, yamlAsEsm } from '../../tools/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
await bundleScript({
  entry: join(here, 'dist', 'main.js'),
  outdir: join(here, 'dist', 'bundle'),
  name: 'main.cjs',
  external: ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'light-my-request'],
  // yaml as the apiserver resolves it (the CLI does not depend on it directly); prom-client's
  // parts evaluated on first use
  plugins: [yamlAsEsm(join(here, '..', 'apiserver', 'package.json')), promClientLazy(join(here, 'package.json')), betterSqliteAddon()],
});
