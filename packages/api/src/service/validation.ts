/**
 * Service validation with kube's field paths, messages and order.
 *
 * Contract: `validateService` checks a defaulted Service (metadata is validated by the registry,
 * not here); `validateServiceUpdate` adds what may not change between the stored and the new
 * object, then runs `validateService`. Both return every problem found and never throw.
 * Quirks kept on purpose because clients see them: the source ranges path is
 * `spec.LoadBalancerSourceRanges`, the missing allocateLoadBalancerNodePorts error sits on
 * `allocateLoadBalancerNodePorts` (no `spec.`), and loadBalancerClass format errors appear
 * twice on update, exactly as kube reports them.
 * Upstream: pkg/apis/core/validation/validation.go (ValidateService, validateServicePort,
 * validateServiceExternalTrafficPolicy, ValidateServiceUpdate and helpers)
 */
import { field, type FieldError } from '../fieldError.js';
import { validateLabels } from '../validation/objectMeta.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidIP, isValidPortName, isValidPortNum } from '../validation/names.js';
import { validateClusterIPsRelatedFields, validateUpgradeDowngradeClusterIPs, validateUpgradeDowngradeIPFamilies } from './clusterIPsValidation.js';
import { GoLiteralFieldError, goServicePortKey } from './goLiteral.js';
import type { ParsedCIDR } from '../allocators/cidr.js';
import { specialIPErrors, isValidCIDR } from './ipChecks.js';
import {
  MaxClientIPServiceAffinitySeconds,
  externallyAccessible,
  isHeadless,
  needsHealthCheck,
  type Service,
  type ServicePort,
} from './types.js';

const sessionAffinities = ['ClientIP', 'None'];
const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const protocols = ['SCTP', 'TCP', 'UDP'];
const trafficPolicies = ['Cluster', 'Local'];
const annotationTopologyMode = 'service.kubernetes.io/topology-mode';
const annotationTopologyHints = 'service.kubernetes.io/topology-aware-hints';
const annotationSourceRanges = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export interface ServiceValidationOptions {
  /**
   * The allocator has not run yet (this registry validates before it allocates, kube after):
   * a missing healthCheckNodePort is then not an error, since allocation fills it in.
   */
  allocationPending?: boolean;
  /**
   * `up --dataplane` only (miniplane's deviation): loopback `externalIPs` inside these CIDRs are
   * accepted (kube refuses every loopback external IP). Default: none.
   */
  loopbackExternalIPs?: readonly ParsedCIDR[];
}

export function validateService(svc: Service, opts: ServiceValidationOptions = {}): FieldError[] {
  const s = svc.spec ?? {};
  const errs: FieldError[] = [];
  const ann = svc.metadata.annotations ?? {};
  if (annotationTopologyMode in ann && annotationTopologyHints in ann && ann[annotationTopologyMode] !== ann[annotationTopologyHints]) {
    errs.push(field.invalid(`metadata.annotations[${annotationTopologyMode}]`, ann[annotationTopologyMode], `must match annotations[${annotationTopologyHints}] when both are specified`));
  }
  const ports = s.ports ?? [];
  if (ports.length === 0 && !isHeadless(svc) && s.type !== 'ExternalName') errs.push(field.required('spec.ports'));
  errs.push(...validateTypeSpecifics(svc));
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (s.selector !== undefined) errs.push(...validateLabels(s.selector, 'spec.selector'));
  errs.push(...validateSessionAffinity(svc));
  errs.push(...validateClusterIPsRelatedFields(svc));
  (s.externalIPs ?? []).forEach((ip, i) => {
    const bad = isValidIP(ip);
    if (bad.length) errs.push(...bad.map((m) => field.invalid(`spec.externalIPs[${i}]`, ip, m)));
    else errs.push(...specialIPErrors(ip, { loopbackAllowed: opts.loopbackExternalIPs }).map((m) => field.invalid(`spec.externalIPs[${i}]`, ip, m)));
  });
  if (!s.type) errs.push(field.required('spec.type'));
  else if (!serviceTypes.includes(s.type)) errs.push(field.notSupported('spec.type', s.type, serviceTypes));
  if (s.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(field.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  errs.push(...validateDuplicatePorts(ports));
  errs.push(...validateSourceRanges(svc));
  if (s.allocateLoadBalancerNodePorts !== undefined && s.type !== 'LoadBalancer') {
    errs.push(field.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts === undefined) errs.push(field.required('allocateLoadBalancerNodePorts'));
  errs.push(...validateLoadBalancerClass(undefined, svc));
  errs.push(...validateExternalTrafficPolicy(svc, opts));
  if (s.internalTrafficPolicy === undefined) {
    // Not required for ExternalName, for historical reasons (stored objects must stay valid).
    if (s.type === 'NodePort' || s.type === 'LoadBalancer' || s.type === 'ClusterIP') errs.push(field.required('spec.internalTrafficPolicy'));
  } else if (!trafficPolicies.includes(s.internalTrafficPolicy)) {
    errs.push(field.notSupported('spec.internalTrafficPolicy', s.internalTrafficPolicy, trafficPolicies));
  }
  if (s.trafficDistribution !== undefined && s.trafficDistribution !== 'PreferClose') {
    errs.push(field.notSupported('spec.trafficDistribution', s.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

export function validateServiceUpdate(svc: Service, old: Service, opts: ServiceValidationOptions = {}): FieldError[] {
  const errs = [...validateUpgradeDowngradeClusterIPs(old, svc), ...validateUpgradeDowngradeIPFamilies(old, svc)];
  errs.push(...validateLoadBalancerClass(old, svc));
  if (needsHealthCheck(old) && needsHealthCheck(svc) && (old.spec?.healthCheckNodePort ?? 0) !== (svc.spec?.healthCheckNodePort ?? 0)) {
    errs.push(field.forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return [...errs, ...validateService(svc, opts)];
}

function validateTypeSpecifics(svc: Service): FieldError[] {
  const s = svc.spec ?? {};
  const errs: FieldError[] = [];
  if ((s.type === 'LoadBalancer' || s.type === 'NodePort') && isHeadless(svc)) {
    errs.push(field.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${s.type} services`));
  }
  if (s.type !== 'ExternalName') return errs;
  if (s.clusterIPs?.length) errs.push(field.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
  if (s.ipFamilies?.length) errs.push(field.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
  if (s.ipFamilyPolicy !== undefined) errs.push(field.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
  // A CNAME may end in one dot to mark it fully qualified.
  const cname = (s.externalName ?? '').replace(/\.$/, '');
  if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => field.invalid('spec.externalName', cname, m)));
  else errs.push(field.required('spec.externalName'));
  return errs;
}

function validateServicePort(p: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = p.name ?? '';
  if (requireName && !name) errs.push(field.required(`${path}.name`));
  else if (name) {
    errs.push(...isDNS1123Label(name).map((m) => field.invalid(`${path}.name`, name, m)));
    if (names.has(name)) errs.push(field.duplicate(`${path}.name`, name));
    else names.add(name);
  }
  errs.push(...isValidPortNum(p.port).map((m) => field.invalid(`${path}.port`, p.port, m)));
  if (!p.protocol) errs.push(field.required(`${path}.protocol`));
  else if (!protocols.includes(p.protocol)) errs.push(field.notSupported(`${path}.protocol`, p.protocol, protocols));
  const tp = p.targetPort ?? 0;
  const tpErrs = typeof tp === 'number' ? isValidPortNum(tp) : isValidPortName(tp);
  errs.push(...tpErrs.map((m) => field.invalid(`${path}.targetPort`, tp, m)));
  if (p.appProtocol !== undefined) errs.push(...isQualifiedName(p.appProtocol).map((m) => field.invalid(`${path}.appProtocol`, p.appProtocol, m)));
  return errs;
}

function validateSessionAffinity(svc: Service): FieldError[] {
  const s = svc.spec ?? {};
  const errs: FieldError[] = [];
  if (!s.sessionAffinity) errs.push(field.required('spec.sessionAffinity'));
  else if (!sessionAffinities.includes(s.sessionAffinity)) errs.push(field.notSupported('spec.sessionAffinity', s.sessionAffinity, sessionAffinities));
  if (s.sessionAffinity === 'ClientIP') {
    const when = 'when session affinity type is ClientIP';
    const cfg = s.sessionAffinityConfig;
    if (!cfg) errs.push(field.required('spec.sessionAffinityConfig', when));
    else if (!cfg.clientIP) errs.push(field.required('spec.sessionAffinityConfig.clientIP', when));
    else if (cfg.clientIP.timeoutSeconds === undefined) errs.push(field.required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', when));
    else {
      const t = cfg.clientIP.timeoutSeconds;
      if (t <= 0 || t > MaxClientIPServiceAffinitySeconds) {
        errs.push(field.invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, `must be greater than 0 and less than ${MaxClientIPServiceAffinitySeconds}`));
      }
    }
  } else if (s.sessionAffinity === 'None' && s.sessionAffinityConfig !== undefined) {
    errs.push(field.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  return errs;
}

/** Duplicate (protocol, nodePort) pairs, then duplicate (protocol, port) pairs. */
function validateDuplicatePorts(ports: ServicePort[]): FieldError[] {
  const errs: FieldError[] = [];
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(field.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(new GoLiteralFieldError('FieldValueDuplicate', `spec.ports[${i}]`, goServicePortKey(p)));
    seen.add(key);
  });
  return errs;
}

function validateSourceRanges(svc: Service): FieldError[] {
  const s = svc.spec ?? {};
  const errs: FieldError[] = [];
  const lbOnly = "may only be used when `type` is 'LoadBalancer'";
  const annotation = svc.metadata.annotations?.[annotationSourceRanges];
  if (s.loadBalancerSourceRanges?.length) {
    const path = 'spec.LoadBalancerSourceRanges';
    if (s.type !== 'LoadBalancer') errs.push(field.forbidden(path, lbOnly));
    // Space padding is tolerated: the field grew out of the annotation, which allowed it.
    s.loadBalancerSourceRanges.forEach((v, i) => errs.push(...isValidCIDR(`${path}[${i}]`, v.trim())));
  } else if (annotation !== undefined) {
    const path = `metadata.annotations[${annotationSourceRanges}]`;
    if (s.type !== 'LoadBalancer') errs.push(field.forbidden(path, lbOnly));
    const val = annotation.trim();
    if (val) for (const v of val.split(',')) errs.push(...isValidCIDR(path, v.trim()));
  }
  return errs;
}

function validateLoadBalancerClass(old: Service | undefined, svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const cls = svc.spec?.loadBalancerClass;
  const isLB = svc.spec?.type === 'LoadBalancer';
  if (old && old.spec?.type === 'LoadBalancer' && isLB && old.spec.loadBalancerClass !== cls) {
    errs.push(field.invalid('spec.loadBalancerClass', cls ?? 'null', 'may not change once set'));
  }
  if (isLB) {
    if (cls !== undefined) errs.push(...isQualifiedName(cls).map((m) => field.invalid('spec.loadBalancerClass', cls, m)));
  } else if (cls !== undefined) {
    errs.push(field.forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

function validateExternalTrafficPolicy(svc: Service, opts: ServiceValidationOptions): FieldError[] {
  const s = svc.spec ?? {};
  const errs: FieldError[] = [];
  const etp = s.externalTrafficPolicy ?? '';
  if (!externallyAccessible(svc)) {
    if (etp) errs.push(field.invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) {
    errs.push(field.required('spec.externalTrafficPolicy'));
  } else if (!trafficPolicies.includes(etp)) {
    errs.push(field.notSupported('spec.externalTrafficPolicy', etp, trafficPolicies));
  }
  const hc = s.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(svc)) {
    if (hc !== 0) {
      errs.push(field.invalid('spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (hc === 0) {
    if (!opts.allocationPending) errs.push(field.required('spec.healthCheckNodePort'));
  } else {
    errs.push(...isValidPortNum(hc).map((m) => field.invalid('spec.healthCheckNodePort', hc, m)));
  }
  return errs;
}
