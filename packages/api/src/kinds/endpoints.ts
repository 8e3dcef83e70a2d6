/**
 * core/v1 Endpoints: defaulted by the decoder (port protocol TCP, via `defaults`, so the field manager sees it) and validated on every write; a PUT of a missing object creates it. Not reproduced: kube's warnings.
 * Upstream: pkg/registry/core/endpoint/strategy.go, pkg/apis/core/v1/defaults.go
 */
import { defaultEndpoints } from '../endpoints/endpointsDefaults.js';
import { validateEndpoints, validateEndpointsUpdate } from '../endpoints/endpointsValidation.js';
import type { Endpoints } from '../endpoints/types.js';
import { serviceDefinitions } from '../openapi/serviceSchemas.js';
import { endpointsPrinter } from '../printers/endpoints.js';
import { coreClusterTables } from '../protobuf/tables/coreCluster.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import type { KubeObject } from '../types.js';

export const endpointsKind: KindDescriptor = {
  resource: resourceRow({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'] }),
  schema: { definitions: serviceDefinitions },
  protobuf: { message: 'Endpoints', tables: coreClusterTables },
  printer: endpointsPrinter,
  defaults: (o) => defaultEndpoints(o as Endpoints) as KubeObject,
  strategy: {
    allowCreateOnUpdate: true,
    validate: (obj) => validateEndpoints(obj as Endpoints),
    validateUpdate: (next, old) => validateEndpointsUpdate(next as Endpoints, old as Endpoints),
  },
};
