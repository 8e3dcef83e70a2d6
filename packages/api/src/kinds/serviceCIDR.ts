/**
 * networking.k8s.io/v1 ServiceCIDR: cluster-scoped, generation tracked; its strategy (validation, allocator updates) needs the server's allocators and is installed by the apiserver.
 * Upstream: pkg/registry/networking/servicecidr/strategy.go
 */
import { networkDefinitions } from '../openapi/networkSchemas.js';
import { serviceCIDRPrinter } from '../printers/networking.js';
import { networkingTables } from '../protobuf/tables/networking.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';

export const serviceCIDRKind: KindDescriptor = {
  resource: resourceRow({ group: 'networking.k8s.io', version: 'v1', kind: 'ServiceCIDR', plural: 'servicecidrs', namespaced: false, subresources: ['status'], hasGeneration: true }),
  schema: { definitions: networkDefinitions },
  protobuf: { message: 'networking.ServiceCIDR', tables: networkingTables },
  printer: serviceCIDRPrinter,
};
