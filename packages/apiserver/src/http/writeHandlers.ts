/**
 * The write verbs — create (POST), update (PUT) and patch (PATCH, every patch type and
 * server-side apply) — as thin HTTP steps in front of the registry's write pipeline: decode the
 * body (with strict field validation and Go's type check), read the write options, hand both to
 * the registry, answer kube's status code with its warnings.
 *
 * Contract: 201 for a create (and for a PUT or an apply that created), 200 otherwise; the
 * registry does the rest in one transaction (patch, managed fields, strategy, store).
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,update,patch}.go
 */
import { BadRequest, MethodNotSupported, type KubeObject } from '@miniplane/api';
import { groupResource } from '../registry/resourceRegistry.js';
import { decodeObject, decodePatch, patchKind } from './body.js';
import { addWarnings, fieldValidationOf } from './fieldValidation.js';
import { rejectUnknownFields } from '../registry/objectChecks.js';
import { bool, dryRun } from './query.js';
import type { VerbRequest } from './verbRequest.js';
import { writeManager } from './writeOptions.js';

/** The body of a create or update, decoded, checked and stripped of unknown fields. */
function decodeBody(r: VerbRequest): KubeObject {
  const defs = r.deps.registry.scheme.definitions();
  const obj = decodeObject(r.info, r.req.headers['content-type'], r.body, defs);
  addWarnings(r.reply, rejectUnknownFields(r.info, fieldValidationOf(r.q), obj, defs));
  if (r.ns && obj.metadata.namespace && obj.metadata.namespace !== r.ns) {
    throw new BadRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  return obj;
}

export function createObject(r: VerbRequest): KubeObject {
  if (r.info.namespaced && !r.ns) throw new MethodNotSupported(groupResource(r.info), 'create');
  const obj = decodeBody(r);
  const manager = writeManager(r.q, r.req.headers, 'CreateOptions');
  const created = r.deps.registry.create(r.info, r.ns, obj, { dryRun: dryRun(r.q), adopt: true, manager });
  r.reply.code(201);
  return created;
}

export function updateObject(r: VerbRequest): KubeObject {
  const obj = decodeBody(r);
  const manager = writeManager(r.q, r.req.headers, 'UpdateOptions');
  const out = r.deps.registry.update(r.info, r.ns, r.name!, obj, r.sub === 'status' || r.sub === 'finalize' ? r.sub : '', { dryRun: dryRun(r.q), adopt: true, manager });
  if (out.created) r.reply.code(201);
  return out.obj;
}

export function patchObject(r: VerbRequest): KubeObject {
  const type = patchKind(r.req.headers['content-type']);
  const p = {
    type,
    body: decodePatch(type, r.body),
    manager: writeManager(r.q, r.req.headers, 'PatchOptions', type),
    force: bool(r.q, 'force'),
    fieldValidation: fieldValidationOf(r.q),
  };
  const out = r.deps.registry.patch(r.info, r.ns, r.name!, r.sub === 'status' ? 'status' : '', p, { dryRun: dryRun(r.q) });
  addWarnings(r.reply, out.warnings);
  if (out.created) r.reply.code(201);
  return out.obj;
}
