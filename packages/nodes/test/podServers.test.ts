// --dataplane pods that answer: real sockets on loopback pod IPs (PodServers, the module the
// simulated kubelets run them with). `up --dataplane` end to end: packages/cli/test/dataplane*.
import { createSocket } from 'node:dgram';
import { request } from 'node:http';
import t from 'tap';
import type { Pod } from '@miniplane/api/pod/types';
import { PodServers } from '../src/podServers.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} } as never;

function pod(name: string, ip: string, o: { ports?: unknown[]; ready?: boolean; phase?: string } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { nodeName: 'node-2', containers: [{ name: 'c', ports: o.ports ?? [{ containerPort: 8080 }] }] },
    status: { phase: o.phase ?? 'Running', podIP: ip, conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  } as Pod;
}

function get(ip: string, port: number, headers: Record<string, string> = {}, localAddress?: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: ip, port, path: '/', headers, localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls until `fn` resolves (a server binds asynchronously). */
async function eventually<T>(fn: () => Promise<T>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Polls until a connection is refused; its error code (or 'answering' after 5 s). */
async function refusedSoon(ip: string, port: number): Promise<string> {
  for (let i = 0; i < 250; i++) {
    const code = await get(ip, port).then(() => 'answering', (e: NodeJS.ErrnoException) => e.code ?? 'error');
    if (code !== 'answering') return code;
    await new Promise((r) => setTimeout(r, 20));
  }
  return 'answering';
}

t.test('a Running pod answers on podIP:containerPort, JSON and plain text, with the client it saw', async (t) => {
  const servers = new PodServers({ maxPods: 10, logger: quiet });
  t.teardown(() => servers.stop());
  servers.observe(pod('web-1', '127.244.7.2'));
  const json = await eventually(() => get('127.244.7.2', 8080, { accept: 'application/json' }, '127.10.0.7'));
  t.equal(json.status, 200);
  t.equal(json.type, 'application/json');
  t.same(JSON.parse(json.body), { pod: 'web-1', namespace: 'default', podIP: '127.244.7.2', node: 'node-2', client: '127.10.0.7' });
  const text = await get('127.244.7.2', 8080, { 'user-agent': 'curl/8.5.0', accept: '*/*' }, '127.10.0.8');
  t.equal(text.body, 'pod=web-1 namespace=default podIP=127.244.7.2 node=node-2 client=127.10.0.8\n');
  t.match(text.type, /^text\/plain/);

  // Readiness failing changes nothing: the container still answers.
  servers.observe(pod('web-1', '127.244.7.2', { ready: false }));
  t.equal((await get('127.244.7.2', 8080)).status, 200, 'unready still answers');

  servers.gone(pod('web-1', '127.244.7.2'));
  t.equal(await refusedSoon('127.244.7.2', 8080), 'ECONNREFUSED', 'the pod went: refused');
});

t.test('UDP ports echo; no declared port: nothing; --dataplane-max-pods caps served pods', async (t) => {
  const servers = new PodServers({ maxPods: 2, logger: quiet });
  t.teardown(() => servers.stop());
  servers.observe(pod('dns', '127.244.8.2', { ports: [{ containerPort: 5353, protocol: 'UDP' }] }));
  servers.observe(pod('quiet', '127.244.8.3', { ports: [] }));
  servers.observe(pod('a', '127.244.8.4'));
  servers.observe(pod('b', '127.244.8.5'));
  t.equal(servers.count, 2, 'the pod without ports does not count; the fourth is over the cap');
  await eventually(() => get('127.244.8.4', 8080));
  await t.rejects(get('127.244.8.5', 8080), { code: 'ECONNREFUSED' }, 'over the cap: no server');

  const echo = await eventually(() => new Promise<string>((resolve, reject) => {
    const s = createSocket('udp4');
    const timer = setTimeout(() => {
      s.close();
      reject(new Error('no echo'));
    }, 300);
    s.on('message', (m) => {
      clearTimeout(timer);
      s.close();
      resolve(m.toString());
    });
    s.send('ping', 5353, '127.244.8.2');
  }));
  t.equal(echo, 'ping');

  // A freed slot goes to the next pod that changes.
  servers.gone(pod('a', '127.244.8.4'));
  servers.observe(pod('b', '127.244.8.5'));
  t.equal((await eventually(() => get('127.244.8.5', 8080))).status, 200);
  // Finished: closed.
  servers.observe(pod('b', '127.244.8.5', { phase: 'Succeeded' }));
  t.equal(servers.count, 1);
});

t.test('onLog: the container declaring a port hears its listening line and one line per request or datagram', async (t) => {
  const lines: string[] = [];
  const servers = new PodServers({ maxPods: 5, logger: quiet, onLog: (p, container, line) => lines.push(`${p.metadata.name}/${container}: ${line}`) });
  t.teardown(() => servers.stop());
  const web = pod('web', '127.244.9.2', { ports: [{ containerPort: 8080 }, { containerPort: 5353, protocol: 'UDP' }] });
  web.spec.containers.push({ name: 'second', ports: [{ containerPort: 8080 }] } as never); // declared twice: the first container's
  servers.observe(web);
  await eventually(() => get('127.244.9.2', 8080, { 'user-agent': 'probe/1.0' }, '127.10.0.9'));
  const request = await eventually(async () => lines.find((l) => l.includes('"GET / HTTP/1.1"')) ?? Promise.reject(new Error('no request line')));
  t.match(request, /^web\/c: 127\.10\.0\.9:\d+ "GET \/ HTTP\/1\.1" 200 \d+ "probe\/1\.0"$/);
  t.ok(lines.includes('web/c: Listening on http://127.244.9.2:8080'), 'the HTTP listening line');
  await eventually(async () => lines.includes('web/c: Listening on udp 127.244.9.2:5353') || Promise.reject(new Error('no udp line')));
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.10.0.9', () => resolve()));
  s.send('ping', 5353, '127.244.9.2');
  const udp = await eventually(async () => lines.find((l) => l.includes('udp 4 bytes echoed')) ?? Promise.reject(new Error('no datagram line')));
  s.close();
  t.match(udp, /^web\/c: 127\.10\.0\.9:\d+ udp 4 bytes echoed$/);
  const before = lines.length;
  servers.gone(web);
  t.equal(lines.length, before, 'nothing told once the pod is gone');
});
