/**
 * Test fixtures for the printer tests: a fixed clock and deep-frozen object builders.
 *
 * Contract: pure, no test-runner imports. Builders take flat overrides
 * (`service({ type: 'NodePort' })`) and return deep-frozen objects, so a printer that mutates its
 * input throws. Ages are given in seconds before NOW.
 */
import { deepFreeze } from '../deepFreeze.js';
import type { KubeObject } from '../types.js';

export const NOW = new Date('2025-06-01T12:00:00Z');

/** RFC3339 timestamp `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString().replace('.000Z', 'Z');
}


function meta(name: string, ageSeconds: number, extra: Record<string, unknown> = {}): KubeObject['metadata'] {
  return { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: ago(ageSeconds), ...extra };
}

export interface ServiceOverrides {
  name?: string;
  type?: string;
  clusterIP?: string;
  ports?: Array<{ port: number; nodePort?: number; protocol?: string }>;
  externalIPs?: string[];
  externalName?: string;
  ingress?: Array<{ ip?: string; hostname?: string }>;
  selector?: Record<string, string>;
  ageSeconds?: number;
}

export function service(o: ServiceOverrides = {}): KubeObject {
  const type = o.type ?? 'ClusterIP';
  const clusterIP = o.clusterIP ?? (type === 'ExternalName' ? undefined : '10.96.0.10');
  return deepFreeze({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(o.name ?? 'web', o.ageSeconds ?? 300),
    spec: {
      type,
      ...(clusterIP ? { clusterIP, clusterIPs: [clusterIP] } : {}),
      ports: (o.ports ?? [{ port: 80 }]).map((p) => ({ protocol: 'TCP', ...p })),
      ...(o.externalIPs ? { externalIPs: o.externalIPs } : {}),
      ...(o.externalName ? { externalName: o.externalName } : {}),
      selector: o.selector ?? { app: 'web' },
    },
    status: { loadBalancer: o.ingress ? { ingress: o.ingress } : {} },
  });
}

type ContainerState = Record<string, unknown>;

export interface ContainerOverrides {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export function containerStatus(o: ContainerOverrides = {}): Record<string, unknown> {
  return {
    name: o.name ?? 'app',
    ready: o.ready ?? true,
    started: o.started ?? true,
    restartCount: o.restartCount ?? 0,
    state: o.state ?? { running: { startedAt: ago(60) } },
    lastState: o.lastState ?? {},
  };
}

export interface PodOverrides {
  name?: string;
  phase?: string;
  reason?: string;
  containers?: string[];
  initContainers?: Array<{ name: string; restartPolicy?: string }>;
  containerStatuses?: Array<Record<string, unknown>>;
  initContainerStatuses?: Array<Record<string, unknown>>;
  conditions?: Array<{ type: string; status: string; reason?: string }>;
  readinessGates?: string[];
  deletionTimestamp?: string;
  podIP?: string;
  nodeName?: string;
  nominatedNodeName?: string;
  ageSeconds?: number;
}

export function pod(o: PodOverrides = {}): KubeObject {
  const containers = o.containers ?? ['app'];
  return deepFreeze({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(o.name ?? 'web-1', o.ageSeconds ?? 600, o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
    spec: {
      containers: containers.map((name) => ({ name, image: `${name}:1` })),
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.readinessGates ? { readinessGates: o.readinessGates.map((conditionType) => ({ conditionType })) } : {}),
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.reason ? { reason: o.reason } : {}),
      conditions: o.conditions ?? [{ type: 'Ready', status: 'True' }],
      containerStatuses: o.containerStatuses ?? containers.map((name) => containerStatus({ name })),
      ...(o.initContainerStatuses ? { initContainerStatuses: o.initContainerStatuses } : {}),
      ...(o.podIP ? { podIP: o.podIP, podIPs: [{ ip: o.podIP }] } : {}),
      ...(o.nominatedNodeName ? { nominatedNodeName: o.nominatedNodeName } : {}),
    },
  });
}

export interface WorkloadOverrides {
  name?: string;
  replicas?: number;
  ready?: number;
  current?: number;
  updated?: number;
  available?: number;
  selector?: Record<string, unknown> | null;
  containers?: Array<{ name: string; image: string }>;
}

export function deployment(o: WorkloadOverrides = {}, kind = 'Deployment'): KubeObject {
  return deepFreeze({
    apiVersion: 'apps/v1',
    kind,
    metadata: meta(o.name ?? 'web', 3600),
    spec: {
      // `replicas: undefined` given explicitly leaves spec.replicas unset.
      ...('replicas' in o && o.replicas === undefined ? {} : { replicas: o.replicas ?? 3 }),
      ...(o.selector === null ? {} : { selector: o.selector ?? { matchLabels: { app: 'web' } } }),
      template: { spec: { containers: o.containers ?? [{ name: 'nginx', image: 'nginx:1.27' }] } },
    },
    status: {
      replicas: o.current ?? 3,
      updatedReplicas: o.updated ?? 3,
      readyReplicas: o.ready ?? 3,
      availableReplicas: o.available ?? 3,
    },
  });
}

export function replicaSet(o: WorkloadOverrides = {}): KubeObject {
  return deployment({ name: 'web-5d9c', ...o }, 'ReplicaSet');
}

/** Any object: `extra` fields are merged at the top level. */
export function object(kind: string, name: string, extra: Record<string, unknown> = {}, ageSeconds = 120): KubeObject {
  return deepFreeze({ kind, metadata: meta(name, ageSeconds), ...extra });
}
