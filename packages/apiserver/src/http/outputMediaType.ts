/**
 * What a read answers, from its Accept header: the object itself, a meta.k8s.io Table, or only
 * its metadata (PartialObjectMetadata / PartialObjectMetadataList), as kube negotiates it.
 *
 * Contract: the Accept clauses are tried by q-value (stable), first acceptable wins; a clause
 * asking a conversion (`as=Table|PartialObjectMetadata|PartialObjectMetadataList;g=meta.k8s.io;
 * v=v1|v1beta1`) is acceptable for `application/json` only (a protobuf clause with `as=` is
 * passed over, as client-go lists one before its JSON fallback); `application/json`,
 * `application/yaml`, `application/vnd.kubernetes.protobuf` (answered as JSON: miniplane writes
 * JSON only), `application/*` and `*\/*` without `as=` select the object. No header selects the
 * object. Nothing acceptable is a 406 NotAcceptable Status in kube's words. Whether the
 * conversion fits the request (a list, one object) is checked by `checkPartialTarget`.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/negotiate.go
 * (NegotiateOutputMediaType, errNotAcceptable), handlers/rest.go (AllowsMediaTypeTransform),
 * handlers/response.go (asPartialObjectMetadata, asPartialObjectMetadataList).
 */
import { encodeJson, goEscapeJson, parseJsonExact } from '@miniplane/api/patch/goJsonText';
import { ConversionNotAcceptable, NotAcceptable, type KubeObject, type ResourceInfo } from '@miniplane/api';

export type OutputTarget =
  | { as: 'object' }
  | { as: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList'; version: 'v1' | 'v1beta1' };

const served = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const conversions = new Set(['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList']);

interface Clause {
  type: string;
  params: Record<string, string>;
  q: number;
}

function parseAccept(accept: string): Clause[] {
  const out: Clause[] = [];
  for (const part of accept.split(',')) {
    const [type, ...rest] = part.split(';').map((p) => p.trim());
    if (!type) continue;
    const params: Record<string, string> = {};
    for (const p of rest) {
      const i = p.indexOf('=');
      if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
    }
    const q = params.q === undefined ? 1 : Number(params.q);
    out.push({ type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 });
  }
  return out.filter((c) => c.q > 0).sort((a, b) => b.q - a.q);
}

function targetOf(c: Clause, tables: boolean): OutputTarget | undefined {
  const as = c.params.as;
  if (as === undefined) return served.includes(c.type) || c.type === 'application/*' || c.type === '*/*' ? { as: 'object' } : undefined;
  if (c.type !== 'application/json' || !conversions.has(as) || c.params.g !== 'meta.k8s.io') return undefined;
  if (c.params.v !== 'v1' && c.params.v !== 'v1beta1') return undefined;
  if (as === 'Table' && !tables) return undefined;
  return { as: as as 'Table', version: c.params.v };
}

/** The answer the Accept header asks for; `tables`: whether this endpoint prints Tables. */
export function negotiateOutput(accept: string | undefined, tables = true): OutputTarget {
  if (!accept || !accept.trim()) return { as: 'object' };
  for (const c of parseAccept(accept)) {
    const t = targetOf(c, tables);
    if (t) return t;
  }
  throw new NotAcceptable(served);
}

/** Kube's Go type name of the stored object (internal package of its group), as `%T` prints it. */
function goType(info: ResourceInfo, list: boolean): string {
  const pkg = info.group ? info.group.split('.')[0] : 'core';
  return `*${pkg}.${info.kind}${list ? 'List' : ''}`;
}

/** A PartialObjectMetadata answer must match the request: a list for ...List, one object otherwise. */
export function checkPartialTarget(t: OutputTarget, info: ResourceInfo, list: boolean): void {
  if (t.as === 'PartialObjectMetadata' && list) {
    throw new ConversionNotAcceptable(`you requested PartialObjectMetadata, but the requested object is a list (${goType(info, true)})`);
  }
  if (t.as === 'PartialObjectMetadataList' && !list) {
    throw new ConversionNotAcceptable(`you requested PartialObjectMetadataList, but the requested object is not a list (${goType(info, false)})`);
  }
}

/** The media type a converted answer is sent under (kube's bare parameter form). */
export function convertedContentType(t: Exclude<OutputTarget, { as: 'object' }>): string {
  return `application/json;as=${t.as};v=${t.version};g=meta.k8s.io`;
}

/** The object's metadata alone, as kube's asPartialObjectMetadata writes it. */
export function partialObjectMetadata(obj: KubeObject, version: string): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

/** A watch transform: each event's object as its PartialObjectMetadata (BOOKMARK and ERROR as they are). */
export function partialWatchTransform(version: string): (type: string, json: string) => string {
  return (type, json) => {
    if (type === 'BOOKMARK' || type === 'ERROR') return json;
    return goEscapeJson(encodeJson(partialObjectMetadata(parseJsonExact(json) as KubeObject, version)));
  };
}
