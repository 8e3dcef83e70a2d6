// Bench: time from spawn to the ready line of `miniplane up --in-memory` (a fresh temp data dir per
// run, controllers, nodes and scheduler as defaults start them), beside the time a bare `node -e ''`
// takes to start and exit, run alternately on the same machine. Prints both medians and their
// ratio (goal, issue 14: at most 3x). With --installed it also packs the `miniplane` package
// (packages/miniplane/pack.mjs, after `pnpm run build`), installs it with npm into a temp project
// preferring npm's cache (the registry only for what it lacks) with a local better-sqlite3
// prebuild (nothing compiled), and times that project's node_modules/.bin/miniplane the same way, a third
// command in each round; its first (warm-up) run writes the package's code cache, as a user's
// first run does.
// Usage: node bench/startup.mjs [--runs 15] [--args "--nodes 0"] [--bin path/to/miniplane.js] [--installed]
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { installPacked } from '../packages/miniplane/installPacked.mjs';
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

/** The packed package installed into a temp project: its bin and what removes it all. */
async function installed() {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-bench-installed-'));
  try {
    const packed = await promisify(execFile)(process.execPath, [join(root, 'packages/miniplane/pack.mjs'), '--out', dir]);
    const { project } = await installPacked({ tgz: packed.stdout.trim(), dir });
    return { bin: join(project, 'node_modules/.bin/miniplane'), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function miniplane(bin) {
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

const pkg = process.argv.includes('--installed') ? await installed() : undefined;
try {
  const bareMs = [];
  const upMs = [];
  const pkgMs = [];
  await bare(); // warm the file cache for each
  await miniplane(bin);
  if (pkg) await miniplane(pkg.bin);
  for (let i = 0; i < runs; i++) {
    bareMs.push(await bare());
    upMs.push(await miniplane(bin));
    if (pkg) pkgMs.push(await miniplane(pkg.bin));
  }
  const med = (xs) => percentile(xs, 50);
  const line = (label, xs, what = '') => {
    xs.sort((a, b) => a - b);
    console.log(`  ${label.padEnd(31)} median ${med(xs).toFixed(0)} ms  (min ${xs[0].toFixed(0)}, max ${xs.at(-1).toFixed(0)})${what}`);
  };
  const load = loadavg()[0].toFixed(1);
  console.log(`start-up, ${runs} runs each, alternating (node ${process.version}, load average ${load} on ${availableParallelism()} CPUs)`);
  line("node -e ''", bareMs);
  line(`miniplane up --in-memory${extra.length ? ' ' + extra.join(' ') : ''}`, upMs, ' to the ready line');
  if (pkg) line('  installed package', pkgMs, ' (node_modules/.bin/miniplane)');
  console.log(`  ratio                           ${(med(upMs) / med(bareMs)).toFixed(2)}x  (goal <= 3x)`);
  if (pkg) console.log(`  ratio, installed package        ${(med(pkgMs) / med(bareMs)).toFixed(2)}x`);
} finally {
  pkg?.remove();
}
