/**
 * The Endpoints controller's kube-controller-manager flags on `miniplane up`:
 * `--endpoint-updates-batch-period` holds a pod-triggered Endpoints write back by the period
 * (while the EndpointSlice controller, without a batch period, writes at once), and
 * `--concurrent-endpoint-syncs` is accepted.
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
const batchMs = 4000;

t.test('--endpoint-updates-batch-period delays pod-triggered Endpoints writes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-epbatch-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { url, kubeconfig } = await up(t, [
    '--listen', '127.0.0.1:0', '--in-memory', '--data-dir', dir, '--nodes', '1',
    '--endpoint-updates-batch-period', `${batchMs}ms`, '--concurrent-endpoint-syncs', '2',
  ]);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), ...a])).stdout;
  const get = async (path: string) => (await fetch(`${url}${path}`)).json() as Promise<any>;
  await kubectl('create', 'deployment', 'batch', '--image=nginx', '--replicas=1');
  await kubectl('expose', 'deployment', 'batch', '--port=80');
  const ip = await until('a ready address', async () => (await get('/api/v1/namespaces/default/endpoints/batch')).subsets?.[0]?.addresses?.[0]?.ip as string | undefined);
  const pod = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dbatch')).items[0].metadata.name as string;

  const flipped = Date.now();
  await kubectl('annotate', 'pod', pod, 'miniplane.dev/ready=false');
  const sliceAt = await until('the slice to show not ready', async () => {
    const slices = (await get('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dbatch')).items;
    return slices.some((s: any) => s.endpoints?.some((e: any) => e.conditions?.ready === false)) ? Date.now() : undefined;
  });
  const notReadyAt = await until('the Endpoints to show not ready', async () => {
    const ep = await get('/api/v1/namespaces/default/endpoints/batch');
    return ep.subsets?.[0]?.notReadyAddresses?.[0]?.ip === ip ? Date.now() : undefined;
  });
  t.ok(notReadyAt - flipped >= batchMs - 100, `Endpoints written ${notReadyAt - flipped} ms after the flip (batch period ${batchMs} ms)`);
  t.ok(sliceAt < notReadyAt, 'the EndpointSlice controller (no batch period) wrote first');
});
