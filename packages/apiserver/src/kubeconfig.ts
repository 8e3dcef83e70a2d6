/**
 * The kubeconfig miniplane writes for its clients: one cluster, one context, no credentials
 * (plain HTTP on loopback). Accepted unchanged by the real kubectl, kubectl-lite,
 * `@kubernetes/client-node` 1.x and the official Python client.
 *
 * `insecure-skip-tls-verify: true` is written for an `http://` server: there is no TLS to verify, so
 * kubectl, client-go and the Python client ignore it, while client-node 1.x refuses a plain-HTTP
 * cluster without it ("HTTP protocol is not allowed when skipTLSVerify is not set or false").
 */
export function kubeconfigYaml(server: string, namespace = 'default'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: miniplane',
    '  cluster:',
    `    server: ${server}`,
    ...(server.startsWith('http://') ? ['    insecure-skip-tls-verify: true'] : []),
    'contexts:',
    '- name: miniplane',
    '  context:',
    '    cluster: miniplane',
    '    user: miniplane',
    `    namespace: ${namespace}`,
    'current-context: miniplane',
    'users:',
    '- name: miniplane',
    '  user: {}',
    'preferences: {}',
    '',
  ].join('\n');
}
