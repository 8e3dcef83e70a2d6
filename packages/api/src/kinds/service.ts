/**
 * core/v1 Service: DNS-1035 label names, defaulted by the decoder (kube's SetDefaults_Service); the apiserver layers ClusterIP/NodePort allocation over this strategy.
 * Upstream: pkg/registry/core/service/strategy.go, pkg/apis/core/v1/defaults.go
 */
import { serviceDefinitions } from '../openapi/serviceSchemas.js';
import { servicePrinter } from '../printers/service.js';
import { coreClusterTables } from '../protobuf/tables/coreCluster.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { defaultService } from '../service/defaults.js';
import type { Service } from '../service/types.js';
import type { KubeObject } from '../types.js';
import { nameIsDNS1035Label } from '../validation/names.js';

export const serviceKind: KindDescriptor = {
  resource: resourceRow({
    group: '', version: 'v1', kind: 'Service', plural: 'services', shortNames: ['svc'], categories: ['all'], subresources: ['status'],
    selectableFields: ['spec.clusterIP', 'spec.type'], strictFieldLabels: true,
  }),
  schema: { definitions: serviceDefinitions },
  protobuf: { message: 'Service', tables: coreClusterTables },
  printer: servicePrinter,
  defaults: (o) => defaultService(o as Service) as KubeObject,
  strategy: {
    nameValidator: nameIsDNS1035Label,
    prepareForCreate(obj) {
      obj.status = { loadBalancer: {} };
    },
  },
};
