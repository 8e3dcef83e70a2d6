// The proxy alone against a server, through the API only: a selectorless Service, an
// EndpointSlice this test writes pointing at HTTP servers the test runs on loopback "pod" IPs
// (accepted by the server's loopbackEndpointCIDRs), and the proxy following every slice write.
import { createServer, request, type Server } from 'node:http';
import { pino } from 'pino';
import t from 'tap';
import { findResourceByKind } from '@miniplane/api';
import { startServer } from '@miniplane/apiserver';
import { RestClient, type KubeObject } from '@miniplane/client';
import { startProxy } from '../src/startProxy.js';

function serve(ip: string, name: string): Promise<Server> {
  const s = createServer((req, res) => res.end(`${name} ${req.socket.remoteAddress}`));
  return new Promise((resolve) => s.listen(8080, ip, () => resolve(s)));
}

function hit(host: string, port: number, localAddress?: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host, port, agent: false, localAddress }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.end();
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

t.test('startProxy follows Services and EndpointSlices; ipvs round-robin; reset without endpoints', async (t) => {
  const server = await startServer({
    listen: '127.0.0.1:0', inMemory: true, writeKubeconfig: false, logger: pino({ level: 'silent' }),
    serviceClusterIPRange: '127.97.0.0/16', loopbackEndpointCIDRs: '127.249.0.0/16',
  });
  t.teardown(() => server.close());
  const api = new RestClient({ config: { server: server.url } });
  t.teardown(() => api.close());
  const pods = await Promise.all([serve('127.249.0.2', 'pod-a'), serve('127.249.0.3', 'pod-b')]);
  t.teardown(() => Promise.all(pods.map((s) => new Promise((r) => s.close(r)))));
  const proxy = await startProxy({ restConfig: { server: server.url }, mode: 'ipvs', logger: pino({ level: 'silent' }) });
  t.teardown(() => proxy.stop());
  t.equal(proxy.mode, 'ipvs');

  const res = <T extends KubeObject>(v: string, k: string) => api.resource<T>(findResourceByKind(v, k)!, 'default');
  const svc = await res<KubeObject & { spec: { clusterIP: string } }>('v1', 'Service').create({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  } as never);
  const ip = svc.spec.clusterIP;
  t.match(ip, /^127\.97\./);
  await until('the ClusterIP listened on', async () => (proxy.listening().includes(`TCP/${ip}:80`) ? true : undefined));
  t.match(await hit(ip, 80), /^ECONN(RESET|REFUSED)$/, 'no endpoints: reset');

  const slices = res<KubeObject>('discovery.k8s.io/v1', 'EndpointSlice');
  const slice = (addrs: string[]) => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-1', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: addrs.map((a) => ({ addresses: [a], conditions: { ready: true } })),
  });
  let cur = await slices.create(slice(['127.249.0.2', '127.249.0.3']) as never);
  await until('both endpoints routed', async () => ((await hit(ip, 80)).startsWith('pod') ? true : undefined));
  const seq: string[] = [];
  for (let i = 0; i < 6; i++) seq.push((await hit(ip, 80, '127.10.0.7')).split(' ')[0]!);
  t.same(seq.slice(2), [seq[0], seq[1], seq[0], seq[1]], 'round-robin over the two');
  t.not(seq[0], seq[1]);
  t.equal((await hit(ip, 80, '127.10.0.7')).split(' ')[1], '127.10.0.7', 'the pod sees the client address');

  cur = await slices.update({ ...slice(['127.249.0.3']), metadata: { ...slice([]).metadata, resourceVersion: cur.metadata.resourceVersion } } as never);
  await until('only pod-b', async () => ((await hit(ip, 80)).startsWith('pod-b') ? true : undefined));
  for (let i = 0; i < 5; i++) t.match(await hit(ip, 80), /^pod-b /);

  await res<KubeObject>('v1', 'Service').delete('web');
  await until('the ClusterIP no longer listened on', async () => (proxy.listening().includes(`TCP/${ip}:80`) ? undefined : true));
  t.equal(await hit(ip, 80), 'ECONNREFUSED', 'the Service went: nothing listens');
});
