/**
 * kube's pod defaulting over the API, through the real kubectl: what `kubectl create deployment`
 * and `kubectl run` print back is what kube-apiserver v1.33 returns for the same commands (the
 * PodSpec defaults in pods and in workload templates; enableServiceLinks, priority and
 * preemptionPolicy only in pods), and the Priority admission plugin's 403s.
 */
import t from 'tap';
import { kubectl, startTestServer } from './harness.js';

/** The `spec:` block of a `kubectl ... -o yaml` output. */
const specBlock = (yaml: string) => /\nspec:\n[\s\S]*?(?=\nstatus:)/.exec(yaml)?.[0];

t.test('kubectl create deployment and kubectl run print what kube returns', async (t) => {
  const s = await startTestServer(t);
  const deploy = await kubectl(s, ['create', 'deployment', 'x', '--image=nginx:1.26', '-o', 'yaml']);
  t.equal(deploy.code, 0, deploy.stderr);
  t.equal(specBlock(deploy.stdout), `
spec:
  progressDeadlineSeconds: 600
  replicas: 1
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: x
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: x
    spec:
      containers:
      - image: nginx:1.26
        imagePullPolicy: IfNotPresent
        name: nginx
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30`);

  // kube's answer also mounts the service-account token (volumes, volumeMounts): miniplane mounts none.
  const run = await kubectl(s, ['run', 'p', '--image=nginx', '-o', 'yaml']);
  t.equal(run.code, 0, run.stderr);
  t.equal(specBlock(run.stdout), `
spec:
  containers:
  - image: nginx
    imagePullPolicy: Always
    name: p
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300`);
});

const podSpec = { containers: [{ name: 'c', image: 'nginx:1.26', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } }] };
const defaultedContainer = {
  name: 'c', image: 'nginx:1.26', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  readinessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
};
const templateSpec = { dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', securityContext: {}, terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler', containers: [defaultedContainer] };

t.test('ReplicaSet and StatefulSet templates are defaulted, on create and on update', async (t) => {
  const s = await startTestServer(t);
  const template = { metadata: { labels: { app: 'a' } }, spec: podSpec };
  const rsPath = '/apis/apps/v1/namespaces/default/replicasets';
  const rs = await s.req('POST', rsPath, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'a' } }, template } });
  t.equal(rs.status, 201, rs.text);
  t.equal(rs.body.spec.replicas, 1, "SetDefaults_ReplicaSet's replicas");
  t.strictSame(rs.body.spec.template.spec, templateSpec);
  const put = await s.req('PUT', `${rsPath}/rs`, { ...rs.body, spec: { ...rs.body.spec, template } });
  t.strictSame(put.body.spec.template.spec, templateSpec, 'an update is defaulted the same way');

  const sts = await s.req('POST', '/apis/apps/v1/namespaces/default/statefulsets', {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: { serviceName: 'web', selector: { matchLabels: { app: 'a' } }, template, volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] },
  });
  t.equal(sts.status, 201, sts.text);
  t.strictSame(sts.body.spec.template.spec, templateSpec);
  t.strictSame(sts.body.spec.volumeClaimTemplates, [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }]);
});

t.test('the Priority admission plugin', async (t) => {
  const s = await startTestServer(t);
  const pods = '/api/v1/namespaces/default/pods';
  const pod = (name: string, spec: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { ...podSpec, ...spec } });
  const critical = await s.req('POST', pods, pod('critical', { priorityClassName: 'system-node-critical' }));
  t.equal(critical.status, 201);
  t.match(critical.body.spec, { priorityClassName: 'system-node-critical', priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' });
  const given = await s.req('POST', pods, pod('zero', { priority: 0, preemptionPolicy: 'PreemptLowerPriority' }));
  t.equal(given.status, 201, 'the computed values may be given');
  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['unknown class', { priorityClassName: 'nope' }, 'pods "p" is forbidden: no PriorityClass with name nope was found'],
    ['priority given', { priority: 5 }, 'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name'],
    ['preemptionPolicy given', { preemptionPolicy: 'Never' }, 'pods "p" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name'],
  ];
  for (const [what, spec, message] of refused) {
    const r = await s.req('POST', pods, pod('p', spec));
    t.equal(r.status, 403, what);
    t.equal(r.body.message, message, what);
  }
  t.equal((await s.req('GET', `${pods}/p`)).status, 404, 'nothing stored');

  const cur = (await s.req('GET', `${pods}/critical`)).body;
  const { priority: _p, ...withoutPriority } = cur.spec;
  const put = await s.req('PUT', `${pods}/critical`, { ...cur, spec: withoutPriority });
  t.equal(put.status, 200, put.text);
  t.equal(put.body.spec.priority, 2000001000, 'an update that leaves priority out keeps it');
});
