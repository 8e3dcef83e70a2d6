#!/usr/bin/env node
// Runs kubectl-lite's bundle (dist/bundle/kubectl-lite.cjs, written by build.mjs) through V8's
// code cache (dist/bundle/runBundle.cjs, copied there from tools/ by the build): one cache per
// verb, taken as the first word that does not follow a flag (`--kubeconfig x get svc` and
// `--context=y get svc`: get), none written by --help. This file is CommonJS (bin/package.json).
'use strict';
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'bundle');
const args = process.argv.slice(2);
const verb = args.find((a, i) => /^[a-z][a-z-]*$/.test(a) && (i === 0 || !args[i - 1].startsWith('-') || args[i - 1].includes('='))) ?? 'none';
const help = args.includes('--help') || args.includes('-h');
require(join(bundle, 'runBundle.cjs'))(join(bundle, 'kubectl-lite.cjs'), verb.replace(/[^a-z]/g, ''), !help);
