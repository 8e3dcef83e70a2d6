#!/usr/bin/env node
// Runs the CLI's bundle (dist/bundle/main.cjs, written by build.mjs) through V8's code cache
// (dist/bundle/runBundle.cjs, copied there from tools/ by the build): one cache per command (`up`,
// `controllers`, `nodes`...), none written by --help. This file is CommonJS (bin/package.json).
'use strict';
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'bundle');
const args = process.argv.slice(2);
const command = args[0] === undefined || args[0].startsWith('-') ? 'up' : args[0];
const help = args.includes('--help') || args.includes('-h');
require(join(bundle, 'runBundle.cjs'))(join(bundle, 'main.cjs'), command.replace(/[^a-z]/g, ''), !help);
