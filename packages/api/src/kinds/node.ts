/**
 * core/v1 Node: cluster-scoped, with a status subresource.
 * Upstream: pkg/registry/core/node/strategy.go
 */
import { clusterDefinitions } from '../openapi/clusterSchemas.js';
import { nodePrinter } from '../printers/node.js';
import { coreClusterTables } from '../protobuf/tables/coreCluster.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';

export const nodeKind: KindDescriptor = {
  resource: resourceRow({
    group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], subresources: ['status'],
    selectableFields: ['spec.unschedulable'], strictFieldLabels: true,
  }),
  schema: { definitions: clusterDefinitions },
  protobuf: { message: 'Node', tables: coreClusterTables },
  printer: nodePrinter,
};
