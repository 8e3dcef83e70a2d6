#!/usr/bin/env node
// The esbuild bundle of dist/main.js (build.mjs), written by the root `build` script. On Node 22+
// V8's compile cache (module.enableCompileCache: in $NODE_COMPILE_CACHE, else the OS temp dir)
// keeps the compiled bundle between starts; Node 20 has none and loads it as before.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/bundle/main.js');
