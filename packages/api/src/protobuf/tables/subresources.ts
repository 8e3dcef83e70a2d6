/**
 * Schema tables for the bodies of the create-only pod subresources, which typed clients send in
 * protobuf like any object: v1 Binding (pods/binding) and policy/v1 Eviction (pods/eviction; kube
 * also accepts policy/v1beta1's, the same message). Field numbers come from
 * k8s.io/api/core/v1/generated.proto and k8s.io/api/policy/v1/generated.proto. Notation: see
 * ../schema.ts.
 */
import type { MessageTables } from '../schema.js';
import { coreClusterTables } from './coreCluster.js';

export const subresourceTables: MessageTables = {
  Binding: { 1: 'metadata: ObjectMeta', 2: 'target: ObjectReference' },
  ObjectReference: coreClusterTables.ObjectReference!,
  'policy.Eviction': { 1: 'metadata: ObjectMeta', 2: 'deleteOptions: DeleteOptions' },
};

/** `apiVersion/Kind` → message, for the bodies above. */
export const subresourceMessages: ReadonlyArray<[string, string]> = [
  ['v1/Binding', 'Binding'],
  ['policy/v1/Eviction', 'policy.Eviction'],
  ['policy/v1beta1/Eviction', 'policy.Eviction'],
];
