// Bench: a ReplicaSet scaled 0 -> N pods (all Running and Ready) and back to 0 on the default 3
// simulated nodes, everything in one `miniplane up` process (API server, controllers, scheduler,
// kubelets). Prints seconds each way, API writes/s (from the server's own request counter) and the
// process's RSS. The nodes get room for N pods (--max-pods, /20 podCIDRs); --grace-period 0 makes
// the scale-down deletes immediate. `--deployment` measures a Deployment instead (issue 11's
// figure: the Deployment controller sizes its ReplicaSet, which makes the pods).
// `--split` runs the scheduler and the 3 nodes as their own processes (`miniplane scheduler`,
// `miniplane nodes`), as kube's components are, so they can use the second core; CPU is then the
// sum over the three processes and RSS is the server's.
// Usage: node bench/replicaSetScale.mjs [--pods 10000] [--timeout 300] [--deployment] [--split] [--cpu-prof DIR]
// (--cpu-prof: the server writes a V8 CPU profile into DIR when it stops.)
import { readFileSync } from 'node:fs';
import { argInt, cpuProfArgs, request, startCommand, startMiniplane } from './lib.mjs';

const pods = argInt('pods', 10000);
const kind = process.argv.includes('--deployment') ? 'Deployment' : 'ReplicaSet';
const timeoutS = argInt('timeout', 300);
const perNode = Math.ceil(pods / 3) + 10;
const split = process.argv.includes('--split');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpuS = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
const rssMB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const get = async (mp, path) => JSON.parse((await request(mp.url, 'GET', path)).body);
/** Writes the server has answered so far (POST, PUT, PATCH, DELETE), from /metrics. */
async function writes(mp) {
  const text = (await request(mp.url, 'GET', '/metrics')).body;
  let n = 0;
  for (const line of text.split('\n')) {
    const m = /^apiserver_request_total\{[^}]*verb="(POST|PUT|PATCH|DELETE)"[^}]*\} (\d+)/.exec(line);
    if (m) n += Number(m[2]);
  }
  return n;
}
async function until(what, probe) {
  const t0 = Date.now();
  let peak = 0;
  for (;;) {
    if (await probe()) return { secs: (Date.now() - t0) / 1000, peak };
    peak = Math.max(peak, rssMB(mp.pid));
    if (Date.now() - t0 > timeoutS * 1000) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

const nodeFlags = ['--max-pods', String(perNode), '--node-cpu', '1000', '--node-memory', '4000Gi'];
const mp = await startMiniplane([
  ...(split ? ['--nodes', '0', '--no-scheduler'] : nodeFlags), '--node-cidr-mask-size', '20', '--grace-period', '0',
], cpuProfArgs());
const others = split
  ? [
    await startCommand(['scheduler', '--kubeconfig', mp.kubeconfig], /scheduler running/),
    await startCommand(['nodes', '--kubeconfig', mp.kubeconfig, '--nodes', '3', ...nodeFlags], /nodes running/),
  ]
  : [];
const pids = [mp.pid, ...others.map((o) => o.pid)];
const cpuAll = () => pids.reduce((sum, pid) => sum + cpuS(pid), 0);
const rsPath = `/apis/apps/v1/namespaces/default/${kind.toLowerCase()}s`;
const rs = (replicas) => ({
  apiVersion: 'apps/v1', kind, metadata: { name: 'web' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } },
});
// Wait for the podCIDRs, then start.
await until('podCIDRs', async () => (await get(mp, '/api/v1/nodes')).items.every((n) => n.spec?.podCIDR));
let w0 = await writes(mp);
let c0 = cpuAll();
await request(mp.url, 'POST', rsPath, rs(pods));
const up = await until(`${pods} ready`, async () => (await get(mp, `${rsPath}/web`)).status?.readyReplicas === pods);
const upWrites = (await writes(mp)) - w0;
const rssUp = rssMB(mp.pid);
const upCPU = cpuAll() - c0;
w0 = await writes(mp);
c0 = cpuAll();
await fetch(`${mp.url}${rsPath}/web`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { replicas: 0 } }) });
const down = await until('0 pods', async () => (await get(mp, '/api/v1/namespaces/default/pods?limit=1')).items.length === 0);
const downWrites = (await writes(mp)) - w0;
const downCPU = cpuAll() - c0;
const rssOthers = others.map((o) => rssMB(o.pid));
for (const o of others) await o.stop();
await mp.stop();
console.log(`${kind} 0 -> ${pods} -> 0 on 3 simulated nodes, ${split ? 'server + scheduler + nodes processes' : 'one process'}`);
console.log(`  up      ${up.secs.toFixed(1)} s to ${pods} Running+Ready   ${upWrites} API writes (${(upWrites / up.secs).toFixed(0)}/s), ${upCPU.toFixed(1)} s CPU`);
console.log(`  down    ${down.secs.toFixed(1)} s to 0 pods             ${downWrites} API writes (${(downWrites / down.secs).toFixed(0)}/s), ${downCPU.toFixed(1)} s CPU`);
console.log(`  RSS     ${rssUp.toFixed(0)} MB with ${pods} pods (peak seen ${Math.max(up.peak, down.peak).toFixed(0)} MB)${split ? `; scheduler ${rssOthers[0].toFixed(0)} MB, nodes ${rssOthers[1].toFixed(0)} MB at the end` : ''}`);
