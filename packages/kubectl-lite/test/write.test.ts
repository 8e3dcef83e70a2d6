/**
 * The writing verbs (`create -f`, typed `create`, `apply`, `delete`) against a live miniplane,
 * diffed with the real kubectl: each tool works in its own namespace on the same server, and the
 * outputs are compared with the namespace name and the server-chosen values (uid,
 * resourceVersion, timestamps, ClusterIPs, NodePorts) masked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { normaliseAges, startCluster, type Cluster, type Run } from './harness.js';

const app = `apiVersion: v1
kind: Service
metadata:
  name: my-svc
  labels:
    tier: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
  - name: https
    port: 443
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: my-cm
data:
  k: v
`;
// the second configuration: a changed targetPort, a port and a label removed, a value changed
const app2 = app.replace('targetPort: 8080', 'targetPort: 9090').replace(/  - name: https\n    port: 443\n/, '').replace('k: v', 'k: w').replace('    tier: web\n', '');

function mask(r: Run, ns: string): Run {
  const m = (s: string) => normaliseAges(s)
    .replaceAll(ns, 'NS')
    .replace(/(uid|resourceVersion|creationTimestamp|clusterIP|nodePort|time): .*/g, '$1: X')
    .replace(/"(uid|resourceVersion|creationTimestamp|clusterIP)": ".*"/g, '"$1": "X"')
    .replace(/- \d+\.\d+\.\d+\.\d+$/gm, '- IP');
  return { code: r.code, stdout: m(r.stdout), stderr: m(r.stderr) };
}

async function compareSteps(t: Tap.Test, c: Cluster, steps: string[][], input?: string): Promise<void> {
  for (const step of steps) {
    const lite = mask(await c.lite(['-n', 'ns-lite', ...step], { input }), 'ns-lite');
    const kubectl = mask(await c.kubectl(['-n', 'ns-kctl', ...step], { input }), 'ns-kctl');
    t.same(lite, kubectl, step.join(' '));
  }
}

t.test('create, apply and delete print and do what kubectl does', async (t) => {
  const c = await startCluster(t);
  for (const ns of ['ns-lite', 'ns-kctl']) t.equal((await c.kubectl(['create', 'namespace', ns])).code, 0);
  const f1 = join(c.dir, 'app.yaml');
  const f2 = join(c.dir, 'app2.yaml');
  writeFileSync(f1, app);
  writeFileSync(f2, app2);
  await compareSteps(t, c, [
    ['apply', '-f', f1], ['apply', '-f', f1], ['get', 'svc', 'my-svc', '-o', 'yaml'], ['apply', '-f', f2],
    ['get', 'svc', 'my-svc', '-o', 'yaml'], ['get', 'cm', 'my-cm', '-o', 'json'], ['create', '-f', f1],
    ['delete', '-f', f1], ['delete', 'svc', 'my-svc'], ['create', '-f', f1], ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2'],
    ['create', 'deployment', 'web', '--image=nginx:1.25'], ['get', 'deploy', 'web', '-o', 'yaml'],
    ['create', 'deployment', 'web2', '--image=nginx', '--port=80', '--dry-run=client', '-o', 'yaml'],
    ['create', 'service', 'clusterip', 'a', '--tcp=80:8080', '--dry-run=client', '-o', 'yaml'],
    ['create', 'service', 'clusterip', 'headless', '--clusterip=None'],
    ['create', 'service', 'externalname', 'my-service', '--external-name=my.database.example.com'],
    ['create', 'service', 'externalname', 'my-service', '--external-name=my.database.example.com'],
    ['create', 'service', 'loadbalancer', 'lb', '--tcp=80'], ['create', 'configmap', 'c1', '--from-literal=a=b', '--from-literal=c=d'],
    ['create', 'cm', 'c1'], ['get', 'svc', 'lb', '-o', 'yaml'], ['delete', 'svc', '-l', 'app=lb'], ['delete', 'cm', '--all'],
    ['delete', 'svc', 'nosuch'], ['delete', 'svc', 'nosuch', '--ignore-not-found'], ['delete', 'svc', '-l', 'app=none'],
    ['delete', 'svc/headless', 'deploy/web'], ['apply', '-f', join(c.dir, 'missing.yaml')],
  ]);
  await compareSteps(t, c, [['apply', '-f', '-']], app);
  await compareSteps(t, c, [['get', 'svc,cm', '-o', 'name'], ['apply', '--server-side', '-f', f2], ['get', 'svc', 'my-svc', '-o', 'yaml']]);
  // creating a NodePort needs a port per tool
  for (const [tool, ns, port] of [['lite', 'ns-lite', '30080'], ['kubectl', 'ns-kctl', '30081']] as const) {
    const r = await c[tool](['-n', ns, 'create', 'service', 'nodeport', 'np', '--tcp=8080:80', `--node-port=${port}`]);
    t.same({ code: r.code, stdout: r.stdout }, { code: 0, stdout: 'service/np created\n' }, `${tool} create service nodeport`);
  }
  const taken = await c.lite(['-n', 'ns-lite', 'create', 'service', 'nodeport', 'np2', '--tcp=8080:80', '--node-port=30081']);
  t.equal(taken.stderr, 'error: failed to create NodePort service: Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30081: provided port is already allocated\n');
});
