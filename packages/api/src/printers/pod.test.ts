import t from 'tap';
import { printTable } from './table.js';
import { NOW, ago, containerStatus as cs, pod, type PodOverrides } from './testFixtures.js';

/** READY, STATUS, RESTARTS of one pod. */
const summary = (o: PodOverrides) => printTable('Pod', [pod(o)], { now: NOW }).rows[0].cells.slice(1, 4);

const waiting = (reason: string) => ({ waiting: { reason } });
const terminated = (t: Record<string, unknown>) => ({ terminated: { finishedAt: ago(30), ...t } });

const cases: Array<{ name: string; given: PodOverrides; want: unknown[] }> = [
  { name: 'running and ready', given: {}, want: ['1/1', 'Running', '0'] },
  {
    name: 'pending, not scheduled',
    given: { phase: 'Pending', conditions: [], containerStatuses: [] },
    want: ['0/1', 'Pending', '0'],
  },
  {
    name: 'scheduling gated',
    given: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }], containerStatuses: [] },
    want: ['0/1', 'SchedulingGated', '0'],
  },
  {
    name: 'container creating',
    given: { phase: 'Pending', containerStatuses: [cs({ ready: false, state: waiting('ContainerCreating') })] },
    want: ['0/1', 'ContainerCreating', '0'],
  },
  {
    // Edge: restarts show when the last container terminated.
    name: 'crash loop',
    given: {
      containerStatuses: [
        cs({ ready: false, restartCount: 5, state: waiting('CrashLoopBackOff'), lastState: terminated({ reason: 'Error', exitCode: 1, finishedAt: ago(300) }) }),
      ],
    },
    want: ['0/1', 'CrashLoopBackOff', '5 (5m ago)'],
  },
  {
    // Edge: restarts without a recorded termination time print the bare count.
    name: 'restarts without last state',
    given: { containerStatuses: [cs({ restartCount: 2 })] },
    want: ['1/1', 'Running', '2'],
  },
  {
    name: 'completed',
    given: { phase: 'Succeeded', conditions: [], containerStatuses: [cs({ ready: false, state: terminated({ reason: 'Completed', exitCode: 0 }) })] },
    want: ['0/1', 'Completed', '0'],
  },
  {
    name: 'error exit without reason',
    given: { phase: 'Failed', containerStatuses: [cs({ ready: false, state: terminated({ exitCode: 137 }) })] },
    want: ['0/1', 'ExitCode:137', '0'],
  },
  {
    name: 'killed by signal without reason',
    given: { phase: 'Failed', containerStatuses: [cs({ ready: false, state: terminated({ exitCode: 0, signal: 9 }) })] },
    want: ['0/1', 'Signal:9', '0'],
  },
  {
    // Edge: one container completed while another still runs: Running with the Ready condition...
    name: 'completed sidecar-style container, ready pod',
    given: {
      containers: ['app', 'job'],
      containerStatuses: [cs({ name: 'app' }), cs({ name: 'job', ready: false, state: terminated({ reason: 'Completed', exitCode: 0 }) })],
    },
    want: ['1/2', 'Running', '0'],
  },
  {
    // ...and NotReady without it.
    name: 'completed container, pod not ready',
    given: {
      containers: ['app', 'job'],
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [cs({ name: 'app' }), cs({ name: 'job', ready: false, state: terminated({ reason: 'Completed', exitCode: 0 }) })],
    },
    want: ['1/2', 'NotReady', '0'],
  },
  {
    // Edge: the lowest-index container's reason wins.
    name: 'first container reason wins',
    given: {
      containers: ['a', 'b'],
      containerStatuses: [cs({ name: 'a', ready: false, state: waiting('ImagePullBackOff') }), cs({ name: 'b', ready: false, state: waiting('CrashLoopBackOff') })],
    },
    want: ['0/2', 'ImagePullBackOff', '0'],
  },
  {
    name: 'terminating',
    given: { deletionTimestamp: ago(10) },
    want: ['1/1', 'Terminating', '0'],
  },
  {
    // Edge: a terminal pod being deleted keeps its status.
    name: 'deleting a succeeded pod',
    given: { phase: 'Succeeded', deletionTimestamp: ago(10), conditions: [], containerStatuses: [cs({ ready: false, state: terminated({ reason: 'Completed' }) })] },
    want: ['0/1', 'Completed', '0'],
  },
  {
    name: 'node lost',
    given: { reason: 'NodeLost', deletionTimestamp: ago(10), containerStatuses: [cs({ ready: false })] },
    want: ['0/1', 'Unknown', '0'],
  },
  {
    name: 'evicted',
    given: { phase: 'Failed', reason: 'Evicted', containerStatuses: [] },
    want: ['0/1', 'Evicted', '0'],
  },
  {
    name: 'init container running',
    given: {
      phase: 'Pending',
      initContainers: [{ name: 'init-a' }, { name: 'init-b' }],
      initContainerStatuses: [cs({ name: 'init-a', ready: false, state: terminated({ reason: 'Completed', exitCode: 0 }) }), cs({ name: 'init-b', ready: false })],
      containerStatuses: [cs({ ready: false, state: waiting('PodInitializing') })],
    },
    want: ['0/1', 'Init:1/2', '0'],
  },
  {
    name: 'init container crash looping',
    given: {
      phase: 'Pending',
      initContainers: [{ name: 'init' }],
      initContainerStatuses: [
        cs({ name: 'init', ready: false, restartCount: 3, state: waiting('CrashLoopBackOff'), lastState: terminated({ exitCode: 1, finishedAt: ago(45) }) }),
      ],
      containerStatuses: [cs({ ready: false, state: waiting('PodInitializing') })],
    },
    want: ['0/1', 'Init:CrashLoopBackOff', '3 (45s ago)'],
  },
  {
    name: 'init container failed without reason',
    given: {
      phase: 'Pending',
      initContainers: [{ name: 'init' }],
      initContainerStatuses: [cs({ name: 'init', ready: false, state: terminated({ exitCode: 2 }) })],
      containerStatuses: [cs({ ready: false, state: waiting('PodInitializing') })],
    },
    want: ['0/1', 'Init:ExitCode:2', '0'],
  },
  {
    // Edge: restartable init containers (sidecars) count towards READY and RESTARTS.
    name: 'running sidecar',
    given: {
      initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
      initContainerStatuses: [cs({ name: 'proxy', restartCount: 1, lastState: terminated({ exitCode: 1, finishedAt: ago(600) }) })],
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
    },
    want: ['2/2', 'Running', '1 (10m ago)'],
  },
];

t.test('pod status cells', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.same(summary(c.given), c.want);
    });
  }
});

t.test('pod wide cells', async (t) => {
  const wide = (o: PodOverrides) => printTable('Pod', [pod(o)], { now: NOW }).rows[0].cells.slice(5);
  t.same(wide({}), ['<none>', '<none>', '<none>', '<none>'], 'unscheduled pod');
  t.same(wide({ podIP: '10.244.1.5', nodeName: 'node-1', nominatedNodeName: 'node-2' }).slice(0, 3), ['10.244.1.5', 'node-1', 'node-2']);
  t.same(
    wide({ readinessGates: ['a', 'b'], conditions: [{ type: 'a', status: 'True' }, { type: 'b', status: 'False' }] })[3],
    '1/2',
    'readiness gates',
  );
});

t.test('pod row conditions', async (t) => {
  const rows = printTable('Pod', [pod({ phase: 'Succeeded' }), pod({ phase: 'Failed' }), pod()], { now: NOW }).rows;
  t.same(rows[0].conditions, [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  t.same(rows[1].conditions, [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
  t.equal(rows[2].conditions, undefined, 'running pods carry none');
});

t.test('pod columns', async (t) => {
  const cols = printTable('Pod', [], { now: NOW }).columnDefinitions;
  t.same(
    cols.map((c) => [c.name, c.type, c.priority]),
    [
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ],
  );
});
