/**
 * The cluster domain as the cluster states it: `up` with DNS writes kubeadm's
 * `kube-system/coredns` ConfigMap (read with the real kubectl), and `miniplane dns` run alone
 * serves the zone its Corefile names (looked up with `dig`), unless `--cluster-domain` says
 * otherwise; without the ConfigMap, cluster.local. Plain `up` (no DNS) writes none.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { dig } from './dig.js';
import { startCommand, up } from './upProcess.js';

const run = promisify(execFile);

/** kubeadm v1.33's Corefile for corp.example, typed out (`kubectl get cm coredns -n kube-system` on a kubeadm cluster). */
const kubeadmCorefile = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes corp.example in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success corp.example
       disable denial corp.example
    }
    loop
    reload
    loadbalance
}
`;

async function plane(t: Tap.Test, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-dnsdomain-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--nodes', '0', '--no-ui', ...args]);
  t.teardown(() => void s.child.kill('SIGTERM'));
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a])).stdout;
  return { kubeconfig: s.kubeconfig, kubectl };
}

/** `miniplane dns` alone on a free port; resolves with the port once it answers; stopped by SIGTERM. */
async function dnsAlone(t: Tap.Test, kubeconfig: string, ...flags: string[]): Promise<{ port: number; stop: () => Promise<number | null> }> {
  const { child, lines } = await startCommand(t, ['dns', '--kubeconfig', kubeconfig, '--dns-listen', '127.0.0.1:0', ...flags], 1);
  const port = Number(/^miniplane dns answering at 127\.0\.0\.1:(\d+) /.exec(lines[0]!)?.[1]);
  const stop = async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    return exited;
  };
  return { port, stop };
}

t.test('up --dns --cluster-domain writes kube-system/coredns; miniplane dns alone serves its zone, a flag wins', async (t) => {
  const p = await plane(t, ['--dns', '--dns-listen', '127.0.0.1:0', '--cluster-domain', 'corp.example']);
  t.equal(await p.kubectl('get', 'configmap', 'coredns', '-n', 'kube-system', '-o', 'jsonpath={.data.Corefile}'), kubeadmCorefile, 'kubeadm\'s Corefile for the domain');
  const cm = JSON.parse(await p.kubectl('get', 'configmap', 'coredns', '-n', 'kube-system', '-o', 'json'));
  t.same(Object.keys(cm.data), ['Corefile'], 'one key: Corefile');
  t.same([cm.metadata.labels, cm.metadata.annotations], [undefined, undefined], 'no labels or annotations, as kubeadm');
  const ip = await p.kubectl('get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}');

  const fromCm = await dnsAlone(t, p.kubeconfig);
  const a = await dig(fromCm.port, 'kubernetes.default.svc.corp.example');
  t.same([a.status, a.answer], ['NOERROR', [`kubernetes.default.svc.corp.example. 5 IN A ${ip}`]], 'no flag: the ConfigMap\'s zone');
  t.equal((await dig(fromCm.port, 'kubernetes.default.svc.cluster.local')).status, 'REFUSED', 'cluster.local is not its zone');
  t.equal(await fromCm.stop(), 0, 'clean exit');

  const flagged = await dnsAlone(t, p.kubeconfig, '--cluster-domain', 'flag.example');
  t.same((await dig(flagged.port, 'kubernetes.default.svc.flag.example')).answer, [`kubernetes.default.svc.flag.example. 5 IN A ${ip}`], '--cluster-domain wins');
  t.equal((await dig(flagged.port, 'kubernetes.default.svc.corp.example')).status, 'REFUSED');
  t.equal(await flagged.stop(), 0);

  await p.kubectl('delete', 'configmap', 'coredns', '-n', 'kube-system');
  const none = await dnsAlone(t, p.kubeconfig);
  t.same((await dig(none.port, 'kubernetes.default.svc.cluster.local')).answer, [`kubernetes.default.svc.cluster.local. 5 IN A ${ip}`], 'no ConfigMap: cluster.local');
  t.equal(await none.stop(), 0);
});

t.test('up --dns without a domain writes cluster.local; plain up (no DNS) writes no coredns', async (t) => {
  const withDns = await plane(t, ['--dns', '--dns-listen', '127.0.0.1:0']);
  t.equal(await withDns.kubectl('get', 'configmap', 'coredns', '-n', 'kube-system', '-o', 'jsonpath={.data.Corefile}'), kubeadmCorefile.replaceAll('corp.example', 'cluster.local'));
  const plain = await plane(t, []);
  const refused = await plain.kubectl('get', 'configmap', 'coredns', '-n', 'kube-system').then(() => 'found', (err: { stderr: string }) => err.stderr);
  t.equal(refused, 'Error from server (NotFound): configmaps "coredns" not found\n', 'kubectl\'s NotFound');
});
