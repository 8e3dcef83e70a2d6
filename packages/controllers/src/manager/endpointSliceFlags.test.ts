import t from 'tap';
import { checkEndpointSliceFlags } from '../manager.js';

t.test('EndpointSlice flags are checked in kube-controller-manager words', async (t) => {
  t.same(checkEndpointSliceFlags({}), {}, 'defaults left to the controller');
  t.same(checkEndpointSliceFlags({ maxEndpointsPerSlice: 1000, concurrentServiceEndpointSyncs: 50, endpointSliceUpdatesBatchPeriodMs: 0 }),
    { maxEndpointsPerSlice: 1000, concurrentServiceEndpointSyncs: 50, endpointSliceUpdatesBatchPeriodMs: 0 });
  t.same(checkEndpointSliceFlags({ concurrentEndpointSyncs: 0, endpointUpdatesBatchPeriodMs: 1500 }), { concurrentEndpointSyncs: 0, endpointUpdatesBatchPeriodMs: 1500 },
    "the Endpoints controller's flags pass as given (kube validates neither)");
  const bad: Array<[object, string]> = [
    [{ maxEndpointsPerSlice: 0 }, 'endpoint-slice-max-endpoints-per-slice must not be less than 1, but got 0'],
    [{ maxEndpointsPerSlice: 1001 }, 'endpoint-slice-max-endpoints-per-slice must not be more than 1000, but got 1001'],
    [{ concurrentServiceEndpointSyncs: 0 }, 'concurrent-service-endpoint-syncs must not be less than 1, but got 0'],
    [{ concurrentServiceEndpointSyncs: 51, maxEndpointsPerSlice: 2000 },
      'endpoint-slice-max-endpoints-per-slice must not be more than 1000, but got 2000\nconcurrent-service-endpoint-syncs must not be more than 50, but got 51'],
  ];
  for (const [flags, message] of bad) t.throws(() => checkEndpointSliceFlags(flags), { message }, message);
});
