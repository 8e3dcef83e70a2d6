// Bench: time from spawn to the ready line of `miniplane up --in-memory` (a fresh temp data dir per
// run, controllers, nodes and scheduler as defaults start them), beside the time a bare `node -e ''`
// takes to start and exit, run alternately on the same machine. Prints both medians and their
// ratio (goal, issue 14: at most 3x).
// Usage: node bench/startup.mjs [--runs 15] [--args "--nodes 0"] [--bin path/to/miniplane.js]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argInt, percentile } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = argInt('runs', 15);
const argsAt = process.argv.indexOf('--args');
const extra = argsAt > 0 ? process.argv[argsAt + 1].split(' ').filter(Boolean) : [];
const binAt = process.argv.indexOf('--bin');
const bin = binAt > 0 ? process.argv[binAt + 1] : join(root, 'packages/cli/bin/miniplane.js');

function bare() {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - t0));
  });
}

async function miniplane() {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-bench-startup-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'up', '--in-memory', '--listen', '127.0.0.1:0', '--data-dir', dir, ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    return await new Promise((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) resolve(performance.now() - t0);
      });
      child.once('exit', (code) => reject(new Error(`miniplane exited ${code} before its ready line`)));
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

const bareMs = [];
const upMs = [];
await bare(); // warm the file cache for both
await miniplane();
for (let i = 0; i < runs; i++) {
  bareMs.push(await bare());
  upMs.push(await miniplane());
}
bareMs.sort((a, b) => a - b);
upMs.sort((a, b) => a - b);
const med = (xs) => percentile(xs, 50);
console.log(`start-up, ${runs} runs each, alternating (node ${process.version})`);
console.log(`  node -e ''                      median ${med(bareMs).toFixed(0)} ms  (min ${bareMs[0].toFixed(0)}, max ${bareMs.at(-1).toFixed(0)})`);
console.log(`  miniplane up --in-memory${extra.length ? ' ' + extra.join(' ') : ''} median ${med(upMs).toFixed(0)} ms  (min ${upMs[0].toFixed(0)}, max ${upMs.at(-1).toFixed(0)}) to the ready line`);
console.log(`  ratio                           ${(med(upMs) / med(bareMs)).toFixed(2)}x  (goal <= 3x)`);
