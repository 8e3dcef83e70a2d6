// node:test suite for serviceAnnotator.mjs: each test starts its own miniplane in this process
// (in memory, on a free port, a fresh kubeconfig), runs the controller against it and checks what
// the controller did through the API. Run: node --test examples/testing/serviceAnnotator.test.mjs
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startMiniplane } from 'miniplane';
import { annotation, startServiceAnnotator } from './serviceAnnotator.mjs';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');
let mp;
let controller;
let core;

beforeEach(async () => {
  mp = await startMiniplane({ manifests: [fixtures] });
  const kc = new KubeConfig();
  kc.loadFromString(mp.kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  controller = await startServiceAnnotator(mp.kubeconfigPath);
});

afterEach(async () => {
  await controller.stop();
  await mp.stop();
});

/** Polls until `fn` returns something other than undefined (a controller works asynchronously). */
async function eventually(fn, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const annotated = (namespace, name) => async () => (await core.readNamespacedService({ namespace, name })).metadata.annotations?.[annotation];

test('annotates the Services that exist when it starts (the fixtures and default/kubernetes)', async () => {
  assert.equal(await eventually(annotated('shop', 'web')), '2');
  assert.equal(await eventually(annotated('default', 'kubernetes')), '1');
});

test('annotates a new Service, and again when its ports change', async () => {
  await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'api' }, spec: { ports: [{ port: 80 }] } } });
  assert.equal(await eventually(annotated('default', 'api')), '1');
  const svc = await core.readNamespacedService({ namespace: 'default', name: 'api' });
  svc.spec.ports.push({ name: 'metrics', port: 9090 });
  svc.spec.ports[0].name = 'http';
  await core.replaceNamespacedService({ namespace: 'default', name: 'api', body: svc });
  assert.equal(await eventually(async () => ((await annotated('default', 'api')()) === '2' ? '2' : undefined)), '2');
  assert.deepEqual(controller.errors, []);
});

test('leaves an up-to-date Service alone (no write loop)', async () => {
  await eventually(annotated('shop', 'web'));
  const before = (await core.readNamespacedService({ namespace: 'shop', name: 'web' })).metadata.resourceVersion;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await core.readNamespacedService({ namespace: 'shop', name: 'web' })).metadata.resourceVersion, before);
});

test('reset() puts the fixtures back between cases without a restart', async () => {
  await core.deleteNamespacedService({ namespace: 'shop', name: 'web' });
  await mp.reset();
  assert.equal((await core.readNamespacedService({ namespace: 'shop', name: 'web' })).spec.ports.length, 2);
});
