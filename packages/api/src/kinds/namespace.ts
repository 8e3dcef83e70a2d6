/**
 * core/v1 Namespace: cluster-scoped, DNS-1123 label names, created Active with the `kubernetes`
 * finalizer in spec.finalizers. An update keeps spec.finalizers and status (only the `finalize`
 * and `status` subresources change them); the registry keeps a deleted namespace Terminating
 * while spec.finalizers is not empty (the namespace controller empties it, then finalizes).
 * Upstream: pkg/registry/core/namespace/strategy.go, pkg/registry/core/namespace/storage/storage.go
 */
import { clusterDefinitions } from '../openapi/clusterSchemas.js';
import { namespacePrinter } from '../printers/node.js';
import { coreClusterTables } from '../protobuf/tables/coreCluster.js';
import { allVerbs, resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { nameIsDNSLabel } from '../validation/names.js';

export const namespaceKind: KindDescriptor = {
  resource: resourceRow({
    group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], subresources: ['status', 'finalize'],
    selectableFields: ['status.phase'], strictFieldLabels: true,
    // kube's namespace REST storage has no DeleteCollection (pkg/registry/core/namespace/storage/storage.go):
    // `DELETE /api/v1/namespaces` is a 405 there, never "delete every namespace".
    verbs: allVerbs.filter((v) => v !== 'deletecollection'),
  }),
  schema: { definitions: clusterDefinitions },
  protobuf: { message: 'Namespace', tables: coreClusterTables },
  printer: namespacePrinter,
  strategy: {
    nameValidator: nameIsDNSLabel,
    prepareForCreate(obj) {
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
    },
    prepareForUpdate(next, old) {
      const finalizers = (old.spec as { finalizers?: string[] } | undefined)?.finalizers;
      next.spec = { ...((next.spec as object | undefined) ?? {}) };
      if (finalizers) (next.spec as { finalizers?: string[] }).finalizers = finalizers;
      else delete (next.spec as { finalizers?: string[] }).finalizers;
      if ('status' in old) next.status = old.status;
    },
  },
};
