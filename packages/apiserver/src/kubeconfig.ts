/**
 * The kubeconfig miniplane writes for its clients: one cluster, one context, and no credentials
 * for plain HTTP on loopback; with `--tls`, the CA's certificate (`certificate-authority-data`)
 * and the admin bearer token. Accepted unchanged by the real kubectl, kubectl-lite,
 * `@kubernetes/client-node` 1.x and the official Python client.
 *
 * `insecure-skip-tls-verify: true` is written for an `http://` server: there is no TLS to verify, so
 * kubectl, client-go and the Python client ignore it, while client-node 1.x refuses a plain-HTTP
 * cluster without it ("HTTP protocol is not allowed when skipTLSVerify is not set or false").
 */
export interface KubeconfigCredentials {
  /** PEM of the CA that signed the serving certificate: written as `certificate-authority-data`. */
  caPem?: string;
  /** A bearer token: written as the user's `token`. */
  token?: string;
}

export function kubeconfigYaml(server: string, namespace = 'default', creds: KubeconfigCredentials = {}): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: miniplane',
    '  cluster:',
    `    server: ${server}`,
    ...(server.startsWith('http://') ? ['    insecure-skip-tls-verify: true'] : []),
    ...(creds.caPem ? [`    certificate-authority-data: ${Buffer.from(creds.caPem).toString('base64')}`] : []),
    'contexts:',
    '- name: miniplane',
    '  context:',
    '    cluster: miniplane',
    '    user: miniplane',
    `    namespace: ${namespace}`,
    'current-context: miniplane',
    'users:',
    '- name: miniplane',
    ...(creds.token ? ['  user:', `    token: ${creds.token}`] : ['  user: {}']),
    'preferences: {}',
    '',
  ].join('\n');
}
