/**
 * The read verbs: get and list (watch has its own module), as JSON or as a server-side printed
 * Table when the client asks for one.
 *
 * Contract: a get answers the stored object; a list is `<Kind>List` with
 * metadata.resourceVersion, continue and remainingItemCount, streamed from the stored JSON in
 * time slices when large; a Table list is printed page by page in time slices.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/get.go
 */
import type { KubeObject, Table } from '@miniplane/api';
import { exactContentType } from './exactContentType.js';
import { listBody, tableListBody } from './listStream.js';
import { tableContentType, tableOf, wantsTable } from './tableOutput.js';
import type { VerbRequest } from './verbRequest.js';

export function getObject(r: VerbRequest): KubeObject | Table {
  const { registry } = r.deps;
  const obj = registry.get(r.info, r.ns, r.name!);
  if (r.sub === '' && wantsTable(r.req.headers.accept)) {
    exactContentType(r.reply, tableContentType);
    return tableOf(registry.scheme, r.info, [obj], { resourceVersion: obj.metadata.resourceVersion }, r.q, new Date());
  }
  return obj;
}

export async function listObjects(r: VerbRequest): Promise<unknown> {
  const { registry } = r.deps;
  if (!wantsTable(r.req.headers.accept)) {
    // Built from the stored JSON, and streamed in time slices when large.
    void r.reply.type('application/json; charset=utf-8');
    return listBody(registry, r.info, r.ns, r.q, r.deps.slicer);
  }
  const table = await tableListBody(registry, r.info, r.ns, r.q, r.deps.slicer, new Date());
  exactContentType(r.reply, tableContentType);
  return table;
}
