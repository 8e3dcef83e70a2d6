/**
 * The shapes the EndpointSlice mirroring controller reads and writes (the api package's Endpoints
 * and EndpointSlice types, narrowed to what it always sets), and the well-known labels and
 * annotations it honours. Data only.
 * Upstream: staging/src/k8s.io/api/core/v1/types.go (Endpoints), staging/src/k8s.io/api/discovery/v1/
 * {types.go,well_known_labels.go}, staging/src/k8s.io/api/core/v1/annotation_key_constants.go
 */
import type { Endpoint as WireEndpoint, EndpointSlice as WireEndpointSlice } from '@miniplane/api/endpoints/types';

export type {
  EndpointAddress, EndpointConditions, EndpointPort, EndpointSubset, Endpoints, ObjectReference as EndpointReference, SlicePort,
} from '@miniplane/api/endpoints/types';

export type AddressType = 'IPv4' | 'IPv6' | 'FQDN';

/** An endpoint as the mirror builds it: always with its addresses. */
export interface Endpoint extends WireEndpoint {
  addresses: string[];
}

/** A slice as the mirror builds it: address type and endpoints always set. */
export interface EndpointSlice extends WireEndpointSlice {
  addressType: AddressType;
  endpoints: Endpoint[];
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
