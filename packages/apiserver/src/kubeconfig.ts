/**
 * The kubeconfig miniplane writes for its clients: one cluster, one context, no credentials
 * (plain HTTP on loopback). Accepted by the real kubectl and by kubectl-lite.
 */
export function kubeconfigYaml(server: string, namespace = 'default'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: miniplane',
    '  cluster:',
    `    server: ${server}`,
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
