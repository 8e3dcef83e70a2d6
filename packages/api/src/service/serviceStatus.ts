/**
 * A Service `/status` write before validation: the status the client sent, defaulted the way
 * kube's decoder defaults it, in kube's wire form.
 *
 * Contract: pure; returns a new Service and never edits its inputs.
 * - ipMode defaulting (v1 SetDefaults_Service, LoadBalancerIPMode GA): every ingress entry with
 *   an `ip` and no `ipMode` gets "VIP", but only when the *body's* spec.type, after type
 *   defaulting ("" → ClusterIP), is LoadBalancer. kube defaults the decoded request object before
 *   the status strategy copies the stored spec back, so a PUT whose body leaves out the spec gets
 *   no default (and validation then asks for ipMode). A PATCH body is the patched stored object.
 * - Wire form (Go's struct order and omitempty): `status.loadBalancer` is always present;
 *   `ingress` is dropped when empty; per entry ip, hostname, ipMode, ports, empty ones dropped;
 *   per port port, protocol (both always written), error (dropped when null). Keys kube does not
 *   know are kept last, as compactService does for the spec.
 * Upstream: pkg/apis/core/v1/defaults.go (SetDefaults_Service),
 * pkg/registry/core/service/strategy.go (serviceStatusStrategy.PrepareForUpdate)
 */
import { isPlainObject, type KubeObject } from '../types.js';
import type { LoadBalancerIngress, PortStatus } from './loadBalancerStatusValidation.js';
import type { Service } from './types.js';

type Json = Record<string, unknown>;

/** The spec.type kube's defaulting sees in a request body. */
export function bodyServiceType(body: KubeObject): string {
  const spec: unknown = body.spec;
  const type = isPlainObject(spec) ? spec.type : undefined;
  return typeof type === 'string' && type !== '' ? type : 'ClusterIP';
}

/** `next` carries the body's status over the stored object; `body` is what was decoded. */
export function prepareServiceStatusUpdate(next: Service, body: KubeObject): Service {
  const defaultIPMode = bodyServiceType(body) === 'LoadBalancer';
  return { ...next, status: serviceStatusWireForm(next.status, defaultIPMode) };
}

/** ServiceStatus in kube's wire form; `defaultIPMode` applies the VIP default to ingress IPs. */
export function serviceStatusWireForm(status: unknown, defaultIPMode: boolean): NonNullable<Service['status']> {
  const st: Json = isPlainObject(status) ? status : {};
  const lb: Json = isPlainObject(st.loadBalancer) ? st.loadBalancer : {};
  const { loadBalancer: _lb, conditions, ...unknownStatus } = st;
  const { ingress, ...unknownLB } = lb;
  const loadBalancer: Json = {};
  if (Array.isArray(ingress) && ingress.length > 0) {
    // Go decodes a null list element as the zero value: an empty entry.
    loadBalancer.ingress = ingress.map((i: unknown) => (i === null ? {} : isPlainObject(i) ? ingressWireForm(i, defaultIPMode) : i));
  } else if (ingress !== undefined && ingress !== null && !Array.isArray(ingress)) {
    // A non-list is left for the type checks to refuse; nothing here invents a value.
    loadBalancer.ingress = ingress;
  }
  const out: Json = { loadBalancer: { ...loadBalancer, ...unknownLB } };
  if (conditions !== undefined && conditions !== null && !(Array.isArray(conditions) && conditions.length === 0)) out.conditions = conditions;
  return { ...out, ...unknownStatus } as NonNullable<Service['status']>;
}

function ingressWireForm(i: Json, defaultIPMode: boolean): LoadBalancerIngress {
  const { ip, hostname, ipMode, ports, ...unknown } = i as LoadBalancerIngress & Json;
  const out: Json = {};
  if (ip !== undefined && ip !== null && ip !== '') out.ip = ip;
  if (hostname !== undefined && hostname !== null && hostname !== '') out.hostname = hostname;
  if (ipMode !== undefined && ipMode !== null) out.ipMode = ipMode;
  else if (defaultIPMode && typeof out.ip === 'string') out.ipMode = 'VIP';
  if (Array.isArray(ports) && ports.length > 0) out.ports = ports.map((p: unknown) => (p === null ? portWireForm({}) : isPlainObject(p) ? portWireForm(p) : p));
  else if (ports !== undefined && ports !== null && !Array.isArray(ports)) out.ports = ports;
  return { ...out, ...unknown };
}

function portWireForm(p: Json): PortStatus {
  const { port, protocol, error, ...unknown } = p as PortStatus & Json;
  const out: Json = { port: port ?? 0, protocol: protocol ?? '' };
  if (error !== undefined && error !== null) out.error = error;
  return { ...out, ...unknown };
}
