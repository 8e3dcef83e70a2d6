/**
 * Test harness for kubectl-lite: a real miniplane API server on a free loopback port (temp data
 * dir removed at teardown), and runners for kubectl-lite and the real kubectl against it, each
 * with its own discovery cache dir, so their outputs can be diffed for the same command.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer, type ServerOptions } from '@miniplane/apiserver';

export const liteBin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'kubectl-lite.js');
const miniplaneBin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'bin', 'miniplane.js');

export interface Tap {
  teardown(fn: () => unknown): void;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cluster {
  server: RunningServer;
  dir: string;
  kubeconfig: string;
  /** kubectl-lite with the cluster's kubeconfig. */
  lite(args: string[], o?: RunOptions): Promise<Run>;
  /** The real kubectl with the same kubeconfig. */
  kubectl(args: string[], o?: RunOptions): Promise<Run>;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
}

export function tempDir(t: Tap, prefix = 'kubectl-lite-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function runProcess(cmd: string, args: string[], o: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...o.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(o.input ?? '');
  });
}

export async function startCluster(t: Tap, o: ServerOptions = {}): Promise<Cluster> {
  const dir = tempDir(t);
  const server = await startServer({ listen: '127.0.0.1:0', dataDir: dir, ...o });
  t.teardown(() => server.close());
  const kubeconfig = server.kubeconfigPath!;
  const env = (extra?: Record<string, string>) => ({ KUBECONFIG: kubeconfig, ...extra });
  return {
    server, dir, kubeconfig,
    lite: (args, ro = {}) => runProcess(process.execPath, [liteBin, '--cache-dir', join(dir, 'lite-cache'), ...args], { ...ro, env: env(ro.env) }),
    kubectl: (args, ro = {}) => runProcess('kubectl', ['--cache-dir', join(dir, 'kubectl-cache'), ...args], { ...ro, env: env(ro.env) }),
  };
}

/**
 * Ages (`5s`, `3m2s`, `4h`, `2d`) replaced, so two runs seconds apart compare equal. The column
 * padding after an age is made two spaces: `9s` and `10s` pad a table's Age column differently.
 */
export function normaliseAges(text: string): string {
  return text.replace(/\b\d+(?:s|m\d*s?|h\d*m?|d\d*h?|y\d*d?)\b( {2,})?/g, (_age, pad?: string) => (pad ? '<age>  ' : '<age>'));
}

/** Runs `args` with both tools; returns both results with ages normalised. */
export async function both(c: Cluster, args: string[], o: RunOptions = {}): Promise<{ lite: Run; kubectl: Run }> {
  const [lite, kubectl] = await Promise.all([c.lite(args, o), c.kubectl(args, o)]);
  const norm = (r: Run) => ({ code: r.code, stdout: normaliseAges(r.stdout), stderr: normaliseAges(r.stderr) });
  return { lite: norm(lite), kubectl: norm(kubectl) };
}

/**
 * `miniplane up` as a user runs it (controllers, simulated nodes and kubelets, scheduler), on a
 * free port with an in-memory store under `dir` (and `extraArgs`), stopped at teardown; resolves
 * with its kubeconfig.
 */
export async function startMiniplaneUp(t: Tap, dir: string, extraArgs: readonly string[] = []): Promise<string> {
  return startMiniplane(t, ['up', '--listen', '127.0.0.1:0', '--in-memory', '--data-dir', dir, ...extraArgs], /\(kubeconfig: (.+)\)$/);
}

/** A `miniplane` command (`up`, `nodes`, ...) stopped at teardown; resolves with what `ready` captures from its first stdout line. */
export async function startMiniplane(t: Tap, args: readonly string[], ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, [miniplaneBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.once('exit', (c) => reject(new Error(`miniplane ${args[0]} exited ${c}`)));
  });
  const m = ready.exec(line);
  if (!m) throw new Error(`unexpected ready line: ${line}`);
  return m[1]!;
}
