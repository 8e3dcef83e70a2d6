/**
 * Test harness: a real miniplane API server on a free loopback port, over a temp data dir that
 * is removed at teardown, and a tiny HTTP helper that returns status, headers and parsed body.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../src/index.js';

export interface Tap {
  teardown(fn: () => unknown): void;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestServer {
  server: RunningServer;
  dir: string;
  url: string;
  req(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

export function tempDir(t: Tap): string {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function request(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(url + path, init);
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export async function startTestServer(t: Tap, o: ServerOptions & { dir?: string } = {}): Promise<TestServer> {
  const dir = o.dir ?? tempDir(t);
  const server = await startServer({ listen: '127.0.0.1:0', dataDir: dir, ...o });
  t.teardown(() => server.close());
  return { server, dir, url: server.url, req: (m, p, b, h) => request(server.url, m, p, b, h) };
}

export function configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}
