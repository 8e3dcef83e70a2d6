/**
 * The live view's files at `/ui` (the page) and `/ui/<file>` (its script, style sheet and
 * `config.json`), when the server is given them (`miniplane up`, on by default on loopback;
 * `--no-ui` leaves them out). They hold no cluster data: the page reads and writes only through
 * the API, with the same authentication as any client, so these paths are served without a token
 * (`isUiPath` tells the authentication hook).
 *
 * Contract: GET/HEAD only; an unknown file is kube's 404 Status. The assets are loaded on the
 * first request (`assets()`, a dynamic import), not at start. Every answer carries a strict
 * Content-Security-Policy (scripts, styles and connections only from this origin: no inline
 * script, no eval, nothing from elsewhere; `'self'` covers ws:/wss: to the same host), and
 * nosniff, no-referrer, no framing, no caching (a rebuilt page is picked up at once).
 */
import { PathNotFound } from '@miniplane/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface UiAsset {
  type: string;
  body: string;
}

export interface UiOptions {
  /** The page's files by path under /ui/ (`index.html` is the page); called once, on first use. */
  assets: () => Promise<{ assets: Readonly<Record<string, UiAsset>> }>;
  /** Served as /ui/config.json: settings the page shows (e.g. maxEndpointsPerSlice). */
  config?: Readonly<Record<string, unknown>>;
}

export const uiSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/** Is `path` (no query) one of the page's? */
export function isUiPath(path: string): boolean {
  return path === '/ui' || path.startsWith('/ui/');
}

export function registerUi(app: FastifyInstance, o: UiOptions): void {
  let loaded: Promise<Readonly<Record<string, UiAsset>>> | undefined;
  const config: UiAsset = { type: 'application/json', body: `${JSON.stringify(o.config ?? {})}\n` };
  const serve = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    const file = path === '/ui' || path === '/ui/' ? 'index.html' : path.slice('/ui/'.length);
    const assets = await (loaded ??= o.assets().then((m) => m.assets));
    const asset = file === 'config.json' ? config : Object.hasOwn(assets, file) ? assets[file] : undefined;
    if (!asset) throw new PathNotFound();
    return reply.headers(uiSecurityHeaders).type(asset.type).send(asset.body);
  };
  for (const url of ['/ui', '/ui/', '/ui/*']) app.route({ method: ['GET', 'HEAD'], url, handler: serve });
}
