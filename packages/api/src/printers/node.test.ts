import t from 'tap';
import { printTable } from './table.js';
import { deepFreeze } from '../deepFreeze.js';
import { NOW, object } from './testFixtures.js';

interface NodeOverrides {
  conditions?: Array<{ type: string; status: string }>;
  unschedulable?: boolean;
  labels?: Record<string, string>;
  addresses?: Array<{ type: string; address: string }>;
  nodeInfo?: Record<string, string>;
}

function node(o: NodeOverrides = {}) {
  const base = object('Node', 'node-1', {
    spec: o.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: o.conditions ?? [{ type: 'Ready', status: 'True' }],
      addresses: o.addresses ?? [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'node-1' }],
      nodeInfo: o.nodeInfo ?? { kubeletVersion: 'v1.33.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7.0' },
    },
  }, 86400 * 3);
  return deepFreeze({ ...base, metadata: { ...base.metadata, labels: o.labels ?? {} } });
}

const cells = (o: NodeOverrides) => printTable('Node', [node(o)], { now: NOW }).rows[0].cells;

const cases: Array<{ name: string; given: NodeOverrides; want: unknown[] }> = [
  {
    name: 'ready worker',
    given: {},
    want: ['node-1', 'Ready', '<none>', '3d', 'v1.33.0', '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0', 'containerd://1.7.0'],
  },
  {
    name: 'not ready, cordoned control plane',
    given: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'Unknown' }],
      unschedulable: true,
      labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': 'x' },
    },
    want: ['node-1', 'NotReady,SchedulingDisabled', 'control-plane,master', '3d', 'v1.33.0', '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0', 'containerd://1.7.0'],
  },
  {
    // Edge: no Ready condition at all, no node info reported yet.
    name: 'fresh node',
    given: { conditions: [], addresses: [{ type: 'ExternalIP', address: '203.0.113.7' }], nodeInfo: {} },
    want: ['node-1', 'Unknown', '<none>', '3d', '', '<none>', '203.0.113.7', '<unknown>', '<unknown>', '<unknown>'],
  },
];

t.test('node rows', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.same(cells(c.given), c.want);
    });
  }
});

t.test('node columns', async (t) => {
  t.same(
    printTable('Node', [], { now: NOW }).columnDefinitions.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Status:0', 'Roles:0', 'Age:0', 'Version:0', 'Internal-IP:1', 'External-IP:1', 'OS-Image:1', 'Kernel-Version:1', 'Container-Runtime:1'],
  );
});

t.test('namespace rows', async (t) => {
  const cases = [
    { name: 'active', status: { phase: 'Active' }, want: ['default', 'Active', '2m'] },
    { name: 'terminating', status: { phase: 'Terminating' }, want: ['default', 'Terminating', '2m'] },
    // Edge: a namespace without status prints an empty phase.
    { name: 'no status', status: undefined, want: ['default', '', '2m'] },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const ns = object('Namespace', 'default', c.status ? { status: c.status } : {});
      t.same(printTable('Namespace', [ns], { now: NOW }).rows[0].cells, c.want);
    });
  }
  t.same(printTable('Namespace', [], { now: NOW }).columnDefinitions.map((c) => c.name), ['Name', 'Status', 'Age']);
});
