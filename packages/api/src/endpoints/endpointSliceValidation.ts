/**
 * EndpointSlice validation with kube's field paths, messages and order, on a defaulted and
 * prepared slice (metadata is validated by the registry, not here).
 *
 * Contract: returns every problem found, never throws. In this order:
 * - `addressType`: required, one of FQDN, IPv4, IPv6.
 * - `endpoints`: at most 1000 (more is one TooMany and nothing else about them); per endpoint
 *   1..100 addresses, each checked by the address type: IPv4/IPv6 must parse as that family and
 *   (reported after) not be special, as Endpoints IPs; FQDN a fully qualified domain name; an
 *   unsupported type checks no address. Then `nodeName` a DNS-1123 subdomain, `hostname` a
 *   DNS-1123 label (an empty one too: it is a pointer), and hints: at most 8 zones (label
 *   values) and 8 nodes (node names), each named once.
 * - `ports`: at most 20000; names empty or DNS-1123 labels and unique (two unnamed ports clash);
 *   protocol required (only when null: defaulting fills it), one of SCTP, TCP, UDP; appProtocol
 *   a qualified name. Port numbers are not checked (nil means "all ports").
 * - update: the same, then `addressType` may not change.
 * deprecatedTopology is never validated here: every discovery/v1 write wipes it first.
 * Upstream: pkg/apis/discovery/validation/validation.go,
 * staging/src/k8s.io/apimachinery/pkg/util/validation/{ip.go,validation.go} (IsValidIPv4Address,
 * IsValidIPv6Address, IsFullyQualifiedDomainName)
 */
import { familyOfIP } from '../service/types.js';
import type { SpecialIPOptions } from '../service/ipChecks.js';
import { field, type FieldError } from '../fieldError.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidIP, isValidLabelValue } from '../validation/names.js';
import { validateAppProtocol, validateDNSLabel, validateNodeName, validateNonSpecialIP, validateProtocol } from './endpointsValidation.js';
import type { Endpoint, EndpointHints, EndpointSlice, SlicePort } from './types.js';

export const maxEndpoints = 1000;
export const maxAddresses = 100;
export const maxPorts = 20000;
const maxZoneHints = 8;
const maxNodeHints = 8;
const addressTypes = ['FQDN', 'IPv4', 'IPv6'];

export function validateEndpointSlice(slice: EndpointSlice, o: SpecialIPOptions = {}): FieldError[] {
  const errs = validateAddressType(slice.addressType);
  errs.push(...validateEndpointList(slice.endpoints ?? [], slice.addressType ?? '', o));
  errs.push(...validatePorts(slice.ports ?? []));
  return errs;
}

export function validateEndpointSliceUpdate(next: EndpointSlice, old: EndpointSlice, o: SpecialIPOptions = {}): FieldError[] {
  const errs = validateEndpointSlice(next, o);
  if ((next.addressType ?? '') !== (old.addressType ?? '')) errs.push(field.invalid('addressType', next.addressType ?? '', 'field is immutable'));
  return errs;
}

function validateAddressType(t: string | undefined): FieldError[] {
  if (!t) return [field.required('addressType')];
  return addressTypes.includes(t) ? [] : [field.notSupported('addressType', t, addressTypes)];
}

function validateEndpointList(endpoints: Endpoint[], addressType: string, o: SpecialIPOptions): FieldError[] {
  if (endpoints.length > maxEndpoints) return [field.tooMany('endpoints', endpoints.length, maxEndpoints)];
  return endpoints.flatMap((ep, i) => validateEndpoint(ep, addressType, `endpoints[${i}]`, o));
}

function validateEndpoint(ep: Endpoint, addressType: string, path: string, o: SpecialIPOptions): FieldError[] {
  const errs: FieldError[] = [];
  const addresses = ep.addresses ?? [];
  if (addresses.length === 0) errs.push(field.required(`${path}.addresses`, 'must contain at least 1 address'));
  else if (addresses.length > maxAddresses) errs.push(field.tooMany(`${path}.addresses`, addresses.length, maxAddresses));
  addresses.forEach((a, i) => errs.push(...validateAddress(a, addressType, `${path}.addresses[${i}]`, o)));
  if (ep.nodeName !== undefined) errs.push(...validateNodeName(ep.nodeName, `${path}.nodeName`));
  if (ep.hostname !== undefined) errs.push(...validateDNSLabel(ep.hostname, `${path}.hostname`));
  if (ep.hints !== undefined) errs.push(...validateHints(ep.hints, `${path}.hints`));
  return errs;
}

function validateAddress(address: string, addressType: string, path: string, o: SpecialIPOptions): FieldError[] {
  switch (addressType) {
    case 'IPv4':
    case 'IPv6': {
      const errs = ipFamilyOf(address) === addressType ? [] : [field.invalid(path, address, `must be a valid ${addressType} address`)];
      return [...errs, ...validateNonSpecialIP(address, path, o)];
    }
    case 'FQDN':
      return isFullyQualifiedDomainName(address, path);
    default:
      return [];
  }
}

/**
 * The family Go's sloppy parser gives an address (an IPv4-mapped IPv6 address is IPv4, as
 * net.IP.To4 sees it); undefined if it does not parse.
 */
function ipFamilyOf(address: string): 'IPv4' | 'IPv6' | undefined {
  return isValidIP(address).length ? undefined : familyOfIP(address);
}

/** IsFullyQualifiedDomainName: at least two labels; one trailing dot allowed. */
function isFullyQualifiedDomainName(name: string, path: string): FieldError[] {
  if (!name) return [field.required(path)];
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const sub = isDNS1123Subdomain(trimmed);
  if (sub.length) return [field.invalid(path, trimmed, sub.join(','))];
  const labels = trimmed.split('.');
  if (labels.length < 2) return [field.invalid(path, trimmed, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const bad = isDNS1123Label(label);
    if (bad.length) return [field.invalid(path, label, bad.join(','))];
  }
  return [];
}

function validateHints(hints: EndpointHints, path: string): FieldError[] {
  const zones = hints.forZones ?? [];
  if (zones.length > maxZoneHints) return [field.tooMany(`${path}.forZones`, zones.length, maxZoneHints)];
  const errs = validateNamedHints(zones, `${path}.forZones`, (name, p) => isValidLabelValue(name).map((m) => field.invalid(p, name, m)));
  const nodes = hints.forNodes ?? [];
  if (nodes.length > maxNodeHints) return [...errs, field.tooMany(`${path}.forNodes`, nodes.length, maxNodeHints)];
  errs.push(...validateNamedHints(nodes, `${path}.forNodes`, validateNodeName));
  return errs;
}

function validateNamedHints(list: Array<{ name: string }>, path: string, check: (name: string, path: string) => FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return list.flatMap(({ name }, i) => {
    const p = `${path}[${i}].name`;
    const errs = seen.has(name) ? [field.duplicate(p, name)] : [];
    seen.add(name);
    return [...errs, ...check(name, p)];
  });
}

function validatePorts(ports: SlicePort[]): FieldError[] {
  if (ports.length > maxPorts) return [field.tooMany('ports', ports.length, maxPorts)];
  const names = new Set<string>();
  return ports.flatMap((p, i) => {
    const path = `ports[${i}]`;
    const name = p.name ?? '';
    const errs = name ? validateDNSLabel(name, `${path}.name`) : [];
    if (names.has(name)) errs.push(field.duplicate(`${path}.name`, name));
    names.add(name);
    errs.push(...validateProtocol(p.protocol, `${path}.protocol`));
    if (p.appProtocol !== undefined) errs.push(...validateAppProtocol(p.appProtocol, `${path}.appProtocol`));
    return errs;
  });
}
