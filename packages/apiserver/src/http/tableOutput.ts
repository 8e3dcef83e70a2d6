/**
 * Server-side printing: when a client asks for `as=Table` (kubectl get does), lists, gets and
 * watch events are answered as meta.k8s.io/v1 Tables from the pure printers in packages/api.
 *
 * Contract: only `application/json;as=Table;v=v1;g=meta.k8s.io` (or v1beta1) selects a Table;
 * `includeObject` (None|Metadata|Object, default Metadata) chooses the row objects; in a watch,
 * only the first event carries columnDefinitions. Anything else is answered as the object itself.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go (transformObject,
 * watchEmbeddedEncoder), rest/table.go.
 */
import { encodeJson, parseJsonExact } from '@miniplane/api/patch/goJsonText';
import { BadRequest, apiVersionOf, printTable, type KubeObject, type ListMeta, type ResourceInfo, type Scheme } from '@miniplane/api';
import { str, type Query } from './query.js';

export const tableContentType = 'application/json;as=Table;v=v1;g=meta.k8s.io';

type IncludeObject = 'None' | 'Metadata' | 'Object';

/** True when the Accept header's first acceptable media type is a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  for (const part of accept.split(',')) {
    const params = part.split(';').map((p) => p.trim());
    const mt = params[0];
    const kv = Object.fromEntries(params.slice(1).map((p) => p.split('=') as [string, string]));
    if (mt === 'application/json' && kv.as === 'Table' && kv.g === 'meta.k8s.io' && (kv.v === 'v1' || kv.v === 'v1beta1')) return true;
    if (mt === 'application/json' && !kv.as) return false; // plain JSON preferred first
    if (mt === '*/*') return false;
  }
  return false;
}

export function includeObject(q: Query): IncludeObject {
  const v = str(q, 'includeObject') ?? 'Metadata';
  if (v !== 'None' && v !== 'Metadata' && v !== 'Object') {
    throw new BadRequest(`includeObject: Unsupported value: ${JSON.stringify(v)}: supported values: "Metadata", "None", "Object"`);
  }
  return v;
}

export function tableOf(scheme: Scheme, info: ResourceInfo, objects: KubeObject[], listMeta: ListMeta, q: Query, now: Date) {
  return printTable(info.kind, objects, { now, includeObject: includeObject(q), listMeta, printer: scheme.printer(info), apiVersion: apiVersionOf(info) });
}

/** A watch transform that turns each event's object into a one-row Table (headers once). */
export function tableWatchTransform(scheme: Scheme, info: ResourceInfo, q: Query, now: () => Date): (type: string, json: string) => string {
  const mode = includeObject(q);
  const printer = scheme.printer(info);
  const apiVersion = apiVersionOf(info);
  let first = true;
  return (type, json) => {
    if (type === 'BOOKMARK' || type === 'ERROR') return json;
    const obj = parseJsonExact(json) as KubeObject;
    const table = printTable(info.kind, [obj], { now: now(), includeObject: mode, listMeta: { resourceVersion: obj.metadata.resourceVersion }, noHeaders: !first, printer, apiVersion });
    first = false;
    return encodeJson(table);
  };
}
