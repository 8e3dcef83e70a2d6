/**
 * The serviceaccount controller and the ServiceAccount pod admission against a running server:
 * `default` appears in every namespace (those that existed before the controller too), comes
 * back when deleted; pods get their account and the default tolerations; a pod naming a
 * missing account is refused in kube's words; the real kubectl creates and lists accounts.
 */
import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { eventually, runControllers, startTestServer } from './harness.js';

t.test('default service accounts, pod admission, kubectl', async (t) => {
  const h = await startTestServer(t, { podAdmission: { requireServiceAccounts: true } });
  const namespaces = h.res('v1', 'Namespace');
  await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'early' } });
  const sa = (ns: string) => h.res('v1', 'ServiceAccount', ns);
  const pods = (ns: string) => h.res('v1', 'Pod', ns);
  const pod = (name: string, spec: Record<string, unknown> = {}): KubeObject =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });

  // Before the controller runs, a pod has no account to run as: kube's 403.
  const refused = await pods('early').create(pod('too-early')).catch((e: unknown) => e as Error);
  t.match(String(refused), /pods "too-early" is forbidden: error looking up service account early\/default: serviceaccount "default" not found/);

  await runControllers(t, h, { controllers: 'serviceaccount' });
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'early']) {
    await eventually(() => sa(ns).get('default').catch(() => undefined), 10_000, `default/${ns}`);
  }
  await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late' } });
  const first = await eventually(() => sa('late').get('default').catch(() => undefined), 10_000, 'late/default');
  await sa('late').delete('default');
  const again = await eventually(() => sa('late').get('default').then((o) => (o.metadata.uid !== first.metadata.uid ? o : undefined)).catch(() => undefined), 10_000, 'recreated');
  t.not(again.metadata.uid, first.metadata.uid, 'a deleted default account is recreated');

  const created = await pods('early').create(pod('p'));
  t.match(created.spec, {
    serviceAccountName: 'default', serviceAccount: 'default',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
  }, 'the pod runs as default with the default tolerations');

  const made = await h.kubectl('create', 'serviceaccount', 'robot', '-n', 'early');
  t.equal(made.code, 0, made.stderr);
  t.equal(made.stdout.trim(), 'serviceaccount/robot created');
  const robot = await pods('early').create(pod('r', { serviceAccountName: 'robot' }));
  t.equal((robot.spec as { serviceAccount?: string }).serviceAccount, 'robot');
  const got = await h.kubectl('get', 'sa', '-n', 'early');
  t.match(got.stdout, /^NAME\s+SECRETS\s+AGE\ndefault\s+0\s+\S+\nrobot\s+0\s+\S+\n$/, got.stdout);

  const run = await h.kubectl('run', 'x', '-n', 'early', '--image=nginx', '--overrides={"spec":{"serviceAccountName":"nope"}}');
  t.equal(run.code, 1);
  t.equal(run.stderr.trim(), 'Error from server (Forbidden): pods "x" is forbidden: error looking up service account early/nope: serviceaccount "nope" not found');
});
