/**
 * The seed Services through the real kubectl (v1.32 on the PATH), against a real server.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { startTestServer } from './harness.js';

const run = promisify(execFile);

const manifests = `apiVersion: v1
kind: Service
metadata:
  name: nginx-svc
spec:
  selector:
    app: nginx
  ports:
  - port: 8080
    targetPort: 80
    protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: nginx-np
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
  - port: 8080
    targetPort: 80
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  type: ExternalName
  externalName: www.example.com
---
apiVersion: v1
kind: Service
metadata:
  name: mysql-k8s
spec:
  clusterIP: None
  ports:
  - name: port
    port: 13306
`;

t.test('kubectl creates the seed Services and reads back the allocations', async (t) => {
  const s = await startTestServer(t);
  const cache = join(s.dir, 'kcache');
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.server.kubeconfigPath!, '--cache-dir', cache, ...a])).stdout;
  const file = join(s.dir, 'services.yaml');
  writeFileSync(file, manifests);

  const out = await kubectl('create', '-f', file, '--validate=false');
  t.equal(out, 'service/nginx-svc created\nservice/nginx-np created\nservice/my-service created\nservice/mysql-k8s created\n');

  const ip = await kubectl('get', 'svc', 'nginx-svc', '-o', 'jsonpath={.spec.clusterIP}');
  t.match(ip, /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/, 'a ClusterIP from 10.96.0.0/12');
  const ipa = await kubectl('get', 'ipaddresses', ip, '-o', 'jsonpath={.spec.parentRef.name}');
  t.equal(ipa, 'nginx-svc', 'its IPAddress object points at it');
  t.equal(await kubectl('get', 'svc', 'nginx-np', '-o', 'jsonpath={.spec.ports[0].nodePort}'), '30080');
  t.equal(await kubectl('get', 'svc', 'my-service', '-o', 'jsonpath={.spec.clusterIP}'), '', 'ExternalName has no ClusterIP');
  t.equal(await kubectl('get', 'svc', 'mysql-k8s', '-o', 'jsonpath={.spec.clusterIP}'), 'None');
  t.equal(await kubectl('get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}'), '10.96.0.1');

  const table = await kubectl('get', 'svc');
  t.match(table, /nginx-np\s+NodePort\s+10\.\S+\s+<none>\s+8080:30080\/TCP/, 'PORT(S) shows 8080:30080/TCP');
  t.match(table, /my-service\s+ExternalName\s+<none>\s+www\.example\.com\s+<none>/);
  t.match(table, /mysql-k8s\s+ClusterIP\s+None\s+<none>\s+13306\/TCP/);

  // NodePort → LoadBalancer keeps the node port; EXTERNAL-IP stays <pending>.
  await kubectl('patch', 'svc', 'nginx-np', '-p', '{"spec":{"type":"LoadBalancer"}}');
  t.equal(await kubectl('get', 'svc', 'nginx-np', '-o', 'jsonpath={.spec.ports[0].nodePort}'), '30080');
  t.match(await kubectl('get', 'svc', 'nginx-np'), /nginx-np\s+LoadBalancer\s+10\.\S+\s+<pending>\s+8080:30080\/TCP/);

  const other = join(s.dir, 'other.yaml');
  writeFileSync(other, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30080\n');
  const clash = await run('kubectl', ['--kubeconfig', s.server.kubeconfigPath!, '--cache-dir', cache, 'create', '-f', other, '--validate=false']).catch((e: { code: number; stderr: string }) => e);
  t.equal((clash as { code: number }).code, 1);
  t.equal((clash as { stderr: string }).stderr.trim(), 'The Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');

  await kubectl('delete', 'svc', 'nginx-svc');
  const gone = await run('kubectl', ['--kubeconfig', s.server.kubeconfigPath!, '--cache-dir', cache, 'get', 'ipaddresses', ip]).catch((e: { stderr: string }) => e);
  t.match((gone as { stderr: string }).stderr, /not found/, 'the IPAddress went with the Service');
});
