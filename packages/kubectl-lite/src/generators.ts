/**
 * The objects kubectl's typed `create` subcommands, `expose` and `run` build, field for field as
 * kubectl serializes them (so `--dry-run=client -o yaml` prints the same text):
 * `creationTimestamp: null`, empty `resources`/`strategy`/`status` structs, `app: NAME` labels,
 * ports named `PORT-TARGET`.
 *
 * Contract: pure; bad flag values are kubectl's errors.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/create/{create_deployment.go,create_service.go,
 * create_namespace.go,create_configmap.go}, .../cmd/run/run.go
 */
import { CliError } from './errors.js';
import type { KubeObj } from './output/printObjects.js';

/** kubectl's container name for an image: the last path segment without tag or digest. */
export function containerName(image: string): string {
  const base = image.split('/').pop()!.split('@')[0]!.split(':')[0]!;
  return base.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

export interface DeploymentSpec {
  name: string;
  images: string[];
  replicas: number;
  port?: number;
  namespace?: string;
}

export function deployment(o: DeploymentSpec): KubeObj {
  const labels = { app: o.name };
  const containers = o.images.map((image) => ({
    image, name: containerName(image), ...(o.port !== undefined ? { ports: [{ containerPort: o.port }] } : {}), resources: {},
  }));
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { creationTimestamp: null, labels, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) } as KubeObj['metadata'],
    spec: { replicas: o.replicas, selector: { matchLabels: labels }, strategy: {}, template: { metadata: { creationTimestamp: null, labels }, spec: { containers } } },
    status: {},
  };
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServiceSpec {
  name: string;
  type: ServiceType;
  tcp: string[];
  nodePort?: number;
  clusterIP?: string;
  externalName?: string;
  namespace?: string;
}

function parsePort(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new CliError(`invalid ${what}: ${text}`);
  return n;
}

export function service(o: ServiceSpec): KubeObj {
  const ports = o.tcp.map((pair) => {
    const [p, t] = pair.split(':');
    const port = parsePort(p!, 'port');
    const target: number | string = t === undefined || t === '' ? port : /^\d+$/.test(t) ? Number(t) : t;
    return { name: pair.replace(/:/g, '-'), ...(o.nodePort ? { nodePort: o.nodePort } : {}), port, protocol: 'TCP', targetPort: target };
  });
  if (o.type !== 'ExternalName' && ports.length === 0 && o.clusterIP !== 'None') throw new CliError('at least one tcp port specifier must be provided');
  const labels = { app: o.name };
  const spec: Record<string, unknown> = {};
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  if (o.externalName) spec.externalName = o.externalName;
  if (ports.length) spec.ports = ports;
  if (o.type !== 'ExternalName') spec.selector = labels;
  spec.type = o.type;
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { creationTimestamp: null, labels, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) } as KubeObj['metadata'],
    spec, status: { loadBalancer: {} },
  };
}

export function namespace(name: string): KubeObj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null, name } as KubeObj['metadata'], spec: {}, status: {} };
}

export function configMap(name: string, data: Record<string, string>, ns?: string): KubeObj {
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    ...(Object.keys(data).length ? { data } : {}),
    metadata: { creationTimestamp: null, name, ...(ns ? { namespace: ns } : {}) } as KubeObj['metadata'],
  };
}
