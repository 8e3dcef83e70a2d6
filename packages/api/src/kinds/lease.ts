/**
 * coordination.k8s.io/v1 Lease: a PUT of a missing Lease creates it (leader election relies on it).
 * Upstream: pkg/registry/coordination/lease/strategy.go
 */
import { networkDefinitions } from '../openapi/networkSchemas.js';
import { leasePrinter } from '../printers/lease.js';
import { coordinationTables } from '../protobuf/tables/coordination.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';

export const leaseKind: KindDescriptor = {
  resource: resourceRow({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases' }),
  schema: { definitions: networkDefinitions },
  protobuf: { message: 'coordination.Lease', tables: coordinationTables },
  printer: leasePrinter,
  strategy: { allowCreateOnUpdate: true },
};
