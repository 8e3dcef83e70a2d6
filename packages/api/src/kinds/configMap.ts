/**
 * core/v1 ConfigMap: kube's ValidateConfigMap on every write and the `immutable` rules on
 * update; nothing is prepared or defaulted; a PUT of a missing ConfigMap is a 404.
 * Upstream: pkg/registry/core/configmap/strategy.go
 */
import { clusterDefinitions } from '../openapi/clusterSchemas.js';
import { configMapPrinter } from '../printers/configMap.js';
import { coreClusterTables } from '../protobuf/tables/coreCluster.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { validateConfigMap, validateConfigMapUpdate, type ConfigMap } from '../validation/configMap.js';

export const configMapKind: KindDescriptor = {
  resource: resourceRow({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] }),
  schema: { definitions: clusterDefinitions },
  protobuf: { message: 'ConfigMap', tables: coreClusterTables },
  printer: configMapPrinter,
  strategy: {
    validate: (obj) => validateConfigMap(obj as ConfigMap),
    validateUpdate: (next, old) => validateConfigMapUpdate(next as ConfigMap, old as ConfigMap),
  },
};
