// Issue 15: the data-plane demos the README gives to paste (sections "Data plane" and "DNS", the
// sh blocks that start `miniplane up --dataplane &`) are run as written, line by line, with `sh`,
// the real kubectl, curl and dig, against a plane of this test's own (own loopback ranges: the
// README's default addresses are rewritten to them, 127.0.1.2 -> its node-1, 127.96.0.10 -> its
// kube-dns, `-p 1053` -> its DNS port, 127.244.x.y / 127.201.x.y -> its cluster CIDR / external IP range). Each curl/dig line must have a check below saying what
// its comment promises (a new one without a check fails the test); a check is retried for up to
// 15 s, as a person pasting gives the cluster the time to follow (readiness, LoadBalancer IP).
import { execFile, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { up } from './upProcess.js';
import { until } from './until.js';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '..', '..', '..', 'README.md'), 'utf8');
const liteBin = join(here, '..', '..', 'kubectl-lite', 'bin', 'kubectl-lite.js');
const ranges = ['--cluster-cidr', '127.250.0.0/16', '--service-cluster-ip-range', '127.93.0.0/16', '--node-ip-range', '127.0.6.0/24', '--load-balancer-ip-range', '127.209.0.0/24', '--external-ip-range', '127.210.0.0/24'];

interface Ran { code: number; out: string }
interface Env { nodeIP: string; dnsIP: string; sh: (script: string) => Promise<Ran> }
type Check = (r: Ran, e: Env) => Promise<boolean> | boolean;

/** The sh blocks of a README section that start a data plane. */
function demoBlocks(section: string): string[] {
  const start = readme.indexOf(`\n## ${section}`);
  const end = readme.indexOf('\n## ', start + 1);
  const text = readme.slice(start, end);
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /miniplane up --dataplane &/.test(b));
}

const podLine = /^pod=(\S+) namespace=default podIP=\S+ node=(\S+) client=(\S+)$/;
const pods = (out: string) => out.trim().split('\n').map((l) => podLine.exec(l.replace(/^\s*\d+\s+/, '')));
const digAnswer = (out: string, want: RegExp) => /status: NOERROR/.test(out) && want.test(out.split('ANSWER SECTION:')[1] ?? '');

// README command (a distinctive part of it) -> what its comment promises.
const checks: Array<[string, Check]> = [
  ['| sort | uniq -c', (r, e) => r.code === 0 && pods(r.out).length === 3 && pods(r.out).every((p) => p?.[3] === e.nodeIP)],
  ['curl -s --interface 127.244.1.250 $IP', (r) => pods(r.out)[0]?.[3] === '127.250.1.250'],
  ['curl -s --interface 127.10.0.7 127.0.1.2:$NP                    # client=127.0.1.2', (r, e) => pods(r.out)[0]?.[3] === e.nodeIP],
  ['curl -s --interface 127.10.0.7 127.0.1.2:$NP                    # client=127.10.0.7', (r) => pods(r.out)[0]?.[3] === '127.10.0.7' && pods(r.out)[0]?.[2] === 'node-1'],
  ['--interface 127.10.0.8 $IP; done', (r) => { const p = pods(r.out); return p.length === 5 && p.every((x) => x?.[1] === p[0]?.[1]); }],
  ['curl -s $(kubectl get svc hello -o jsonpath=\'{.status.loadBalancer.ingress[0].ip}\')', (r) => !!pods(r.out)[0]],
  ['curl -s --interface 127.10.0.9 127.201.0.5', (r) => pods(r.out)[0]?.[3] === '127.10.0.9'],
  ['curl -s $IP                                                     # reset', (r) => r.code !== 0 && r.out === ''],
  ['dig +short @127.0.0.1 -p 1053 hello.default.svc.cluster.local', async (r, e) => r.out.trim() === await clusterIP(e)],
  ['dig +short @127.96.0.10 hello.default.svc.cluster.local', async (r, e) => r.out.trim() === await clusterIP(e)],
  ['dig @127.0.0.1 -p 1053 hello.default.svc.cluster.local ', async (r, e) => digAnswer(r.out, new RegExp(`IN\\s+A\\s+${(await clusterIP(e)).replace(/\./g, '\\.')}\\n`))],
  ['_http._tcp.hello.default.svc.cluster.local SRV', (r) => digAnswer(r.out, /IN\s+SRV\s+0 100 80 hello\.default\.svc\.cluster\.local\./)],
  ['dig @127.0.0.1 -p 1053 ext.default.svc.cluster.local', (r) => digAnswer(r.out, /IN\s+CNAME\s+example\.com\./)],
  ['dig @127.0.0.1 -p 1053 -x', (r) => digAnswer(r.out, /IN\s+PTR\s+hello\.default\.svc\.cluster\.local\./)],
  ['dns-version.cluster.local TXT', (r) => digAnswer(r.out, /IN\s+TXT\s+"1\.1\.0"/)],
  ['dig @127.0.0.1 -p 1053 example.com', (r) => /status: REFUSED/.test(r.out)],
  ['kubectl-lite resolv-conf', (r, e) => r.out === `search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${e.dnsIP}\noptions ndots:5\n`],
];

async function clusterIP(e: Env): Promise<string> {
  return (await e.sh("kubectl get svc hello -o jsonpath='{.spec.clusterIP}'")).out;
}

async function plane(t: Tap.Test, dir: string): Promise<{ env: Env; child: ChildProcess }> {
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data'), '--in-memory', '--dataplane', '--dns-listen', '127.0.0.1:0', ...ranges]);
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'kubectl-lite'), `#!/bin/sh\nexec "${process.execPath}" "${liteBin}" "$@"\n`);
  chmodSync(join(bin, 'kubectl-lite'), 0o755);
  const vars = { ...process.env, KUBECONFIG: s.kubeconfig, KUBECACHEDIR: join(dir, 'cache'), PATH: `${bin}:${process.env.PATH}` };
  const sh = (script: string) => new Promise<Ran>((resolve) => {
    execFile('sh', ['-c', script], { env: vars, timeout: 90_000 }, (err, out) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out }));
  });
  const nodeIP = (await sh("kubectl get node node-1 -o jsonpath='{.status.addresses[?(@.type==\"InternalIP\")].address}'")).out;
  const dnsIP = (await sh("kubectl -n kube-system get svc kube-dns -o jsonpath='{.spec.clusterIP}'")).out;
  return { env: { nodeIP, dnsIP, sh }, child: s.child };
}

for (const section of ['Data plane (`up --dataplane`)', 'DNS']) {
  t.test(`README ${section}: the demo runs as written`, async (t) => {
    const blocks = demoBlocks(section);
    t.equal(blocks.length, 1, 'one demo block');
    const dir = mkdtempSync(join(tmpdir(), 'miniplane-readme-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const { env, child } = await plane(t, dir);
    t.teardown(() => new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))));
    const dnsPort = (await env.sh('kubectl -n kube-system get endpointslices -l endpointslice.kubernetes.io/managed-by=dns.miniplane.dev -o jsonpath=\'{.items[0].ports[0].port}\'')).out;
    const rewrite = (line: string) => line.replace(/\b127\.0\.1\.2\b/g, env.nodeIP).replace(/\b127\.96\.0\.10\b/g, env.dnsIP).replace(/-p 1053\b/g, `-p ${dnsPort}`)
      .replace(/\b127\.244\./g, '127.250.').replace(/\b127\.201\./g, '127.210.');
    const assigned: string[] = [];
    for (const line of blocks[0]!.split('\n')) {
      const command = line.replace(/^#.*$/, '').trim();
      if (!command || /miniplane up --dataplane &|^export KUBECONFIG=/.test(command)) continue;
      const script = [...assigned, rewrite(command)].join('\n');
      if (/^[A-Z]+=/.test(command)) {
        assigned.push(rewrite(command));
        continue;
      }
      const check = checks.find(([key]) => line.includes(key))?.[1];
      if (!check) {
        t.notMatch(command, /^(curl|dig|for )|kubectl-lite/, `a check for: ${command}`);
        const r = await env.sh(script);
        t.equal(r.code, 0, `${command}: exits 0${r.code ? `\n${r.out}` : ''}`);
        continue;
      }
      let last: Ran | undefined;
      const ok = await until(command, async () => ((await check((last = await env.sh(script)), env)) ? true : undefined), 15_000, 300).catch(() => false);
      t.ok(ok, `${command}${ok ? '' : `\n${last?.out}`}`);
    }
  });
}
