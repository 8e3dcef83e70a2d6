/**
 * core/v1 Event: a PUT of a missing Event creates it; the selectable fields of kube's event strategy.
 * Upstream: pkg/registry/core/event/strategy.go
 */
import { clusterDefinitions } from '../openapi/clusterSchemas.js';
import { eventPrinter } from '../printers/event.js';
import { coreClusterTables } from '../protobuf/tables/coreCluster.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';

export const eventKind: KindDescriptor = {
  resource: resourceRow({
    group: '', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'], strictFieldLabels: true,
    selectableFields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  }),
  schema: { definitions: clusterDefinitions },
  protobuf: { message: 'Event', tables: coreClusterTables },
  printer: eventPrinter,
  strategy: { allowCreateOnUpdate: true },
};
