/**
 * The shapes of the Kubernetes objects the page reads: only the fields it shows, all optional as
 * the API may leave them out. Objects arrive as JSON from list and watch and are never mutated.
 * Upstream: staging/src/k8s.io/api/core/v1/types.go, discovery/v1/types.go
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind: string; name: string; uid?: string; controller?: boolean }>;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalName?: string;
    externalIPs?: string[];
    selector?: Record<string, string>;
    ports?: ServicePort[];
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

export interface Endpoint {
  addresses: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  nodeName?: string;
  zone?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string };
}

export interface EndpointSlice extends KubeObject {
  addressType: string;
  endpoints?: Endpoint[] | null;
  ports?: Array<{ name?: string; port?: number; protocol?: string }> | null;
}

export interface EndpointAddress {
  ip: string;
  nodeName?: string;
  targetRef?: { kind?: string; name?: string };
}

export interface Endpoints extends KubeObject {
  subsets?: Array<{
    addresses?: EndpointAddress[];
    notReadyAddresses?: EndpointAddress[];
    ports?: Array<{ name?: string; port: number; protocol?: string }>;
  }>;
}

export interface Condition {
  type: string;
  status: string;
}

export interface Pod extends KubeObject {
  spec?: { nodeName?: string };
  status?: { phase?: string; podIP?: string; conditions?: Condition[] };
}

export interface Node extends KubeObject {
  spec?: { podCIDR?: string; podCIDRs?: string[]; unschedulable?: boolean };
  status?: { conditions?: Condition[]; addresses?: Array<{ type: string; address: string }> };
}

/** The store key of a namespaced or cluster-scoped object: "ns/name" or "name" (client-go's MetaNamespaceKeyFunc). */
export function objectKey(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

/** The status of condition `type` ("True", "False", "Unknown"), or undefined when absent. */
export function conditionStatus(conditions: Condition[] | undefined, type: string): string | undefined {
  return conditions?.find((c) => c.type === type)?.status;
}
