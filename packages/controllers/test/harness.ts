/**
 * Test harness for the controllers: a real miniplane apiserver on 127.0.0.1:0 over a temp data
 * dir (so it writes a kubeconfig the real kubectl can use), a RestClient that records every
 * write it sends, the real kubectl, and a poller.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { pino } from 'pino';
import { startServer, type RunningServer, type ServerOptions } from '@miniplane/apiserver';
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { RestClient, type HttpRequest, type ResourceClient } from '@miniplane/client';
import type { Service } from '@miniplane/api/service/types';
import type { CoreEvent } from '../src/eventRecorder.js';
import { startControllers, type ControllersOptions, type RunningControllers } from '../src/manager.js';

/** A RestClient that records `METHOD path` of every write (not GETs: informers and re-checks read). */
export class RecordingRestClient extends RestClient {
  readonly writes: string[] = [];

  override request<R>(req: HttpRequest): Promise<R> {
    if (req.method !== 'GET') this.writes.push(`${req.method} ${req.path}`);
    return super.request<R>(req);
  }

  /**
   * Writes other than the ServiceCIDR controller's: it runs beside every controller and
   * finalizes and marks `kubernetes` Ready at start, which is no other controller's doing.
   */
  get serviceWrites(): string[] {
    return this.writes.filter((w) => !w.includes('/servicecidrs/'));
  }

  /** Writes whose path matches, e.g. `/ipaddresses` or `/events`. */
  count(method: string, pathPart: string): number {
    return this.writes.filter((w) => w.startsWith(`${method} `) && w.includes(pathPart)).length;
  }
}

export function tempDir(t: Test, prefix = 'miniplane-controllers-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Harness {
  server: RunningServer;
  dir: string;
  /** Records writes; hand it to startControllers({ client }). */
  client: RecordingRestClient;
  /** A second, non-recording client for the test's own requests. */
  api: RestClient;
  res<T extends KubeObject = KubeObject>(apiVersion: string, kind: string, namespace?: string): ResourceClient<T>;
  events(reason?: string): Promise<CoreEvent[]>;
  kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

export async function startTestServer(t: Test, o: ServerOptions = {}): Promise<Harness> {
  const dir = tempDir(t);
  const server = await startServer({ listen: '127.0.0.1:0', dataDir: dir, logger: pino({ level: 'silent' }), ...o });
  const client = new RecordingRestClient({ config: { server: server.url } });
  const api = new RestClient({ config: { server: server.url } });
  t.teardown(async () => {
    client.close();
    api.close();
    await server.close();
  });
  const res = <T extends KubeObject>(apiVersion: string, kind: string, namespace?: string) =>
    api.resource<T>(findResourceByKind(apiVersion, kind)!, namespace);
  return {
    server, dir, client, api, res,
    events: async (reason) => (await res<CoreEvent>('v1', 'Event').list()).items.filter((e) => !reason || e.reason === reason),
    kubectl: (...args) => kubectl(server.kubeconfigPath!, join(dir, 'kubectl-cache'), args),
  };
}

export function kubectl(kubeconfig: string, cacheDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Resolves with the first truthy value (a non-empty list, for lists) of `probe()`, polling every 20 ms; rejects after `ms`. */
export async function eventually<T>(probe: () => T | Promise<T>, ms = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    // An empty list is "not yet" (probes like `h.events(reason)` list what has appeared so far).
    if (v && !(Array.isArray(v) && v.length === 0)) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A Service manifest with overrides of its spec. */
export function serviceManifest(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }], selector: { app: name }, ...spec } };
}

/** The controllers over the harness's recording client, without leader election, quiet; stopped at teardown. */
export async function runControllers(t: Test, h: Harness, o: ControllersOptions = {}): Promise<RunningControllers> {
  const c = await startControllers({ client: h.client, leaderElect: false, logger: pino({ level: 'silent' }), ...o });
  t.teardown(() => c.stop());
  return c;
}

/** The ingress IPs of a Service's status, in order. */
export const ingressOf = (svc: Service): string[] => (svc.status?.loadBalancer?.ingress ?? []).map((i) => String(i.ip));

/** Waits until `default/<name>` has exactly the ingress IPs `want`. */
export async function waitForIngress(h: Harness, name: string, want: string[], ms = 5000): Promise<Service> {
  const svcs = h.res<Service>('v1', 'Service', 'default');
  return eventually(async () => {
    const svc = await svcs.get(name);
    return JSON.stringify(ingressOf(svc)) === JSON.stringify(want) ? svc : undefined;
  }, ms, `${name} ingress ${JSON.stringify(want)}`);
}
