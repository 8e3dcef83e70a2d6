/**
 * Serves the OpenAPI v3 discovery documents kubectl reads for `apply`/`create` validation,
 * client-side apply patch computation and `explain`:
 *   GET /openapi/v3                      → {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=H"}, ...}}
 *   GET /openapi/v3/api/v1[?hash=H]      → the group-version document (JSON)
 *   GET /openapi/v3/apis/{group}/{version}[?hash=H]
 *
 * Caching as kube-openapi does it: every document has an ETag (its hash) and answers a matching
 * If-None-Match with 304; a request carrying the current `hash` is immutable (cached for a year),
 * a stale `hash` is redirected (301) to the current URL, so kubectl's disk cache stays correct.
 *
 *   GET /openapi/v2                      → the Swagger 2.0 document, JSON by default or gnostic
 *                                          protobuf for `application/com.github.proto-openapi.spec.v2[@.]v1.0+protobuf`;
 *                                          406 for anything else. kubectl reads it only to validate a
 *                                          `kind: List` client-side (see api's openapi/v2Document.ts).
 * Upstream: kube-openapi pkg/handler3/handler.go, pkg/handler/handler.go; staging/src/k8s.io/client-go/openapi/client.go
 */
import { PathNotFound, type Scheme } from '@miniplane/api';
import { groupVersionPath, openapiV2Protobuf, openapiV2Served, openapiV3Index, openapiV3Served } from '@miniplane/api/openapi/index';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const immutableMaxAge = 'public, immutable, max-age=31536000';

function sendDocument(req: FastifyRequest, reply: FastifyReply, json: string, hash: string) {
  const etag = `"${hash}"`;
  reply.header('ETag', etag).header('Vary', 'Accept');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type('application/json').send(json);
}

async function groupVersionDocument(scheme: Scheme, req: FastifyRequest, reply: FastifyReply, group: string, version: string) {
  const served = openapiV3Served(group, version, scheme);
  if (!served) throw new PathNotFound();
  const asked = (req.query as Record<string, string | undefined>).hash;
  if (asked !== undefined && asked !== served.hash) {
    return reply.redirect(`/openapi/v3/${groupVersionPath(group, version)}?hash=${served.hash}`, 301);
  }
  reply.header('Cache-Control', asked === undefined ? 'no-cache, private' : immutableMaxAge);
  return sendDocument(req, reply, served.json, served.hash);
}

const v2Protobuf = 'com.github.proto-openapi.spec.v2.v1.0+protobuf';
const v2Accepted = ['json', 'com.github.proto-openapi.spec.v2@v1.0+protobuf', v2Protobuf];

/** The first acceptable v2 subtype in the Accept header's preference order (q, then specificity), as goautoneg orders it. */
export function v2SubtypeFor(accept: string | undefined): string | undefined {
  const clauses = (accept || '*/*').split(',').map((raw, i) => {
    const [range = '', ...params] = raw.split(';').map((p) => p.trim());
    const [type = '', subtype = ''] = range.split('/');
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    return { type, subtype, q: Number.isFinite(q) ? q : 0, specific: (type !== '*' ? 1 : 0) + (subtype !== '*' ? 1 : 0), i };
  });
  clauses.sort((a, b) => b.q - a.q || b.specific - a.specific || a.i - b.i);
  for (const c of clauses) {
    if (c.q <= 0 || (c.type !== 'application' && c.type !== '*')) continue;
    const hit = v2Accepted.find((s) => c.subtype === '*' || c.subtype === s);
    if (hit) return hit;
  }
  return undefined;
}

function v2Document(scheme: Scheme, req: FastifyRequest, reply: FastifyReply, protobuf: { generation: number; bytes: Buffer } | undefined) {
  const subtype = v2SubtypeFor(req.headers.accept);
  reply.header('Vary', 'Accept');
  if (!subtype) return { code: 406 as const };
  const served = openapiV2Served(scheme);
  const etag = `"${served.etag}"`;
  reply.header('ETag', etag);
  if (req.headers['if-none-match'] === etag) return { code: 304 as const };
  if (subtype === 'json') return { code: 200 as const, type: 'application/json', body: served.json };
  const bytes = protobuf?.generation === scheme.generation ? protobuf.bytes : Buffer.from(openapiV2Protobuf(served.doc));
  return { code: 200 as const, type: `application/${v2Protobuf}`, body: bytes, cache: { generation: scheme.generation, bytes } };
}

/** The documents follow `scheme`: the index (and each changed document) is rebuilt after a registration. */
export function registerOpenApi(app: FastifyInstance, scheme: Scheme): void {
  let index: { generation: number; json: string } | undefined;
  const indexJson = () => {
    if (index?.generation !== scheme.generation) index = { generation: scheme.generation, json: JSON.stringify(openapiV3Index(scheme)) };
    return index.json;
  };
  app.get('/openapi/v3', async (_req, reply) => reply.header('Cache-Control', 'no-cache, private').type('application/json').send(indexJson()));
  app.get<{ Params: { version: string } }>('/openapi/v3/api/:version', async (req, reply) => groupVersionDocument(scheme, req, reply, '', req.params.version));
  app.get<{ Params: { group: string; version: string } }>('/openapi/v3/apis/:group/:version', async (req, reply) =>
    groupVersionDocument(scheme, req, reply, req.params.group, req.params.version),
  );
  let v2Cache: { generation: number; bytes: Buffer } | undefined;
  app.get('/openapi/v2', async (req, reply) => {
    const r = v2Document(scheme, req, reply, v2Cache);
    if (r.code !== 200) return reply.code(r.code).send();
    if (r.cache) v2Cache = r.cache;
    return reply.type(r.type).send(r.body);
  });
}
