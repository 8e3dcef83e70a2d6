/**
 * `kubectl-lite rollout status|history|undo|restart|pause|resume statefulset` against
 * `miniplane up`, diffed with the real kubectl where the state is settled (status of a rolled-out
 * set, with a partition and with OnDelete, history, kubectl's errors for undo without a previous
 * revision, an unknown revision, pause and resume), then a new image rolled out, its history, and
 * an undo that puts the previous template back; restart stamps the template. `rollout history
 * --revision N` prints a revision's pod template as kubectl does (tabs kept, for a StatefulSet's
 * ControllerRevision and a Deployment's ReplicaSet with several labels, annotations, node
 * selectors and tolerations).
 */
import { join } from 'node:path';
import t from 'tap';
import { liteBin, normaliseAges, runProcess, startMiniplaneUp, tempDir } from './harness.js';

const sets = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}
  template:
    metadata: {labels: {app: web}}
    spec: {terminationGracePeriodSeconds: 0, containers: [{name: c, image: nginx:1.26}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ondelete}
spec:
  serviceName: ondelete
  replicas: 1
  selector: {matchLabels: {app: ondelete}}
  updateStrategy: {type: OnDelete}
  template:
    metadata: {labels: {app: ondelete}}
    spec: {terminationGracePeriodSeconds: 0, containers: [{name: c, image: nginx:1.26}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: rich}
spec:
  replicas: 1
  selector: {matchLabels: {app: rich}}
  template:
    metadata: {labels: {app: rich, tier: web}, annotations: {a: one, b: two}}
    spec:
      nodeSelector: {disk: ssd, zone: a}
      tolerations: [{key: k, operator: Exists, effect: NoSchedule}, {key: a, value: b, effect: NoExecute, tolerationSeconds: 30}]
      containers: [{name: c, image: nginx, env: [{name: A, value: "1"}], ports: [{containerPort: 80}]}]
`;

t.test('rollout for statefulsets does what kubectl does', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-rollout-sts-');
  const kubeconfig = await startMiniplaneUp(t, join(dir, 'data'));
  const env = { KUBECONFIG: kubeconfig };
  const lite = (args: string[], input?: string) => runProcess(process.execPath, [liteBin, '--cache-dir', join(dir, 'lite'), ...args], { env, input });
  const kubectl = (args: string[], input?: string) => runProcess('kubectl', ['--cache-dir', join(dir, 'kubectl'), ...args], { env, input });
  t.equal((await kubectl(['create', '-f', '-'], sets)).code, 0);
  t.equal((await kubectl(['wait', '--for=jsonpath={.status.readyReplicas}=2', 'sts/web', '--timeout=60s'])).code, 0);
  t.equal((await kubectl(['wait', '--for=jsonpath={.status.readyReplicas}=1', 'sts/ondelete', '--timeout=60s'])).code, 0);
  t.equal((await kubectl(['wait', '--for=jsonpath={.status.replicas}=1', 'deploy/rich', '--timeout=60s'])).code, 0);
  const norm = (r: { code: number; stdout: string; stderr: string }) => ({ code: r.code, stdout: normaliseAges(r.stdout), stderr: r.stderr });
  for (const args of [
    ['rollout', 'status', 'sts/web'], ['rollout', 'status', 'statefulset', 'web', '--watch=false'], ['rollout', 'status', 'sts/ondelete'],
    ['rollout', 'history', 'sts/web'], ['rollout', 'undo', 'sts/web'], ['rollout', 'undo', 'sts/web', '--to-revision=7'],
    ['rollout', 'pause', 'sts/web'], ['rollout', 'resume', 'sts/web'],
    ['rollout', 'history', 'sts/web', '--revision=1'], ['rollout', 'history', 'sts/web', '--revision=9'],
    ['rollout', 'history', 'deploy/rich', '--revision=1'], ['rollout', 'history', 'deploy/rich', '--revision=4'],
  ]) {
    const [l, k] = await Promise.all([lite(args), kubectl(args)]);
    t.same(norm(l), norm(k), args.join(' '));
  }

  t.equal((await lite(['patch', 'sts/web', '-p', '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'])).code, 0);
  t.equal((await lite(['set', 'image', 'sts/web', 'c=nginx:1.27'])).code, 0);
  const rolled = await lite(['rollout', 'status', 'sts/web', '--timeout=60s']);
  t.equal(rolled.code, 0);
  t.match(rolled.stdout, /partitioned roll out complete: 2 new pods have been updated\.\.\.\n$/);
  const [lh, kh] = await Promise.all([lite(['rollout', 'history', 'sts/web']), kubectl(['rollout', 'history', 'sts/web'])]);
  t.same(lh, kh, 'history with two revisions');
  t.match(lh.stdout, /^1 +<none>\n2 +<none>\n/m);
  t.same(await lite(['rollout', 'undo', 'sts/web']), { code: 0, stdout: 'statefulset.apps/web rolled back\n', stderr: '' });
  t.equal((await lite(['get', 'sts', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout, 'nginx:1.26', 'the previous template is back');
  t.same(await lite(['rollout', 'restart', 'sts/web']), { code: 0, stdout: 'statefulset.apps/web restarted\n', stderr: '' });
  t.match((await lite(['get', 'sts', 'web', '-o', 'jsonpath={.spec.template.metadata.annotations}'])).stdout, /kubectl\.kubernetes\.io\/restartedAt/);
});
