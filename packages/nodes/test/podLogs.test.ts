/**
 * pods/log with the real kubectl against a running server and simulated nodes: the lifecycle
 * lines a container writes, kubectl's flags (--tail, --since, --since-time, --timestamps,
 * --limit-bytes, -c, --all-containers, --prefix, -f), deploy/NAME, kube's errors (unknown pod or
 * container, a container not started yet, --previous, a stopped kubelet), and a log that lasts
 * until its pod is deleted. The dataplane's request lines: packages/cli/test/podLogs.test.ts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import type { Test } from 'tap';
import { pino } from 'pino';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import { eventually, runControllers, startTestServer, type Harness } from '../../controllers/test/harness.js';
import { startNodes } from '../src/startNodes.js';
import { kubeletEndpointAnnotation } from '../src/kubelet.js';

const quiet = pino({ level: 'silent' });

async function cluster(t: Test, o: { ipam?: boolean } = {}) {
  const h = await startTestServer(t);
  if (o.ipam !== false) await runControllers(t, h, { controllers: 'nodeipam' });
  const n = await startNodes({ client: h.api, logger: quiet, nodes: 2 });
  t.teardown(() => n.stop());
  return h;
}

const podManifest = (name: string, o: { containers?: string[]; node?: string; labels?: Record<string, string>; grace?: number } = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: o.labels },
  spec: {
    ...(o.node === '' ? {} : { nodeName: o.node ?? 'node-1' }),
    containers: (o.containers ?? ['web']).map((c) => ({ name: c, image: 'nginx:1.27' })),
    ...(o.grace !== undefined ? { terminationGracePeriodSeconds: o.grace } : {}),
  },
});

async function runningReady(h: Harness, name: string): Promise<Pod> {
  return eventually(async () => {
    const p = await h.res<Pod>('v1', 'Pod', 'default').get(name);
    return p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? p : undefined;
  }, 10_000, `${name} Ready`);
}

/** Output lines of `kubectl logs ...`, once they hold `want` lines. */
async function logLines(h: Harness, want: number, ...args: string[]): Promise<string[]> {
  return eventually(async () => {
    const out = await h.kubectl('logs', ...args);
    const lines = out.stdout.split('\n').filter(Boolean);
    return out.code === 0 && lines.length >= want ? lines : undefined;
  }, 10_000, `kubectl logs ${args.join(' ')}`);
}

t.test('a container log: lifecycle lines and kubectl logs flags', async (t) => {
  const h = await cluster(t);
  await h.res<Pod>('v1', 'Pod', 'default').create(podManifest('web'));
  const pod = await runningReady(h, 'web');
  const lines = await logLines(h, 2, 'web');
  t.match(lines, [/^Started container web \(image docker\.io\/library\/nginx:1\.27\) on node node-1, pod IP 10\.244\.\d+\.\d+$/, 'Readiness probe succeeded: container is ready']);
  t.match(lines[0], pod.status!.podIP!);

  t.same((await h.kubectl('logs', 'web', '--tail=1')).stdout, 'Readiness probe succeeded: container is ready\n');
  t.same((await h.kubectl('logs', 'pod/web', '--tail=0')).stdout, '');
  const stamped = (await h.kubectl('logs', 'web', '--timestamps')).stdout.split('\n').filter(Boolean);
  t.match(stamped, [/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z Started container web /, /^\S+Z Readiness probe succeeded/]);
  const limited = await h.kubectl('logs', 'web', '--limit-bytes=7');
  t.equal(limited.stdout, 'Started');
  t.equal((await h.kubectl('logs', 'web', '--since=1h')).stdout.split('\n').filter(Boolean).length, 2);
  t.equal((await h.kubectl('logs', 'web', `--since-time=${new Date(Date.now() + 60_000).toISOString()}`)).stdout, '', 'nothing after a future time');
  t.equal((await h.kubectl('logs', 'web', `--since-time=${new Date(Date.now() - 60_000).toISOString()}`)).stdout.split('\n').filter(Boolean).length, 2);
  const prefixed = await h.kubectl('logs', 'web', '--prefix', '--tail=1');
  t.equal(prefixed.stdout, '[pod/web/web] Readiness probe succeeded: container is ready\n');

  const noPrevious = await h.kubectl('logs', 'web', '--previous');
  t.equal(noPrevious.code, 1);
  t.equal(noPrevious.stderr, 'Error from server (BadRequest): previous terminated container "web" in pod "web" not found\n');
  const missing = await h.kubectl('logs', 'nope');
  t.equal(missing.stderr, 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n'); // kubectl's own get of the pod
  const badTail = await h.kubectl('get', '--raw', '/api/v1/namespaces/default/pods/web/log?tailLines=-1');
  t.match(badTail.stderr, /PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0/);
  const badContainer = await h.kubectl('get', '--raw', '/api/v1/namespaces/default/pods/web/log?container=db');
  t.match(badContainer.stderr, /container db is not valid for pod web/);
});

t.test('a multi-container pod: -c, the default container, --all-containers, the API\'s need for a name', async (t) => {
  const h = await cluster(t);
  await h.res<Pod>('v1', 'Pod', 'default').create(podManifest('duo', { containers: ['app', 'side'], node: 'node-2' }));
  await runningReady(h, 'duo');
  const side = await logLines(h, 2, 'duo', '-c', 'side');
  t.match(side[0], /^Started container side /);
  const first = await h.kubectl('logs', 'duo', '--tail=2');
  t.equal(first.stderr, 'Defaulted container "app" out of: app, side\n');
  t.match(first.stdout, /^Started container app [^\n]*\nReadiness probe succeeded/);
  const all = await h.kubectl('logs', 'duo', '--all-containers', '--prefix');
  t.match(all.stdout.split('\n').filter(Boolean).sort(), [/^\[pod\/duo\/app\] Readiness/, /^\[pod\/duo\/app\] Started container app /, /^\[pod\/duo\/side\] Readiness/, /^\[pod\/duo\/side\] Started container side /]);
  const unknown = await h.kubectl('logs', 'duo', '-c', 'db');
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /container db is not valid for pod duo/);
  const raw = await h.kubectl('get', '--raw', '/api/v1/namespaces/default/pods/duo/log');
  t.match(raw.stderr, /a container name must be specified for pod duo, choose one of: \[app side\]/);
});

t.test('kubectl logs deploy/NAME picks a pod through the selector', async (t) => {
  const h = await cluster(t);
  await h.res('apps/v1', 'Deployment', 'default').create({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'hello' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'hello' } }, template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  });
  await h.res<Pod>('v1', 'Pod', 'default').create(podManifest('hello-abc', { labels: { app: 'hello' } }));
  await runningReady(h, 'hello-abc');
  const lines = await logLines(h, 2, 'deploy/hello');
  t.match(lines[0], /^Started container web /);
});

t.test('-f streams new lines (a readiness flip, then SIGTERM) until the pod is gone; the log lasts until then', async (t) => {
  const h = await cluster(t);
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  await pods.create(podManifest('flip', { grace: 3 }));
  await runningReady(h, 'flip');
  const child = spawn('kubectl', ['--kubeconfig', h.server.kubeconfigPath!, '--cache-dir', join(h.dir, 'kc-follow'), 'logs', '-f', 'flip'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  t.teardown(() => void child.kill());
  await eventually(() => out.includes('Readiness probe succeeded'), 10_000, 'the first lines');
  await pods.patch('flip', { metadata: { annotations: { 'miniplane.dev/ready': 'false' } } }, 'merge');
  await eventually(() => out.includes('Readiness probe failed: annotation miniplane.dev/ready is "false"'), 10_000, 'the readiness failure, live');
  await pods.delete('flip');
  await eventually(() => out.includes('Received SIGTERM: stopping within the grace period of 3s'), 10_000, 'SIGTERM, live');
  t.match((await h.kubectl('logs', 'flip', '--tail=1')).stdout, 'Received SIGTERM', 'readable while terminating');
  t.equal(await exited, 0, 'the follow ends when the container exits');
  t.match(out, /Exited with code 0\n$/);
  await eventually(async () => (await pods.list()).items.length === 0 || undefined, 10_000, 'the pod gone');
  t.match((await h.kubectl('logs', 'flip')).stderr, 'pods "flip" not found');
});

t.test('not started, not scheduled, a stopped kubelet', async (t) => {
  const h = await cluster(t, { ipam: false }); // no podCIDRs: pods stay ContainerCreating
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  await pods.create(podManifest('waiting'));
  await eventually(async () => (await pods.get('waiting')).status?.containerStatuses?.[0]?.state?.waiting || undefined, 10_000, 'ContainerCreating');
  const waiting = await h.kubectl('logs', 'waiting');
  t.equal(waiting.stderr, 'Error from server (BadRequest): container "web" in pod "waiting" is waiting to start: ContainerCreating\n');
  await pods.create(podManifest('unscheduled', { node: '' }));
  const none = await h.kubectl('logs', 'unscheduled');
  t.same([none.code, none.stdout, none.stderr], [0, '', '']);

  const node = await h.res<NodeObject>('v1', 'Node').get('node-1');
  const url = node.metadata.annotations![kubeletEndpointAnnotation]!;
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.equal(node.status!.daemonEndpoints!.kubeletEndpoint!.Port, Number(new URL(url).port));
  await h.res<NodeObject>('v1', 'Node').patch('node-1', { metadata: { annotations: { 'miniplane.dev/kubelet': 'stopped' } } }, 'merge');
  const down = await eventually(async () => {
    const r = await h.kubectl('logs', 'waiting');
    return r.stderr.includes('connection refused') ? r : undefined;
  }, 10_000, 'the kubelet unreachable');
  t.equal(down.stderr, `Error from server: Get "${url}/containerLogs/default/waiting/web": dial tcp ${new URL(url).host}: connect: connection refused\n`);
  await h.res<NodeObject>('v1', 'Node').patch('node-1', { metadata: { annotations: { 'miniplane.dev/kubelet': null } } }, 'merge');
  await eventually(async () => (await h.kubectl('logs', 'waiting')).stderr.includes('waiting to start') || undefined, 10_000, 'the kubelet back');
});
