/**
 * Request bodies: media-type negotiation and decoding into objects, with kube's errors.
 *
 * Contract: create/update accept JSON, YAML and kube's protobuf (decoded into the same JSON object,
 * then held to the same checks); patch accepts the four patch media types;
 * anything else is a 415 listing what is accepted. Undecodable input is a 400 BadRequest in kube's
 * words; decoded bodies must be objects whose apiVersion/kind match the URL.
 * Upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,patch,rest}.go
 */
import { BadRequest, UnsupportedMediaType, isPlainObject, type KubeObject, type ResourceInfo } from '@miniplane/api';
import { decodeKubeProtobuf, protobufMediaType } from '@miniplane/api/protobuf/index';
import type { Definitions } from '@miniplane/api/openapi/index';
import { parseGoJson } from '@miniplane/api/patch/goJsonText';
import { parseYamlBody } from './yamlBody.js';
import { checkJsonTypes, checkTypeMeta, type PatchKind } from '../registry/objectChecks.js';

export const objectMediaTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
export const patchMediaTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
  'application/strategic-merge-patch+json',
];


export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** kube's summarizeData: the first 30 bytes, as text when the body opens with `{`, else in hex. */
function summarize(raw: Buffer | undefined): string {
  if (!raw?.length) return '<empty>';
  const head = raw.subarray(0, 30);
  const s = raw[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return raw.length > 30 ? `${s} ...` : s;
}

/** Go's JSON decode, bounded in depth, integers exact; errors in Go's words (a 400 either way). */
export function parseJson(raw: string): unknown {
  return parseGoJson(raw);
}

/** A JSON or YAML text as the value it holds (a SyntaxError-like Error when it does not decode). */
export function decodeValue(mt: string, text: string): unknown {
  return mt === 'application/yaml' ? parseYamlBody(text) : parseJson(text);
}

/**
 * A create/update body (JSON, YAML or protobuf) as the data it holds; a body that does not decode
 * is kube's 400 `the object provided is unrecognized (must be of type K): ...`.
 */
export function decodeBody(info: { kind: string }, contentType: string | undefined, raw: Buffer | undefined): unknown {
  const mt = mediaType(contentType) || 'application/json';
  if (mt === protobufMediaType) return decodeProtobuf(info, raw);
  const text = raw?.toString('utf8') ?? '';
  try {
    if (mt === 'application/json') return parseJson(text);
    if (mt === 'application/yaml') return parseYamlBody(text);
  } catch (e) {
    throw new BadRequest(
      `the object provided is unrecognized (must be of type ${info.kind}): couldn't get version/kind; json parse error: ${(e as Error).message} (${summarize(raw)})`,
    );
  }
  throw new UnsupportedMediaType(mt, objectMediaTypes);
}

/** Decodes a create/update body into an object of the URL's kind. */
/** `defs`: the scheme's definitions the body's JSON types are checked against (default: the built-in kinds'). */
export function decodeObject(info: ResourceInfo, contentType: string | undefined, raw: Buffer | undefined, defs?: Readonly<Definitions>): KubeObject {
  return checkedObject(info, decodeBody(info, contentType, raw), raw, defs);
}

/** A decoded body (`raw` its bytes) held to decodeObject's checks as an object of `info`'s kind. */
export function checkedObject(info: ResourceInfo, data: unknown, raw: Buffer | undefined, defs?: Readonly<Definitions>): KubeObject {
  if (!isPlainObject(data)) {
    throw new BadRequest(`the object provided is unrecognized (must be of type ${info.kind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(data) ? 'array' : typeof data} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (${summarize(raw)})`);
  }
  checkTypeMeta(info, data);
  if (data.metadata !== undefined && !isPlainObject(data.metadata)) {
    throw new BadRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: json: cannot unmarshal ${typeof data.metadata} into Go struct field ${info.kind}.metadata of type v1.ObjectMeta`);
  }
  checkJsonTypes(info, data, defs);
  const obj = data as KubeObject;
  obj.metadata ??= {};
  return obj;
}

/** A protobuf body as the JSON object it stands for; undecodable bytes are kube's 400. */
export function decodeProtobuf(info: { kind: string }, raw: Buffer | undefined): Record<string, unknown> {
  const bytes = raw ?? Buffer.alloc(0);
  try {
    return decodeKubeProtobuf(bytes).object;
  } catch (e) {
    if (!(e instanceof BadRequest)) throw e;
    throw new BadRequest(`the object provided is unrecognized (must be of type ${info.kind}): ${e.message} (${summarize(bytes)})`);
  }
}

export function patchKind(contentType: string | undefined): PatchKind {
  switch (mediaType(contentType)) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      throw new UnsupportedMediaType(mediaType(contentType), patchMediaTypes);
  }
}

/** Decodes a patch body; a body that is not JSON (or YAML for apply) is a 400. */
export function decodePatch(kind: PatchKind, raw: Buffer | undefined): unknown {
  const text = raw?.toString('utf8') ?? '';
  try {
    return kind === 'apply' ? parseYamlBody(text) : parseJson(text);
  } catch (e) {
    // kube's wording: the apply body is YAML, the others JSON.
    throw new BadRequest(`${kind === 'apply' ? 'error decoding YAML' : 'error decoding patch'}: ${(e as Error).message}`);
  }
}
