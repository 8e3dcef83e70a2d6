/**
 * The REST verbs on every served resource, dispatched from one parsed RequestInfo to one short
 * handler per verb: get and list (readHandlers.ts), watch, create, update and patch
 * (writeHandlers.ts, in front of the registry's write pipeline), delete and deletecollection
 * (deleteHandlers.ts), and the scale, pods/binding, pods/eviction and pods/log subresources.
 *
 * Contract: a method kube installs no route for is go-restful's 405; a subresource the
 * resource does not serve is a 404; responses are the handlers' (kube's codes).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/installer.go
 */
import { MethodNotAllowed, MethodNotSupported, PathNotFound, type ResourceInfo } from '@miniplane/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupResource } from '../registry/resourceRegistry.js';
import { bindPod } from './binding.js';
import { deleteObject, deleteObjects } from './deleteHandlers.js';
import { bool, dryRun, dryRunValues, type Query } from './query.js';
import { evictPod } from './eviction.js';
import { podLog } from './podLog.js';
import { getObject, listObjects } from './readHandlers.js';
import type { RequestInfo } from './requestInfo.js';
import { scaleVerb } from './scale.js';
import type { HandlerDeps, VerbRequest } from './verbRequest.js';
import { createObject, patchObject, updateObject } from './writeHandlers.js';

export type { HandlerDeps } from './verbRequest.js';

const verbs: Readonly<Record<string, (r: VerbRequest) => unknown>> = {
  get: getObject,
  list: listObjects,
  watch: (r) => r.deps.watch(r.req, r.reply, r.info, r.ns, r.q),
  create: createObject,
  update: updateObject,
  patch: patchObject,
  delete: deleteObject,
  deletecollection: deleteObjects,
};

/** The verb kube's metrics and audit would record for this request. */
export function verbOf(method: string, ri: RequestInfo, q: Query): string {
  switch (method) {
    case 'GET':
      return ri.name ? 'get' : bool(q, 'watch') ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return ri.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/**
 * Whether kube installs a route for this method on this kind of path (installer.go): a
 * collection takes GET, POST and DELETE (when the resource serves deletecollection), an object
 * GET, PUT, PATCH and DELETE, its status and scale GET, PUT and PATCH. Anything else is
 * go-restful's 405, before any handler runs (so `PATCH .../configmaps` or `DELETE .../x/status`
 * never reach a verb).
 */
function routeAllows(method: string, info: ResourceInfo, ri: RequestInfo): boolean {
  if (!ri.name) return method === 'GET' || method === 'POST' || (method === 'DELETE' && info.verbs.includes('deletecollection'));
  if (ri.subresource) return method === 'GET' || method === 'PUT' || method === 'PATCH';
  return method !== 'POST';
}

export async function handleResource(deps: HandlerDeps, req: FastifyRequest, reply: FastifyReply, ri: RequestInfo): Promise<unknown> {
  const info = ri.resource;
  if (!info) throw new PathNotFound();
  const q = req.query as Query;
  const ns = info.namespaced ? ri.namespace : undefined;
  const sub = ri.subresource ?? '';
  if ((sub === 'binding' || sub === 'eviction') && info.subresources.includes(sub) && ns && ri.name) {
    if (req.method !== 'POST') throw new MethodNotSupported({ group: '', resource: `pods/${sub}` }, verbOf(req.method, ri, q));
    reply.code(201);
    const [type, body] = [req.headers['content-type'], req.body as Buffer | undefined];
    if (sub === 'eviction') return evictPod(deps.registry, info, ns, ri.name, type, body, dryRunValues(q));
    return bindPod(deps.registry, info, ns, ri.name, type, body, dryRun(q));
  }
  if (sub === 'log' && info.subresources.includes(sub) && ns && ri.name) {
    return podLog({ deps, req, reply, info, ns, name: ri.name, sub, q, body: undefined });
  }
  if (sub && !(info.subresources as string[]).includes(sub)) throw new PathNotFound();
  if (info.namespaced && ri.name && !ns) throw new PathNotFound();
  if (!routeAllows(req.method, info, ri)) throw new MethodNotAllowed();
  // kube installs only PUT for namespaces/finalize.
  if (sub === 'finalize' && req.method !== 'PUT') throw new MethodNotAllowed();
  const verb = verbOf(req.method, ri, q);
  const r: VerbRequest = { deps, req, reply, info, ns, name: ri.name, sub, q, body: req.body as Buffer | undefined };
  if (sub === 'scale') return scaleVerb(r, verb);
  const run = Object.hasOwn(verbs, verb) ? verbs[verb] : undefined;
  if (!run) throw new MethodNotSupported(groupResource(info), verb);
  return run(r);
}
