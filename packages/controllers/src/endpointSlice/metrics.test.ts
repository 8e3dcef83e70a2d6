import t from 'tap';
import type { EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import type { EndpointSlicePlan } from './endpointSlicePlan.js';
import { EndpointSliceMetrics, controllerMetricsRegistry } from './metrics.js';

const ep = (i: number) => ({ addresses: [`10.0.0.${i}`], targetRef: { kind: 'Pod', namespace: 'd', name: `p${i}` } });
const slice = (name: string, ids: number[]): EndpointSlice => ({ metadata: { name }, addressType: 'IPv4', ports: [], endpoints: ids.map(ep) });
const plan = (p: Partial<EndpointSlicePlan>): EndpointSlicePlan => ({ mode: 'Reconcile', requeue: false, desiredEndpoints: 0, toCreate: [], toUpdate: [], toDelete: [], unchanged: [], ...p });
const value = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1]);

t.test('kube names; gauges are running sums over Services; forget removes a Service', async (t) => {
  const registry = controllerMetricsRegistry();
  const m = new EndpointSliceMetrics(registry);
  m.recordSync('d/a', [], plan({ desiredEndpoints: 150, toCreate: [slice('', range(0, 100)), slice('', range(100, 150))] }), 100);
  const a = slice('a-1', range(0, 100));
  m.recordSync('d/b', [a], plan({ desiredEndpoints: 101, toUpdate: [slice('a-1', range(0, 99))], toCreate: [slice('', [99, 100])] }), 100);
  m.recordResult('success');
  let text = await registry.metrics();
  t.equal(value(text, 'endpoint_slice_controller_endpoints_desired'), 251);
  t.equal(value(text, 'endpoint_slice_controller_num_endpoint_slices'), 4);
  t.equal(value(text, 'endpoint_slice_controller_desired_endpoint_slices'), 4);
  t.equal(value(text, 'endpoint_slice_controller_changes{operation="create"}'), 3);
  t.equal(value(text, 'endpoint_slice_controller_changes{operation="update"}'), 1);
  t.equal(value(text, 'endpoint_slice_controller_endpoints_added_per_sync_sum'), 151, '150, then one new endpoint');
  t.equal(value(text, 'endpoint_slice_controller_syncs{result="success"}'), 1);
  m.forget('d/a');
  text = await registry.metrics();
  t.equal(value(text, 'endpoint_slice_controller_endpoints_desired'), 101);
  t.equal(value(text, 'endpoint_slice_controller_num_endpoint_slices'), 2);
});

t.test('services_count_by_traffic_distribution as kube\'s metrics cache', async (t) => {
  const registry = controllerMetricsRegistry();
  const m = new EndpointSliceMetrics(registry);
  const steps: Array<[string, () => void, Record<string, number>]> = [
    ['none yet', () => undefined, {}],
    ['two PreferClose Services', () => {
      m.recordSync('d/a', [], plan({}), 100, 'PreferClose');
      m.recordSync('d/b', [], plan({}), 100, 'PreferClose');
    }, { PreferClose: 2 }],
    ['one moves to another value', () => m.recordSync('d/b', [], plan({}), 100, 'Other'), { PreferClose: 1, ImplementationSpecific: 1 }],
    ['one drops it, one goes: a used label stays at 0', () => {
      m.recordSync('d/a', [], plan({}), 100, '');
      m.forget('d/b');
    }, { PreferClose: 0, ImplementationSpecific: 0 }],
  ];
  for (const [name, act, want] of steps) {
    act();
    const text = await registry.metrics();
    const got = Object.fromEntries(text.split('\n').filter((l) => l.startsWith('endpoint_slice_controller_services_count_by_traffic_distribution{'))
      .map((l) => [/traffic_distribution="([^"]*)"/.exec(l)![1]!, Number(l.split(' ').pop())]));
    t.same(got, want, name);
  }
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
