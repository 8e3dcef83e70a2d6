/**
 * Service fixtures and helpers shared by the services*.test.ts files: a builder with overrides
 * and small readers for what a test asserts on (IPs, node ports, IPAddress objects).
 */
import type { TestServer } from './harness.js';

export const svcs = '/api/v1/namespaces/default/services';
export const ipaddresses = '/apis/networking.k8s.io/v1/ipaddresses';
export const servicecidrs = '/apis/networking.k8s.io/v1/servicecidrs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A valid ClusterIP Service (selector app=<name>, port 80) with spec overrides. */
export function svc(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Json {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, ...metadata }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } };
}

export async function create(s: TestServer, body: Json, path = svcs): Promise<Json> {
  const r = await s.req('POST', path, body);
  if (r.status !== 201) throw new Error(`create ${body.metadata?.name}: ${r.status} ${r.text}`);
  return r.body;
}

/** Names of the IPAddress objects, and the Service each points at. */
export async function ipAddressOwners(s: TestServer): Promise<Record<string, string>> {
  const items: Json[] = (await s.req('GET', ipaddresses)).body.items;
  return Object.fromEntries(items.map((i) => [i.metadata.name, `${i.spec.parentRef.namespace}/${i.spec.parentRef.name}`]));
}

export function nodePorts(body: Json): number[] {
  return (body.spec.ports ?? []).map((p: Json) => p.nodePort);
}

/** GET, edit with fn, PUT; returns the reply. */
export async function edit(s: TestServer, name: string, fn: (o: Json) => void) {
  const cur = (await s.req('GET', `${svcs}/${name}`)).body;
  fn(cur);
  return s.req('PUT', `${svcs}/${name}`, cur);
}
