/**
 * policy/v1 Eviction, the body of the `pods/eviction` subresource (what `kubectl drain` sends):
 * its ObjectMeta names the pod, its optional DeleteOptions are those of the pod's delete. Used to
 * hold an Eviction body to Go's JSON types; miniplane serves no PodDisruptionBudgets, so no
 * policy/v1 resource is listed.
 * Upstream: staging/src/k8s.io/api/policy/v1/types.go (Eviction)
 */
import { kind, meta, ref, type Definitions } from './schema.js';

export const evictionSchemaName = 'io.k8s.api.policy.v1.Eviction';

export const policyDefinitions: Definitions = {
  [evictionSchemaName]: kind(
    { group: 'policy', version: 'v1', kind: 'Eviction' },
    'Eviction evicts a pod from its node subject to certain policies and safety constraints. This is a subresource of Pod.  A request to cause such an eviction is created by POSTing to .../pods/<pod name>/evictions.',
    { deleteOptions: ref(meta('DeleteOptions'), 'DeleteOptions may be provided') },
  ),
};
