/**
 * SortSubsets: the canonical order kube gives an Endpoints' subsets — addresses by IP then
 * targetRef uid, ports and subsets by the md5 of their Go dump.
 *
 * Contract
 * - `goDumpSubset` / `goDumpPort` write a v1.EndpointSubset / v1.EndpointPort as kube's
 *   DeepHashObject prints it (go-spew `%#v` with DisableMethods: the top-level type in
 *   parentheses, every struct field as `Name:(type)value`, strings unquoted, slice elements
 *   without their type and separated by a space, a nil slice or pointer as `<nil>`, a pointer
 *   as `(*type)value`). Field order and types are k8s.io/api/core/v1's (v1.33): EndpointSubset
 *   {Addresses, NotReadyAddresses, Ports}, EndpointAddress {IP, Hostname, NodeName *string,
 *   TargetRef *ObjectReference}, ObjectReference {Kind, Namespace, Name, UID types.UID,
 *   APIVersion, ResourceVersion, FieldPath}, EndpointPort {Name, Port int32, Protocol
 *   v1.Protocol, AppProtocol *string}. An absent or empty address list is kube's nil slice.
 * - `sortSubsets(subsets)`: a new array; in each subset addresses sorted (LessEndpointAddress)
 *   and ports by the md5 of their dump, then the subsets by the md5 of theirs (bytes compared,
 *   as hex text). One subset with at most one port is returned without hashing.
 * Upstream: pkg/api/v1/endpoints/util.go (SortSubsets, LessEndpointAddress),
 * staging/src/k8s.io/apimachinery/pkg/util/dump/dump.go (ForHash), github.com/davecgh/go-spew
 * spew/format.go (formatPtr, format)
 */
import { createHash } from 'node:crypto';
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../endpointSliceMirroring/endpointTypes.js';

const str = (v: string | undefined): string => `(string)${v ?? ''}`;
const ptr = (type: string, v: string | undefined): string => (v === undefined ? `(*${type})<nil>` : `(*${type})${v}`);

function dumpAddress(a: EndpointAddress): string {
  const r = a.targetRef;
  const ref = r
    ? `(*v1.ObjectReference){Kind:${str(r.kind)} Namespace:${str(r.namespace)} Name:${str(r.name)} UID:(types.UID)${r.uid ?? ''} `
      + `APIVersion:${str(r.apiVersion)} ResourceVersion:${str(r.resourceVersion)} FieldPath:${str(r.fieldPath)}}`
    : '(*v1.ObjectReference)<nil>';
  return `{IP:${str(a.ip)} Hostname:${str(a.hostname)} NodeName:${ptr('string', a.nodeName)} TargetRef:${ref}}`;
}

function portBody(p: EndpointPort): string {
  return `{Name:${str(p.name)} Port:(int32)${p.port} Protocol:(v1.Protocol)${p.protocol ?? ''} AppProtocol:${ptr('string', p.appProtocol)}}`;
}

const list = <T>(type: string, items: readonly T[] | undefined, dump: (x: T) => string): string =>
  `([]v1.${type})${items?.length ? `[${items.map(dump).join(' ')}]` : '<nil>'}`;

export function goDumpPort(p: EndpointPort): string {
  return `(v1.EndpointPort)${portBody(p)}`;
}

export function goDumpSubset(s: EndpointSubset): string {
  return `(v1.EndpointSubset){Addresses:${list('EndpointAddress', s.addresses, dumpAddress)} `
    + `NotReadyAddresses:${list('EndpointAddress', s.notReadyAddresses, dumpAddress)} Ports:${list('EndpointPort', s.ports, portBody)}}`;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** LessEndpointAddress as a comparator: IP bytes, then no targetRef first, then targetRef uid. */
export function lessAddress(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  if (!a.targetRef || !b.targetRef) return (a.targetRef ? 1 : 0) - (b.targetRef ? 1 : 0);
  const ua = a.targetRef.uid ?? '';
  const ub = b.targetRef.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function byHash<T>(items: readonly T[], dump: (x: T) => string): T[] {
  if (items.length < 2) return [...items];
  return items.map((x) => ({ x, h: md5(dump(x)) })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0)).map(({ x }) => x);
}

export function sortSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const inner = subsets.map((s) => ({
    ...s,
    ...(s.addresses ? { addresses: [...s.addresses].sort(lessAddress) } : {}),
    ...(s.notReadyAddresses ? { notReadyAddresses: [...s.notReadyAddresses].sort(lessAddress) } : {}),
    ...(s.ports ? { ports: byHash(s.ports, goDumpPort) } : {}),
  }));
  return byHash(inner, goDumpSubset);
}
