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
 * /openapi/v2 is deliberately not served (404 Status): kubectl 1.32 asks for it only as protobuf,
 * and only when v3 fails; with v3 answering for every served kind it never needs v2.
 * Upstream: kube-openapi pkg/handler3/handler.go; staging/src/k8s.io/client-go/openapi/client.go
 */
import { PathNotFound, type Scheme } from '@miniplane/api';
import { groupVersionPath, openapiV3Index, openapiV3Served } from '@miniplane/api/openapi/index';
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
}
