// Issue 9 item 8 from a client's side: an int64 beyond 2^53 read by the client comes back as a
// bigint, so a read-modify-write (the simulated kubelet's status PUT) keeps it instead of sending
// the rounded 9223372036854776000 that the server refuses.
import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { startTestServer } from './server.js';

const int64Max = 9223372036854775807n;

t.test('get, watch and updateStatus keep an int64 exact', async (t) => {
  const h = await startTestServer(t);
  const pods = h.res('pods', 'default');
  const created = await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { terminationGracePeriodSeconds: int64Max, containers: [{ name: 'c', image: 'nginx' }] } } as unknown as KubeObject);
  const spec = (o: KubeObject) => o.spec as { terminationGracePeriodSeconds: unknown };
  t.equal(spec(created).terminationGracePeriodSeconds, int64Max, 'create sent and read back exactly');
  const got = await pods.get('p');
  t.equal(spec(got).terminationGracePeriodSeconds, int64Max);
  const updated = await pods.updateStatus({ ...got, status: { phase: 'Running' } });
  t.equal((updated.status as { phase: string }).phase, 'Running');
  t.equal(spec(updated).terminationGracePeriodSeconds, int64Max);
  const list = await pods.list();
  t.equal(spec(list.items[0]!).terminationGracePeriodSeconds, int64Max);
  const ac = new AbortController();
  for await (const ev of pods.watch({ resourceVersion: '0', signal: ac.signal })) {
    t.equal(spec(ev.object as KubeObject).terminationGracePeriodSeconds, int64Max, 'watch event');
    ac.abort();
    break;
  }
});
