/**
 * `kubectl-lite sim node stop|restart|add|remove` against `miniplane up --nodes 2` (short Lease
 * and node-monitor grace period) plus a separate `miniplane nodes` component playing node-3, so
 * both components are shown to obey the Nodes' controls: a stopped kubelet's Lease stops renewing
 * and its node goes Ready Unknown; a restarted one is Ready again and renews; an added node is
 * adopted by exactly one component, turns Ready and runs pods; a removed node is gone with its
 * Lease and its pods are replaced by their ReplicaSet.
 */
import { join } from 'node:path';
import t from 'tap';
import { liteBin, runProcess, startMiniplane, startMiniplaneUp, tempDir } from './harness.js';

const fast = ['--node-lease-duration-seconds', '2'];

const pinned = `apiVersion: apps/v1
kind: Deployment
metadata: {name: pinned}
spec:
  replicas: 2
  selector: {matchLabels: {app: pinned}}
  template:
    metadata: {labels: {app: pinned}}
    spec:
      nodeSelector: {kubernetes.io/hostname: extra}
      containers: [{name: web, image: nginx}]
`;

t.test('sim node drives the simulated kubelets of up and of miniplane nodes', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-sim-node-');
  const kubeconfig = await startMiniplaneUp(t, join(dir, 'data'), ['--nodes', '2', '--node-monitor-grace-period', '6s', '--node-monitor-period', '1s', ...fast]);
  await startMiniplane(t, ['nodes', '--kubeconfig', kubeconfig, '--nodes', '1', '--first-node', '3', ...fast], /^miniplane nodes running: (.+) \(server/);
  const lite = (...args: (string | { input: string })[]) => {
    const input = args.find((a): a is { input: string } => typeof a !== 'string')?.input;
    return runProcess(process.execPath, [liteBin, '--cache-dir', join(dir, 'cache'), ...args.filter((a): a is string => typeof a === 'string')], { env: { KUBECONFIG: kubeconfig }, input });
  };
  const jsonpath = async (target: string, path: string, ns = 'default') => (await lite('get', target, '-n', ns, '-o', `jsonpath=${path}`)).stdout;
  const ready = (node: string) => jsonpath(`node/${node}`, '{.status.conditions[?(@.type=="Ready")].status}');
  const renewTime = (node: string) => jsonpath(`lease/${node}`, '{.spec.renewTime}', 'kube-node-lease');
  const waitReady = async (node: string, status: string) => {
    const r = await lite('wait', `--for=condition=Ready=${status}`, `node/${node}`, '--timeout=60s');
    t.equal(r.code, 0, `${node} Ready ${status}${r.code ? `: ${r.stderr}` : ''}`);
  };

  for (const node of ['node-3', 'node-1']) { // node-3: `miniplane nodes`; node-1: `miniplane up`
    await waitReady(node, 'True');
    t.same(await lite('sim', 'node', 'stop', node), { code: 0, stdout: `node/${node} stopped\n`, stderr: '' });
    await waitReady(node, 'Unknown');
    const frozen = await renewTime(node);
    await new Promise((r) => setTimeout(r, 1500));
    t.equal(await renewTime(node), frozen, `${node}'s Lease is no longer renewed`);
    t.same(await lite('sim', 'node', 'restart', node), { code: 0, stdout: `node/${node} restarted\n`, stderr: '' });
    await waitReady(node, 'True');
    t.not(await renewTime(node), frozen, `${node}'s Lease is renewed again`);
  }

  t.same(await lite('sim', 'node', 'add', 'extra'), { code: 0, stdout: 'node/extra added\n', stderr: '' });
  await waitReady('extra', 'True');
  t.match(await jsonpath('node/extra', '{.metadata.annotations.miniplane\\.dev/kubelet-host}'), /^node-(1|3)$/, 'one component claimed it');
  t.equal((await lite('create', '-f', '-', { input: pinned })).code, 0);
  t.equal((await lite('rollout', 'status', 'deployment/pinned', '--timeout=60s')).code, 0, 'pods run on the added node');
  const before = (await lite('get', 'pods', '--field-selector', 'spec.nodeName=extra', '-o', 'name')).stdout.trim().split('\n').sort();
  t.equal(before.length, 2, 'both pods are on the added node');

  t.same(await lite('sim', 'node', 'remove', 'extra'), { code: 0, stdout: 'node/extra removed\n', stderr: '' });
  t.match((await lite('get', 'node', 'extra')).stderr, /nodes "extra" not found/);
  t.equal((await lite('wait', '--for=jsonpath={.status.replicas}=2', 'rs', '-l', 'app=pinned', '--timeout=60s')).code, 0);
  const after = (await lite('get', 'pods', '-l', 'app=pinned', '-o', 'name')).stdout.trim().split('\n').sort();
  t.equal(after.length, 2, 'the ReplicaSet has two pods again');
  t.notOk(after.some((p) => before.includes(p)), 'the removed node\'s pods were replaced');
  t.equal((await lite('wait', '--for=delete', 'lease/extra', '-n', 'kube-node-lease', '--timeout=60s')).code, 0, 'its Lease went with it');

  const errors = await lite('sim', 'node', 'stop', 'nosuch');
  t.same(errors, { code: 1, stdout: '', stderr: 'Error from server (NotFound): nodes "nosuch" not found\n' });
});
