/**
 * `kubectl-lite describe pod|replicaset|deployment|statefulset|node` against `miniplane up` (pods scheduled and
 * run by the simulated kubelets, a ReplicaSet's pods made by its controller), diffed with the
 * real kubectl: a plain running pod, one with several containers, ports, command and args,
 * resources, a probe, multi-line env, mounts and volumes, tolerations, a pending one, a
 * ReplicaSet with its pod counts and Events, a Deployment, StatefulSets (a partition, a volume
 * claim template with labels, storage class, capacity and access modes; one with kube's defaults), the nodes with their pods' requests
 * and limits; ages normalised.
 */
import { join } from 'node:path';
import t from 'tap';
import { normaliseAges, runProcess, startMiniplaneUp, tempDir, liteBin } from './harness.js';

const pods = `apiVersion: v1
kind: Pod
metadata: {name: rich, labels: {app: x, tier: "y"}, annotations: {note: hi}}
spec:
  tolerations: [{key: k, operator: Exists, effect: NoSchedule}, {operator: Exists}, {key: a, value: b, effect: NoExecute, tolerationSeconds: 30}]
  containers:
  - name: c1
    image: busybox
    command: [sh, -c]
    args: ["echo hi\\nsleep 1"]
    ports: [{containerPort: 80, protocol: TCP}, {containerPort: 53, protocol: UDP, hostPort: 5353}]
    resources: {requests: {cpu: 100m}, limits: {cpu: 200m, memory: 64Mi}}
    readinessProbe: {httpGet: {path: /healthz, port: 80}, periodSeconds: 5}
    volumeMounts: [{name: data, mountPath: /data}, {name: cfg, mountPath: /cfg, readOnly: true}]
    env: [{name: MULTI, value: "a\\nb"}]
  - name: c2
    image: nginx
  volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: x}}, {name: sec, secret: {secretName: s}}]
---
apiVersion: v1
kind: Pod
metadata: {name: pending}
spec:
  nodeSelector: {disk: none-has-it}
  containers: [{name: web, image: nginx}]
`;

const replicaSet = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs1, labels: {app: rs1, tier: web}, annotations: {note: hi}}
spec:
  replicas: 2
  selector: {matchLabels: {app: rs1}}
  template:
    metadata: {labels: {app: rs1, tier: web}}
    spec:
      tolerations: [{key: k, operator: Exists}]
      containers: [{name: web, image: nginx, ports: [{containerPort: 80, protocol: TCP}]}]
      volumes: [{name: tmp, emptyDir: {}}]
`;

const statefulSets = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, labels: {app: web}, annotations: {note: hi}}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx, ports: [{containerPort: 80, name: web}], volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]}]
  volumeClaimTemplates:
  - metadata: {name: www, labels: {a: b}}
    spec: {accessModes: [ReadWriteOnce, ReadOnlyMany], storageClassName: fast, resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: plain}
spec:
  serviceName: plain
  selector: {matchLabels: {app: plain}}
  template:
    metadata: {labels: {app: plain}}
    spec: {containers: [{name: c, image: nginx}]}
`;

t.test('describe pod, replicaset, deployment and node print what kubectl prints', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-describe-pod-');
  const kubeconfig = await startMiniplaneUp(t, join(dir, 'data'));
  const env = { KUBECONFIG: kubeconfig };
  const lite = (args: string[], input?: string) => runProcess(process.execPath, [liteBin, '--cache-dir', join(dir, 'lite'), ...args], { env, input });
  const kubectl = (args: string[], input?: string) => runProcess('kubectl', ['--cache-dir', join(dir, 'kubectl'), ...args], { env, input });
  t.equal((await kubectl(['run', 'plain', '--image=nginx:1.26', '--port=80', '--env=A=1', '--labels=app=plain'])).code, 0);
  t.equal((await kubectl(['create', '-f', '-'], pods)).code, 0);
  t.equal((await kubectl(['create', '-f', '-'], replicaSet)).code, 0);
  t.equal((await kubectl(['create', '-f', '-'], statefulSets)).code, 0);
  t.equal((await kubectl(['create', 'deployment', 'dep', '--image=nginx:1.26', '--replicas=2', '--port=80'])).code, 0);
  t.equal((await kubectl(['wait', '--for=condition=Ready', 'pod/plain', 'pod/rich', '--timeout=60s'])).code, 0);
  t.equal((await kubectl(['wait', '--for=jsonpath={.status.readyReplicas}=2', 'rs/rs1', 'sts/web', '--timeout=60s'])).code, 0);
  const cases = [
    ['describe', 'pod', 'plain'], ['describe', 'pod', 'rich'], ['describe', 'pod', 'pending'], ['describe', 'pods'], ['describe', 'pod', 'nosuch'],
    ['describe', 'rs', 'rs1'], ['describe', 'deployment', 'dep'], ['describe', 'deploy'], ['describe', 'nodes'],
    ['describe', 'statefulset', 'web'], ['describe', 'sts'], ['describe', 'sts/plain'],
  ];
  for (const args of cases) {
    const [l, k] = await Promise.all([lite(args), kubectl(args)]);
    const norm = (r: { code: number; stdout: string; stderr: string }) => ({ code: r.code, stdout: normaliseAges(r.stdout), stderr: r.stderr });
    t.same(norm(l), norm(k), args.join(' '));
  }
});
