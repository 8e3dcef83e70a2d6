/**
 * EndpointSlice write counts from the apiserver's own `apiserver_request_total`, against
 * `miniplane up` with the endpoint controllers and no kubelet (the test writes each pod's IP and
 * Ready condition itself, as bench/endpointslices.mjs does):
 * - one pod's readiness flip in a 10,000-pod Service writes exactly one slice;
 * - a 10,001st pod writes exactly one slice;
 * - a rolling update of 1,000 pods writes at most twice the fewest possible slice writes. The
 *   roll goes in 10 waves: 100 old pods (a seeded random pick, so spread over the slices) are
 *   deleted and 100 new ones created not ready; then those 100 become ready. Each step is waited
 *   for, and its minimum is counted from the slices as they were before it: every slice holding
 *   an endpoint removed or changed must be written (updated or deleted), and the endpoints added
 *   beyond the room those slices have (max 100 each) need ceil(rest / 100) more writes. The
 *   controller runs with --endpointslice-updates-batch-period 1s, kube's flag for batching
 *   bursts of pod changes into one sync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { apiWrites, deletePods, setPodStatus, writePods, type PodSpec } from './apiWrites.js';
import { until } from './until.js';
import { up } from './upProcess.js';

interface Endpoint { conditions: { ready?: boolean }; targetRef?: { name: string } }
interface Slice { metadata: { name: string }; endpoints?: Endpoint[] | null }

const ns = 'default';
const maxPerSlice = 100;
const ipOf = (i: number) => `10.${100 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`;
const settle = () => new Promise((r) => setTimeout(r, 1500));

// ~45 s on a quiet 2-core machine (10,000 pods written through the API); minutes on a loaded one.
t.setTimeout(600_000);

t.test('slice writes per change', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-epswrites-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { url } = await up(t, [
    '--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--nodes', '0', '--no-scheduler',
    '--controllers', 'endpointslice,endpoint,serviceaccount', '--endpointslice-updates-batch-period', '1s',
  ]);
  const slices = async (svc: string): Promise<Slice[]> =>
    (await (await fetch(`${url}/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3D${svc}`)).json() as { items: Slice[] }).items;
  /** name → ready, over every endpoint of the Service's slices. */
  const endpoints = async (svc: string): Promise<Map<string, boolean>> =>
    new Map((await slices(svc)).flatMap((s) => (s.endpoints ?? []).map((e) => [e.targetRef?.name ?? '', !!e.conditions.ready] as [string, boolean])));
  const service = (name: string) => fetch(`${url}/api/v1/namespaces/${ns}/services`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }] } }),
  });
  const writes = () => apiWrites(url, 'endpointslices');

  await t.test('10,000 pods: a readiness flip writes one slice, a 10,001st pod one', async (t) => {
    const n = 10_000;
    const pods = await writePods(url, ns, Array.from({ length: n }, (_, i): PodSpec => ({ name: `big-${i}`, labels: { app: 'big' }, ip: ipOf(i), ready: true })));
    await service('big');
    await until('10,000 ready endpoints', async () => ([...(await endpoints('big')).values()].filter(Boolean).length === n ? true : undefined), 120_000, 500);
    t.equal((await slices('big')).length, n / maxPerSlice, '100 slices');
    await settle();

    const before = await writes();
    const victim = 'big-4242';
    await setPodStatus(url, ns, pods.get(victim), ipOf(4242), false);
    await until('the flip in its slice', async () => ((await endpoints('big')).get(victim) === false ? true : undefined), 60_000, 200);
    await settle();
    t.equal(await writes() - before, 1, 'one readiness flip: one slice write');

    const beforeScale = await writes();
    await writePods(url, ns, [{ name: `big-${n}`, labels: { app: 'big' }, ip: ipOf(n), ready: true }]);
    await until('the 10,001st endpoint', async () => ((await endpoints('big')).get(`big-${n}`) ? true : undefined), 60_000, 200);
    await settle();
    t.equal(await writes() - beforeScale, 1, '10,000 -> 10,001: one slice write');
  });

  await t.test('a rolling update of 1,000 pods: at most twice the fewest slice writes', async (t) => {
    const n = 1000;
    const wave = 100;
    const ipBase = 20_000;
    let old = Array.from({ length: n }, (_, i) => `roll-old-${String(i).padStart(4, '0')}`);
    await writePods(url, ns, old.map((name, i) => ({ name, labels: { app: 'roll' }, ip: ipOf(ipBase + i), ready: true })));
    await service('roll');
    await until('1,000 ready endpoints', async () => ((await endpoints('roll')).size === n ? true : undefined), 60_000, 200);
    await settle();

    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let minimum = 0;
    const start = await writes();
    /** The fewest writes that publish the step (see the header), from the slices before it. */
    const fewest = (before: Slice[], removed: Set<string>, changed: Set<string>, added: number): number => {
      let touched = 0;
      let room = 0;
      for (const s of before) {
        const names = (s.endpoints ?? []).map((e) => e.targetRef?.name ?? '');
        if (!names.some((x) => removed.has(x) || changed.has(x))) continue;
        touched++;
        room += maxPerSlice - names.filter((x) => !removed.has(x)).length;
      }
      return touched + Math.ceil(Math.max(0, added - room) / maxPerSlice);
    };
    for (let w = 0; w < n / wave; w++) {
      // Step 1: 100 old pods go, 100 new ones come, not ready.
      const gone = new Set<string>();
      while (gone.size < wave) gone.add(old[Math.floor(random() * old.length)]!);
      old = old.filter((x) => !gone.has(x));
      const fresh = Array.from({ length: wave }, (_, i) => `roll-new-${String(w * wave + i).padStart(4, '0')}`);
      minimum += fewest(await slices('roll'), gone, new Set(), wave);
      await deletePods(url, ns, [...gone]);
      const created = await writePods(url, ns, fresh.map((name, i) => ({ name, labels: { app: 'roll' }, ip: ipOf(ipBase + n + w * wave + i), ready: false })));
      await until(`wave ${w}: old pods gone, new ones not ready`, async () => {
        const eps = await endpoints('roll');
        return eps.size === n && fresh.every((x) => eps.get(x) === false) ? true : undefined;
      }, 60_000, 200);
      // Step 2: the new pods become ready.
      minimum += fewest(await slices('roll'), new Set(), new Set(fresh), 0);
      let next = 0;
      await Promise.all(Array.from({ length: 16 }, async () => {
        while (next < fresh.length) {
          const name = fresh[next++]!;
          await setPodStatus(url, ns, created.get(name), created.get(name).status.podIP, true);
        }
      }));
      await until(`wave ${w}: new pods ready`, async () => {
        const eps = await endpoints('roll');
        return fresh.every((x) => eps.get(x) === true) ? true : undefined;
      }, 60_000, 200);
    }
    await settle();
    const written = await writes() - start;
    const eps = await endpoints('roll');
    t.ok(eps.size === n && [...eps].every(([name, ready]) => ready && name.startsWith('roll-new-')), 'all 1,000 endpoints are the new pods, ready');
    t.ok(written <= 2 * minimum, `${written} slice writes for the roll; the fewest possible: ${minimum}`);
    t.ok(written >= minimum, 'no fewer than the minimum (the count is right)');
  });
});
