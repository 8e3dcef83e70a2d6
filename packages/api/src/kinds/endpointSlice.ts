/**
 * discovery.k8s.io/v1 EndpointSlice: defaulted by the decoder (via `defaults`, so the field manager sees the defaults), prepared (generation, dropped fields) and validated on every write; created by POST only (a PUT of a missing one is 404).
 * Upstream: pkg/registry/discovery/endpointslice/strategy.go, pkg/apis/discovery/v1/defaults.go
 */
import { defaultEndpointSlice } from '../endpoints/endpointSliceDefaults.js';
import { prepareEndpointSliceForCreate, prepareEndpointSliceForUpdate } from '../endpoints/endpointSlicePrepare.js';
import { validateEndpointSlice, validateEndpointSliceUpdate } from '../endpoints/endpointSliceValidation.js';
import type { EndpointSlice } from '../endpoints/types.js';
import { networkDefinitions } from '../openapi/networkSchemas.js';
import { endpointSlicePrinter } from '../printers/endpoints.js';
import { discoveryTables } from '../protobuf/tables/discovery.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { replaceWith } from '../scheme/strategy.js';
import type { KubeObject } from '../types.js';

export const endpointSliceKind: KindDescriptor = {
  resource: resourceRow({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', selectableFields: ['addressType'] }),
  schema: { definitions: networkDefinitions },
  protobuf: { message: 'discovery.EndpointSlice', tables: discoveryTables },
  printer: endpointSlicePrinter,
  defaults: (o) => defaultEndpointSlice(o as EndpointSlice) as KubeObject,
  strategy: {
    // The registry has applied `defaults` once already (kube's decoder does).
    prepareForCreate: (obj) => replaceWith(obj, prepareEndpointSliceForCreate(obj as EndpointSlice)),
    prepareForUpdate: (next, old) => replaceWith(next, prepareEndpointSliceForUpdate(next as EndpointSlice, old as EndpointSlice)),
    validate: (obj) => validateEndpointSlice(obj as EndpointSlice),
    validateUpdate: (next, old) => validateEndpointSliceUpdate(next as EndpointSlice, old as EndpointSlice),
  },
};
