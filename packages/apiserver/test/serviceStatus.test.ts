/**
 * Service `/status` writes over HTTP: ipMode defaulting and ValidateServiceStatusUpdate, on PUT
 * and PATCH alike, with kube's 422 Status, and nothing stored after a refusal.
 */
import t from 'tap';
import { startTestServer, type TestServer } from './harness.js';
import { create, svc, svcs, type Json } from './serviceFixtures.js';

const validIP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const mergePatch = { 'content-type': 'application/merge-patch+json' };

/** The body of a status write: PUT sends the whole stored object, PATCH a merge patch. */
type Write = (s: TestServer, name: string, ingress: Json[]) => Promise<Json>;

const writes: Array<[string, Write]> = [
  ['PUT', async (s, name, ingress) => {
    const cur = (await s.req('GET', `${svcs}/${name}`)).body;
    return s.req('PUT', `${svcs}/${name}/status`, { ...cur, status: { loadBalancer: { ingress } } });
  }],
  ['PATCH', (s, name, ingress) => s.req('PATCH', `${svcs}/${name}/status`, { status: { loadBalancer: { ingress } } }, mergePatch)],
];

interface Refusal {
  name: string;
  ingress: Json[];
  /** [field, reason, cause message] */
  want: [string, string, string];
}

const refusals: Refusal[] = [
  {
    name: 'bad ip',
    ingress: [{ ip: '198.51.100.256' }],
    want: ['status.loadBalancer.ingress[0].ip', 'FieldValueInvalid', `Invalid value: "198.51.100.256": ${validIP}`],
  },
  {
    name: 'hostname that is an IP',
    ingress: [{ hostname: '203.0.113.9' }],
    want: ['status.loadBalancer.ingress[0].hostname', 'FieldValueInvalid', 'Invalid value: "203.0.113.9": must be a DNS name, not an IP address'],
  },
  {
    name: 'ipMode without ip',
    ingress: [{ hostname: 'lb.example.com', ipMode: 'VIP' }],
    want: ['status.loadBalancer.ingress[0].ipMode', 'FieldValueForbidden', 'Forbidden: may not be specified when `ip` is not set'],
  },
  {
    name: 'bad ipMode',
    ingress: [{ ip: '198.51.100.10', ipMode: 'Direct' }],
    want: ['status.loadBalancer.ingress[0].ipMode', 'FieldValueNotSupported', 'Unsupported value: "Direct": supported values: "Proxy", "VIP"'],
  },
];

async function refused(t: Tap, r: Json, name: string, want: Array<[string, string, string]>): Promise<void> {
  t.equal(r.status, 422, r.text);
  t.equal(r.body.reason, 'Invalid');
  const joined = want.map(([f, , m]) => `${f}: ${m}`);
  t.equal(r.body.message, `Service "${name}" is invalid: ${joined.length === 1 ? joined[0] : `[${joined.join(', ')}]`}`);
  t.same(r.body.details, { name, kind: 'Service', causes: want.map(([field, reason, message]) => ({ reason, message, field })) });
}

type Tap = Parameters<Parameters<typeof t.test>[1]>[0];

t.test('a valid status is stored, ipMode defaulted to VIP', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('lb', { type: 'LoadBalancer' }));
  for (const [verb, write] of writes) {
    const r = await write(s, 'lb', [{ ip: '198.51.100.10' }, { hostname: 'lb.example.com' }]);
    t.equal(r.status, 200, `${verb}: ${r.text}`);
    const want = [{ ip: '198.51.100.10', ipMode: 'VIP' }, { hostname: 'lb.example.com' }];
    t.same(r.body.status.loadBalancer.ingress, want, `${verb}: answered`);
    t.same((await s.req('GET', `${svcs}/lb`)).body.status.loadBalancer.ingress, want, `${verb}: stored`);
    const proxy = await write(s, 'lb', [{ ip: '2001:db8::10', ipMode: 'Proxy', ports: [{ port: 80, protocol: 'TCP', error: 'example.com/NotReady' }] }]);
    t.equal(proxy.status, 200, `${verb}: Proxy with ports: ${proxy.text}`);
    t.same(proxy.body.status.loadBalancer.ingress, [{ ip: '2001:db8::10', ipMode: 'Proxy', ports: [{ port: 80, protocol: 'TCP', error: 'example.com/NotReady' }] }]);
    await write(s, 'lb', []);
  }
  const cleared = (await s.req('GET', `${svcs}/lb`)).body;
  t.same(cleared.status, { loadBalancer: {} }, 'an empty list reads back as no ingress');
});

t.test('invalid statuses: 422 with kube\'s message and cause, store unchanged', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('lb', { type: 'LoadBalancer' }));
  const ok = await writes[1]![1](s, 'lb', [{ ip: '198.51.100.1' }]);
  t.equal(ok.status, 200, ok.text);
  for (const [verb, write] of writes) {
    for (const c of refusals) {
      t.test(`${verb} ${c.name}`, async (t) => {
        const before = (await s.req('GET', `${svcs}/lb`)).body;
        await refused(t, await write(s, 'lb', c.ingress), 'lb', [c.want]);
        const after = (await s.req('GET', `${svcs}/lb`)).body;
        t.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, 'nothing written');
        t.same(after.status, { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: 'VIP' }] } }, 'stored status unchanged');
      });
    }
  }
});

t.test('ingress on a Service that is not a LoadBalancer is forbidden', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('plain'));
  for (const [verb, write] of writes) {
    const r = await write(s, 'plain', [{ ip: 'not-an-ip', ipMode: 'X' }]);
    // The per-entry checks do not run at all: one cause.
    await refused(t, r, 'plain', [['status.loadBalancer.ingress', 'FieldValueForbidden', "Forbidden: may only be used when `spec.type` is 'LoadBalancer'"]]);
    t.same((await s.req('GET', `${svcs}/plain`)).body.status, { loadBalancer: {} }, `${verb}: nothing stored`);
  }
  const empty = await writes[0]![1](s, 'plain', []);
  t.equal(empty.status, 200, 'an empty ingress list is fine on any type');
});

t.test('a status PUT without spec: no defaulting, so ipMode is required (as on kube)', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('lb', { type: 'LoadBalancer' }));
  const r = await s.req('PUT', `${svcs}/lb/status`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, status: { loadBalancer: { ingress: [{ ip: '198.51.100.7' }] } } });
  await refused(t, r, 'lb', [['status.loadBalancer.ingress[0].ipMode', 'FieldValueRequired', 'Required value: must be specified when `ip` is set']]);
  const withMode = await s.req('PUT', `${svcs}/lb/status`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, status: { loadBalancer: { ingress: [{ ip: '198.51.100.7', ipMode: 'VIP' }] } } });
  t.equal(withMode.status, 200, withMode.text);
  t.equal(withMode.body.spec.type, 'LoadBalancer', 'the stored spec is kept');
});

t.test('several bad entries: every cause, in kube\'s order; dry run validates too', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('lb', { type: 'LoadBalancer' }));
  const r = await s.req('PATCH', `${svcs}/lb/status?dryRun=All`, { status: { loadBalancer: { ingress: [{ ip: '1.2.3', ipMode: 'vip', hostname: '::1' }, { ip: '198.51.100.2' }] } } }, mergePatch);
  const subdomain =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  const p = 'status.loadBalancer.ingress[0]';
  await refused(t, r, 'lb', [
    [`${p}.ip`, 'FieldValueInvalid', `Invalid value: "1.2.3": ${validIP}`],
    [`${p}.ipMode`, 'FieldValueNotSupported', 'Unsupported value: "vip": supported values: "Proxy", "VIP"'],
    [`${p}.hostname`, 'FieldValueInvalid', `Invalid value: "::1": ${subdomain}`],
    [`${p}.hostname`, 'FieldValueInvalid', 'Invalid value: "::1": must be a DNS name, not an IP address'],
  ]);
});
