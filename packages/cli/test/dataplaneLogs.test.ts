// Issue 15: with `up --dataplane` a pod's log holds its echo server's lines: `Listening on
// http://IP:PORT` once bound, then one access-log line per request, which `kubectl logs -f
// deploy/hello` (the real kubectl) shows live; `--tail=1` shows the last one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { up } from './upProcess.js';
import { until } from './until.js';

/** One GET from `localAddress`: its status, or the error code. */
function get(host: string, port: number, path: string, localAddress: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, localAddress, agent: false, headers: { 'user-agent': 'probe/1.0' }, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.end();
  });
}

t.test('kubectl logs -f deploy/hello shows the requests its pod serves, live', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-logs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // Ranges of their own, so other test files' planes on loopback never collide.
  const ranges = ['--cluster-cidr', '127.248.0.0/16', '--service-cluster-ip-range', '127.100.0.0/16', '--node-ip-range', '127.0.5.0/24', '--load-balancer-ip-range', '127.207.0.0/24', '--external-ip-range', '127.208.0.0/24'];
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--dataplane', '--dns-listen', '127.0.0.1:0', ...ranges]);
  const kubectl = (...a: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const c = spawn('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  await kubectl('create', 'deployment', 'hello', '--image=echo', '--replicas=1', '--port=8080');
  t.equal((await kubectl('rollout', 'status', 'deployment/hello', '--timeout=60s')).code, 0);
  const podIP = (await kubectl('get', 'pods', '-l', 'app=hello', '-o', 'jsonpath={.items[0].status.podIP}')).stdout;
  t.match(podIP, /^127\.248\.\d+\.\d+$/);

  const follow = spawn('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc-f'), 'logs', '-f', 'deploy/hello'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void follow.kill());
  let out = '';
  follow.stdout.on('data', (d) => (out += d));
  await until('the listening line', async () => out.includes(`Listening on http://${podIP}:8080`) || undefined, 20_000, 50);
  t.match(out, /^Started container echo \(image docker\.io\/library\/echo:latest\) on node node-\d, pod IP 127\.248\./);
  t.equal(await get(podIP, 8080, '/hello?x=1', '127.10.0.9'), 200);
  const line = await until('the request line, live', async () => out.split('\n').find((l) => l.includes('/hello?x=1')), 10_000, 50);
  t.match(line, /^127\.10\.0\.9:\d+ "GET \/hello\?x=1 HTTP\/1\.1" 200 \d+ "probe\/1\.0"$/);
  const tail = await kubectl('logs', 'deploy/hello', '--tail=1');
  t.equal(tail.stdout, `${line}\n`, '--tail=1: the last request');
});
