// The kubelet's service environment variables. fromServices is checked against kube's
// TestFromServices (pkg/kubelet/envvars/envvars_test.go, same services, same expected list and
// order); the choice of Services against the rule of kubelet_pods.go getServiceEnvVarMap.
import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import type { Service, ServicePort } from '../service/types.js';
import { fromServices, serviceEnvForPod, type EnvVar } from './serviceEnvVars.js';

const svc = (name: string, clusterIP: string, ports: ServicePort[], namespace = 'ns'): Service =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { bar: 'baz' }, clusterIP, ports } });

const kubeServices = [
  svc('foo-bar', '1.2.3.4', [{ port: 8080, protocol: 'TCP' }]),
  svc('abc-123', '5.6.7.8', [{ name: 'u-d-p', port: 8081, protocol: 'UDP' }, { name: 't-c-p', port: 8081, protocol: 'TCP' }]),
  svc('q-u-u-x', '9.8.7.6', [{ port: 8082, protocol: 'TCP' }, { name: '8083', port: 8083, protocol: 'TCP' }]),
  // Headless and empty cluster IPs: no variables.
  svc('svrc-clusterip-none', 'None', [{ port: 8082, protocol: 'TCP' }]),
  svc('svrc-clusterip-empty', '', [{ port: 8082, protocol: 'TCP' }]),
];

const kubeExpected: Array<[string, string]> = [
  ['FOO_BAR_SERVICE_HOST', '1.2.3.4'], ['FOO_BAR_SERVICE_PORT', '8080'], ['FOO_BAR_PORT', 'tcp://1.2.3.4:8080'],
  ['FOO_BAR_PORT_8080_TCP', 'tcp://1.2.3.4:8080'], ['FOO_BAR_PORT_8080_TCP_PROTO', 'tcp'], ['FOO_BAR_PORT_8080_TCP_PORT', '8080'],
  ['FOO_BAR_PORT_8080_TCP_ADDR', '1.2.3.4'],
  ['ABC_123_SERVICE_HOST', '5.6.7.8'], ['ABC_123_SERVICE_PORT', '8081'], ['ABC_123_SERVICE_PORT_U_D_P', '8081'],
  ['ABC_123_SERVICE_PORT_T_C_P', '8081'], ['ABC_123_PORT', 'udp://5.6.7.8:8081'], ['ABC_123_PORT_8081_UDP', 'udp://5.6.7.8:8081'],
  ['ABC_123_PORT_8081_UDP_PROTO', 'udp'], ['ABC_123_PORT_8081_UDP_PORT', '8081'], ['ABC_123_PORT_8081_UDP_ADDR', '5.6.7.8'],
  ['ABC_123_PORT_8081_TCP', 'tcp://5.6.7.8:8081'], ['ABC_123_PORT_8081_TCP_PROTO', 'tcp'], ['ABC_123_PORT_8081_TCP_PORT', '8081'],
  ['ABC_123_PORT_8081_TCP_ADDR', '5.6.7.8'],
  ['Q_U_U_X_SERVICE_HOST', '9.8.7.6'], ['Q_U_U_X_SERVICE_PORT', '8082'], ['Q_U_U_X_SERVICE_PORT_8083', '8083'],
  ['Q_U_U_X_PORT', 'tcp://9.8.7.6:8082'], ['Q_U_U_X_PORT_8082_TCP', 'tcp://9.8.7.6:8082'], ['Q_U_U_X_PORT_8082_TCP_PROTO', 'tcp'],
  ['Q_U_U_X_PORT_8082_TCP_PORT', '8082'], ['Q_U_U_X_PORT_8082_TCP_ADDR', '9.8.7.6'], ['Q_U_U_X_PORT_8083_TCP', 'tcp://9.8.7.6:8083'],
  ['Q_U_U_X_PORT_8083_TCP_PROTO', 'tcp'], ['Q_U_U_X_PORT_8083_TCP_PORT', '8083'], ['Q_U_U_X_PORT_8083_TCP_ADDR', '9.8.7.6'],
];

t.test('TestFromServices: kube\'s list, in kube\'s order', async (t) => {
  t.same(fromServices(deepFreeze(kubeServices)), kubeExpected.map(([name, value]) => ({ name, value })));
});

t.test('an IPv6 cluster IP is bracketed in the URLs', async (t) => {
  const got = fromServices([svc('v6', 'fd00::1', [{ port: 80, protocol: 'TCP' }])]);
  t.same(got.find((v) => v.name === 'V6_PORT'), { name: 'V6_PORT', value: 'tcp://[fd00::1]:80' });
});

const kubernetes = svc('kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }], 'default');
const web = svc('web', '10.96.0.20', [{ port: 80, protocol: 'TCP' }], 'shop');
const other = svc('other', '10.96.0.30', [{ port: 81, protocol: 'TCP' }], 'elsewhere');
const names = (vars: EnvVar[]): string[] => vars.map((v) => v.name).filter((n) => n.endsWith('_SERVICE_HOST'));

const podCases = [
  { name: 'the pod\'s namespace and default/kubernetes, sorted', given: { namespace: 'shop', services: [web, other, kubernetes] }, want: ['KUBERNETES_SERVICE_HOST', 'WEB_SERVICE_HOST'] },
  // enableServiceLinks false drops the namespace's Services but never the kubernetes one.
  { name: 'enableServiceLinks false: only kubernetes', given: { namespace: 'shop', enableServiceLinks: false, services: [web, kubernetes] }, want: ['KUBERNETES_SERVICE_HOST'] },
  { name: 'a container\'s own env wins', given: { namespace: 'shop', containerEnvNames: ['WEB_SERVICE_HOST'], services: [web, kubernetes] }, want: ['KUBERNETES_SERVICE_HOST'] },
];

for (const c of podCases) {
  t.test(c.name, async (t) => {
    t.same(names(serviceEnvForPod(deepFreeze(c.given))), c.want);
  });
}
