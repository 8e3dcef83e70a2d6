// Bench: an idle cluster of many simulated nodes (heartbeats only). Starts `miniplane up --nodes N`
// (API server, controllers, scheduler and the N kubelets in one process), waits until every node
// has its podCIDR, lets it settle, then reads the process's CPU time (/proc/<pid>/stat) and RSS
// over a window. Goal (issue 11): --nodes 1000 idling under 15 % of one core.
// Linux only. Usage: node bench/nodesIdle.mjs [--nodes 1000] [--settle 15] [--window 60]
import { readFileSync } from 'node:fs';
import { argInt, request, startMiniplane } from './lib.mjs';

const nodes = argInt('nodes', 1000);
const settleS = argInt('settle', 15);
const windowS = argInt('window', 60);
const TICK_MS = 10; // USER_HZ is 100 on Linux
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
};
const rssMB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const t0 = Date.now();
// 1000 nodes need more than the default /24 of node IPs and /16 of pod network (256 podCIDRs).
const mp = await startMiniplane(['--nodes', String(nodes), '--node-ip-range', '172.16.0.0/16', '--cluster-cidr', '10.0.0.0/8']);
const registered = (Date.now() - t0) / 1000;
for (let i = 0; i < 600; i++) {
  const list = JSON.parse((await request(mp.url, 'GET', '/api/v1/nodes')).body);
  if (list.items.length === nodes && list.items.every((n) => n.spec?.podCIDR)) break;
  await sleep(500);
}
const cidrs = (Date.now() - t0) / 1000;
await sleep(settleS * 1000);
const leases = JSON.parse((await request(mp.url, 'GET', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases')).body).items.length;
const before = cpuMs(mp.pid);
const start = Date.now();
await sleep(windowS * 1000);
const used = cpuMs(mp.pid) - before;
const elapsed = Date.now() - start;
const rss = rssMB(mp.pid);
await mp.stop();
console.log(`Idle cluster: ${nodes} simulated nodes (${leases} Leases renewed every 10 s), one process`);
console.log(`  ready line      ${registered.toFixed(1)} s   all podCIDRs ${cidrs.toFixed(1)} s`);
console.log(`  CPU idling      ${((used / elapsed) * 100).toFixed(1)} % of one core over ${windowS} s`);
console.log(`  RSS             ${rss.toFixed(0)} MB`);
