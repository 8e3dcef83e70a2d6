/**
 * `endpoints.kubernetes.io/last-change-trigger-time` end to end on `miniplane up`, read with the
 * real kubectl: a new Service's Endpoints and EndpointSlice carry the Service's creation time;
 * after a pod's readiness flips, both carry that pod's Ready lastTransitionTime (kube's
 * TriggerTimeTracker).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { until } from './until.js';
import { up } from './upProcess.js';

const run = promisify(execFile);
const annotation = 'endpoints.kubernetes.io/last-change-trigger-time';

t.test('trigger time: Service creation, then the pod Ready transition', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-trigger-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { kubeconfig } = await up(t, ['--listen', '127.0.0.1:0', '--in-memory', '--data-dir', dir, '--nodes', '1']);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), ...a])).stdout;
  const json = async (...a: string[]) => JSON.parse(await kubectl('get', ...a, '-o', 'json'));
  await kubectl('create', 'deployment', 'trig', '--image=nginx', '--replicas=2');
  const pods = await until('2 ready pods', async () => {
    const items = (await json('pods', '-l', 'app=trig')).items as Array<{ metadata: { name: string }; status: { conditions?: Array<{ type: string; status: string; lastTransitionTime: string }> } }>;
    return items.length === 2 && items.every((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ? items : undefined;
  });
  await kubectl('expose', 'deployment', 'trig', '--port=80');
  const created = (await json('service', 'trig')).metadata.creationTimestamp as string;
  const times = async () => {
    const ep = await json('endpoints', 'trig');
    const slices = (await json('endpointslices', '-l', 'kubernetes.io/service-name=trig')).items as Array<{ metadata: { annotations?: Record<string, string> } }>;
    return { ep: ep.metadata.annotations?.[annotation] as string | undefined, ready: ep.subsets?.[0]?.addresses?.length ?? 0, slice: slices[0]?.metadata.annotations?.[annotation] };
  };
  const first = await until('both written', async () => {
    const x = await times();
    return x.ready === 2 && x.slice ? x : undefined;
  });
  t.same([first.ep, first.slice], [created, created], "a new Service: its creationTimestamp");

  const name = pods[0]!.metadata.name;
  // Trigger times have one-second precision (RFC 3339, as kube's): a flip within the second the
  // pod became Ready is no later than what the trackers last saw, so kube's TriggerTimeTracker,
  // and ours, would then write no annotation at all. On a quiet machine this test got there within
  // that second; flip in a later one.
  const readyAt = Date.parse(pods[0]!.status.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime);
  const wait = readyAt + 1000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await kubectl('annotate', 'pod', name, 'miniplane.dev/ready=false');
  const flipped = await until('the pod not ready', async () => {
    const p = await json('pod', name);
    const ready = (p.status.conditions as Array<{ type: string; status: string; lastTransitionTime: string }>).find((c) => c.type === 'Ready');
    return ready?.status === 'False' ? ready.lastTransitionTime : undefined;
  });
  const after = await until('both rewritten after the flip', async () => {
    const x = await times();
    return x.ready === 1 && x.slice === flipped ? x : undefined;
  });
  t.same([after.ep, after.slice], [flipped, flipped], "the pod's Ready lastTransitionTime on both");
});
