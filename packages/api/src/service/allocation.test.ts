import t from 'tap';
import { IPAllocatorSet } from '../allocators/ipAllocatorSet.js';
import { PortAllocator } from '../allocators/portAllocator.js';
import { seededRandom } from '../allocators/random.js';
import { InternalError, Invalid } from '../errors.js';
import { allocateForCreate, allocateForUpdate, allocatedValues, type ServiceAllocators } from './allocation.js';
import { defaultService, prepareServiceForCreate, prepareServiceForUpdate } from './defaults.js';
import type { ClusterFamilies } from './ipFamilies.js';
import { deepFreeze } from '../deepFreeze.js';
import { port, service } from './testBuilders.js';
import type { Service, ServiceSpec } from './types.js';

const single: ClusterFamilies = { families: ['IPv4'] };

/** Real allocators over a small range, plus a log of the calls made. */
function allocators(cidrs = ['10.96.0.0/24'], ports = '30000-30099') {
  const ips = new IPAllocatorSet({ cidrs, random: seededRandom(1) });
  const nodePorts = new PortAllocator({ range: ports, random: seededRandom(2) });
  const calls: string[] = [];
  const al: ServiceAllocators = {
    allocateIP: (ip) => (calls.push(`ip ${ip}`), ips.allocate(ip)),
    allocateNextIP: (f) => (calls.push(`next ${f}`), ips.allocateNext(f)),
    allocatePort: (p) => (calls.push(`port ${p}`), nodePorts.allocate(p)),
    allocateNextPort: () => (calls.push('next port'), nodePorts.allocateNext()),
  };
  return { ips, nodePorts, calls, al };
}

const create = (spec: ServiceSpec, al: ServiceAllocators, cluster = single): Service =>
  allocateForCreate(deepFreeze(prepareServiceForCreate(defaultService(service(spec)))), cluster, al);

const update = (spec: ServiceSpec, old: Service, al: ServiceAllocators) => allocateForUpdate(deepFreeze(prepareServiceForUpdate(defaultService(service(spec)), old)), old, single, al);

t.test('ClusterIP gets one IP and no node port', async (t) => {
  const a = allocators();
  const svc = create({}, a.al);
  t.match(svc.spec!.clusterIP, /^10\.96\.0\.\d+$/);
  t.same(svc.spec!.clusterIPs, [svc.spec!.clusterIP]);
  t.same(a.calls, ['next IPv4']);
});

t.test('a chosen IP is reserved; taken and out-of-range ones give kube\'s 422', async (t) => {
  const a = allocators();
  create({ clusterIP: '10.96.0.5' }, a.al);
  t.ok(a.ips.has('10.96.0.5'));
  const taken = t.throws(() => create({ clusterIP: '10.96.0.5' }, a.al)) as Invalid;
  t.ok(taken instanceof Invalid);
  t.equal(taken.message, 'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.5"}: failed to allocate IP 10.96.0.5: provided IP is already allocated');
  const outside = t.throws(() => create({ clusterIP: '1.1.1.1' }, a.al)) as Invalid;
  t.equal(
    outside.message,
    'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/24',
  );
});

t.test('a full range is a 500 with kube\'s message', async (t) => {
  // edge: a /30 has two usable addresses
  const a = allocators(['10.0.0.0/30']);
  create({}, a.al);
  create({}, a.al);
  const full = t.throws(() => create({}, a.al)) as InternalError;
  t.ok(full instanceof InternalError);
  t.equal(full.message, 'Internal error occurred: failed to allocate a serviceIP: range is full');
});

t.test('NodePort: chosen and automatic ports; TCP and UDP of one port share a node port', async (t) => {
  const a = allocators();
  const svc = create(
    {
      type: 'NodePort',
      ports: [port({ name: 'dns', port: 53, protocol: 'UDP' }), port({ name: 'dns-tcp', port: 53 }), port({ name: 'web', port: 8080, nodePort: 30080 })],
    },
    a.al,
  );
  const [udp, tcp, web] = svc.spec!.ports!;
  t.equal(web!.nodePort, 30080);
  t.equal(udp!.nodePort, tcp!.nodePort, 'shared');
  t.equal(a.nodePorts.used(), 2, 'one slot for 53/UDP+53/TCP, one for 30080');
  const taken = t.throws(() => create({ type: 'NodePort', ports: [port({ nodePort: 30080 })] }, a.al)) as Invalid;
  t.equal(taken.message, 'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  const outside = t.throws(() => create({ type: 'NodePort', ports: [port({ nodePort: 8080 })] }, a.al)) as Invalid;
  t.equal(outside.message, 'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-30099');
});

t.test('the first explicit node port of a port number is shared forward', async (t) => {
  const a = allocators();
  const svc = create({ type: 'NodePort', ports: [port({ name: 'u', port: 53, protocol: 'UDP' }), port({ name: 't', port: 53, nodePort: 30053 })] }, a.al);
  t.same(svc.spec!.ports!.map((p) => p.nodePort), [30053, 30053]);
});

t.test('allocateLoadBalancerNodePorts=false allocates only requested ports', async (t) => {
  const a = allocators();
  const svc = create({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [port({ name: 'a' }), port({ name: 'b', port: 81, nodePort: 30081 })] }, a.al);
  t.same(svc.spec!.ports!.map((p) => p.nodePort), [undefined, 30081]);
});

t.test('LoadBalancer with Local policy gets a healthCheckNodePort', async (t) => {
  const a = allocators();
  const svc = create({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' }, a.al);
  t.ok(svc.spec!.healthCheckNodePort! >= 30000);
  t.equal(a.nodePorts.used(), 2);
  const taken = t.throws(() => create({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: svc.spec!.healthCheckNodePort }, a.al)) as InternalError;
  t.equal(taken.message, `Internal error occurred: failed to allocate requested HealthCheck NodePort ${svc.spec!.healthCheckNodePort}: provided port is already allocated`);
});

t.test('headless and ExternalName get no IP', async (t) => {
  const a = allocators();
  t.same(create({ clusterIP: 'None' }, a.al).spec!.clusterIPs, ['None']);
  t.notOk(create({ type: 'ExternalName', externalName: 'a.example.com' }, a.al).spec!.clusterIPs);
  t.same(a.calls, []);
});

t.test('dual-stack cluster: PreferDualStack gets one IP per family', async (t) => {
  const a = allocators(['10.96.0.0/24', 'fd00::/120']);
  const svc = create({ ipFamilyPolicy: 'PreferDualStack' }, a.al, { families: ['IPv4', 'IPv6'] });
  t.match(svc.spec!.clusterIPs, [/^10\.96\.0\./, /^fd00::/]);
});

t.test('type transitions', async (t) => {
  const a = allocators();
  const np = create({ type: 'NodePort' }, a.al);
  const nodePort = np.spec!.ports![0]!.nodePort!;

  const lb = update({ ...np.spec, type: 'LoadBalancer' }, np, a.al);
  t.equal(lb.service.spec!.ports![0]!.nodePort, nodePort, 'NodePort → LoadBalancer keeps the node port');
  t.same([lb.releaseIPs, lb.releasePorts], [[], []]);

  const cip = update({ ...lb.service.spec, type: 'ClusterIP' }, lb.service, a.al);
  t.notOk(cip.service.spec!.ports![0]!.nodePort, 'node port wiped');
  t.same(cip.releasePorts, [nodePort], '→ ClusterIP releases it');
  t.equal(cip.service.spec!.clusterIP, np.spec!.clusterIP, 'IP kept');

  const en = update({ ...cip.service.spec, type: 'ExternalName', externalName: 'a.example.com' }, cip.service, a.al);
  t.same(en.releaseIPs, [np.spec!.clusterIP], '→ ExternalName releases the IP');
  t.notOk(en.service.spec!.clusterIP);

  const back = update({ ...en.service.spec, type: 'ClusterIP', externalName: undefined }, en.service, a.al);
  t.match(back.service.spec!.clusterIP, /^10\.96\.0\./, 'ExternalName → ClusterIP allocates');
  t.same(back.service.spec!.ipFamilies, ['IPv4']);
});

t.test('changing a node port allocates the new one and releases the old', async (t) => {
  const a = allocators();
  const np = create({ type: 'NodePort', ports: [port({ nodePort: 30010 })] }, a.al);
  const moved = update({ ...np.spec, ports: [port({ nodePort: 30011 })] }, np, a.al);
  t.same(moved.releasePorts, [30010]);
  t.ok(a.nodePorts.has(30011));
});

t.test('allocatedValues lists what a delete releases', async (t) => {
  const svc: Service = defaultService(service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30100, clusterIP: '10.96.0.3', clusterIPs: ['10.96.0.3'], ports: [port({ nodePort: 30001 })] }));
  t.same(allocatedValues(svc), { ips: ['10.96.0.3'], ports: [30001, 30100] });
  t.same(allocatedValues(service({ clusterIP: 'None', clusterIPs: ['None'] })).ips, []);
});
