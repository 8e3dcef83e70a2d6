/**
 * The read verbs: get and list (watch has its own module), as JSON, as a server-side printed
 * Table, or as metadata only (PartialObjectMetadata[List]), as the Accept header negotiates.
 *
 * Contract: a get answers the stored object; a list is `<Kind>List` with
 * metadata.resourceVersion, continue and remainingItemCount, streamed from the stored JSON in
 * time slices when large; a Table list is printed page by page in time slices, a
 * PartialObjectMetadataList built the same way. A conversion that does not fit (a list asked as
 * one PartialObjectMetadata) is a 406.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/get.go, response.go
 */
import type { KubeObject, Table } from '@miniplane/api';
import { exactContentType } from './exactContentType.js';
import { listBody, partialListBody, tableListBody } from './listStream.js';
import { checkPartialTarget, convertedContentType, negotiateOutput, partialObjectMetadata } from './outputMediaType.js';
import { inTableVersion, tableOf } from './tableOutput.js';
import type { VerbRequest } from './verbRequest.js';

export function getObject(r: VerbRequest): KubeObject | Table {
  const { registry } = r.deps;
  const t = negotiateOutput(r.req.headers.accept, r.sub === '');
  checkPartialTarget(t, r.info, false);
  const obj = registry.get(r.info, r.ns, r.name!);
  if (t.as === 'object') return obj;
  exactContentType(r.reply, convertedContentType(t));
  if (t.as === 'Table') return inTableVersion(tableOf(registry.scheme, r.info, [obj], { resourceVersion: obj.metadata.resourceVersion }, r.q, new Date()), t.version);
  return partialObjectMetadata(obj, t.version);
}

export async function listObjects(r: VerbRequest): Promise<unknown> {
  const { registry } = r.deps;
  const t = negotiateOutput(r.req.headers.accept);
  checkPartialTarget(t, r.info, true);
  if (t.as === 'object') {
    // Built from the stored JSON, and streamed in time slices when large.
    void r.reply.type('application/json; charset=utf-8');
    return listBody(registry, r.info, r.ns, r.q, r.deps.slicer);
  }
  const body = t.as === 'Table'
    ? inTableVersion((await tableListBody(registry, r.info, r.ns, r.q, r.deps.slicer, new Date())) as Parameters<typeof inTableVersion>[0], t.version)
    : await partialListBody(registry, r.info, r.ns, r.q, r.deps.slicer, t.version);
  exactContentType(r.reply, convertedContentType(t));
  return body;
}
