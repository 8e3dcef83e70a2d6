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
import { splitKeyValue } from './flags.js';
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

export interface RunSpec {
  name: string;
  image: string;
  port?: number;
  labels?: Record<string, string>;
  env: string[];
  restart: string;
  args: string[];
  command: boolean;
}

/** The Pod `kubectl run` builds (labels `run: NAME` unless `--labels`). */
export function runPod(o: RunSpec): KubeObj {
  const env = o.env.map((e) => {
    const kv = splitKeyValue(e);
    if (!kv?.[0]) throw new CliError(`invalid env: ${e}`);
    return { name: kv[0], value: kv[1] };
  });
  const container: Record<string, unknown> = {};
  if (o.args.length && !o.command) container.args = o.args;
  if (o.args.length && o.command) container.command = o.args;
  if (env.length) container.env = env;
  container.image = o.image;
  container.name = o.name;
  if (o.port !== undefined) container.ports = [{ containerPort: o.port }];
  container.resources = {};
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { creationTimestamp: null, labels: o.labels ?? { run: o.name }, name: o.name } as KubeObj['metadata'],
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: o.restart },
    status: {},
  };
}

/** `--labels a=b,c=d` / `--selector a=b` as a map. */
export function parseLabels(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const kv = splitKeyValue(pair);
    if (!kv?.[0]) throw new CliError(`invalid ${what}: ${pair}`);
    out[kv[0]] = kv[1];
  }
  return out;
}

export interface ExposeSpec {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  selector: Record<string, string>;
  ports: number[];
  targetPort?: string;
  protocol: string;
  type?: string;
  clusterIP?: string;
  externalIPs?: string[];
  loadBalancerIP?: string;
  sessionAffinity?: string;
}

/** The Service `kubectl expose` builds; several ports are named `port-1`, `port-2`, ... */
export function exposeService(o: ExposeSpec): KubeObj {
  const target = (p: number): number | string => (o.targetPort === undefined ? p : /^\d+$/.test(o.targetPort) ? Number(o.targetPort) : o.targetPort);
  const ports = o.ports.map((p, i) => ({ ...(o.ports.length > 1 ? { name: `port-${i + 1}` } : {}), port: p, protocol: o.protocol, targetPort: target(p) }));
  const spec: Record<string, unknown> = {};
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  if (o.externalIPs?.length) spec.externalIPs = o.externalIPs;
  if (o.loadBalancerIP) spec.loadBalancerIP = o.loadBalancerIP;
  spec.ports = ports;
  spec.selector = o.selector;
  if (o.sessionAffinity) spec.sessionAffinity = o.sessionAffinity;
  if (o.type) spec.type = o.type;
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { creationTimestamp: null, ...(o.labels && Object.keys(o.labels).length ? { labels: o.labels } : {}), name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) } as KubeObj['metadata'],
    spec, status: { loadBalancer: {} },
  };
}
