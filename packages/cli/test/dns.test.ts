/**
 * The DNS component end to end: `miniplane up --dataplane` with a Deployment, a StatefulSet and
 * Services of every kind, applied with the real kubectl and looked up with `dig` (Debian's
 * dnsutils) over UDP and TCP: A, AAAA (NODATA), SRV for named ports (ClusterIP and headless),
 * hostname.subdomain records of StatefulSet pods, CNAME for ExternalName, PTR, the schema TXT, pod
 * A records, NXDOMAIN with the SOA, REFUSED outside the zone, the apex NS and the kube-dns Service
 * `up --dataplane` makes; changes followed; `miniplane dns`
 * alone against the same server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { dig, type Dig } from './dig.js';
import { startCommand as start } from './upProcess.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const manifest = {
  apiVersion: 'v1', kind: 'List', items: [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'hello' },
      spec: {
        replicas: 2, selector: { matchLabels: { app: 'hello' } },
        template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ name: 'hello', image: 'hello:1', ports: [{ containerPort: 8080, name: 'http' }] }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hello' }, spec: { selector: { app: 'hello' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'dns', port: 53, protocol: 'UDP' }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80, name: 'web', targetPort: 8080 }] } },
    {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
      spec: {
        serviceName: 'nginx', replicas: 2, selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 8080, name: 'web' }] }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'alias' }, spec: { type: 'ExternalName', externalName: 'hello.default.svc.cluster.local' } },
  ],
};

t.test('dig every record type against miniplane up --dataplane', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-dns-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const up = await start(t, ['up', '--listen', '127.0.0.1:0', '--in-memory', '--data-dir', dir, '--dataplane', '--dns-listen', '127.0.0.1:0', '--nodes', '2', '--grace-period', '0'], 2);
  const m = /^miniplane dns answering at 127\.0\.0\.1:(\d+) \(udp, tcp\)$/.exec(up.lines[1]);
  t.ok(m, up.lines[1]);
  const port = Number(m![1]);
  const kubeconfig = join(dir, 'kubeconfig');
  const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args]);
  writeFileSync(join(dir, 'm.json'), manifest.items.map((i) => JSON.stringify(i)).join('\n'));
  await kubectl('apply', '-f', join(dir, 'm.json'));
  const clusterIP = (await kubectl('get', 'svc', 'hello', '-o', 'jsonpath={.spec.clusterIP}')).stdout;
  let web: Dig | undefined;
  for (let i = 0; i < 60 && web?.answer.length !== 2; i++) {
    if (i) await sleep(500);
    web = await dig(port, 'nginx.default.svc.cluster.local');
  }
  const podIP = async (pod: string) => (await kubectl('get', 'pod', pod, '-o', 'jsonpath={.status.podIP}')).stdout;
  const [web0, web1] = [await podIP('web-0'), await podIP('web-1')];
  const soa = /^cluster\.local\. 5 IN SOA ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 5$/;
  const svc = 'hello.default.svc.cluster.local.';

  const a = await dig(port, 'hello.default.svc.cluster.local');
  t.match(a, { status: 'NOERROR', answer: [`${svc} 5 IN A ${clusterIP}`], authority: [] }, 'A of a ClusterIP Service');
  t.match(a.flags, /\baa\b/, 'authoritative');
  const aaaa = await dig(port, 'hello.default.svc.cluster.local', 'AAAA');
  t.match(aaaa, { status: 'NOERROR', answer: [], authority: [soa] }, 'AAAA of an IPv4 Service: NODATA with the SOA');
  t.match(await dig(port, '_http._tcp.hello.default.svc.cluster.local', 'SRV'), {
    status: 'NOERROR', answer: [`_http._tcp.${svc} 5 IN SRV 0 100 80 ${svc}`], additional: [`${svc} 5 IN A ${clusterIP}`],
  }, 'SRV of a named port');
  t.match(await dig(port, '_dns._udp.hello.default.svc.cluster.local', 'SRV'), { answer: [`_dns._udp.${svc} 5 IN SRV 0 100 53 ${svc}`] }, 'SRV of a UDP port');
  t.match(await dig(port, '_dns._tcp.hello.default.svc.cluster.local', 'SRV'), { status: 'NXDOMAIN', authority: [soa] }, 'no such port and protocol');
  t.same(web!.answer.map((l) => l.split(' ')[4]).sort(), [web0, web1].sort(), 'A of a headless Service: one per ready endpoint');
  t.match(await dig(port, 'web-0.nginx.default.svc.cluster.local'), { answer: [`web-0.nginx.default.svc.cluster.local. 5 IN A ${web0}`] }, 'hostname.subdomain of a StatefulSet pod');
  const srv = await dig(port, '_web._tcp.nginx.default.svc.cluster.local', 'SRV');
  t.same(srv.answer.sort(), ['web-0', 'web-1'].map((h) => `_web._tcp.nginx.default.svc.cluster.local. 5 IN SRV 0 50 8080 ${h}.nginx.default.svc.cluster.local.`), 'headless SRV: one per endpoint, the endpoint port');
  t.same(srv.additional.filter((l) => !l.startsWith('.')).sort(), [`web-0.nginx.default.svc.cluster.local. 5 IN A ${web0}`, `web-1.nginx.default.svc.cluster.local. 5 IN A ${web1}`]);
  t.match(await dig(port, 'ext.default.svc.cluster.local', 'CNAME'), { answer: ['ext.default.svc.cluster.local. 5 IN CNAME example.com.'] }, 'CNAME of an ExternalName');
  t.match(await dig(port, 'ext.default.svc.cluster.local', 'A'), { status: 'NOERROR', answer: ['ext.default.svc.cluster.local. 5 IN CNAME example.com.'] }, 'not followed outside the zone');
  t.match(await dig(port, 'alias.default.svc.cluster.local', 'A'), { answer: [`alias.default.svc.cluster.local. 5 IN CNAME ${svc}`, `${svc} 5 IN A ${clusterIP}`] }, 'followed inside it');
  t.match(await dig(port, '', 'PTR', '-x', clusterIP), { answer: [new RegExp(` 5 IN PTR ${svc.replaceAll('.', '\\.')}$`)] }, 'PTR of a ClusterIP');
  t.match(await dig(port, '', 'PTR', '-x', web0), { answer: [new RegExp(` 5 IN PTR web-0\\.nginx\\.default\\.svc\\.cluster\\.local\\.$`)] }, 'PTR of a headless endpoint');
  t.match(await dig(port, 'dns-version.cluster.local', 'TXT'), { answer: ['dns-version.cluster.local. 28800 IN TXT "1.1.0"'] }, 'schema version');
  t.match(await dig(port, '10-244-9-9.default.pod.cluster.local'), { answer: ['10-244-9-9.default.pod.cluster.local. 5 IN A 10.244.9.9'] }, 'pod A record');
  t.match(await dig(port, 'nope.default.svc.cluster.local'), { status: 'NXDOMAIN', answer: [], authority: [soa] }, 'NXDOMAIN with the SOA');
  t.match(await dig(port, 'default.svc.cluster.local'), { status: 'NOERROR', answer: [], authority: [soa] }, 'a namespace: exists, no records');
  t.match(await dig(port, 'example.com'), { status: 'REFUSED', answer: [], authority: [] }, 'outside the zone: REFUSED');
  const dnsIP = (await kubectl('get', 'svc', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP}')).stdout;
  const kubernetesIP = (await kubectl('get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}')).stdout;
  t.equal(dnsIP, kubernetesIP.replace(/\.1$/, '.10'), 'up --dataplane made kube-system/kube-dns at .10, as kubeadm');
  t.match(await dig(port, 'cluster.local', 'NS'), { answer: ['cluster.local. 5 IN NS ns.dns.cluster.local.'], additional: [`ns.dns.cluster.local. 5 IN A ${dnsIP}`] }, 'the apex NS');
  t.match(await dig(port, 'hello.default.svc.cluster.local', 'A', '+tcp'), { answer: [`${svc} 5 IN A ${clusterIP}`] }, 'over TCP');

  await kubectl('delete', 'svc', 'hello');
  let gone: Dig | undefined;
  for (let i = 0; i < 40 && gone?.status !== 'NXDOMAIN'; i++) {
    if (i) await sleep(250);
    gone = await dig(port, 'hello.default.svc.cluster.local');
  }
  t.equal(gone!.status, 'NXDOMAIN', 'a deleted Service is gone');

  const alone = await start(t, ['dns', '--kubeconfig', kubeconfig, '--dns-listen', '127.0.0.1:0'], 1);
  const m2 = /^miniplane dns answering at 127\.0\.0\.1:(\d+) \(udp, tcp; server: http:\/\/127\.0\.0\.1:\d+\)$/.exec(alone.lines[0]);
  t.ok(m2, alone.lines[0]);
  t.match(await dig(Number(m2![1]), 'web-1.nginx.default.svc.cluster.local'), { answer: [`web-1.nginx.default.svc.cluster.local. 5 IN A ${web1}`] }, 'miniplane dns alone answers the same');
  for (const c of [alone.child, up.child]) {
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    t.equal(await exited, 0, 'clean exit on SIGTERM');
  }
});
