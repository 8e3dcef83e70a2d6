import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import { serviceDns } from './serviceDns.js';
import { endpoint, service, slice } from './testObjects.js';

const lines = (d: ReturnType<typeof serviceDns>) =>
  d.queries.map((q) => `${q.name} ${q.type} ${q.rcode}${q.records.map((r) => `\n  ${r.name} ${r.ttl} ${r.type} ${r.data}`).join('')}`);

t.test('ClusterIP Service: A and SRV at the name, SRV per named port, PTR of the ClusterIP', async (t) => {
  const d = serviceDns(deepFreeze(service('web')), [deepFreeze(slice('web', [endpoint('10.244.0.5', 'node-1')]))]);
  t.equal(d.fqdn, 'web.default.svc.cluster.local');
  t.same(d.searchNames, ['web', 'web.default', 'web.default.svc']);
  t.same(lines(d), [
    'web.default.svc.cluster.local ANY NOERROR\n  web.default.svc.cluster.local 5 A 10.96.0.20\n  web.default.svc.cluster.local 5 SRV 0 100 80 web.default.svc.cluster.local.',
    '_http._tcp.web.default.svc.cluster.local SRV NOERROR\n  _http._tcp.web.default.svc.cluster.local 5 SRV 0 100 80 web.default.svc.cluster.local.',
    '20.0.96.10.in-addr.arpa PTR NOERROR\n  20.0.96.10.in-addr.arpa 5 PTR web.default.svc.cluster.local.',
  ]);
});

t.test('headless Service: an A per ready endpoint, per-endpoint names, not-ready ones left out', async (t) => {
  const svc = service('db', { clusterIP: 'None', clusterIPs: ['None'] });
  const eps = [endpoint('10.244.0.5', 'node-1', { hostname: 'db-0' }), endpoint('10.244.1.6', 'node-2'), endpoint('10.244.1.7', 'node-2', { ready: false })];
  const d = serviceDns(svc, [slice('db', eps)], { zone: 'example.test', ttl: 30 });
  const text = lines(d);
  t.match(text[0], /db\.default\.svc\.example\.test 30 A 10\.244\.0\.5\n.*30 A 10\.244\.1\.6\n/);
  t.notMatch(text[0], /10\.244\.1\.7/, 'the not-ready endpoint has no record');
  t.match(text[0], /SRV 0 50 8080 db-0\.db\.default\.svc\.example\.test\./);
  t.match(text[0], /SRV 0 50 8080 10-244-1-6\.db\.default\.svc\.example\.test\./);
  t.same(d.queries.slice(2, 4).map((q) => [q.name, q.type, q.records.map((r) => r.data)]), [
    ['db-0.db.default.svc.example.test', 'A', ['10.244.0.5']],
    ['10-244-1-6.db.default.svc.example.test', 'A', ['10.244.1.6']],
  ]);
  t.same(d.queries.slice(4).map((q) => [q.name, q.records.map((r) => r.data)]), [
    ['5.0.244.10.in-addr.arpa', ['db-0.db.default.svc.example.test.']],
    ['6.1.244.10.in-addr.arpa', ['10-244-1-6.db.default.svc.example.test.']],
  ]);
});

t.test('headless Service without ready endpoints: NXDOMAIN, as the spec says', async (t) => {
  const d = serviceDns(service('db', { clusterIP: 'None', clusterIPs: ['None'] }), [slice('db', [endpoint('10.244.0.5', 'node-1', { ready: false })])]);
  t.same(d.queries.map((q) => [q.name, q.rcode, q.records.length]), [
    ['db.default.svc.cluster.local', 'NXDOMAIN', 0],
    ['_http._tcp.db.default.svc.cluster.local', 'NXDOMAIN', 0],
  ]);
});

t.test('ExternalName: a CNAME, SRV per named port targets it, no PTR', async (t) => {
  const d = serviceDns(service('ext', { type: 'ExternalName', externalName: 'example.com', clusterIP: undefined, clusterIPs: undefined }), []);
  t.same(lines(d), [
    'ext.default.svc.cluster.local ANY NOERROR\n  ext.default.svc.cluster.local 5 CNAME example.com.',
    '_http._tcp.ext.default.svc.cluster.local SRV NOERROR\n  _http._tcp.ext.default.svc.cluster.local 5 SRV 0 100 80 example.com.',
  ]);
});

t.test('dual-stack: A and AAAA, an unnamed port has no _port name', async (t) => {
  const d = serviceDns(service('dual', { clusterIPs: ['10.96.0.30', 'fd00:10:96::1e'], clusterIP: '10.96.0.30', ports: [{ port: 53, protocol: 'UDP', targetPort: 53 }] }), []);
  t.same(d.queries.map((q) => q.name), ['dual.default.svc.cluster.local', '30.0.96.10.in-addr.arpa', 'e.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa']);
  t.same(d.queries[0]!.records.filter((r) => r.type !== 'SRV').map((r) => [r.type, r.data]), [['A', '10.96.0.30'], ['AAAA', 'fd00:10:96::1e']]);
});
