/**
 * The browser tests' harness: Debian's Chromium (/usr/bin/chromium, installed by .ci/run) driven
 * by playwright-core, with a fresh profile per test; a miniplane in process (startMiniplane, or
 * `miniplane up` with the flags given: cli's startPlane over parseUpArgs) to open /ui on; the API calls a learner would make (as kubectl would send them); screenshots of
 * each step under packages/ui/test-artifacts/<test>/ (git-ignored; the path is printed).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { parseUpArgs, startPlane } from '@miniplane/cli';
import { startMiniplane, type Miniplane, type MiniplaneOptions } from 'miniplane';

export const chromiumPath = process.env.MINIPLANE_CHROMIUM ?? '/usr/bin/chromium';
export const artifactsRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts');

export interface Harness {
  mp: Miniplane;
  page: Page;
  context: BrowserContext;
  /** Saves a screenshot of the viewport as <artifacts>/<name>.png; returns its path. */
  shot(name: string): Promise<string>;
  api<T = unknown>(method: string, path: string, body?: unknown, contentType?: string): Promise<T>;
  /** Script errors and console errors the page had so far (a refused API call's 401 aside). */
  pageErrors(): string[];
}

/** `miniplane up ARGS --in-memory` in this process (its data dir a temporary one), as a Miniplane. */
async function startUp(t: Tap.Test, args: readonly string[]): Promise<Miniplane> {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-ui-up-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const parsed = parseUpArgs(['up', '--listen', '127.0.0.1:0', '--in-memory', '--data-dir', dir, ...args]);
  if ('error' in parsed || 'help' in parsed) throw new Error(`bad up flags: ${args.join(' ')}`);
  const plane = await startPlane(parsed);
  const { server } = plane;
  const point = server.snapshot();
  return {
    url: server.url, kubeconfigPath: server.kubeconfigPath!, kubeconfig: '',
    ...(server.caPem ? { ca: server.caPem } : {}), ...(server.token ? { token: server.token } : {}),
    reset: () => plane.reset(point), stop: () => plane.stop(),
  };
}

/** Starts miniplane (`{ up: [...flags] }`: as `miniplane up` with those flags) and Chromium and (unless `goto` is false) opens /ui. */
export async function openUi(t: Tap.Test, name: string, o: MiniplaneOptions | { up: readonly string[] } = {}, goto = true): Promise<Harness> {
  const mp = 'up' in o ? await startUp(t, o.up) : await startMiniplane(o);
  t.teardown(() => mp.stop());
  const profile = mkdtempSync(join(tmpdir(), 'miniplane-ui-chromium-'));
  t.teardown(() => rmSync(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 860 },
    ignoreHTTPSErrors: true,
  });
  t.teardown(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const dir = join(artifactsRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  t.comment(`screenshots: ${dir}`);
  if (goto) await page.goto(`${mp.url}/ui`);
  const api = async <T>(method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
    const headers: Record<string, string> = { 'content-type': contentType, ...(mp.token ? { authorization: `Bearer ${mp.token}` } : {}) };
    const res = await send(`${mp.url}${p}`, { method, headers, ca: mp.ca }, body === undefined ? undefined : JSON.stringify(body));
    if (res.code >= 300) throw new Error(`${method} ${p}: ${res.code} ${res.body}`);
    return JSON.parse(res.body) as T;
  };
  return {
    mp,
    page,
    context,
    shot: async (n) => {
      const file = join(dir, `${n}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    api,
    pageErrors: () => errors.filter((e) => !/status of 401/.test(e)),
  };
}

/** One HTTP(S) request (node:https, to trust the server's own CA). */
function send(url: string, o: { method: string; headers: Record<string, string>; ca?: string }, body?: string): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? https : http).request(url, { ...o, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A Deployment of `replicas` pods labelled app=NAME, serving port 80, deleted at once when asked. */
export function deployment(name: string, replicas: number): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'web', image: 'nginx:1.26', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

/** What `kubectl expose deployment NAME --port=80` creates. */
export function exposed(name: string, selector = name): object {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: selector }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } };
}
