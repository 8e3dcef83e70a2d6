import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import { objectYaml } from './objectYaml.js';
import { service } from './testObjects.js';

t.test('a list item gets apiVersion and kind; managedFields are hidden; keys sorted as kubectl prints', async (t) => {
  const { apiVersion: _a, kind: _k, ...item } = service('web');
  const svc = deepFreeze({ ...item, metadata: { ...item.metadata, labels: { app: 'web' }, managedFields: [{ manager: 'kubectl' }] } });
  t.equal(objectYaml(svc, 'v1', 'Service'), `apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
  name: web
  namespace: default
  resourceVersion: "10"
  uid: uid-web
spec:
  clusterIP: 10.96.0.20
  clusterIPs:
  - 10.96.0.20
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: web
  type: ClusterIP
`);
});

t.test('an object that carries its own apiVersion/kind keeps them', async (t) => {
  t.match(objectYaml({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }, 'v1', 'Service'), /^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n  name: d\n$/);
});

t.test('HTML in a value stays as text for the view to escape; YAML syntax is quoted', async (t) => {
  t.match(objectYaml({ metadata: { name: 'x', annotations: { note: '<img src=x onerror=alert(1)>', b: 'a: b' } } }, 'v1', 'Pod'), /b: 'a: b'\n {4}note: <img src=x onerror=alert\(1\)>\n/);
});
