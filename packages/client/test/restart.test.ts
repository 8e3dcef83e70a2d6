import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startServer } from '@miniplane/apiserver';
import type { KubeObject } from '@miniplane/api';
import { RestClient } from '../src/restClient.js';
import { listWatch } from '../src/reflector.js';
import { SharedInformer } from '../src/sharedInformer.js';
import { eventually, info } from './server.js';

t.test('an informer survives a server restart: it reconnects and misses nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-client-restart-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  let server = await startServer({ listen: '127.0.0.1:0', dataDir: dir });
  const port = server.port;
  const client = new RestClient({ config: { server: server.url } });
  const cms = client.resource<KubeObject>(info('configmaps'), 'default');
  await cms.create({ metadata: { name: 'before' } });
  const inf = new SharedInformer<KubeObject>({ listerWatcher: listWatch(cms) });
  const seen: string[] = [];
  inf.addEventHandler({
    onAdd: (o) => void seen.push(`add ${o.metadata.name}`),
    onUpdate: (_a, b) => void seen.push(`update ${b.metadata.name}`),
    onDelete: (o) => void seen.push(`delete ${o.metadata.name}`),
  });
  await inf.start();
  t.teardown(async () => {
    await inf.stop();
    client.close();
    await server.close();
  });
  await inf.waitForCacheSync();
  await eventually(() => seen.length === 1, 3000, 'initial add');

  await server.close(); // the watch ends; the reflector retries with back-off
  // A write made while the informer is disconnected, by another server on the same data dir.
  const other = await startServer({ listen: '127.0.0.1:0', dataDir: dir });
  const oc = new RestClient({ config: { server: other.url } });
  await oc.resource<KubeObject>(info('configmaps'), 'default').create({ metadata: { name: 'while-down' } });
  oc.close();
  await other.close();

  server = await startServer({ listen: `127.0.0.1:${port}`, dataDir: dir });
  await eventually(() => seen.includes('add while-down'), 15000, 'the write made while disconnected');
  await cms.create({ metadata: { name: 'after' } });
  await eventually(() => seen.includes('add after'), 5000, 'a write after the restart');
  t.same(seen, ['add before', 'add while-down', 'add after'], 'each change exactly once, in order');
});
