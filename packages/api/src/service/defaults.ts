/**
 * Service defaulting and the create/update preparation of kube's Service strategy.
 *
 * Contract: pure; every function returns a new Service and never edits its input.
 * - `defaultService`: v1 SetDefaults_Service (type, protocol, targetPort, sessionAffinity and its
 *   config, externalTrafficPolicy, internalTrafficPolicy, allocateLoadBalancerNodePorts).
 * - `prepareServiceForCreate` / `prepareServiceForUpdate`: the strategy's PrepareFor* steps on a
 *   Service already defaulted (the registry defaults every write once, as kube's decoder does): keep clusterIP and clusterIPs in sync, keep allocated values a client left
 *   out, and wipe type-dependent fields the new type no longer uses (only when the client did
 *   not also change them, so validation still sees a deliberate conflict).
 * The cluster-dependent IP-family defaulting lives in ipFamilies.ts (it needs the configuration).
 * Upstream: pkg/apis/core/v1/defaults.go (SetDefaults_Service),
 * pkg/registry/core/service/strategy.go (PrepareForCreate/Update and their helpers)
 */
import { deepClone } from '../patch/jsonValue.js';
import {
  DefaultClientIPServiceAffinitySeconds,
  collectNodePorts,
  externallyAccessible,
  needsClusterIP,
  needsHealthCheck,
  needsNodePort,
  sameStrings,
  type Service,
  type ServiceSpec,
} from './types.js';

/** v1 SetDefaults_Service. */
export function defaultService(input: Service): Service {
  const svc: Service = deepClone(input);
  const s: ServiceSpec = (svc.spec ??= {});
  if (!s.sessionAffinity) s.sessionAffinity = 'None';
  if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
  if (s.sessionAffinity === 'ClientIP' && s.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    s.sessionAffinityConfig = { clientIP: { timeoutSeconds: DefaultClientIPServiceAffinitySeconds } };
  }
  if (!s.type) s.type = 'ClusterIP';
  for (const p of s.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    // intstr's zero value (int 0) and the empty string both mean "same as port".
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(svc) && !s.externalTrafficPolicy) s.externalTrafficPolicy = 'Cluster';
  if (s.internalTrafficPolicy === undefined && (s.type === 'NodePort' || s.type === 'LoadBalancer' || s.type === 'ClusterIP')) {
    s.internalTrafficPolicy = 'Cluster';
  }
  if (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts === undefined) s.allocateLoadBalancerNodePorts = true;
  return svc;
}

/** Create of a defaulted Service: status reset, and clusterIPs initialised from a lone clusterIP. */
export function prepareServiceForCreate(input: Service): Service {
  const svc = normalizeClusterIPsInPlace(undefined, owned(deepClone(input)));
  svc.status = { loadBalancer: {} };
  return svc;
}

/** Update (PUT or patch result) of a defaulted Service: the strategy's PrepareForUpdate steps. */
export function prepareServiceForUpdate(input: Service, old: Service): Service {
  // A fresh copy: the steps below edit it in place.
  const svc = deepClone(input);
  svc.status = deepClone(old.status ?? { loadBalancer: {} });
  patchAllocatedValuesInPlace(owned(svc), old);
  normalizeClusterIPsInPlace(old, owned(svc));
  dropTypeDependentFieldsInPlace(owned(svc), old);
  return trimFieldsForDualStackDowngrade(svc, old);
}

/** A Service this module made (a copy) and may edit, with its spec. */
interface Owned {
  svc: Service;
  s: ServiceSpec;
}

function owned(svc: Service): Owned {
  return { svc, s: (svc.spec ??= {}) };
}

function cloneWithSpec(svc: Service): Owned {
  return owned(deepClone(svc));
}

/**
 * Keeps values the server allocated when a client resubmits without them (same YAML twice):
 * clusterIP(s), nodePorts matched by port name, healthCheckNodePort.
 */
export function patchAllocatedValues(input: Service, old: Service): Service {
  return patchAllocatedValuesInPlace(cloneWithSpec(input), old);
}

function patchAllocatedValuesInPlace({ svc, s }: Owned, old: Service): Service {
  const o = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!s.clusterIP && o.clusterIP) s.clusterIP = o.clusterIP;
    if (!s.clusterIPs?.length && o.clusterIPs?.length) s.clusterIPs = [...o.clusterIPs];
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const byName = new Map<string, number>();
    for (const p of o.ports ?? []) byName.set(p.name ?? '', p.nodePort ?? 0);
    for (const p of s.ports ?? []) {
      if (!p.nodePort && byName.get(p.name ?? '')) p.nodePort = byName.get(p.name ?? '');
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(svc) && !s.healthCheckNodePort && o.healthCheckNodePort) {
    s.healthCheckNodePort = o.healthCheckNodePort;
  }
  return svc;
}

/**
 * Keeps clusterIP and clusterIPs in sync when a client manages only one of them (old clients
 * know only the singular field). On create with `old` undefined.
 */
export function normalizeClusterIPs(old: Service | undefined, input: Service): Service {
  return normalizeClusterIPsInPlace(old, cloneWithSpec(input));
}

function normalizeClusterIPsInPlace(old: Service | undefined, { svc, s }: Owned): Service {
  const ip = s.clusterIP ?? '';
  if (!old) {
    if (ip && !s.clusterIPs?.length) s.clusterIPs = [ip];
    return svc;
  }
  const o = old.spec ?? {};
  const oldIP = o.clusterIP ?? '';
  // An old client patching some other field sends clusterIP but no clusterIPs.
  if (o.clusterIPs?.length && !s.clusterIPs?.length && oldIP === ip) s.clusterIPs = [...o.clusterIPs];
  if (oldIP !== ip) {
    if (oldIP && !ip) {
      // Clearing the singular field with the plural untouched clears both.
      if (sameStrings(o.clusterIPs, s.clusterIPs)) delete s.clusterIPs;
    } else if (sameStrings(o.clusterIPs, s.clusterIPs)) {
      s.clusterIPs = [ip];
    }
  }
  return svc;
}

/**
 * Services are a union discriminated by `type`: fields the new type does not use are wiped,
 * but only when the client did not change them too (then validation reports the conflict).
 * Wiped allocations are released by the allocator afterwards. A non-LoadBalancer loses its
 * load-balancer status.
 */
export function dropTypeDependentFields(input: Service, old: Service): Service {
  return dropTypeDependentFieldsInPlace(cloneWithSpec(input), old);
}

function dropTypeDependentFieldsInPlace({ svc, s }: Owned, old: Service): Service {
  const o = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if ((o.clusterIP ?? '') === (s.clusterIP ?? '') && sameStrings(o.clusterIPs, s.clusterIPs)) {
      delete s.clusterIP;
      delete s.clusterIPs;
    }
    if (sameStrings(o.ipFamilies, s.ipFamilies)) delete s.ipFamilies;
    if ((o.ipFamilyPolicy ?? '') === (s.ipFamilyPolicy ?? '')) delete s.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(svc)) {
    // Users may add, remove or edit ports, as long as they add no net-new nodePort.
    const oldPorts = new Set(collectNodePorts(old));
    if (collectNodePorts(svc).every((n) => oldPorts.has(n))) for (const p of s.ports ?? []) delete p.nodePort;
  }
  if (needsHealthCheck(old) && !needsHealthCheck(svc) && (o.healthCheckNodePort ?? 0) === (s.healthCheckNodePort ?? 0)) {
    delete s.healthCheckNodePort;
  }
  if (o.type === 'LoadBalancer' && s.type !== 'LoadBalancer') {
    if (s.allocateLoadBalancerNodePorts !== undefined && s.allocateLoadBalancerNodePorts === o.allocateLoadBalancerNodePorts) {
      delete s.allocateLoadBalancerNodePorts;
    }
    if (s.loadBalancerClass === o.loadBalancerClass) delete s.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(svc) && (o.externalTrafficPolicy ?? '') === (s.externalTrafficPolicy ?? '')) {
    delete s.externalTrafficPolicy;
  }
  // LB de-provisioning is asynchronous in reality; the user need not see that.
  if (s.type !== 'LoadBalancer' && svc.status) svc.status = { ...svc.status, loadBalancer: {} };
  return svc;
}

/** Setting ipFamilyPolicy SingleStack on a dual-stack Service drops the secondary IP and family. */
export function trimFieldsForDualStackDowngrade(input: Service, old: Service): Service {
  const oldPolicy = old.spec?.ipFamilyPolicy;
  const wasDual = oldPolicy === 'RequireDualStack' || oldPolicy === 'PreferDualStack';
  if (!wasDual || input.spec?.ipFamilyPolicy !== 'SingleStack') return input;
  const { svc, s } = cloneWithSpec(input);
  if ((s.clusterIPs?.length ?? 0) > 1) s.clusterIPs = s.clusterIPs!.slice(0, 1);
  if ((s.ipFamilies?.length ?? 0) > 1) s.ipFamilies = s.ipFamilies!.slice(0, 1);
  return svc;
}
