import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import { endpointKey, pickEndpoint, usableEndpoints, type PickInput } from './endpointPick.js';
import type { Frontend, ProxyEndpoint } from './serviceTable.js';

const ep = (ip: string, o: Partial<ProxyEndpoint> = {}): ProxyEndpoint => ({ ip, port: 8080, node: 'node-1', ready: true, serving: true, terminating: false, ...o });
const frontend = (endpoints: ProxyEndpoint[], o: Partial<Frontend> = {}): Frontend => deepFreeze({
  key: 'TCP/127.96.0.10:80', ip: '127.96.0.10', port: 80, protocol: 'TCP', kind: 'cluster', policy: 'Cluster', servicePort: 'default/web:', endpoints, ...o,
}) as Frontend;
const input = (f: Frontend, o: Partial<PickInput> = {}): PickInput => ({ frontend: f, mode: 'iptables', client: '127.10.0.7', now: 1_000_000, random: () => 0.5, rr: 0, ...o });
const ips = (es: ProxyEndpoint[]) => es.map((e) => e.ip);

t.test('usable endpoints', async (t) => {
  const cases = [
    { name: 'the ready ones', given: frontend([ep('a'), ep('b', { ready: false, serving: false })]), want: ['a'] },
    // edge: nothing ready: serving-and-terminating ones are the fallback (KEP-1669)
    { name: 'terminating-serving fallback', given: frontend([ep('a', { ready: false, serving: true, terminating: true }), ep('b', { ready: false, serving: false, terminating: true })]), want: ['a'] },
    { name: 'terminating ones are not used while a ready one exists', given: frontend([ep('a', { ready: false, serving: true, terminating: true }), ep('b')]), want: ['b'] },
    // edge: unready but not terminating is never used (not serving traffic)
    { name: 'unready only: none', given: frontend([ep('a', { ready: false, serving: false })]), want: [] },
    { name: 'Local NodePort: the receiving node only', given: frontend([ep('a', { node: 'node-1' }), ep('b', { node: 'node-2' })], { kind: 'nodePort', policy: 'Local', node: 'node-2' }), want: ['b'] },
    // edge: Local with no endpoint on the receiving node: none (kube drops), even if others are ready
    { name: 'Local NodePort without a local endpoint: none', given: frontend([ep('a', { node: 'node-1' })], { kind: 'nodePort', policy: 'Local', node: 'node-3' }), want: [] },
    { name: 'Cluster NodePort: every node', given: frontend([ep('a', { node: 'node-1' }), ep('b', { node: 'node-2' })], { kind: 'nodePort', policy: 'Cluster', node: 'node-2' }), want: ['a', 'b'] },
  ];
  for (const c of cases) t.same(ips(usableEndpoints(c.given)), c.want, c.name);
});

t.test('ClusterIP traffic from a pod IP: internalTrafficPolicy Local and topology hints', async (t) => {
  const node1 = { name: 'node-1', zone: 'zone-a' };
  const hinted = [ep('a', { node: 'node-1', zones: ['zone-a'] }), ep('b', { node: 'node-2', zones: ['zone-b'] })];
  const cases = [
    { name: 'Local: the client node only', given: frontend([ep('a', { node: 'node-1' }), ep('b', { node: 'node-2' })], { internalPolicy: 'Local' }), from: node1, want: ['a'] },
    // edge: Local with no endpoint on the client's node: none (dropped, kube's KUBE-SVL has no rule)
    { name: 'Local, no local endpoint: none', given: frontend([ep('b', { node: 'node-2' })], { internalPolicy: 'Local' }), from: node1, want: [] },
    // edge: a source that is not a pod IP: no node known, the policy does not narrow
    { name: 'Local, not from a pod: every endpoint', given: frontend([ep('a', { node: 'node-1' }), ep('b', { node: 'node-2' })], { internalPolicy: 'Local' }), from: undefined, want: ['a', 'b'] },
    { name: 'hints: the client zone only', given: frontend(hinted), from: node1, want: ['a'] },
    // edge: one ready endpoint without hints disables them all (kube's CategorizeEndpoints)
    { name: 'hints missing on one: every endpoint', given: frontend([...hinted, ep('c')]), from: node1, want: ['a', 'b', 'c'] },
    { name: 'no hint for the zone: every endpoint', given: frontend(hinted), from: { name: 'node-3', zone: 'zone-c' }, want: ['a', 'b'] },
  ];
  for (const c of cases) {
    t.same(ips(usableEndpoints(c.given, c.from)), c.want, c.name);
    t.equal(pickEndpoint(input(c.given, { from: c.from, random: () => 0 })).endpoint?.ip, c.want[0], `${c.name}: picked`);
  }
});

t.test('iptables mode: random among the usable ones', async (t) => {
  const f = frontend([ep('a'), ep('b'), ep('c')]);
  const cases = [
    { name: 'low', random: 0, want: 'a' },
    { name: 'middle', random: 0.5, want: 'b' },
    // edge: a random source returning just under 1 picks the last one
    { name: 'high', random: 0.9999, want: 'c' },
  ];
  for (const c of cases) {
    const p = pickEndpoint(input(f, { random: () => c.random }));
    t.equal(p.endpoint?.ip, c.want, c.name);
    t.equal(p.affinity, undefined, 'no affinity kept without ClientIP');
  }
  t.same(pickEndpoint(input(frontend([]))), {}, 'no endpoint: nothing (rejected)');
});

t.test('ipvs mode: exact round-robin', async (t) => {
  const f = frontend([ep('c'), ep('a'), ep('b')].sort((x, y) => x.ip.localeCompare(y.ip)));
  let rr = 0;
  const seen: string[] = [];
  for (let i = 0; i < 6; i++) {
    const p = pickEndpoint(input(f, { mode: 'ipvs', rr }));
    seen.push(p.endpoint!.ip);
    rr = p.rr!;
  }
  t.same(seen, ['a', 'b', 'c', 'a', 'b', 'c']);
});

t.test('ClientIP affinity', async (t) => {
  const f = frontend([ep('a'), ep('b'), ep('c')], { affinitySeconds: 10 });
  const first = pickEndpoint(input(f, { random: () => 0.9 }));
  t.equal(first.endpoint?.ip, 'c');
  t.same(first.affinity, { endpoint: 'c:8080', at: 1_000_000 });
  const again = pickEndpoint(input(f, { random: () => 0, affinity: first.affinity, now: 1_005_000 }));
  t.equal(again.endpoint?.ip, 'c', 'sticks within the timeout');
  t.same(again.affinity, { endpoint: 'c:8080', at: 1_005_000 }, 'the entry is refreshed');
  // edge: exactly the timeout after the last use: expired (recent --seconds is strict)
  const expired = pickEndpoint(input(f, { random: () => 0, affinity: again.affinity, now: 1_015_000 }));
  t.equal(expired.endpoint?.ip, 'a', 'expired: chosen anew');
  const gone = pickEndpoint(input(frontend([ep('a'), ep('b'), ep('c', { ready: false, serving: false })], { affinitySeconds: 10 }), { random: () => 0, affinity: first.affinity, now: 1_001_000 }));
  t.equal(gone.endpoint?.ip, 'a', 'the remembered endpoint is no longer usable: chosen anew');
  t.equal(endpointKey(ep('x')), 'x:8080');
});
