import t from 'tap';
import { pino } from 'pino';
import { ManagedByLabel } from '@miniplane/api/service/kubernetesService';
import type { IPAddressObject } from '@miniplane/api/service/networkingValidation';
import type { Service } from '@miniplane/api/service/types';
import { findResourceByKind } from '@miniplane/api';
import { RestClient } from '@miniplane/client';
import { startControllers } from '../src/manager.js';
import type { RepairPassResult } from '../src/repair/controller.js';
import { RecordingRestClient, eventually, serviceManifest, tempDir } from './harness.js';
import { exited, spawnUp } from './processes.js';

const serviceInfo = findResourceByKind('v1', 'Service')!;
const ipAddressInfo = findResourceByKind('networking.k8s.io/v1', 'IPAddress')!;

/** Every way the allocations could be wrong, as readable lines (empty = consistent). */
function inconsistencies(services: Service[], ipAddresses: IPAddressObject[]): string[] {
  const problems: string[] = [];
  const ipOwner = new Map<string, string>();
  const portOwner = new Map<number, string>();
  for (const s of services) {
    const key = `${s.metadata.namespace}/${s.metadata.name}`;
    for (const ip of s.spec?.clusterIPs ?? []) {
      if (ip === 'None') continue;
      if (ipOwner.has(ip)) problems.push(`ClusterIP ${ip} held by ${ipOwner.get(ip)} and ${key}`);
      ipOwner.set(ip, key);
    }
    for (const p of new Set((s.spec?.ports ?? []).map((x) => x.nodePort).filter((n): n is number => !!n))) {
      if (portOwner.has(p)) problems.push(`nodePort ${p} held by ${portOwner.get(p)} and ${key}`);
      portOwner.set(p, key);
    }
  }
  const byName = new Map(ipAddresses.map((a) => [a.metadata.name!, a]));
  for (const [ip, key] of ipOwner) {
    const ref = byName.get(ip)?.spec?.parentRef;
    if (!ref) problems.push(`ClusterIP ${ip} of ${key} has no IPAddress`);
    else if (`${ref.namespace}/${ref.name}` !== key) problems.push(`IPAddress ${ip} names ${ref.namespace}/${ref.name}, held by ${key}`);
  }
  for (const a of ipAddresses) {
    if (!ipOwner.has(a.metadata.name!)) problems.push(`IPAddress ${a.metadata.name} leaked (parent ${a.spec?.parentRef?.namespace}/${a.spec?.parentRef?.name})`);
  }
  return problems;
}

t.test('kill -9 during a Service create storm: after restart and repair, no duplicate and no leak', async (t) => {
  const dir = tempDir(t, 'miniplane-crash-');
  // The apiserver alone, so nothing repairs behind the test's back before it looks.
  const first = await spawnUp(t, dir, ['--no-controllers']);
  const client = new RestClient({ config: { server: first.url, timeoutMs: 5000 } });
  t.teardown(() => client.close());
  const svcs = client.resource<Service>(serviceInfo, 'default');

  const acked: string[] = [];
  let attempted = 0;
  let stop = false;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const name = `s-${w}-${i}`;
      attempted++;
      try {
        await svcs.create(serviceManifest(name, { type: i % 2 ? 'NodePort' : 'ClusterIP' }));
        acked.push(name);
      } catch {
        return; // the server is gone
      }
    }
  };
  const storm = Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
  await eventually(() => acked.length >= 150, 15_000, '150 acknowledged creates');
  first.child.kill('SIGKILL');
  stop = true;
  await exited(first.child);
  await storm;
  t.ok(attempted > acked.length, `killed with creates in flight (${acked.length} acknowledged of ${attempted})`);

  const second = await spawnUp(t, dir, ['--no-controllers']);
  const api = new RecordingRestClient({ config: { server: second.url } });
  t.teardown(() => api.close());
  const snapshot = async () => ({
    services: (await api.resource<Service>(serviceInfo).list()).items,
    ipAddresses: (await api.resource<IPAddressObject>(ipAddressInfo).list()).items,
  });
  const { services, ipAddresses } = await snapshot();
  const names = new Set(services.map((s) => s.metadata.name));
  t.same(acked.filter((n) => !names.has(n)), [], 'every acknowledged create survived');
  t.same(inconsistencies(services, ipAddresses), [], 'the stored allocations are consistent');
  t.ok(ipAddresses.every((a) => a.metadata.labels?.[ManagedByLabel] === 'ipallocator.k8s.io'), 'every IPAddress is the allocator\'s');

  const passes: RepairPassResult[] = [];
  const repair = await startControllers({ client: api, controllers: 'repair', leaderElect: false, logger: pino({ level: 'silent' }), repairIntervalMs: 100, onRepairPass: (r) => void passes.push(r) });
  t.teardown(() => repair.stop());
  await eventually(() => passes.length >= 2, 5000, 'two repair passes');
  t.same(passes[0], { created: 0, deleted: 0, skipped: 0, warnings: 0, pendingLeaks: 0 }, 'repair finds nothing to fix');
  t.same(api.writes, [], 'and writes nothing');

  // The restarted allocator knows every survivor: a fresh storm never collides with them.
  const fresh = new RestClient({ config: { server: second.url } });
  t.teardown(() => fresh.close());
  await Promise.all(Array.from({ length: 30 }, (_, i) => fresh.resource<Service>(serviceInfo, 'default').create(serviceManifest(`after-${i}`, { type: 'NodePort' }))));
  const after = await snapshot();
  t.same(inconsistencies(after.services, after.ipAddresses), [], 'still consistent after 30 more creates');
  second.child.kill('SIGTERM');
  t.equal(await exited(second.child), 0, 'clean exit');
});
