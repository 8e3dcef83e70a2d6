/**
 * Test harness: a real miniplane API server on a free loopback port, over a temp data dir that
 * is removed at teardown, and a tiny HTTP helper that returns status, headers and parsed body.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real kubectl against a test server, with the kubeconfig the server wrote and its own
 * discovery cache dir (so no state leaks between tests). `input` is fed on stdin.
 */
export async function kubectl(s: TestServer, args: string[], o: { input?: string; env?: Record<string, string> } = {}): Promise<KubectlResult> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', s.server.kubeconfigPath!, '--cache-dir', join(s.dir, 'kubectl-cache'), ...args], {
      env: { ...process.env, ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}

export interface KubectlWatch {
  /** Everything kubectl printed so far. */
  output(): string;
  /** Resolves once the output matches `re` (10 s at most). */
  until(re: RegExp): Promise<void>;
}

/** Runs a long-lived kubectl (e.g. `get svc -w`) against the test server, killed at teardown. */
export async function kubectlWatch(t: Tap, s: TestServer, args: string[]): Promise<KubectlWatch> {
  const { spawn } = await import('node:child_process');
  const w = spawn('kubectl', ['--kubeconfig', s.server.kubeconfigPath!, '--cache-dir', join(s.dir, 'kubectl-watch-cache'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void w.kill('SIGKILL'));
  let out = '';
  w.stdout.on('data', (d) => (out += d));
  return {
    output: () => out,
    async until(re) {
      const end = Date.now() + 10000;
      while (!re.test(out)) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${re}; got:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** Writes YAML documents (joined with `---`) to a file in the test's temp dir; returns its path. */
export function writeManifest(s: TestServer, name: string, ...docs: string[]): string {
  const file = join(s.dir, name);
  writeFileSync(file, docs.join('---\n'));
  return file;
}
