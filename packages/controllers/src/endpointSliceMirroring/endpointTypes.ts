/**
 * The wire shapes the EndpointSlice mirroring controller reads and writes: core/v1 Endpoints and
 * discovery.k8s.io/v1 EndpointSlice (only the fields it touches), and the well-known labels and
 * annotations it honours. Data only.
 * Upstream: staging/src/k8s.io/api/core/v1/types.go (Endpoints), staging/src/k8s.io/api/discovery/v1/
 * {types.go,well_known_labels.go}, staging/src/k8s.io/api/core/v1/annotation_key_constants.go
 */
import type { KubeObject } from '@miniplane/api';

export interface EndpointReference {
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
  targetRef?: EndpointReference;
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

export type AddressType = 'IPv4' | 'IPv6' | 'FQDN';

export interface EndpointConditions {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export interface Endpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  targetRef?: EndpointReference;
  nodeName?: string;
  zone?: string;
  hints?: unknown;
  deprecatedTopology?: Record<string, string>;
}

/** discovery/v1 EndpointPort: every field optional on the wire; the mirror always sets name, port and protocol. */
export interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  addressType: AddressType;
  endpoints: Endpoint[];
  ports?: SlicePort[];
}

/** discovery.LabelServiceName */
export const serviceNameLabel = 'kubernetes.io/service-name';
/** discovery.LabelManagedBy */
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
/** discovery.LabelSkipMirror: Endpoints carrying it with value "true" are never mirrored. */
export const skipMirrorLabel = 'endpointslice.kubernetes.io/skip-mirror';
/** The managed-by value of mirrored slices (endpointslicemirroring.ControllerName). */
export const mirroringControllerName = 'endpointslicemirroring-controller.k8s.io';
/** corev1.EndpointsLastChangeTriggerTime: not copied to the slices. */
export const lastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';
/** corev1.LastAppliedConfigAnnotation: not copied to the slices. */
export const lastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
/** resourcelock.LeaderElectionRecordAnnotationKey: an Endpoints used as a leader lock is not mirrored. */
export const leaderElectionAnnotation = 'control-plane.alpha.kubernetes.io/leader';
