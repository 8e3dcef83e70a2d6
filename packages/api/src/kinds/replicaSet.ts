/**
 * apps/v1 ReplicaSet: generation tracked, status and scale subresources, created with status.replicas 0.
 * Upstream: pkg/registry/apps/replicaset/strategy.go
 */
import { appsDefinitions } from '../openapi/appsSchemas.js';
import { replicaSetPrinter } from '../printers/apps.js';
import { appsTables } from '../protobuf/tables/apps.js';
import { coreWorkloadTables } from '../protobuf/tables/coreWorkloads.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { podTemplateDefinitions } from './pod.js';

export const replicaSetKind: KindDescriptor = {
  resource: resourceRow({
    group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'],
    selectableFields: ['status.replicas'], hasGeneration: true,
  }),
  schema: { definitions: { ...appsDefinitions, ...podTemplateDefinitions } },
  protobuf: { message: 'apps.ReplicaSet', tables: { ...appsTables, ...coreWorkloadTables } },
  printer: replicaSetPrinter,
  strategy: { prepareForCreate: (obj) => void (obj.status = { replicas: 0 }) },
};
