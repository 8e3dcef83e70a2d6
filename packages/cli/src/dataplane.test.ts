import t from 'tap';
import { dataplaneLoopbackCIDRs, withDataplaneDefaults } from './dataplane.js';

t.test('the loopback defaults', async (t) => {
  t.match(withDataplaneDefaults({ dataplane: true }), { serviceClusterIPRange: '127.96.0.0/16', clusterCIDR: '127.244.0.0/16', nodeIPRange: '127.0.1.0/24', loadBalancerIPRange: '127.200.0.0/24', externalIPRange: '127.201.0.0/24' });
  t.match(withDataplaneDefaults({ dataplane: true, externalIPRange: '127.204.0.0/24' }), { externalIPRange: '127.204.0.0/24' }, 'a flag given wins');
  t.same(withDataplaneDefaults({}), {}, 'without --dataplane: nothing');
});

t.test('loopback endpoint CIDRs: the cluster CIDR and the components\' own addresses', async (t) => {
  const cases = [
    { name: 'defaults', given: {}, want: '127.244.0.0/16,127.0.0.1/32' },
    { name: 'own addresses', given: { clusterCIDR: '127.246.0.0/16', listen: '127.0.0.2:0', dnsListen: '127.0.0.3:53' }, want: '127.246.0.0/16,127.0.0.2/32,127.0.0.3/32' },
    // edge: a wildcard listen advertises loopback; a host name is no address (nothing added)
    { name: 'wildcard and a name', given: { listen: '0.0.0.0:6443', dnsListen: '[::1]:1053' }, want: '127.244.0.0/16,127.0.0.1/32,::1/128' },
    { name: 'a host name', given: { listen: 'localhost:6443' }, want: '127.244.0.0/16,127.0.0.1/32' },
  ];
  for (const c of cases) t.equal(dataplaneLoopbackCIDRs(withDataplaneDefaults({ dataplane: true, ...c.given })), c.want, c.name);
});
