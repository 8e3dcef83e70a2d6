/**
 * Validation of the networking.k8s.io/v1 kinds behind ClusterIP allocation: ServiceCIDR (the
 * ranges) and IPAddress (one object per allocated IP, named by the IP).
 *
 * Contract: pure; kube's paths and messages; metadata is validated by the registry.
 * - ServiceCIDR: 1 or 2 CIDRs (one per family), each a valid CIDR; spec.cidrs is immutable.
 * - IPAddress: the name is an IP in canonical form; spec.parentRef is required with resource
 *   and name; parentRef is immutable.
 * Upstream: pkg/apis/networking/validation/validation.go (ValidateServiceCIDR,
 * ValidateIPAddress, ValidateIPAddressName and their Update variants)
 */
import { formatIP, parseCIDR, parseIP } from '../allocators/cidr.js';
import { field, type FieldError } from '../fieldError.js';
import type { KubeObject } from '../types.js';
import { isDNS1123Subdomain, isValidIP, type NameValidator } from '../validation/names.js';
import { GoLiteralFieldError, goStrings } from './goLiteral.js';
import { isValidCIDR } from './ipChecks.js';

/** A metav1.Condition as ServiceCIDR status carries it. */
export interface ServiceCIDRCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

export interface ServiceCIDRObject extends KubeObject {
  spec?: { cidrs?: string[] };
  status?: { conditions?: ServiceCIDRCondition[] };
}

export interface ParentReference {
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

export interface IPAddressObject extends KubeObject {
  spec?: { parentRef?: ParentReference };
}

export function validateServiceCIDR(obj: ServiceCIDRObject): FieldError[] {
  const cidrs = obj.spec?.cidrs ?? [];
  const path = 'spec.cidrs';
  const specLiteral = `networking.ServiceCIDRSpec{CIDRs:${goStrings(cidrs)}}`;
  if (cidrs.length === 0) return [field.required(path, 'at least one CIDR required')];
  if (cidrs.length > 2) return [new GoLiteralFieldError('FieldValueInvalid', path, specLiteral, 'may only hold up to 2 values')];
  if (cidrs.length === 2) {
    const [a, b] = cidrs.map((c) => parseCIDR(c));
    if (!a || !b || a.family === b.family) {
      return [new GoLiteralFieldError('FieldValueInvalid', path, specLiteral, 'may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64')];
    }
  }
  return cidrs.flatMap((c, i) => isValidCIDR(`${path}[${i}]`, c));
}

export function validateServiceCIDRUpdate(obj: ServiceCIDRObject, old: ServiceCIDRObject): FieldError[] {
  const now = obj.spec?.cidrs ?? [];
  const before = old.spec?.cidrs ?? [];
  const same = now.length === before.length && now.every((c, i) => c === before[i]);
  return same ? [] : [new GoLiteralFieldError('FieldValueInvalid', 'spec.cidrs', goStrings(now), 'field is immutable')];
}

/** IPAddress names are IPs, and canonical so one address has exactly one object. */
export const ipAddressNameValidator: NameValidator = (name) => {
  const bad = isValidIP(name);
  if (bad.length) return bad;
  const ip = parseIP(name)!;
  const canonical = formatIP(ip.family, ip.value);
  return canonical === name ? [] : [`must be in canonical form (${JSON.stringify(canonical)})`];
};

/** kube's path-segment rule for parentRef names (apimachinery path.IsValidPathSegmentName). */
function pathSegmentErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

export function validateIPAddress(obj: IPAddressObject): FieldError[] {
  const ref = obj.spec?.parentRef;
  if (!ref) return [field.required('spec.parentRef')];
  const p = 'spec.parentRef';
  const errs: FieldError[] = [];
  // group is required, but the core group of Services is the empty string, so it cannot be enforced.
  if (ref.group) errs.push(...isDNS1123Subdomain(ref.group).map((m) => field.invalid(`${p}.group`, ref.group, m)));
  for (const key of ['resource', 'name'] as const) {
    const v = ref[key] ?? '';
    if (!v) errs.push(field.required(`${p}.${key}`));
    else errs.push(...pathSegmentErrors(v).map((m) => field.invalid(`${p}.${key}`, v, m)));
  }
  if (ref.namespace) errs.push(...pathSegmentErrors(ref.namespace).map((m) => field.invalid(`${p}.namespace`, ref.namespace, m)));
  return errs;
}

export function validateIPAddressUpdate(obj: IPAddressObject, old: IPAddressObject): FieldError[] {
  const a = obj.spec?.parentRef;
  const b = old.spec?.parentRef;
  const same = JSON.stringify([a?.group ?? '', a?.resource ?? '', a?.namespace ?? '', a?.name ?? '']) === JSON.stringify([b?.group ?? '', b?.resource ?? '', b?.namespace ?? '', b?.name ?? '']);
  if (same && !!a === !!b) return [];
  const literal = a
    ? `networking.ParentReference{Group:${JSON.stringify(a.group ?? '')}, Resource:${JSON.stringify(a.resource ?? '')}, Namespace:${JSON.stringify(a.namespace ?? '')}, Name:${JSON.stringify(a.name ?? '')}}`
    : '"null"';
  return [new GoLiteralFieldError('FieldValueInvalid', 'spec.parentRef', literal, 'field is immutable')];
}
