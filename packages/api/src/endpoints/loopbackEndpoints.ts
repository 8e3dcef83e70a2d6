/**
 * `miniplane up --dataplane`: the one relaxation of kube's validation the loopback data plane
 * needs. Simulated pods get IPs from a loopback cluster CIDR (127.244.0.0/16 by default), and kube
 * refuses loopback addresses in Endpoints and EndpointSlices (ValidateNonSpecialIP). These
 * strategies accept them there, for addresses inside the given CIDRs only; every other rule, and
 * every other loopback address, is checked as kube checks it.
 *
 * Contract: pure; returns the base strategy with validate/validateUpdate replaced; throws on a
 * CIDR that does not parse (a flag error, before the server starts).
 * Upstream: pkg/apis/core/validation/validation.go (ValidateNonSpecialIP), the deviation is miniplane's
 */
import { parseCIDR, type ParsedCIDR } from '../allocators/cidr.js';
import type { Strategy } from '../scheme/strategy.js';
import type { KubeObject } from '../types.js';
import { validateEndpoints, validateEndpointsUpdate } from './endpointsValidation.js';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './endpointSliceValidation.js';
import type { EndpointSlice, Endpoints } from './types.js';

/** Parses `a,b` CIDRs; throws naming the bad one and `what` they are for. */
export function parseLoopbackCIDRs(value: string, what = 'loopback endpoints'): ParsedCIDR[] {
  return value.split(',').map((text) => {
    const c = parseCIDR(text.trim());
    if (!c) throw new Error(`invalid CIDR ${JSON.stringify(text)} for ${what}`);
    return c;
  });
}

/** The EndpointSlice (`kind` 'EndpointSlice') or Endpoints strategy accepting loopback IPs in `cidrs`. */
export function allowLoopbackEndpoints(kind: 'EndpointSlice' | 'Endpoints', base: Strategy, cidrs: readonly ParsedCIDR[]): Strategy {
  const o = { loopbackAllowed: cidrs };
  if (kind === 'EndpointSlice') {
    return {
      ...base,
      validate: (obj: KubeObject) => validateEndpointSlice(obj as EndpointSlice, o),
      validateUpdate: (next: KubeObject, old: KubeObject) => validateEndpointSliceUpdate(next as EndpointSlice, old as EndpointSlice, o),
    };
  }
  return {
    ...base,
    validate: (obj: KubeObject) => validateEndpoints(obj as Endpoints, o),
    validateUpdate: (next: KubeObject, old: KubeObject) => validateEndpointsUpdate(next as Endpoints, old as Endpoints, o),
  };
}
