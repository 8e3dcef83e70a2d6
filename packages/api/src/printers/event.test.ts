import t from 'tap';
import { printTable } from './table.js';
import { NOW, ago, object } from './testFixtures.js';

const base = {
  involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
  reason: 'Pulled',
  message: '  Successfully pulled image "nginx"\n',
  type: 'Normal',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: ago(600),
  lastTimestamp: ago(60),
  count: 3,
};

const cases: Array<{ name: string; given: Record<string, unknown>; want: unknown[] }> = [
  {
    name: 'core event',
    given: base,
    want: ['60s', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{app}', 'kubelet, node-1', 'Successfully pulled image "nginx"', '10m', 3, 'web-1.17f'],
  },
  {
    // Edge: events.k8s.io-style events have eventTime, reporting fields and no count.
    name: 'new-style singleton',
    given: {
      ...base,
      firstTimestamp: null,
      lastTimestamp: null,
      count: undefined,
      eventTime: '2025-06-01T11:58:00.000000Z',
      source: {},
      reportingComponent: 'endpointslice-controller',
      reportingInstance: '',
    },
    want: ['2m', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{app}', 'endpointslice-controller', 'Successfully pulled image "nginx"', '2m', 1, 'web-1.17f'],
  },
  {
    // Edge: a series reports its own last time and count.
    name: 'series',
    given: { ...base, series: { count: 12, lastObservedTime: '2025-06-01T11:59:55.000000Z' } },
    want: ['5s', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{app}', 'kubelet, node-1', 'Successfully pulled image "nginx"', '10m', 12, 'web-1.17f'],
  },
  {
    // Edge: without lastTimestamp, LAST SEEN repeats FIRST SEEN.
    name: 'no last timestamp, no name in object',
    given: { ...base, lastTimestamp: undefined, involvedObject: { kind: 'Node' } },
    want: ['10m', 'Normal', 'Pulled', 'node', '', 'kubelet, node-1', 'Successfully pulled image "nginx"', '10m', 3, 'web-1.17f'],
  },
  {
    name: 'no times at all',
    given: { ...base, firstTimestamp: undefined, lastTimestamp: undefined },
    want: ['<unknown>', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{app}', 'kubelet, node-1', 'Successfully pulled image "nginx"', '<unknown>', 3, 'web-1.17f'],
  },
];

t.test('event rows', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.same(printTable('Event', [object('Event', 'web-1.17f', c.given)], { now: NOW }).rows[0].cells, c.want);
    });
  }
});

t.test('event columns', async (t) => {
  t.same(
    printTable('Event', [], { now: NOW }).columnDefinitions.map((c) => `${c.name}:${c.priority}:${c.format}`),
    ['Last Seen:0:', 'Type:0:', 'Reason:0:', 'Object:0:', 'Subobject:1:', 'Source:1:', 'Message:0:', 'First Seen:1:', 'Count:1:', 'Name:1:name'],
  );
});
