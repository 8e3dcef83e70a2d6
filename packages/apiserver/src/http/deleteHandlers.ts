/**
 * The delete verbs: delete and deletecollection, with kube's DeleteOptions (body or query).
 *
 * Contract: a delete that removed the object answers 200 with a Success Status; one that only
 * marked it (finalizers: 202; a pod's graceful deletion: 200) answers the object. A
 * deletecollection answers the `<Kind>List` of what it deleted.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/delete.go
 */
import { apiVersionOf, listKindOf, successStatus } from '@miniplane/api';
import { deleteCollection } from '../registry/deleteCollection.js';
import { deleteOptions } from './deleteOptions.js';
import { selectorFilter } from './listOptions.js';
import type { VerbRequest } from './verbRequest.js';

export function deleteObject(r: VerbRequest): unknown {
  const out = r.deps.registry.delete(r.info, r.ns, r.name!, deleteOptions(r.q, r.body, r.req.headers['content-type']));
  if (!out.gone) {
    // kube answers 200 for a pod marked for graceful deletion, 202 when finalizers keep an object.
    r.reply.code(out.graceful ? 200 : 202);
    return out.obj;
  }
  // StatusDetails' order: name, group, kind, uid.
  return successStatus({ name: r.name, ...(r.info.group ? { group: r.info.group } : {}), kind: r.info.plural, uid: out.obj.metadata.uid });
}

export async function deleteObjects(r: VerbRequest): Promise<string> {
  const { registry } = r.deps;
  const gone = await deleteCollection(registry, r.info, r.ns, selectorFilter(r.info, r.q, registry.scheme.fieldZeroValues(r.info)), deleteOptions(r.q, r.body, r.req.headers['content-type']), r.deps.slicer);
  const head = JSON.stringify({ kind: listKindOf(r.info), apiVersion: apiVersionOf(r.info), metadata: { resourceVersion: String(registry.currentRevision) } });
  void r.reply.type('application/json; charset=utf-8');
  return `${head.slice(0, -1)},"items":[${gone.join(',')}]}\n`;
}
