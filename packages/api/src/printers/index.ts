/**
 * Server-side table printers: the public surface of `@miniplane/api/printers`.
 *
 * Contract: pure modules only. The apiserver serves `printTable` for
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`; kubectl-lite reuses the same columns.
 * Upstream: pkg/printers/internalversion/printers.go
 */
export { printTable, columnDefinitionsFor } from './table.js';
export type {
  IncludeObject,
  KindPrinter,
  PartialObjectMetadata,
  PrintOptions,
  PrintedRow,
  Table,
  TableCell,
  TableColumnDefinition,
  TableRow,
  TableRowCondition,
} from './table.js';
export { humanDuration, translateTimestampSince, formatRFC3339 } from './age.js';
export { formatLabels, formatLabelSelector, labelSelectorString } from './selectorFormat.js';
export type { LabelSelector, LabelSelectorRequirement } from './selectorFormat.js';
export { defaultColumns } from './defaultTable.js';
export { serviceColumns } from './service.js';
export { endpointsColumns, endpointSliceColumns } from './endpoints.js';
export { podColumns } from './pod.js';
export { nodeColumns, namespaceColumns } from './node.js';
export { deploymentColumns, replicaSetColumns } from './apps.js';
export { eventColumns } from './event.js';
export { configMapColumns } from './configMap.js';
export { leaseColumns } from './lease.js';
export { serviceCIDRColumns, ipAddressColumns } from './networking.js';
