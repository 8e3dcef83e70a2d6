/**
 * Server-side printing: when a client asks for `as=Table` (kubectl get does), lists, gets and
 * watch events are answered as meta.k8s.io/v1 Tables from the pure printers in packages/api.
 *
 * Contract: `application/json;as=Table;v=v1;g=meta.k8s.io` (or v1beta1) selects a Table (see
 * outputMediaType.ts);
 * `includeObject` (None|Metadata|Object, default Metadata) chooses the row objects; in a watch,
 * only the first event carries columnDefinitions. Anything else is answered as the object itself.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go (transformObject,
 * watchEmbeddedEncoder), rest/table.go.
 */
import { encodeJson, goEscapeJson, parseJsonExact } from '@miniplane/api/patch/goJsonText';
import { BadRequest, apiVersionOf, printTable, type KubeObject, type ListMeta, type ResourceInfo, type Scheme } from '@miniplane/api';
import { str, type Query } from './query.js';

/**
 * A Table (and its rows' PartialObjectMetadata) in the meta.k8s.io version the client asked for:
 * the printers write v1; kube answers `v=v1beta1` in v1beta1 (same fields).
 */
export function inTableVersion<T extends { apiVersion: string; rows: { object?: { kind?: string; apiVersion?: string } }[] }>(table: T, version: string): T {
  if (version === 'v1') return table;
  table.apiVersion = `meta.k8s.io/${version}`;
  for (const r of table.rows) if (r.object?.kind === 'PartialObjectMetadata') r.object.apiVersion = `meta.k8s.io/${version}`;
  return table;
}

type IncludeObject = 'None' | 'Metadata' | 'Object';

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
export function tableWatchTransform(scheme: Scheme, info: ResourceInfo, q: Query, now: () => Date, version = 'v1'): (type: string, json: string) => string {
  const mode = includeObject(q);
  const printer = scheme.printer(info);
  const apiVersion = apiVersionOf(info);
  let first = true;
  return (type, json) => {
    if (type === 'BOOKMARK' || type === 'ERROR') return json;
    const obj = parseJsonExact(json) as KubeObject;
    const table = printTable(info.kind, [obj], { now: now(), includeObject: mode, listMeta: { resourceVersion: obj.metadata.resourceVersion }, noHeaders: !first, printer, apiVersion });
    first = false;
    return goEscapeJson(encodeJson(inTableVersion(table, version)));
  };
}
