/**
 * Validation of a Service's `status.loadBalancer` on `/status` writes, as kube-apiserver v1.33
 * (default feature gates) does it.
 *
 * Contract: pure; returns field errors in kube's order, never throws, never edits its input.
 * - Ingress on a Service whose spec.type is not LoadBalancer: one Forbidden on
 *   `status.loadBalancer.ingress`, nothing else checked (AllowServiceLBStatusOnNonLB is locked
 *   off since 1.32).
 * - Per entry, in this order: `ip` (when set) parses as an IP the legacy, sloppy way (leading
 *   zeros allowed: StrictIPCIDRValidation is off by default); `ipMode` (LoadBalancerIPMode is GA):
 *   Required when `ip` is set and it is nil, else Forbidden when `ip` is empty, else one of
 *   "Proxy"/"VIP"; `hostname` (when set) is a DNS-1123 subdomain and not an IP address.
 * - `ports[]` (port, protocol, error) is not validated: kube's ValidateLoadBalancerStatus does not
 *   look at it (the limits on `error` are API documentation only).
 * A JSON null is Go's nil: an `ipMode: null` is absent, an `ipMode: ""` is a set, unsupported value.
 * Upstream: pkg/apis/core/validation/validation.go (ValidateServiceStatusUpdate,
 * ValidateLoadBalancerStatus)
 */
import { field, type FieldError } from '../fieldError.js';
import { isDNS1123Subdomain, isValidIP } from '../validation/names.js';
import type { Service, ServiceSpec } from './types.js';

/** sets.List(supportedLoadBalancerIPMode): sorted. */
export const supportedLoadBalancerIPModes = ['Proxy', 'VIP'];

export interface PortStatus {
  port?: number;
  protocol?: string;
  error?: string | null;
}

export interface LoadBalancerIngress {
  ip?: string | null;
  hostname?: string | null;
  ipMode?: string | null;
  ports?: PortStatus[] | null;
}

export interface LoadBalancerStatus {
  ingress?: LoadBalancerIngress[] | null;
}

/**
 * ValidateServiceStatusUpdate without the ObjectMeta part (the registry checks metadata for every
 * kind). The spec is the stored one: a status write never changes it.
 */
export function validateServiceStatusUpdate(next: Service): FieldError[] {
  const lb = next.status?.loadBalancer as LoadBalancerStatus | undefined;
  return validateLoadBalancerStatus(lb, 'status.loadBalancer', next.spec);
}

/** ValidateLoadBalancerStatus: `path` is where `status` sits (`status.loadBalancer`). */
export function validateLoadBalancerStatus(status: LoadBalancerStatus | undefined, path: string, spec: ServiceSpec | undefined): FieldError[] {
  const ingress = Array.isArray(status?.ingress) ? status.ingress : [];
  const ingrPath = `${path}.ingress`;
  if (spec?.type !== 'LoadBalancer' && ingress.length !== 0) {
    return [field.forbidden(ingrPath, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  return ingress.flatMap((ing, i) => validateIngress(ing ?? {}, `${ingrPath}[${i}]`));
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function validateIngress(ing: LoadBalancerIngress, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ip = text(ing.ip);
  const hostname = text(ing.hostname);
  const ipMode = ing.ipMode ?? undefined;
  if (ip) for (const msg of isValidIP(ip)) errs.push(field.invalid(`${path}.ip`, ip, msg));
  // Defaulting gives an ingress with an ip the mode VIP, so this Required is only seen when the
  // body's own spec.type was not LoadBalancer (a bare status PUT): kube reports it the same way.
  if (ipMode === undefined) {
    if (ip) errs.push(field.required(`${path}.ipMode`, 'must be specified when `ip` is set'));
  } else if (!ip) {
    errs.push(field.forbidden(`${path}.ipMode`, 'may not be specified when `ip` is not set'));
  } else if (!supportedLoadBalancerIPModes.includes(ipMode)) {
    errs.push(field.notSupported(`${path}.ipMode`, ipMode, supportedLoadBalancerIPModes));
  }
  if (hostname) {
    for (const msg of isDNS1123Subdomain(hostname)) errs.push(field.invalid(`${path}.hostname`, hostname, msg));
    if (isValidIP(hostname).length === 0) errs.push(field.invalid(`${path}.hostname`, hostname, 'must be a DNS name, not an IP address'));
  }
  return errs;
}
