// The `ipvsadm -Ln` text for fixed states. The layout facts come from ipvsadm.c (print_title;
// print_service_entry: "%s  %s %s", " persistent %u", "  -> %-28s %-7s %-6d %-10u %-10u") and its
// sort (virtual servers by protocol number, address, port; real servers by address, port).
import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { renderIpvs } from './ipvsRules.js';
import type { IpvsOptions, ProxyState } from './types.js';
import { ep, slice, state, svc, testNodeName } from './testBuilders.js';

const head = 'IP Virtual Server version 1.2.1 (size=4096)\n'
  + 'Prot LocalAddress:Port Scheduler Flags\n'
  + '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
const real = (addr: string): string => `  -> ${addr.padEnd(28)} Masq    1      0          0         \n`;

const dns = svc('kube-system', 'kube-dns', {
  clusterIP: '10.96.0.10',
  ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }],
});
const dnsSlices = [
  slice('kube-system', 'kube-dns', [ep('10.244.0.3'), ep('10.244.0.2')], { name: 'dns', port: 53, protocol: 'UDP' }, 'a'),
  slice('kube-system', 'kube-dns', [ep('10.244.0.3'), ep('10.244.0.2')], { name: 'dns-tcp', port: 53, protocol: 'TCP' }, 'b'),
];
const kubernetes = svc('default', 'kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] });
const apiSlice = slice('default', 'kubernetes', [ep('172.18.0.2')], { name: 'https', port: 6443, protocol: 'TCP' });

const web = svc('default', 'web', {
  type: 'NodePort', clusterIP: '10.96.0.100', externalTrafficPolicy: 'Local',
  sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
  ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }],
}, ['127.200.0.1']);
const webSlice = slice('default', 'web', [
  ep('10.244.1.9', { nodeName: 'node-2' }),
  ep('10.244.0.9', { nodeName: testNodeName }),
  // Not ready: no real server.
  ep('10.244.0.8', { nodeName: testNodeName, conditions: { ready: false } }),
], { name: 'http', port: 8080, protocol: 'TCP' });

interface Case { name: string; given: ProxyState; options?: IpvsOptions; want: string }

const cases: Case[] = [
  {
    name: 'TCP before UDP, addresses numerically, real servers sorted',
    given: state([dns, kubernetes], [...dnsSlices, apiSlice]),
    want: `${head}TCP  10.96.0.1:443 rr\n${real('172.18.0.2:6443')}TCP  10.96.0.10:53 rr\n${real('10.244.0.2:53')}${real('10.244.0.3:53')}`
      + `UDP  10.96.0.10:53 rr\n${real('10.244.0.2:53')}${real('10.244.0.3:53')}`,
  },
  {
    name: 'ClientIP affinity is persistent; Local policy: node port and LB IP only to this node\'s endpoints',
    given: state([web], [webSlice]),
    options: { scheduler: 'wrr' },
    want: `${head}TCP  10.96.0.100:80 wrr persistent 10800\n${real('10.244.0.9:8080')}${real('10.244.1.9:8080')}`
      + `TCP  127.200.0.1:80 wrr persistent 10800\n${real('10.244.0.9:8080')}`
      + `TCP  192.168.0.2:30080 wrr persistent 10800\n${real('10.244.0.9:8080')}`,
  },
  {
    // kube-proxy keeps the virtual server of a Service without endpoints; it has no real servers.
    name: 'no endpoints: a virtual server alone',
    given: state([kubernetes], []),
    want: `${head}TCP  10.96.0.1:443 rr\n`,
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    t.equal(renderIpvs(deepFreeze(c.given), c.options), c.want);
  });
}
