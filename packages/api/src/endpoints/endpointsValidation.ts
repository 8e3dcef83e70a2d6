/**
 * Endpoints validation with kube's field paths, messages and order, on a defaulted object
 * (metadata is validated by the registry, not here).
 *
 * Contract: returns every problem found, never throws.
 * - Each subset needs `addresses` or `notReadyAddresses` (a headless Service's endpoints may have
 *   no ports).
 * - Each address, in this order: `ip` parses (legacy, sloppy parsing), `hostname` a DNS-1123
 *   label when set, `nodeName` a DNS-1123 subdomain when set, then `ip` is not special:
 *   unspecified, loopback, link-local or link-local multicast. An unparseable IP is therefore
 *   reported twice, once by each check, as kube does.
 * - Ports: a name is required only when the subset has several (and is then not checked for
 *   uniqueness), any name is a DNS-1123 label; port 1..65535; protocol TCP, UDP or SCTP;
 *   appProtocol a qualified name. targetRef is not checked.
 * - Update: the same rules (node names may change: a reused IP may move to another node).
 * Upstream: pkg/apis/core/validation/validation.go (ValidateEndpoints, ValidateEndpointsUpdate,
 * validateEndpointSubsets, validateEndpointAddress, ValidateNonSpecialIP, validateEndpointPort)
 */
import { field, type FieldError } from '../fieldError.js';
import { specialIPErrors, type SpecialIPOptions } from '../service/ipChecks.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidIP, isValidPortNum } from '../validation/names.js';
import { supportedPortProtocols, type EndpointAddress, type EndpointPort, type Endpoints, type EndpointSubset } from './types.js';

export function validateEndpoints(ep: Endpoints, o: SpecialIPOptions = {}): FieldError[] {
  return (ep.subsets ?? []).flatMap((ss, i) => validateSubset(ss, `subsets[${i}]`, o));
}

export function validateEndpointsUpdate(next: Endpoints, _old: Endpoints, o: SpecialIPOptions = {}): FieldError[] {
  return validateEndpoints(next, o);
}

function validateSubset(ss: EndpointSubset, path: string, o: SpecialIPOptions): FieldError[] {
  const errs: FieldError[] = [];
  const addresses = ss.addresses ?? [];
  const notReady = ss.notReadyAddresses ?? [];
  const ports = ss.ports ?? [];
  if (addresses.length === 0 && notReady.length === 0) errs.push(field.required(path, 'must specify `addresses` or `notReadyAddresses`'));
  addresses.forEach((a, i) => errs.push(...validateAddress(a, `${path}.addresses[${i}]`, o)));
  notReady.forEach((a, i) => errs.push(...validateAddress(a, `${path}.notReadyAddresses[${i}]`, o)));
  ports.forEach((p, i) => errs.push(...validatePort(p, ports.length > 1, `${path}.ports[${i}]`)));
  return errs;
}

function validateAddress(a: EndpointAddress, path: string, o: SpecialIPOptions): FieldError[] {
  const errs = isValidIP(a.ip).map((m) => field.invalid(`${path}.ip`, a.ip, m));
  if (a.hostname) errs.push(...validateDNSLabel(a.hostname, `${path}.hostname`));
  if (a.nodeName !== undefined) errs.push(...validateNodeName(a.nodeName, `${path}.nodeName`));
  errs.push(...validateNonSpecialIP(a.ip, `${path}.ip`, o));
  return errs;
}

function validatePort(p: EndpointPort, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(field.required(`${path}.name`));
  else if (p.name) errs.push(...validateDNSLabel(p.name, `${path}.name`));
  errs.push(...isValidPortNum(p.port).map((m) => field.invalid(`${path}.port`, p.port, m)));
  // A string in v1.Endpoints: empty is missing. (A pointer in discovery/v1, where "" is a value.)
  errs.push(...validateProtocol(p.protocol || undefined, `${path}.protocol`));
  if (p.appProtocol !== undefined) errs.push(...validateAppProtocol(p.appProtocol, `${path}.appProtocol`));
  return errs;
}

/**
 * ValidateNonSpecialIP: Endpoints, EndpointSlices (and external IPs) may not point at addresses
 * that are nonsensical (unspecified, loopback) or node-centric (link-local: the metadata service).
 */
export function validateNonSpecialIP(ip: string, path: string, o: SpecialIPOptions = {}): FieldError[] {
  return specialIPErrors(ip, o).map((m) => field.invalid(path, ip, m));
}

/** ValidateDNS1123Label: hostnames and port names. */
export function validateDNSLabel(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((m) => field.invalid(path, value, m));
}

/** ValidateNodeName: a node name is a DNS-1123 subdomain. */
export function validateNodeName(value: string, path: string): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => field.invalid(path, value, m));
}

/** ValidateQualifiedName on appProtocol. */
export function validateAppProtocol(value: string, path: string): FieldError[] {
  return isQualifiedName(value).map((m) => field.invalid(path, value, m));
}

/** A port protocol: required, and one of kube's three. */
export function validateProtocol(protocol: string | undefined, path: string): FieldError[] {
  if (protocol === undefined) return [field.required(path)];
  return supportedPortProtocols.includes(protocol) ? [] : [field.notSupported(path, protocol, supportedPortProtocols)];
}
