import t from 'tap';
import { parseNodeIPRange } from './nodeObject.js';
import { addressFor, planNode, type NodeView } from './nodeControl.js';
import type { NodeObject } from '@miniplane/api/pod/types';

const node = (labels: Record<string, string> = {}, annotations: Record<string, string> = {}, ip?: string): NodeObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels, annotations },
  ...(ip ? { status: { addresses: [{ type: 'InternalIP', address: ip }] } } : {}),
});
const sim = { 'miniplane.dev/simulated': 'true' };
const stopped = { 'miniplane.dev/kubelet': 'stopped' };
const view = (o: Partial<NodeView> = {}): NodeView => ({ ours: true, stopped: false, id: 'node-1', ...o });

const plans: { name: string; n: NodeObject; v: NodeView; want: ReturnType<typeof planNode> }[] = [
  { name: 'a running kubelet asked to stop stops', n: node({}, stopped), v: view(), want: 'stop' },
  { name: 'a stopped kubelet stays stopped while annotated', n: node({}, stopped), v: view({ stopped: true }), want: undefined },
  { name: 'a stopped kubelet restarts when the annotation goes', n: node(), v: view({ stopped: true }), want: 'restart' },
  // edge: any other value of the annotation means running
  { name: 'another value restarts too', n: node({}, { 'miniplane.dev/kubelet': 'running' }), v: view({ stopped: true }), want: 'restart' },
  { name: 'a running kubelet left alone', n: node(), v: view(), want: undefined },
  { name: 'an unclaimed simulated node is claimed', n: node(sim), v: view({ ours: false }), want: 'claim' },
  { name: 'a node this component claimed is adopted', n: node(sim, { 'miniplane.dev/kubelet-host': 'node-1' }), v: view({ ours: false }), want: 'adopt' },
  { name: 'another component\'s node is left to it', n: node(sim, { 'miniplane.dev/kubelet-host': 'node-4' }), v: view({ ours: false }), want: undefined },
  { name: 'a node not labelled simulated is never adopted', n: node({ 'miniplane.dev/simulated': 'false' }), v: view({ ours: false }), want: undefined },
];
for (const c of plans) t.test(c.name, async (t) => t.equal(planNode(c.n, c.v), c.want));

t.test('addressFor: the node\'s own InternalIP, else the lowest free one', async (t) => {
  const range = parseNodeIPRange('172.18.0.0/29'); // node 1..5 -> .2 .. .6
  t.same(addressFor(node(), range, new Set(['172.18.0.2', '172.18.0.4'])), { ip: '172.18.0.3', index: 2 });
  t.same(addressFor(node({}, {}, '172.18.0.5'), range, new Set(['172.18.0.5'])), { ip: '172.18.0.5', index: 4 }, 'a re-adopted node keeps its address');
  t.same(addressFor(node({}, {}, '10.0.0.1'), range, new Set()), { ip: '172.18.0.2', index: 1 }, 'an address outside the range is replaced');
  t.throws(() => addressFor(node(), range, new Set(['172.18.0.2', '172.18.0.3', '172.18.0.4', '172.18.0.5', '172.18.0.6'])), /no free address/);
});
