/**
 * OpenAPI against the real kubectl: apply/create with kubectl's default validation (it probes
 * /openapi/v3 for `fieldValidation` and sends `fieldValidation=Strict`), strict unknown-field
 * errors worded like kube, client-side apply patches computed from our schemas, and `explain`.
 */
import t from 'tap';
import { kubectl, startTestServer, type TestServer, writeManifest as write } from './harness.js';

const namespace = `apiVersion: v1
kind: Namespace
metadata:
  name: demo
`;

const service = (o: { labels?: string; extraPort?: string; specExtra?: string } = {}) => `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {${o.labels ?? 'app: web, tier: front'}}
spec:
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: 8080
${o.extraPort ?? ''}${o.specExtra ?? ''}`;

const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
`;

const deployment = (o: { replicas?: number; env?: string; cpu?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${o.replicas ?? 2}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - {containerPort: 8080, name: http}
        env:
        - {name: MODE, value: "${o.env ?? 'fast'}"}
        - name: POD
          valueFrom:
            fieldRef: {fieldPath: metadata.name}
        resources:
          limits: {cpu: "${o.cpu ?? '500m'}", memory: 128Mi}
        readinessProbe:
          httpGet: {path: /healthz, port: http}
        securityContext:
          capabilities: {drop: [ALL]}
        volumeMounts:
        - {name: cfg, mountPath: /etc/cfg}
      volumes:
      - name: cfg
        configMap: {name: settings}
`;

/** The bodies kubectl sent with its requests, from its -v=9 log (PATCH bodies on re-apply). */
function requestBodies(stderr: string): unknown[] {
  const out: unknown[] = [];
  for (const m of stderr.matchAll(/"Request Body" body="(.+)"$/gm)) out.push(JSON.parse(JSON.parse(`"${m[1]}"`)));
  return out;
}

t.test('apply -f and create -f with default validation succeed', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  t.equal((await k('apply', '-f', write(s, 'ns.yaml', namespace))).code, 0);

  const file = write(s, 'app.yaml', service(), configMap, deployment());
  const applied = await k('apply', '-n', 'demo', '-f', file, '-v=6');
  t.equal(applied.code, 0);
  t.equal(applied.stdout, 'service/web created\nconfigmap/settings created\ndeployment.apps/web created\n');
  t.match(applied.stderr, /verb="GET" url="http:\/\/[^"]+\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}&[^"]*" status="200 OK"/, 'kubectl read the core document');
  t.match(applied.stderr, /verb="POST" url="http:\/\/[^"]+\/api\/v1\/namespaces\/demo\/services\?fieldManager=kubectl-client-side-apply&fieldValidation=Strict" status="201 Created"/, 'and validated server-side');
  t.notMatch(applied.stderr, /openapi\/v2/, 'v3 alone is enough');

  const again = await k('apply', '-n', 'demo', '-f', file);
  t.equal(again.stdout, 'service/web unchanged\nconfigmap/settings unchanged\ndeployment.apps/web unchanged\n');

  const created = await k('create', '-n', 'demo', '-f', write(s, 'cm2.yaml', configMap.replace('settings', 'other')));
  t.equal(created.code, 0, created.stderr);
  t.equal(created.stdout, 'configmap/other created\n');
});

t.test('re-apply with a port added and a label removed stores what kubectl intended', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  t.equal((await k('apply', '-f', write(s, 'v1.yaml', service()))).code, 0);
  const changed = write(s, 'v2.yaml', service({ labels: 'app: web', extraPort: '  - name: https\n    port: 443\n    targetPort: https\n' }));
  const r = await k('apply', '-f', changed);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'service/web configured\n');
  t.notMatch(r.stderr, /error calculating patch/);
  const svc = JSON.parse((await k('get', 'svc', 'web', '-o', 'json')).stdout);
  t.same(svc.metadata.labels, { app: 'web' });
  t.same(svc.spec.ports, [
    { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
    { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
  ]);
});

t.test("client-side apply patches computed from our OpenAPI equal kubectl's built-in types", async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  const namespaces = ['from-openapi', 'from-builtins'].map((n) => namespace.replace('demo', n));
  t.equal((await k('apply', '-f', write(s, 'ns.yaml', ...namespaces))).code, 0);
  const v1 = write(s, 'v1.yaml', service(), deployment());
  const v2 = write(s, 'v2.yaml', service({ labels: 'app: web', extraPort: '  - name: https\n    port: 443\n    targetPort: https\n' }), deployment({ replicas: 3, env: 'slow', cpu: '1' }));
  t.equal((await k('apply', '-n', 'from-openapi', '-f', v1)).code, 0);
  t.equal((await k('apply', '-n', 'from-builtins', '-f', v1)).code, 0);
  const viaOpenApi = await k('apply', '-n', 'from-openapi', '-f', v2, '-v=9');
  const viaBuiltins = await k('apply', '-n', 'from-builtins', '--openapi-patch=false', '-f', v2, '-v=9');
  t.equal(viaOpenApi.code, 0);
  t.equal(viaBuiltins.code, 0);
  t.notMatch(viaOpenApi.stderr, /error calculating patch/, 'our schemas cover every field the diff walks');
  // the last-applied annotation names the namespace; everything else must be identical
  const patches = requestBodies(viaOpenApi.stderr.replaceAll('from-openapi', 'NS'));
  t.equal(patches.length, 2, 'one patch per object');
  t.same(patches, requestBodies(viaBuiltins.stderr.replaceAll('from-builtins', 'NS')), 'the same patches');
  t.match(patches[0], { spec: { '$setElementOrder/ports': [{ port: 80 }, { port: 443 }] }, metadata: { labels: { tier: null } } }, 'ports merge by port');
});

t.test('unknown fields fail under Strict the way kube fails them', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  const bad = write(s, 'bad.yaml', service({ specExtra: '  bogus: true\n' }).replace('targetPort: 8080', 'targetPort: 8080\n    nodeport: 30080'));
  // kubectl sends JSON with keys sorted, so kube (and we) report bogus before ports
  const message = 'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.bogus", unknown field "spec.ports[0].nodeport"';

  const created = await k('create', '-f', bad);
  t.equal(created.code, 1);
  t.equal(created.stdout, '');
  t.equal(created.stderr, `Error from server (BadRequest): error when creating "${bad}": ${message}\n`);

  const applied = await k('apply', '-f', bad);
  t.equal(applied.code, 1);
  t.equal(applied.stderr, `Error from server (BadRequest): error when creating "${bad}": ${message}\n`);
  t.equal((await k('get', 'svc', 'web')).code, 1, 'nothing was stored');

  const ignored = await k('create', '-f', bad, '--validate=false');
  t.equal(ignored.code, 0, 'Ignore accepts the body');
  const replaced = await k('replace', '-f', bad);
  t.equal(replaced.code, 1);
  t.equal(replaced.stderr, `Error from server (BadRequest): error when replacing "${bad}": ${message}\n`);
});

t.test('update (PUT) honours fieldValidation=Strict only when asked', async (t) => {
  const s = await startTestServer(t);
  const created = await s.req('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
  t.equal(created.status, 201);
  const body = { ...created.body, datta: { b: '2' } };
  const strict = await s.req('PUT', '/api/v1/namespaces/default/configmaps/c?fieldValidation=Strict', body);
  t.equal(strict.status, 400);
  t.match(strict.body, { kind: 'Status', reason: 'BadRequest', code: 400, message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"' });
  for (const mode of ['Ignore', 'Warn']) {
    const r = await s.req('PUT', `/api/v1/namespaces/default/configmaps/c?fieldValidation=${mode}`, (await s.req('GET', '/api/v1/namespaces/default/configmaps/c')).body);
    t.equal(r.status, 200, mode);
  }
});

t.test('explain prints field docs from the served schemas', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);

  const ports = await k('explain', 'service.spec.ports');
  t.equal(ports.code, 0, ports.stderr);
  t.match(ports.stdout, /^KIND:\s+Service\nVERSION:\s+v1\n\nFIELD: ports <\[\]ServicePort>\n/);
  t.match(ports.stdout, 'DESCRIPTION:\n    The list of ports that are exposed by this service. More info:\n');
  t.match(ports.stdout, "ServicePort contains information on service's port.");
  t.match(ports.stdout, /\n {2}port\t<integer> -required-\n {4}The port that will be exposed by this service.\n/);
  t.match(ports.stdout, /\n {2}targetPort\t<IntOrString>\n/);
  t.match(ports.stdout, /\n {2}protocol\t<string>\n {2}enum: SCTP, TCP, UDP\n/);

  const svc = await k('explain', 'svc');
  t.equal(svc.code, 0, svc.stderr);
  t.match(svc.stdout, /^KIND:\s+Service\nVERSION:\s+v1\n\nDESCRIPTION:\n {4}Service is a named abstraction of software service/);
  t.match(svc.stdout, /\n {2}spec\t<ServiceSpec>\n {4}Spec defines the behavior of a service\./);
  t.match(svc.stdout, /\n {2}metadata\t<ObjectMeta>\n/);

  const replicas = await k('explain', 'deployment.spec.replicas');
  t.equal(replicas.code, 0, replicas.stderr);
  t.match(replicas.stdout, /^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n\nFIELD: replicas <integer>\n/);
  t.match(replicas.stdout, 'Number of desired pods.');

  const slices = await k('explain', 'endpointslices.endpoints.conditions');
  t.match(slices.stdout, /^GROUP:\s+discovery\.k8s\.io\nKIND:\s+EndpointSlice\n/);
  t.match(slices.stdout, /\n {2}ready\t<boolean>\n/);

  const recursive = await k('explain', 'svc.spec', '--recursive');
  t.match(recursive.stdout, /\n {2}ports\t<\[\]ServicePort>\n {4}appProtocol\t<string>\n/);

  const bogus = await k('explain', 'svc.spec.bogus');
  t.equal(bogus.code, 1);
  t.match(bogus.stderr, 'error: field "bogus" does not exist');
});

t.test('the OpenAPI endpoints cache like kube-openapi', async (t) => {
  const s = await startTestServer(t);
  const index = await s.req('GET', '/openapi/v3');
  t.equal(index.status, 200);
  t.match(index.headers.get('content-type'), /^application\/json/);
  const url: string = index.body.paths['api/v1'].serverRelativeURL;
  t.match(url, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
  t.same(Object.keys(index.body.paths).sort(), ['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1', 'apis/networking.k8s.io/v1']);

  const doc = await s.req('GET', url);
  t.equal(doc.status, 200);
  t.equal(doc.body.openapi, '3.0.0');
  t.match(doc.headers.get('cache-control'), /immutable/);
  const etag = doc.headers.get('etag');
  t.equal(etag, `"${url.split('hash=')[1]}"`);
  t.equal((await s.req('GET', '/openapi/v3/api/v1', undefined, { 'if-none-match': etag! })).status, 304);

  const stale = await fetch(`${s.url}/openapi/v3/apis/apps/v1?hash=0123`, { redirect: 'manual' });
  t.equal(stale.status, 301);
  t.equal(stale.headers.get('location'), index.body.paths['apis/apps/v1'].serverRelativeURL);

  const unserved = await s.req('GET', '/openapi/v3/apis/batch/v1');
  t.equal(unserved.status, 404);
  t.match(unserved.body, { kind: 'Status', code: 404, reason: 'NotFound' });
});

t.test('/openapi/v2 negotiates JSON and gnostic protobuf like kube-openapi', async (t) => {
  const s = await startTestServer(t);
  const json = await fetch(`${s.url}/openapi/v2`);
  t.equal(json.status, 200);
  t.equal(json.headers.get('content-type'), 'application/json; charset=utf-8');
  t.equal(json.headers.get('vary'), 'Accept');
  const doc = await json.json();
  t.equal(doc.swagger, '2.0');
  t.same(doc.definitions['io.k8s.api.core.v1.Service']['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Service', version: 'v1' }]);
  t.same(doc.definitions['io.k8s.api.core.v1.Service'].properties.metadata.$ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'a wrapped v3 ref is a plain v2 ref');
  t.equal(doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].type, 'string', 'oneOf becomes kube\'s type: string');
  const etag = json.headers.get('etag')!;
  t.match(etag, /^"[0-9A-F]{128}"$/);

  for (const accept of ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'text/html;q=0.9, application/com.github.proto-openapi.spec.v2.v1.0+protobuf']) {
    const pb = await fetch(`${s.url}/openapi/v2`, { headers: { accept } });
    t.equal(pb.status, 200, accept);
    t.equal(pb.headers.get('content-type'), 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', accept);
    const bytes = Buffer.from(await pb.arrayBuffer());
    t.same([...bytes.subarray(0, 5)], [0x0a, 3, 0x32, 0x2e, 0x30], 'field 1 swagger = "2.0" first');
    t.ok(bytes.includes(Buffer.from('io.k8s.api.core.v1.Service')), 'definitions are encoded');
  }
  t.equal((await fetch(`${s.url}/openapi/v2`, { headers: { accept: 'text/plain' } })).status, 406);
  t.equal((await fetch(`${s.url}/openapi/v2`, { headers: { 'if-none-match': etag } })).status, 304);
});

t.test('kind: List passes kubectl\'s client-side validation, which reads /openapi/v2', async (t) => {
  const s = await startTestServer(t);
  const k = (...a: string[]) => kubectl(s, a);
  const item = (text: string) => text.trimEnd().replace(/^/gm, '  ').replace(/^ {2}/, '- ');
  const list = (...items: string[]) => `apiVersion: v1\nkind: List\nitems:\n${items.map(item).join('\n')}\n`;

  const good = write(s, 'list.yaml', list(configMap, service()));
  const created = await k('create', '-f', good, '-v=6');
  t.equal(created.code, 0, created.stderr);
  t.equal(created.stdout, 'configmap/settings created\nservice/web created\n');
  t.match(created.stderr, /url="http:\/\/[^"]+\/openapi\/v2\?timeout=32s" status="200 OK"/);

  const bad = write(s, 'bad.yaml', list(configMap.replace('settings', 'other').replace('\ndata:', '\nbogus: 1\ndata:')));
  const refused = await k('create', '-f', bad);
  t.equal(refused.code, 1);
  t.equal(
    refused.stderr,
    `error: error validating "${bad}": error validating data: ValidationError(ConfigMap): unknown field "bogus" in io.k8s.api.core.v1.ConfigMap; if you choose to ignore these errors, turn validation off with --validate=false\n`,
  );
  t.equal((await k('get', 'cm', 'other')).code, 1, 'nothing was created');

  const v2explain = await k('explain', 'svc.spec.ports', '--output', 'plaintext-openapiv2');
  t.equal(v2explain.code, 0, v2explain.stderr);
  t.match(v2explain.stdout, /^KIND:\s+Service\nVERSION:\s+v1\n\nRESOURCE: ports <\[\]Object>\n/);
});
