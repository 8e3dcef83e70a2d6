/**
 * The REST verbs on every served resource, dispatched from one parsed RequestInfo:
 * get, list, watch, create, update, patch, delete, deletecollection, and the status and scale
 * subresources. Bodies and parameters are decoded here; semantics live in the registry.
 *
 * Contract: responses are kube's — 201 for create, 200 for get/update/patch, 200 with a Success
 * Status for a delete that removed the object, 202 with the object when finalizers keep it;
 * lists are `<Kind>List` with metadata.resourceVersion, continue and remainingItemCount.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{get,create,update,patch,delete}.go
 */
import {
  BadRequest,
  MethodNotAllowed,
  MethodNotSupported,
  NotFound,
  PathNotFound,
  apiVersionOf,
  isPlainObject,
  listKindOf,
  successStatus,
  type KubeObject,
  type ResourceInfo,
} from '@miniplane/api';
import { protobufMediaType } from '@miniplane/api/protobuf/index';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { groupResource, type ResourceRegistry } from '../registry/resourceRegistry.js';
import { deleteCollection } from '../registry/deleteCollection.js';
import { decodeObject, decodePatch, decodeProtobuf, mediaType, parseJson, patchKind } from './body.js';
import { selectorFilter } from './listOptions.js';
import { bool, dryRun, type Query } from './query.js';
import type { RequestInfo } from './requestInfo.js';
import { applyPatchTo } from './patchHandler.js';
import { deleteOptions } from './deleteOptions.js';
import { recordManagedFields, recordPut, typingOf, writeManager } from './managedFieldsHook.js';
import { tableContentType, tableOf, wantsTable } from './tableOutput.js';
import { exactContentType } from './exactContentType.js';
import { getScale, scaleInfo, setScale } from './scale.js';
import { addWarnings, fieldValidationOf, rejectUnknownFields } from './fieldValidation.js';
import { listBody, tableListBody } from './listStream.js';
import type { TimeSlicer } from '../timeSlicer.js';
import { bindPod } from './binding.js';

export interface HandlerDeps {
  registry: ResourceRegistry;
  /** Where long work (a streamed LIST, a deletecollection) runs its steps. */
  slicer: TimeSlicer;
  watch(req: FastifyRequest, reply: FastifyReply, info: ResourceInfo, namespace: string | undefined, q: Query): Promise<void> | void;
}

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
  const { registry } = deps;
  const sub = ri.subresource ?? '';
  if (sub === 'binding' && info.kind === 'Pod' && !info.group && ns && ri.name) {
    if (req.method !== 'POST') throw new MethodNotSupported({ group: '', resource: 'pods/binding' }, verbOf(req.method, ri, q));
    reply.code(201);
    return bindPod(deps.registry, info, ns, ri.name, req.headers['content-type'], req.body as Buffer | undefined, dryRun(q));
  }
  if (sub && !(info.subresources as string[]).includes(sub)) throw new PathNotFound();
  if (info.namespaced && ri.name && !ns) throw new PathNotFound();
  if (!routeAllows(req.method, info, ri)) throw new MethodNotAllowed();
  const verb = verbOf(req.method, ri, q);
  const body = req.body as Buffer | undefined;

  if (sub === 'scale') {
    const name = ri.name!;
    if (verb === 'get') return getScale(registry, info, ns, name);
    if (verb === 'update' || verb === 'patch') {
      return setScale(registry, info, ns, name, (scale) => {
        if (verb === 'update') {
          const s = mediaType(req.headers['content-type']) === protobufMediaType ? decodeProtobuf(scaleInfo, body) : parseJson(body?.toString('utf8') ?? '');
          if (!isPlainObject(s)) throw new BadRequest('the object provided is unrecognized (must be of type Scale)');
          return s as KubeObject;
        }
        const kind = patchKind(req.headers['content-type']);
        return applyPatchTo(scaleInfo, kind, scale, decodePatch(kind, body), {});
      }, { dryRun: dryRun(q) }, writeManager(q, req.headers, verb === 'update' ? 'UpdateOptions' : 'PatchOptions'));
    }
    throw new MethodNotSupported(groupResource(info), verb);
  }

  switch (verb) {
    case 'get': {
      const obj = registry.get(info, ns, ri.name!);
      if (sub === '' && wantsTable(req.headers.accept)) {
        exactContentType(reply, tableContentType);
        return tableOf(registry.scheme, info, [obj], { resourceVersion: obj.metadata.resourceVersion }, q, new Date());
      }
      return obj;
    }
    case 'list': {
      if (!wantsTable(req.headers.accept)) {
        // Built from the stored JSON, and streamed in time slices when large.
        void reply.type('application/json; charset=utf-8');
        return listBody(registry, info, ns, q, deps.slicer);
      }
      const table = await tableListBody(registry, info, ns, q, deps.slicer, new Date());
      exactContentType(reply, tableContentType);
      return table;
    }
    case 'watch':
      return deps.watch(req, reply, info, ns, q);
    case 'create': {
      if (info.namespaced && !ns) throw new MethodNotSupported(groupResource(info), 'create');
      const obj = decodeObject(info, req.headers['content-type'], body);
      addWarnings(reply, rejectUnknownFields(info, fieldValidationOf(q), obj, registry.scheme.definitions()));
      if (ns && obj.metadata.namespace && obj.metadata.namespace !== ns) {
        throw new BadRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      const manager = writeManager(q, req.headers, 'CreateOptions');
      const created = registry.create(info, ns, recordManagedFields(info, undefined, obj, manager, '', typingOf(registry.scheme, info)), { dryRun: dryRun(q), adopt: true });
      reply.code(201);
      return created;
    }
    case 'update': {
      const obj = decodeObject(info, req.headers['content-type'], body);
      addWarnings(reply, rejectUnknownFields(info, fieldValidationOf(q), obj, registry.scheme.definitions()));
      if (ns && obj.metadata.namespace && obj.metadata.namespace !== ns) {
        throw new BadRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      const manager = writeManager(q, req.headers, 'UpdateOptions');
      const tracked = recordPut(registry, info, ns, ri.name!, obj, manager, sub);
      const r = registry.update(info, ns, ri.name!, tracked, sub === 'status' ? 'status' : '', { dryRun: dryRun(q) });
      if (r.created) reply.code(201);
      return r.obj;
    }
    case 'patch': {
      const kind = patchKind(req.headers['content-type']);
      const patch = decodePatch(kind, body);
      const o = {
        dryRun: dryRun(q), fieldManager: writeManager(q, req.headers, 'PatchOptions', kind), force: bool(q, 'force'), subresource: sub,
        fieldValidation: fieldValidationOf(q), warn: (w: string[]) => addWarnings(reply, w),
        typing: typingOf(registry.scheme, info), patchMeta: registry.scheme.patchMeta(info),
      };
      if (kind === 'apply') {
        try {
          registry.get(info, ns, ri.name!);
        } catch (e) {
          // kube's status and scale REST pass forceAllowCreate=false: a subresource never creates.
          if (!(e instanceof NotFound) || sub !== '') throw e;
          const created = registry.create(info, ns, applyPatchTo(info, kind, { metadata: { name: ri.name, namespace: ns } }, patch, o), o);
          reply.code(201);
          return created;
        }
      }
      return registry.modify(info, ns, ri.name!, sub === 'status' ? 'status' : '', o, (cur) => applyPatchTo(info, kind, cur, patch, o));
    }
    case 'delete': {
      const opts = deleteOptions(q, body, req.headers['content-type']);
      const r = registry.delete(info, ns, ri.name!, opts);
      if (!r.gone) {
        // kube answers 200 for a pod marked for graceful deletion, 202 when finalizers keep an object.
        reply.code(r.graceful ? 200 : 202);
        return r.obj;
      }
      const d: Record<string, unknown> = { name: ri.name, kind: info.plural, uid: r.obj.metadata.uid };
      if (info.group) d.group = info.group;
      return successStatus(d);
    }
    case 'deletecollection': {
      const gone = await deleteCollection(registry, info, ns, selectorFilter(info, q), deleteOptions(q, body, req.headers['content-type']), deps.slicer);
      const head = JSON.stringify({ kind: listKindOf(info), apiVersion: apiVersionOf(info), metadata: { resourceVersion: String(registry.store.log.currentRevision) } });
      void reply.type('application/json; charset=utf-8');
      return `${head.slice(0, -1)},"items":[${gone.join(',')}]}`;
    }
    default:
      throw new MethodNotSupported(groupResource(info), verb);
  }
}
