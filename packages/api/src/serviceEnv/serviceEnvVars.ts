/**
 * The service environment variables the kubelet injects into a pod's containers: for each
 * Service with a cluster IP, `<SVC>_SERVICE_HOST`, `<SVC>_SERVICE_PORT` (first port),
 * `<SVC>_SERVICE_PORT_<NAME>` (named ports), and Docker-link variables `<SVC>_PORT`,
 * `<SVC>_PORT_<port>_<PROTO>` with `_PROTO`, `_PORT`, `_ADDR`. The Services are those of the
 * pod's namespace when `enableServiceLinks` is not false, plus the `kubernetes` Service of the
 * default namespace always.
 *
 * Contract: pure. `fromServices` keeps kube's order; `serviceEnvForPod` returns the variables
 * sorted by name (the kubelet's order is a Go map's), minus the names the container sets itself
 * (its own `env` wins).
 * Upstream: pkg/kubelet/envvars/envvars.go (FromServices, makeLinkVariables),
 * pkg/kubelet/kubelet_pods.go (getServiceEnvVarMap, makeEnvironmentVariables)
 */
import type { Service } from '../service/types.js';

export interface EnvVar {
  name: string;
  value: string;
}

/** Services that get variables: a cluster IP set (not "None", not empty). */
function hasClusterIP(svc: Service): boolean {
  const ip = svc.spec?.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
}

function envName(text: string): string {
  return text.replaceAll('-', '_').toUpperCase();
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function linkVariables(svc: Service, ip: string): EnvVar[] {
  const prefix = envName(svc.metadata.name ?? '');
  const out: EnvVar[] = [];
  (svc.spec?.ports ?? []).forEach((sp, i) => {
    const protocol = sp.protocol || 'TCP';
    const url = `${protocol.toLowerCase()}://${hostPort(ip, sp.port)}`;
    if (i === 0) out.push({ name: `${prefix}_PORT`, value: url });
    const portPrefix = `${prefix}_PORT_${sp.port}_${protocol.toUpperCase()}`;
    out.push(
      { name: portPrefix, value: url },
      { name: `${portPrefix}_PROTO`, value: protocol.toLowerCase() },
      { name: `${portPrefix}_PORT`, value: String(sp.port) },
      { name: `${portPrefix}_ADDR`, value: ip },
    );
  });
  return out;
}

/** kube's envvars.FromServices, in its order. */
export function fromServices(services: readonly Service[]): EnvVar[] {
  const out: EnvVar[] = [];
  for (const svc of services) {
    const ports = svc.spec?.ports ?? [];
    // Why the ports check: kube indexes Ports[0]; a Service with a cluster IP always has one.
    if (!hasClusterIP(svc) || ports.length === 0) continue;
    const ip = svc.spec?.clusterIP ?? '';
    const prefix = envName(svc.metadata.name ?? '');
    out.push({ name: `${prefix}_SERVICE_HOST`, value: ip }, { name: `${prefix}_SERVICE_PORT`, value: String(ports[0]!.port) });
    for (const sp of ports) {
      if (sp.name) out.push({ name: `${prefix}_SERVICE_PORT_${envName(sp.name)}`, value: String(sp.port) });
    }
    out.push(...linkVariables(svc, ip));
  }
  return out;
}

export interface PodEnvInput {
  namespace: string;
  /** The pod's spec.enableServiceLinks; absent means true (its default). */
  enableServiceLinks?: boolean;
  /** Names the container sets in its own `env`. */
  containerEnvNames?: readonly string[];
  /** Every Service of the cluster. */
  services: readonly Service[];
}

/** The service variables of one container of a pod, sorted by name. */
export function serviceEnvForPod(input: PodEnvInput): EnvVar[] {
  const chosen = new Map<string, Service>();
  for (const svc of input.services) {
    if (!hasClusterIP(svc)) continue;
    const name = svc.metadata.name ?? '';
    if (svc.metadata.namespace === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, svc);
    } else if (svc.metadata.namespace === input.namespace && input.enableServiceLinks !== false) {
      chosen.set(name, svc);
    }
  }
  const byName = new Map<string, string>();
  for (const v of fromServices([...chosen.values()])) byName.set(v.name, v.value);
  const own = new Set(input.containerEnvNames ?? []);
  return [...byName].filter(([name]) => !own.has(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => ({ name, value }));
}
