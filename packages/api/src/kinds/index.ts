/**
 * The built-in kinds, one descriptor each, in discovery order (core group first), and the
 * read-only lookups over them that clients and controllers use for the kinds they know.
 *
 * Contract: `newBuiltinScheme()` returns a fresh Scheme (a server owns and may extend its own);
 * the other exports describe the built-in kinds only and never change.
 * Adding a kind: write its descriptor beside these and list it in `builtinKinds` (README,
 * "Adding a kind").
 */
import type { Definitions } from '../openapi/schema.js';
import type { KindPrinter } from '../printers/kindPrinter.js';
import type { ResourceInfo } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { Scheme, type GroupVersion, type ProtobufKinds } from '../scheme/scheme.js';
import { configMapKind } from './configMap.js';
import { controllerRevisionKind } from './controllerRevision.js';
import { deploymentKind } from './deployment.js';
import { endpointSliceKind } from './endpointSlice.js';
import { endpointsKind } from './endpoints.js';
import { eventKind } from './event.js';
import { ipAddressKind } from './ipAddress.js';
import { leaseKind } from './lease.js';
import { namespaceKind } from './namespace.js';
import { nodeKind } from './node.js';
import { podKind } from './pod.js';
import { replicaSetKind } from './replicaSet.js';
import { secretKind } from './secret.js';
import { serviceKind } from './service.js';
import { serviceAccountKind } from './serviceAccount.js';
import { statefulSetKind } from './statefulSet.js';
import { serviceCIDRKind } from './serviceCIDR.js';

export const builtinKinds: readonly KindDescriptor[] = Object.freeze([
  namespaceKind,
  podKind,
  serviceKind,
  endpointsKind,
  nodeKind,
  eventKind,
  configMapKind,
  secretKind,
  serviceAccountKind,
  endpointSliceKind,
  leaseKind,
  deploymentKind,
  replicaSetKind,
  statefulSetKind,
  controllerRevisionKind,
  serviceCIDRKind,
  ipAddressKind,
]);

/** A server's scheme, starting with the built-in kinds. */
export function newBuiltinScheme(): Scheme {
  return new Scheme(builtinKinds);
}

// The built-in kinds' indexes, for code that only ever deals with them (clients, controllers,
// kubectl-lite). Never registered into: a server's own Scheme is the one that grows.
const builtin = newBuiltinScheme();

export const resources: readonly ResourceInfo[] = builtin.resources();

export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return builtin.findResource(group, version, plural);
}

export function findResourceByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return builtin.findResourceByKind(apiVersion, kind);
}

/** kubectl-style lookup (plural, singular, short name or kind, optionally `.group`). */
export function resolveResource(typed: string): ResourceInfo | undefined {
  return builtin.resolve(typed);
}

/** Every built-in API group with its version, in discovery order (core group `""` first). */
export function groupVersions(): GroupVersion[] {
  return [...builtin.groupVersions()];
}

/** The built-in kinds' OpenAPI definitions (shared meta ones and `<Kind>List`s included). */
export function builtinDefinitions(): Readonly<Definitions> {
  return builtin.definitions();
}

export function builtinProtobuf(): ProtobufKinds {
  return builtin.protobuf();
}

/** The built-in printer of `kind` (by kind alone, as kubectl-lite asks), if it has one. */
export function builtinPrinter(kind: string): { printer: KindPrinter | undefined; apiVersion: string } | undefined {
  const r = builtin.resources().find((x) => x.kind === kind);
  if (!r) return undefined;
  return { printer: builtin.descriptorOf(r)?.printer, apiVersion: r.group ? `${r.group}/${r.version}` : r.version };
}
