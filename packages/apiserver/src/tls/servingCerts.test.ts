import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import t from 'tap';
import { servingCerts, wantedSans } from './servingCerts.js';

const sans: Array<{ host: string; dns: string[]; ips: string[] }> = [
  { host: '127.0.0.1', dns: ['localhost'], ips: ['127.0.0.1', '::1'] },
  { host: '10.1.2.3', dns: ['localhost'], ips: ['127.0.0.1', '::1', '10.1.2.3'] },
  { host: 'My-Host.example', dns: ['localhost', 'my-host.example'], ips: ['127.0.0.1', '::1'] },
];
for (const c of sans) t.test(`SANs for ${c.host}`, async (t) => void t.same(wantedSans(c.host), { dns: c.dns, ips: c.ips }));

t.test('a wildcard listen address: itself, this host name and its addresses', async (t) => {
  const w = wantedSans('0.0.0.0');
  t.ok(w.ips.includes('0.0.0.0') && w.ips.includes('127.0.0.1'));
  t.ok(w.dns.includes(hostname()));
});

t.test('made once, kept, re-issued for a new listen host under the same CA', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-certs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const first = await servingCerts({ dir, host: '127.0.0.1' });
  const ca = new X509Certificate(first.caPem);
  const cert = new X509Certificate(first.certPem);
  t.ok(cert.verify(ca.publicKey), 'the serving certificate is signed by the CA');
  t.ok(cert.checkIP('127.0.0.1') && cert.checkHost('localhost'), 'names 127.0.0.1 and localhost');
  t.equal(ca.ca, true, 'the CA is a CA');
  t.equal(statSync(join(dir, 'ca.key')).mode & 0o777, 0o600);
  t.same(await servingCerts({ dir, host: '127.0.0.1' }), first, 'kept as is');
  const moved = await servingCerts({ dir, host: '10.1.2.3' });
  t.equal(moved.caPem, first.caPem, 'the CA is kept');
  t.not(moved.certPem, first.certPem, 'the serving certificate is re-issued');
  t.ok(new X509Certificate(moved.certPem).checkIP('10.1.2.3'), 'and names the new host');
  t.equal(readFileSync(join(dir, 'apiserver.crt'), 'utf8'), moved.certPem, 'and written');
});

t.test('without a dir: in memory, a new CA each time', async (t) => {
  const a = await servingCerts({ host: '127.0.0.1' });
  const b = await servingCerts({ host: '127.0.0.1' });
  t.not(a.caPem, b.caPem);
});
