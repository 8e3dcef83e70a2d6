/**
 * Schema tables for coordination.k8s.io/v1 Leases. Field numbers come from
 * k8s.io/api/coordination/v1/generated.proto; every LeaseSpec field is a pointer in Go, so zero
 * values on the wire are kept. Notation: see ../schema.ts.
 */
import type { MessageTables } from '../schema.js';

export const coordinationTables: MessageTables = {
  'coordination.Lease': { 1: 'metadata: ObjectMeta', 2: 'spec: coordination.LeaseSpec' },
  'coordination.LeaseSpec': {
    1: 'holderIdentity: string!',
    2: 'leaseDurationSeconds: int32!',
    3: 'acquireTime: MicroTime',
    4: 'renewTime: MicroTime',
    5: 'leaseTransitions: int32!',
    6: 'strategy: string!',
    7: 'preferredHolder: string!',
  },
};
