/**
 * Strategies for the endpoint kinds: core/v1 Endpoints and discovery.k8s.io/v1 EndpointSlice.
 *
 * Contract
 * - Both: every write (create, PUT, every patch type) is decoded and defaulted as kube's
 *   decoder does (port protocol TCP; slice port name ""), prepared, then validated with kube's
 *   rules; a bad object is a 422 Invalid with kube's causes and nothing is stored.
 * - Endpoints: PUT of a missing object creates it. No generation. Stored as sent otherwise
 *   (kube stopped repacking subsets in v1.20).
 * - EndpointSlice: PUT of a missing object is a 404 (kube: POST is needed to create one);
 *   generation 1 on create, +1 on each update that changes anything outside metadata, or the
 *   labels; deprecatedTopology and hints.forNodes dropped as kube's discovery/v1 strategy does.
 * Not reproduced: kube's warnings (FQDN slices, non-canonical IPs, the v1.33 Endpoints
 * deprecation notice): this server sends no Warning headers.
 * Upstream: pkg/registry/core/endpoint/strategy.go, pkg/registry/discovery/endpointslice/strategy.go
 */
import { defaultEndpointSlice } from '@miniplane/api/endpoints/endpointSliceDefaults';
import { prepareEndpointSliceForCreate, prepareEndpointSliceForUpdate } from '@miniplane/api/endpoints/endpointSlicePrepare';
import { validateEndpointSlice, validateEndpointSliceUpdate } from '@miniplane/api/endpoints/endpointSliceValidation';
import { defaultEndpoints } from '@miniplane/api/endpoints/endpointsDefaults';
import { validateEndpoints, validateEndpointsUpdate } from '@miniplane/api/endpoints/endpointsValidation';
import type { EndpointSlice, Endpoints } from '@miniplane/api/endpoints/types';
import { replaceWith, type Strategy } from './strategy.js';

export function endpointsStrategy(): Strategy {
  return {
    allowCreateOnUpdate: true,
    prepareForCreate: (obj) => replaceWith(obj, defaultEndpoints(obj as Endpoints)),
    prepareForUpdate: (next) => replaceWith(next, defaultEndpoints(next as Endpoints)),
    validate: (obj) => validateEndpoints(obj as Endpoints),
    validateUpdate: (next, old) => validateEndpointsUpdate(next as Endpoints, old as Endpoints),
  };
}

export function endpointSliceStrategy(): Strategy {
  return {
    prepareForCreate: (obj) => replaceWith(obj, prepareEndpointSliceForCreate(defaultEndpointSlice(obj as EndpointSlice))),
    prepareForUpdate: (next, old) => replaceWith(next, prepareEndpointSliceForUpdate(defaultEndpointSlice(next as EndpointSlice), old as EndpointSlice)),
    validate: (obj) => validateEndpointSlice(obj as EndpointSlice),
    validateUpdate: (next, old) => validateEndpointSliceUpdate(next as EndpointSlice, old as EndpointSlice),
  };
}
