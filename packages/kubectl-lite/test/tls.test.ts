/**
 * kubectl-lite over HTTPS, as against a real cluster: a kubeconfig with CA data, a client
 * certificate and key, and a bearer token (inline, and as files relative to the kubeconfig),
 * through a TLS front that refuses anything less; the output diffed with the real kubectl's.
 * Also: insecure-skip-tls-verify, a CA that does not match, and a missing token.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { normaliseAges, runProcess, startCluster, tempDir } from './harness.js';
import { liteBin } from './harness.js';
import { makeCa, startTlsFront } from './tlsFixture.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(server: string, cluster: string, user: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: tls
  cluster:
    server: ${server}
${cluster}
users:
- name: tls
  user:
${user}
contexts:
- name: tls
  context:
    cluster: tls
    user: tls
current-context: tls
`;
}

t.test('get over HTTPS with CA, client certificate and token', async (t) => {
  const c = await startCluster(t);
  const front = await startTlsFront(t, c.server.url);
  const dir = tempDir(t);
  const run = async (tool: 'lite' | 'kubectl', cfg: string, args: string[]) => {
    const cache = join(dir, `${tool}-cache`);
    const argv = ['--kubeconfig', cfg, '--cache-dir', cache, ...args];
    const r = tool === 'lite' ? await runProcess(process.execPath, [liteBin, ...argv]) : await runProcess('kubectl', argv);
    return { code: r.code, stdout: normaliseAges(r.stdout), stderr: r.stderr };
  };
  const inline = join(dir, 'inline.yaml');
  writeFileSync(inline, kubeconfig(front.url, `    certificate-authority-data: ${b64(front.ca)}`,
    `    client-certificate-data: ${b64(front.client.cert)}\n    client-key-data: ${b64(front.client.key)}\n    token: ${front.token}`));
  // files named relative to the kubeconfig's directory
  writeFileSync(join(dir, 'ca.crt'), front.ca);
  writeFileSync(join(dir, 'client.crt'), front.client.cert);
  writeFileSync(join(dir, 'client.key'), front.client.key);
  writeFileSync(join(dir, 'token'), front.token + '\n');
  const files = join(dir, 'files.yaml');
  writeFileSync(files, kubeconfig(front.url, '    certificate-authority: ca.crt', '    client-certificate: client.crt\n    client-key: client.key\n    tokenFile: token'));
  for (const cfg of [inline, files]) {
    for (const args of [['get', 'svc'], ['get', 'ns', 'default', '-o', 'yaml'], ['get', 'svc', 'nosuch']]) {
      t.same(await run('lite', cfg, args), await run('kubectl', cfg, args), `${cfg.endsWith('inline.yaml') ? 'inline' : 'files'}: ${args.join(' ')}`);
    }
  }
  t.equal(front.refused, 0, 'every request carried the client certificate and the token');

  const insecure = join(dir, 'insecure.yaml');
  writeFileSync(insecure, kubeconfig(front.url, '    insecure-skip-tls-verify: true',
    `    client-certificate-data: ${b64(front.client.cert)}\n    client-key-data: ${b64(front.client.key)}\n    token: ${front.token}`));
  t.same(await run('lite', insecure, ['get', 'svc']), await run('kubectl', insecure, ['get', 'svc']), 'insecure-skip-tls-verify');

  const other = await makeCa('CN=someone-else');
  const wrongCa = join(dir, 'wrong-ca.yaml');
  writeFileSync(wrongCa, kubeconfig(front.url, `    certificate-authority-data: ${b64(other.pem)}`, `    token: ${front.token}`));
  const bad = await run('lite', wrongCa, ['get', 'svc']);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /^Unable to connect to the server: /, 'a server certificate from another CA is refused');

  const noToken = join(dir, 'no-token.yaml');
  writeFileSync(noToken, kubeconfig(front.url, `    certificate-authority-data: ${b64(front.ca)}`,
    `    client-certificate-data: ${b64(front.client.cert)}\n    client-key-data: ${b64(front.client.key)}`));
  const unauth = await run('lite', noToken, ['get', 'svc', 'kubernetes']);
  t.same({ code: unauth.code, stderr: unauth.stderr }, { code: 1, stderr: 'error: You must be logged in to the server (Unauthorized)\n' });
});
