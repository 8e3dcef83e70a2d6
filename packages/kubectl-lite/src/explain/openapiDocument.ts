/**
 * The server's OpenAPI v3 documents as kubectl's openapi client reads them: `/openapi/v3` lists
 * one `serverRelativeURL` per group-version (`/openapi/v3/apis/apps/v1?hash=...`); a URL with a
 * hash never changes, so its document is kept on disk under the cache dir and read from there
 * the next time (kubectl keeps them in its HTTP cache for the same reason).
 *
 * Contract: `groupVersionPaths` lists the served group-versions (`api/v1`, `apis/apps/v1`);
 * `groupVersionDocument` returns the parsed document of one of them. An unwritable or corrupt
 * cache only costs a fetch.
 * Upstream: staging/src/k8s.io/client-go/openapi/client.go, groupversion.go
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RestClient } from '@miniplane/client/restClient';

export type OpenApiPaths = Record<string, { serverRelativeURL?: string }>;

export async function groupVersionPaths(client: RestClient): Promise<OpenApiPaths> {
  const index = await client.request<{ paths?: OpenApiPaths }>({ method: 'GET', path: '/openapi/v3' });
  return index.paths ?? {};
}

function cacheFileFor(cacheDir: string, server: string, relativeUrl: string): string {
  const u = new URL(server);
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.\-_]/g, '_');
  return join(cacheDir, 'kubectl-lite', 'openapi', safe(u.host + u.pathname.replace(/\/$/, '')), `${safe(relativeUrl)}.json`);
}

export async function groupVersionDocument(client: RestClient, server: string, cacheDir: string, relativeUrl: string): Promise<Record<string, unknown>> {
  const url = new URL(relativeUrl, 'http://server');
  const immutable = url.searchParams.has('hash');
  const file = cacheFileFor(cacheDir, server, relativeUrl);
  if (immutable) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      // not cached yet (or unreadable): fetch
    }
  }
  const doc = await client.request<Record<string, unknown>>({ method: 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams) });
  if (immutable) {
    try {
      mkdirSync(join(file, '..'), { recursive: true, mode: 0o750 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(doc), { mode: 0o660 });
      renameSync(tmp, file);
    } catch {
      // an unwritable cache dir (or a value JSON cannot hold) only costs the next fetch
    }
  }
  return doc;
}
