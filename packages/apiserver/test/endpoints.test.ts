import t from 'tap';
import { kubectl, startTestServer, writeManifest, type TestServer } from './harness.js';
import { svcs, type Json } from './serviceFixtures.js';

const eps = '/api/v1/namespaces/default/endpoints';
const slices = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
const loopback = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';

/** An Endpoints with one subset: the given IPs and ports. */
function endpoints(name: string, ips: string[], ports: Json[] = [{ port: 3307 }]): Json {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name }, subsets: [{ addresses: ips.map((ip) => ({ ip })), ports }] };
}

/** An EndpointSlice as kube's mirroring controller writes it for `external-service`. */
function slice(over: Json = {}): Json {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: 'external-service-',
      labels: { 'kubernetes.io/service-name': 'external-service', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: 'external-service', uid: '0b6d3f5e-1d9c-4a51-9b0e-2f3a4c5d6e7f', controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['172.188.2.89'], conditions: { ready: true } }],
    ports: [{ name: '', port: 3307, protocol: 'TCP' }],
    ...over,
  };
}

async function names(s: TestServer, path: string): Promise<string[]> {
  return (await s.req('GET', path)).body.items.map((i: Json) => i.metadata.name).sort();
}

const seed = `apiVersion: v1
kind: Service
metadata:
  name: external-service
spec:
  ports:
  - port: 3307
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external-service
subsets:
- addresses:
  - ip: 172.188.2.89
  ports:
  - port: 3307
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
---
apiVersion: v1
kind: Endpoints
metadata:
  name: mysql-k8s
subsets:
- addresses:
  - ip: 192.168.71.114
  ports:
  - name: port
    port: 3306
`;

t.test('seed: Services without a selector get hand-written Endpoints', async (t) => {
  const s = await startTestServer(t);
  const applied = await kubectl(s, ['apply', '-f', writeManifest(s, 'seed.yaml', seed)]);
  t.equal(applied.code, 0, applied.stderr);
  t.match(applied.stdout, /endpoints\/external-service created/);
  t.match(applied.stdout, /endpoints\/mysql-k8s created/);

  const ext = (await s.req('GET', `${eps}/external-service`)).body;
  t.same(ext.subsets, [{ addresses: [{ ip: '172.188.2.89' }], ports: [{ port: 3307, protocol: 'TCP' }] }], 'protocol defaulted to TCP');
  t.equal(ext.metadata.generation, undefined, 'Endpoints have no generation');
  const mysql = (await s.req('GET', `${eps}/mysql-k8s`)).body;
  t.same(mysql.subsets, [{ addresses: [{ ip: '192.168.71.114' }], ports: [{ name: 'port', port: 3306, protocol: 'TCP' }] }]);
  t.equal((await s.req('GET', `${svcs}/mysql-k8s`)).body.spec.clusterIP, 'None');

  const get = await kubectl(s, ['get', 'endpoints', 'external-service']);
  t.equal(get.code, 0, get.stderr);
  t.match(get.stdout, /^external-service\s+172\.188\.2\.89:3307\s+/m);
  t.match((await kubectl(s, ['get', 'ep', 'mysql-k8s'])).stdout, /^mysql-k8s\s+192\.168\.71\.114:3306\s+/m);
});

interface Case {
  name: string;
  body: Json;
  /** The Status message after `Endpoints "<name>" is invalid: `. */
  want: string;
}

const invalid: Case[] = [
  { name: 'loopback', body: endpoints('lo', ['127.0.0.1']), want: `subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": ${loopback}` },
  { name: 'IPv6 loopback', body: endpoints('lo6', ['::1']), want: `subsets[0].addresses[0].ip: Invalid value: "::1": ${loopback}` },
  { name: 'link-local', body: endpoints('ll', ['169.254.169.254']), want: 'subsets[0].addresses[0].ip: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)' },
  { name: 'unspecified', body: endpoints('zero', ['0.0.0.0']), want: 'subsets[0].addresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)' },
  { name: 'link-local multicast', body: endpoints('mc', ['224.0.0.1']), want: 'subsets[0].addresses[0].ip: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)' },
  {
    name: 'not an IP',
    body: endpoints('name', ['db.example.com']),
    want: '[subsets[0].addresses[0].ip: Invalid value: "db.example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), subsets[0].addresses[0].ip: Invalid value: "db.example.com": must be a valid IP address]',
  },
  // edge: 65536 is one past the largest port
  { name: 'port out of range', body: endpoints('p', ['10.1.2.3'], [{ port: 65536 }]), want: 'subsets[0].ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive' },
  { name: 'missing port number', body: endpoints('p0', ['10.1.2.3'], [{ name: 'x' }]), want: 'subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive' },
  { name: 'protocol', body: endpoints('proto', ['10.1.2.3'], [{ port: 80, protocol: 'HTTP' }]), want: 'subsets[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"' },
  { name: 'several ports need names', body: endpoints('multi', ['10.1.2.3'], [{ name: 'a', port: 80 }, { port: 81 }]), want: 'subsets[0].ports[1].name: Required value' },
  { name: 'subset without addresses', body: { metadata: { name: 'empty' }, subsets: [{ ports: [{ port: 80 }] }] }, want: 'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`' },
];

t.test('invalid Endpoints: 422 with kube\'s causes, nothing stored', async (t) => {
  const s = await startTestServer(t);
  for (const c of invalid) {
    const r = await s.req('POST', eps, c.body);
    t.equal(r.status, 422, `${c.name}: status`);
    t.equal(r.body.reason, 'Invalid', `${c.name}: reason`);
    t.equal(r.body.message, `Endpoints "${c.body.metadata.name}" is invalid: ${c.want}`, c.name);
    t.equal(r.body.details.kind, 'Endpoints', `${c.name}: details.kind`);
    t.ok(r.body.details.causes.every((x: Json) => x.field.startsWith('subsets[0]')), `${c.name}: causes carry field paths`);
    const put = await s.req('PUT', `${eps}/${c.body.metadata.name}`, c.body);
    t.equal(put.status, 422, `${c.name}: create-on-update is validated too`);
  }
  t.same(await names(s, eps), [], 'nothing invalid was stored');
});

t.test('Endpoints updates and patches are validated; protocol-less ports are defaulted', async (t) => {
  const s = await startTestServer(t);
  t.equal((await s.req('PUT', `${eps}/made`, endpoints('made', ['10.1.2.3'], [{ port: 80 }]))).status, 201, 'PUT creates');
  const patched = await s.req('PATCH', `${eps}/made`, { subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ port: 80 }] }] }, { 'content-type': 'application/merge-patch+json' });
  t.equal(patched.status, 422);
  t.equal(patched.body.message, `Endpoints "made" is invalid: subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": ${loopback}`);
  const ok = await s.req('PATCH', `${eps}/made`, { subsets: [{ addresses: [{ ip: '10.1.2.4', nodeName: 'node-1' }], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'web', port: 80 }] }] }, { 'content-type': 'application/merge-patch+json' });
  t.equal(ok.status, 200, ok.text);
  t.same(ok.body.subsets[0].ports, [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'web', port: 80, protocol: 'TCP' }]);
  t.same((await s.req('GET', `${eps}/made`)).body.subsets[0].addresses, [{ ip: '10.1.2.4', nodeName: 'node-1' }], 'the invalid patch left no trace');

  const out = await kubectl(s, ['create', '-f', '-'], { input: JSON.stringify(endpoints('via-kubectl', ['169.254.0.1'])) });
  t.not(out.code, 0);
  t.match(out.stderr, 'The Endpoints "via-kubectl" is invalid: subsets[0].addresses[0].ip: Invalid value: "169.254.0.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)');
});

t.test('EndpointSlices: what the mirroring controller writes is accepted and defaulted', async (t) => {
  const s = await startTestServer(t);
  const r = await s.req('POST', slices, slice({ ports: [{ port: 3307 }] }));
  t.equal(r.status, 201, r.text);
  t.match(r.body.metadata.name, /^external-service-[a-z0-9]{5}$/);
  t.equal(r.body.metadata.generation, 1);
  t.same(r.body.ports, [{ name: '', protocol: 'TCP', port: 3307 }], 'name "" and protocol TCP defaulted');
  t.same(r.body.metadata.ownerReferences[0].kind, 'Endpoints');
  const name = r.body.metadata.name;

  const labelsOnly = await s.req('PATCH', `${slices}/${name}`, { metadata: { annotations: { note: 'x' } } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(labelsOnly.body.metadata.generation, 1, 'an annotation change keeps the generation');
  const moved = await s.req('PATCH', `${slices}/${name}`, { endpoints: [{ addresses: ['172.188.2.90'], conditions: { ready: true } }] }, { 'content-type': 'application/merge-patch+json' });
  t.equal(moved.status, 200, moved.text);
  t.equal(moved.body.metadata.generation, 2, 'an endpoint change bumps it');

  const get = await kubectl(s, ['get', 'endpointslices']);
  t.match(get.stdout, new RegExp(`^${name}\\s+IPv4\\s+3307\\s+172\\.188\\.2\\.90\\s+`, 'm'));
});

const invalidSlices: Case[] = [
  { name: 'bad addressType', body: slice({ metadata: { name: 'type' }, addressType: 'IP' }), want: 'addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"' },
  { name: 'missing addressType', body: slice({ metadata: { name: 'none' }, addressType: undefined }), want: 'addressType: Required value' },
  { name: 'IPv6 address in an IPv4 slice', body: slice({ metadata: { name: 'fam' }, endpoints: [{ addresses: ['fd00::1'] }] }), want: 'endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address' },
  { name: 'loopback address', body: slice({ metadata: { name: 'lo' }, endpoints: [{ addresses: ['127.0.0.1'] }] }), want: `endpoints[0].addresses[0]: Invalid value: "127.0.0.1": ${loopback}` },
  { name: 'endpoint without address', body: slice({ metadata: { name: 'noaddr' }, endpoints: [{ addresses: [] }] }), want: 'endpoints[0].addresses: Required value: must contain at least 1 address' },
  // edge: 1001 is one past the per-slice limit
  {
    name: 'too many endpoints',
    body: slice({ metadata: { name: 'big' }, endpoints: Array.from({ length: 1001 }, (_, i) => ({ addresses: [`10.0.${(i + 1) >> 8}.${(i + 1) & 255}`] })) }),
    want: 'endpoints: Too many: 1001: must have at most 1000 items',
  },
  { name: 'duplicate port names', body: slice({ metadata: { name: 'dup' }, ports: [{ port: 80 }, { port: 81 }] }), want: 'ports[1].name: Duplicate value: ""' },
  { name: 'empty protocol', body: slice({ metadata: { name: 'proto' }, ports: [{ port: 80, protocol: '' }] }), want: 'ports[0].protocol: Unsupported value: "": supported values: "SCTP", "TCP", "UDP"' },
];

t.test('invalid EndpointSlices: 422 with kube\'s causes, nothing stored', async (t) => {
  const s = await startTestServer(t);
  for (const c of invalidSlices) {
    const r = await s.req('POST', slices, c.body);
    t.equal(r.status, 422, `${c.name}: status`);
    t.equal(r.body.message, `EndpointSlice.discovery.k8s.io "${c.body.metadata.name}" is invalid: ${c.want}`, c.name);
    t.same([r.body.details.group, r.body.details.kind], ['discovery.k8s.io', 'EndpointSlice'], `${c.name}: details`);
  }
  t.same(await names(s, slices), [], 'nothing invalid was stored');

  const created = await s.req('POST', slices, slice({ metadata: { name: 'kept' } }));
  t.equal(created.status, 201, created.text);
  const retype = await s.req('PUT', `${slices}/kept`, { ...created.body, addressType: 'IPv6', endpoints: [{ addresses: ['fd00::1'] }] });
  t.equal(retype.status, 422);
  t.equal(retype.body.message, 'EndpointSlice.discovery.k8s.io "kept" is invalid: addressType: Invalid value: "IPv6": field is immutable');
  t.equal((await s.req('GET', `${slices}/kept`)).body.addressType, 'IPv4');

  const missing = await s.req('PUT', `${slices}/absent`, slice({ metadata: { name: 'absent' } }));
  t.equal(missing.status, 404, 'PUT does not create an EndpointSlice (kube: POST is needed)');
  t.same(await names(s, slices), ['kept']);
});
