/**
 * core/v1 Endpoints: defaulted (port protocol TCP) and validated on every write; a PUT of a missing object creates it. Not reproduced: kube's warnings.
 * Upstream: pkg/registry/core/endpoint/strategy.go
 */
import { defaultEndpoints } from '../endpoints/endpointsDefaults.js';
import { validateEndpoints, validateEndpointsUpdate } from '../endpoints/endpointsValidation.js';
import type { Endpoints } from '../endpoints/types.js';
import { serviceDefinitions } from '../openapi/serviceSchemas.js';
import { endpointsPrinter } from '../printers/endpoints.js';
import { coreClusterTables } from '../protobuf/tables/coreCluster.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { replaceWith } from '../scheme/strategy.js';

export const endpointsKind: KindDescriptor = {
  resource: resourceRow({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'] }),
  schema: { definitions: serviceDefinitions },
  protobuf: { message: 'Endpoints', tables: coreClusterTables },
  printer: endpointsPrinter,
  strategy: {
    allowCreateOnUpdate: true,
    prepareForCreate: (obj) => replaceWith(obj, defaultEndpoints(obj as Endpoints)),
    prepareForUpdate: (next) => replaceWith(next, defaultEndpoints(next as Endpoints)),
    validate: (obj) => validateEndpoints(obj as Endpoints),
    validateUpdate: (next, old) => validateEndpointsUpdate(next as Endpoints, old as Endpoints),
  },
};
