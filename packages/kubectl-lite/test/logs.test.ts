/**
 * `kubectl-lite logs` beside the real kubectl against `miniplane up --nodes 2` plus a separate
 * `miniplane nodes` playing node-3 (so pods/log reaches the kubelets of both components): the
 * same output, notices and exit code for POD, TYPE/NAME, -l, -c, --all-containers, --prefix,
 * --tail, --since, --timestamps, --limit-bytes and the errors; -f streams a readiness flip and
 * ends when the pod's container exits.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { liteBin, runProcess, startMiniplane, startMiniplaneUp, tempDir } from './harness.js';

const duo = `apiVersion: v1
kind: Pod
metadata: {name: duo, labels: {app: duo}}
spec:
  nodeName: node-3
  terminationGracePeriodSeconds: 2
  containers: [{name: app, image: nginx}, {name: side, image: busybox}]
`;

t.test('kubectl-lite logs prints what kubectl logs prints', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-logs-');
  const kubeconfig = await startMiniplaneUp(t, join(dir, 'data'), ['--nodes', '2']);
  await startMiniplane(t, ['nodes', '--kubeconfig', kubeconfig, '--nodes', '1', '--first-node', '3'], /^miniplane nodes running: (.+) \(server/);
  const env = { KUBECONFIG: kubeconfig };
  const lite = (...args: string[]) => runProcess(process.execPath, [liteBin, '--cache-dir', join(dir, 'lite-cache'), ...args], { env });
  const kubectl = (...args: string[]) => runProcess('kubectl', ['--cache-dir', join(dir, 'kubectl-cache'), ...args], { env });
  await kubectl('create', 'deployment', 'hello', '--image=nginx:1.27', '--replicas=2');
  await runProcess('kubectl', ['--cache-dir', join(dir, 'kubectl-cache'), 'apply', '-f', '-'], { env, input: duo });
  t.equal((await kubectl('rollout', 'status', 'deployment/hello', '--timeout=60s')).code, 0);
  t.equal((await kubectl('wait', '--for=condition=Ready', 'pod/duo', '--timeout=60s')).code, 0);

  const cases: string[][] = [
    ['logs', 'deploy/hello'],
    ['logs', 'deployment/hello', '--tail=1', '--prefix'],
    ['logs', 'duo'],
    ['logs', 'pod/duo', '-c', 'side'],
    ['logs', 'duo', 'side', '--tail=1'],
    ['logs', '-l', 'app=hello', '--tail=1'],
    ['logs', '-l', 'app=none'],
    ['logs', 'duo', '-c', 'app', '--timestamps'],
    ['logs', 'duo', '-c', 'app', '--limit-bytes=12'],
    ['logs', 'duo', '-c', 'app', '--since=1h'],
    ['logs', 'duo', '-c', 'app', '--since-time=2000-01-01T00:00:00Z'],
    ['logs', 'duo', '-c', 'db'],
    ['logs', 'duo', '-c', 'app', '--previous'],
    ['logs', 'nope'],
    ['logs', 'deploy/nope'],
    ['logs', 'duo', '-c', 'app', '--tail=-2'],
    ['logs', 'duo', '--all-containers', '-c', 'app'],
    ['logs', '-l', 'app=hello', '-f', '--max-log-requests=1'],
  ];
  for (const args of cases) {
    const [want, got] = await Promise.all([kubectl(...args), lite(...args)]);
    t.same({ code: got.code, stdout: got.stdout, stderr: got.stderr }, { code: want.code, stdout: want.stdout, stderr: want.stderr }, args.join(' '));
  }
  // kubectl reads --all-pods' logs in Go's map order (random): the same lines, in any order
  const sorted = (x: string) => x.split('\n').sort().join('\n');
  const [allWant, allGot] = await Promise.all([kubectl('logs', 'deploy/hello', '--all-pods', '--tail=1'), lite('logs', 'deploy/hello', '--all-pods', '--tail=1')]);
  t.same([allGot.code, sorted(allGot.stdout), allGot.stderr], [allWant.code, sorted(allWant.stdout), allWant.stderr], 'logs deploy/hello --all-pods');
  // so does --all-containers (its requests are a map keyed by container too): the same lines
  const [ctrWant, ctrGot] = await Promise.all([kubectl('logs', 'duo', '--all-containers', '--prefix'), lite('logs', 'duo', '--all-containers', '--prefix')]);
  t.same([ctrGot.code, sorted(ctrGot.stdout), ctrGot.stderr], [ctrWant.code, sorted(ctrWant.stdout), ctrWant.stderr], 'logs duo --all-containers --prefix');
  t.match(allGot.stdout, /^\[pod\/hello-\S+\/nginx\] Readiness probe succeeded: container is ready\n\[pod\/hello-/);
  const started = (await lite('logs', 'duo', '-c', 'side')).stdout;
  t.match(started, /^Started container side \(image docker\.io\/library\/busybox:latest\) on node node-3, pod IP \S+\nReadiness probe succeeded: container is ready\n$/);

  const follow = spawn(process.execPath, [liteBin, '--cache-dir', join(dir, 'lite-cache'), 'logs', '-f', 'duo', '-c', 'app'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void follow.kill());
  let out = '';
  follow.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number>((resolve) => follow.on('close', (code) => resolve(code ?? -1)));
  const seen = async (text: string) => {
    for (let i = 0; i < 500 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 20));
    t.match(out, text, `followed: ${text}`);
  };
  await seen('Readiness probe succeeded');
  await kubectl('annotate', 'pod', 'duo', 'miniplane.dev/ready=false');
  await seen('Readiness probe failed: annotation miniplane.dev/ready is "false"');
  await kubectl('delete', 'pod', 'duo', '--wait=false');
  await seen('Received SIGTERM: stopping within the grace period of 2s');
  t.equal(await exited, 0, 'the follow ends with the container');
  t.match(out, /Exited with code 0\n$/);
});
