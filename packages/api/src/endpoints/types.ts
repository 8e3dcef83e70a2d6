/**
 * The wire shapes of core/v1 Endpoints and discovery.k8s.io/v1 EndpointSlice as the apiserver
 * prepares and validates them. Data only.
 *
 * Pointer fields in Go (`*string`, `*bool`, `*int32`) are optional here and keep an empty string
 * when one is sent; plain Go strings with `omitempty` are absent when empty.
 * Upstream: staging/src/k8s.io/api/core/v1/types.go (Endpoints*), staging/src/k8s.io/api/discovery/v1/types.go
 */
import type { KubeObject } from '../types.js';

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

export interface EndpointConditions {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export interface EndpointHints {
  forZones?: Array<{ name: string }>;
  forNodes?: Array<{ name: string }>;
}

export interface Endpoint {
  addresses?: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  targetRef?: ObjectReference;
  deprecatedTopology?: Record<string, string>;
  nodeName?: string;
  zone?: string;
  hints?: EndpointHints;
}

/** discovery/v1 EndpointPort: every field is a pointer; defaulting fills name and protocol. */
export interface SlicePort {
  name?: string;
  protocol?: string;
  port?: number;
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: Endpoint[];
  ports?: SlicePort[];
}

/** The protocols an endpoint port may carry (sorted, as kube lists them in errors). */
export const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];

/** discoveryv1.LabelHostname: the deprecatedTopology key that once carried the node name. */
export const hostnameTopologyKey = 'kubernetes.io/hostname';
