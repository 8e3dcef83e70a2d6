import t from 'tap';
import * as allocators from './index.js';

t.test('the public surface', async (t) => {
  t.same(Object.keys(allocators).sort(), [
    'AllocationBitmap',
    'AllocatorError',
    'AlreadyAllocated',
    'DEFAULT_NODE_PORT_RANGE',
    'DEFAULT_SERVICE_CLUSTER_IP_RANGE',
    'IPAllocator',
    'IPAllocatorSet',
    'InvalidRange',
    'MismatchedNetwork',
    'NotInRange',
    'PortAllocator',
    'RangeFull',
    'cidrContains',
    'cidrSize',
    'cidrsOverlap',
    'displayIP',
    'familyBits',
    'formatIP',
    'formatPortRange',
    'ipRangeBandOffset',
    'ipRangeMax',
    'parseCIDR',
    'parseIP',
    'parsePortRange',
    'parseServiceClusterIPRange',
    'portRangeBandOffset',
    'portRangeContains',
    'randomIndex',
    'seededRandom',
    'validateServiceClusterIPRange',
  ]);
});

t.test('the pieces fit together from the index alone', async (t) => {
  const random = allocators.seededRandom(1);
  const ips = new allocators.IPAllocatorSet({ cidrs: allocators.parseServiceClusterIPRange('10.96.0.0/12,fd00::/108'), random });
  ips.allocate('10.96.0.1'); // the `kubernetes` Service's IP
  t.match(ips.allocateNext('IPv6'), /^fd00::/);
  const ports = new allocators.PortAllocator({ random });
  t.ok(ports.allocateNext() >= 30086, 'dynamic band of the default NodePort range');
});
