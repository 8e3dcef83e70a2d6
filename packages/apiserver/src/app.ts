/**
 * The API server as a Fastify app, built without listening (tests may `inject`; server.ts
 * listens). Routes: /api and /apis resource trees (REST + watch over chunked HTTP or WebSocket),
 * discovery, /healthz /livez /readyz /version /metrics, and the live view at /ui when given.
 *
 * Contract: every error leaves as a kube Status with its code (ApiError → its Status, an oversize
 * body → 413, anything unexpected → 500 InternalError, logged); bodies are read raw (bounded by
 * `bodyLimit`, 3 MiB like kube, and received within `bodyTimeoutMs`, 60 s) and decoded per media
 * type by the handlers.
 * Upstream: staging/src/k8s.io/apiserver/pkg/server/config.go (handler chain), endpoints/installer.go
 */
import {
  ApiError,
  BadRequest,
  InternalError,
  PathNotFound,
  RequestEntityTooLarge,
} from '@miniplane/api';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ResourceRegistry } from './registry/resourceRegistry.js';
import { aggregatedContentType, aggregatedDiscovery, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './http/discovery.js';
import type { Registry } from 'prom-client';
import { RequestMetrics, requestLabels } from './http/metrics.js';
import { registerOpenApi } from './http/openapi.js';
import { parseRequestInfo, uncleanPathRedirect, type RequestInfo } from './http/requestInfo.js';
import { handleResource } from './http/resourceHandlers.js';
import { httpSink, planWatch, runWatch } from './http/watchTransport.js';
import type { Query } from './http/query.js';
import { tableWatchTransform } from './http/tableOutput.js';
import { checkPartialTarget, negotiateOutput, partialWatchTransform } from './http/outputMediaType.js';
import type { WatchOptions } from './http/watch.js';
import { exactContentType } from './http/exactContentType.js';
import { wireJson } from './http/wireJson.js';
import { TimeSlicer } from './timeSlicer.js';
import { boundBodyTime, defaultBodyTimeoutMs } from './http/bodyDeadline.js';
import type { TokenAuthenticator } from './auth/authentication.js';
import { isUiPath, registerUi, type UiOptions } from './http/uiRoute.js';
import { registerHostCheck, type AllowedHosts } from './auth/hostCheck.js';

export const maxRequestBodyBytes = 3 * 1024 * 1024;

export interface AppOptions {
  /** Registries served on /metrics after the server's own (e.g. the in-process controllers'). */
  metricsRegistries?: readonly Registry[];
  registry: ResourceRegistry;
  logger: Logger;
  version?: { major: string; minor: string; gitVersion: string };
  random?: () => number;
  /** Bounds of every watch (slow-consumer limit, bookmark period). */
  watch?: WatchOptions;
  /** Serve HTTPS with this key and certificate (PEM). */
  https?: { key: string; cert: string };
  /** Bearer-token authentication of every request (see auth/authentication.ts); none: no authentication. */
  authenticator?: TokenAuthenticator;
  /** The time to receive a whole request body, from its head (default 60 s; see http/bodyDeadline.ts). */
  bodyTimeoutMs?: number;
  /** Serve the live view at /ui (see http/uiRoute.ts); none: no /ui. */
  ui?: UiOptions;
  /** Answer only requests whose Host is one of these (see auth/hostCheck.ts); none: any Host. */
  allowedHosts?: AllowedHosts;
}

export interface App {
  fastify: FastifyInstance;
  /** Ends every open watch (shutdown). */
  endWatches(): void;
  watchCount(): number;
}

declare module 'fastify' {
  interface FastifyRequest {
    requestInfo?: RequestInfo;
  }
}

export function buildApp(o: AppOptions): App {
  const app = Fastify({
    loggerInstance: o.logger as unknown as FastifyBaseLogger,
    bodyLimit: maxRequestBodyBytes,
    ...(o.https ? { https: o.https } : {}),
    // Errors fastify raises before routing (a URL that does not decode) are Statuses too.
    frameworkErrors: (err, _req, reply) => {
      const e = new BadRequest(err.message);
      void (reply as FastifyReply).code(e.code).type('application/json').send(e.toStatus());
    },
    // No route has a fastify schema (bodies are decoded and validated by the registry): without
    // these, fastify would load Ajv and fast-json-stringify at start for nothing.
    schemaController: { compilersFactory: { buildValidator: unusedCompiler, buildSerializer: unusedCompiler } },
  });
  boundBodyTime(app.server, o.bodyTimeoutMs ?? defaultBodyTimeoutMs);
  const scheme = o.registry.scheme;
  const metrics = new RequestMetrics();
  for (const r of o.metricsRegistries ?? []) metrics.add(r);
  const watches = new Set<() => void>();
  /** Other long-running responses (a followed pods/log): ended with the watches. */
  const streams = new Set<() => void>();
  const random = o.random ?? Math.random;
  const version = o.version ?? { major: '1', minor: '33', gitVersion: 'v1.33.0-miniplane' };

  // Kube's JSON serializer: Go's escaping and a trailing newline (wireJson.ts); objects may hold
  // bigints (integers beyond 2^53, kept exact), which JSON.stringify refuses.
  app.setReplySerializer((payload) => wireJson(payload));
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: unknown, req, reply) => {
    // A body cut (too large, too slow) fails before the route names the resource; kube's metrics
    // still count it under the resource (its WithRequestInfo runs first).
    if (!req.requestInfo && req.url.startsWith('/api')) req.requestInfo = requestInfoOrNone(req.url, scheme);
    let e: ApiError;
    if (err instanceof ApiError) e = err;
    else if (isFastifyError(err) && err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') e = new RequestEntityTooLarge(maxRequestBodyBytes);
    else if (isFastifyError(err) && err.statusCode && err.statusCode < 500) e = new BadRequest(err.message);
    else {
      req.log.error({ err }, 'unexpected error');
      e = new InternalError(err instanceof Error ? err.message : String(err));
    }
    void reply.code(e.code).type('application/json').send(e.toStatus());
  });
  app.setNotFoundHandler((_req, reply) => {
    const e = new PathNotFound();
    void reply.code(404).type('application/json').send(e.toStatus());
  });

  if (o.allowedHosts) registerHostCheck(app, o.allowedHosts);
  const authenticator = o.authenticator;
  if (authenticator) {
    app.addHook('onRequest', (req, reply, done) => {
      const path = splitUrl(req.url)[0];
      // The live view's files hold no data (its API calls are authenticated like any client's).
      if (o.ui && isUiPath(path)) return done();
      const user = authenticator.authenticate(req.headers.authorization, path);
      // An early answer ends the request here (fastify: reply without calling done).
      if (user instanceof ApiError) void reply.code(user.code).type('application/json').send(user.toStatus());
      else done();
    });
  }

  app.addHook('onResponse', (req, reply, done) => {
    const labels = requestLabels({ method: req.method, info: req.requestInfo, query: (req.query ?? {}) as Query, contentType: req.headers['content-type'] });
    metrics.observe(labels, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  const ok = async (_req: FastifyRequest, reply: FastifyReply) => reply.type('text/plain; charset=utf-8').send('ok');
  app.get('/healthz', ok);
  app.get('/livez', ok);
  app.get('/readyz', ok);
  // kube writes /version with WriteRawJSON: indented by two spaces, no trailing newline.
  const versionJson = JSON.stringify({
    ...version,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-23T00:00:00Z',
    goVersion: 'go1.24.0',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  }, null, 2);
  app.get('/version', async (_req, reply) => reply.type('application/json').send(versionJson));
  app.get('/metrics', async (_req, reply) => reply.type(metrics.contentType).send(await metrics.render()));

  const discovery = (core: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (wantsAggregated(req.headers.accept)) return exactContentType(reply, aggregatedContentType).send(aggregatedDiscovery(scheme, core));
    return core ? apiVersions(req.headers.host ?? '') : apiGroupList(scheme);
  };
  registerOpenApi(app, scheme);
  if (o.ui) registerUi(app, o.ui);
  app.get('/api', discovery(true));
  app.get('/apis', discovery(false));

  const deps = {
    registry: o.registry,
    longRunning: (stop: () => void) => {
      streams.add(stop);
      return () => void streams.delete(stop);
    },
    slicer: o.watch?.slicer ?? new TimeSlicer(),
    watch: (req: FastifyRequest, reply: FastifyReply, info: Parameters<typeof planWatch>[0], ns: string | undefined, q: Query) => {
      const plan = planWatch(info, ns, q, random, scheme.fieldZeroValues(info));
      // Checked before the watch starts: a bad Accept is a 406, not a broken stream.
      const output = negotiateOutput(req.headers.accept);
      checkPartialTarget(output, info, false);
      if (output.as === 'Table') plan.transform = tableWatchTransform(scheme, info, q, () => new Date(), output.version);
      else if (output.as === 'PartialObjectMetadata') plan.transform = partialWatchTransform(output.version);
      reply.hijack();
      const sink = httpSink(reply.raw);
      const stop = runWatch(o.registry, plan, sink, o.watch);
      watches.add(stop);
      sink.onClose(() => watches.delete(stop));
    },
  };
  const resourceRoute = async (req: FastifyRequest, reply: FastifyReply) => {
    const [path, query] = splitUrl(req.url);
    const clean = uncleanPathRedirect(path);
    if (clean !== undefined) {
      const to = clean + query;
      reply.code(301).header('location', to);
      const html = (x: string) => x.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      return req.method === 'GET' ? reply.type('text/html; charset=utf-8').send(`<a href="${html(to)}">Moved Permanently</a>.\n\n`) : reply.send();
    }
    const ri = parseRequestInfo(req.url, scheme);
    if (!ri) throw new PathNotFound();
    req.requestInfo = ri;
    if (!ri.resource && !ri.unknownResource) {
      if (req.method !== 'GET') throw new PathNotFound();
      const list = apiResourceList(scheme, ri.group, ri.version);
      if (!list) throw new PathNotFound();
      return list;
    }
    const out = await handleResource(deps, req, reply, ri);
    if (reply.sent || out === undefined) return reply;
    // Acknowledge only what is committed (group commit: the batch commits on setImmediate).
    await o.registry.settled();
    return out;
  };
  for (const prefix of ['/api/*', '/apis/*']) {
    app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: prefix, handler: resourceRoute });
  }

  return {
    fastify: app,
    endWatches: () => [...watches, ...streams].forEach((stop) => stop()),
    watchCount: () => watches.size,
  };
}

/** The request's resource for the metrics of an error answer; none when its path does not decode. */
function requestInfoOrNone(url: string, scheme: Parameters<typeof parseRequestInfo>[1]): RequestInfo | undefined {
  try {
    return parseRequestInfo(url, scheme);
  } catch {
    return undefined;
  }
}

function unusedCompiler(): never {
  throw new Error('fastify route schemas are not used');
}

function isFastifyError(e: unknown): e is Error & { code?: string; statusCode?: number } {
  return e instanceof Error && 'code' in e;
}

/** A request URL's path and its query (with the `?`, or empty). */
function splitUrl(url: string): [string, string] {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)];
}
