#!/usr/bin/env node
// The esbuild bundle of dist/main.js (build.mjs), written by the root `build` script.
import "../dist/bundle/main.js";
