// Bench: wall time of `kubectl-lite get svc` and `kubectl-lite get pods -A` beside the real
// kubectl against the same miniplane (20 Services, the simulated nodes' pods), each command run
// --runs times per tool, the tools alternating and swapping which goes first every round (so
// neither always runs on a warmer machine). Discovery caches are warmed by one run each first,
// as a user's second command finds them. Prints the median wall time and the median CPU time
// (user+sys, read through GNU time, steadier than wall time on a shared VM) and their ratios
// (goal: <= 1.5x).
// Usage: node bench/kubectlLite.mjs [--runs 21]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argInt, percentile, request, startMiniplane } from './lib.mjs';

const runs = argInt('runs', 21);
const root = new URL('..', import.meta.url).pathname;
const lite = join(root, 'packages/kubectl-lite/bin/kubectl-lite.js');
const mp = await startMiniplane(['--in-memory']);
const kubeconfig = join(mp.dir, 'kubeconfig');
const caches = mkdtempSync(join(tmpdir(), 'kubectl-lite-bench-'));

for (let i = 0; i < 20; i++) {
  await request(mp.url, 'POST', '/api/v1/namespaces/default/services', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}` }, spec: { selector: { app: `a${i}` }, ports: [{ port: 80 }] },
  });
}
for (let i = 0; i < 10; i++) {
  await request(mp.url, 'POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
}

const tools = {
  'kubectl-lite': (args) => [process.execPath, [lite, '--cache-dir', join(caches, 'lite'), ...args]],
  kubectl: (args) => ['kubectl', ['--cache-dir', join(caches, 'kubectl'), ...args]],
};

function once(tool, args) {
  const [cmd, argv] = tools[tool](args);
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', cmd, ...argv], { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr}`);
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

const results = [];
for (const args of [['get', 'svc'], ['get', 'pods', '-A']]) {
  for (const tool of Object.keys(tools)) once(tool, args); // warm the discovery caches
  const times = { 'kubectl-lite': [], kubectl: [] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['kubectl-lite', 'kubectl'] : ['kubectl', 'kubectl-lite'];
    for (const tool of order) times[tool].push(once(tool, args));
  }
  const med = (a, k) => percentile(a.map((x) => x[k]).sort((x, y) => x - y), 50);
  const l = times['kubectl-lite'];
  const k = times.kubectl;
  results.push({ cmd: args.join(' '), lite: med(l, 'wall'), kubectl: med(k, 'wall'), liteCpu: med(l, 'cpu'), kubectlCpu: med(k, 'cpu') });
}
await mp.stop();
rmSync(caches, { recursive: true, force: true });

console.log(`kubectl-lite vs kubectl ${spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).stdout.split('\n')[0]}: medians of ${runs} runs each, alternating`);
const f = (ms) => `${ms.toFixed(0).padStart(4)} ms`;
for (const r of results) {
  console.log(`  ${r.cmd.padEnd(12)} wall: kubectl-lite ${f(r.lite)}  kubectl ${f(r.kubectl)}  ratio ${(r.lite / r.kubectl).toFixed(2)}x   cpu: kubectl-lite ${f(r.liteCpu)}  kubectl ${f(r.kubectlCpu)}  ratio ${(r.liteCpu / r.kubectlCpu).toFixed(2)}x`);
}
