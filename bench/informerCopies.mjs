// Bench: what one cached copy of N pods costs in an informer, with and without managedFields
// (the stripManagedFields transform `miniplane up`'s shared informers use). One process holds an
// apiserver (SQLite file store in a temp dir) with N bound, Running pods (created by one field
// manager, status written by another, as the ReplicaSet controller and the kubelet do), then
// starts pod informers one after another and prints the V8 heap in use after a full GC each time.
// Usage: node --expose-gc bench/informerCopies.mjs [--pods 5000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../packages/apiserver/dist/index.js';
import { RestClient, SharedInformer, listWatch, stripManagedFields } from '../packages/client/dist/index.js';
import { findResourceByKind } from '../packages/api/dist/index.js';
import { argInt } from './lib.mjs';

if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
const n = argInt('pods', 5000);
const heapMB = () => {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed / 1048576;
};
const dir = mkdtempSync(join(tmpdir(), 'miniplane-bench-'));
const server = await startServer({ listen: '127.0.0.1:0', dataDir: dir });
const client = new RestClient({ config: { server: server.url } });
const podInfo = findResourceByKind('v1', 'Pod');
const pods = client.resource(podInfo, 'default');
const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f8b7c9', uid: '0b1c2d3e-1111-2222-3333-444455556666', controller: true, blockOwnerDeletion: true };
async function makePod(i) {
  const name = `web-5d4f8b7c9-${String(i).padStart(5, '0')}`;
  const ip = `10.244.${i >> 8}.${i & 255}`;
  await pods.create({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, labels: { app: 'web', 'pod-template-hash': '5d4f8b7c9' }, ownerReferences: [owner] },
    spec: { nodeName: `node-${1 + (i % 3)}`, containers: [{ name: 'nginx', image: 'nginx:1.26' }] },
  }, { fieldManager: 'kube-controller-manager' });
  const now = new Date().toISOString();
  await pods.patch(name, {
    status: {
      phase: 'Running', hostIP: '172.18.0.2', podIP: ip, podIPs: [{ ip }], startTime: now,
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now })),
      containerStatuses: [{ name: 'nginx', ready: true, started: true, restartCount: 0, image: 'nginx:1.26', imageID: 'docker-pullable://nginx@sha256:0', containerID: `containerd://${i}`, state: { running: { startedAt: now } } }],
    },
  }, 'strategic', { subresource: 'status', fieldManager: 'kubelet' });
}
let next = 0;
await Promise.all(Array.from({ length: 32 }, async () => {
  while (next < n) await makePod(next++);
}));
const sample = await pods.get(`web-5d4f8b7c9-00000`);
console.log(`${n} pods; one pod is ${JSON.stringify(sample).length} bytes of JSON, ${JSON.stringify(sample.metadata.managedFields).length} of them managedFields`);
let before = heapMB();
console.log(`  heap with the server alone     ${before.toFixed(1)} MB`);
const informers = [];
for (const [label, transform] of [['informer (full objects)', undefined], ['informer (full objects)', undefined], ['informer (stripManagedFields)', stripManagedFields]]) {
  const inf = new SharedInformer({ listerWatcher: listWatch(client.resource(podInfo)), name: 'pods', transform });
  await inf.start();
  await inf.waitForCacheSync();
  informers.push(inf);
  const now = heapMB();
  console.log(`  + ${label.padEnd(30)} +${(now - before).toFixed(1)} MB (${(((now - before) * 1048576) / n / 1024).toFixed(1)} KiB per pod)`);
  before = now;
}
for (const inf of informers) await inf.stop();
client.close();
await server.close();
rmSync(dir, { recursive: true, force: true });
