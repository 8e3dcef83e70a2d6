/**
 * Child processes for the process-level tests: `miniplane up` and `miniplane controllers` from
 * the built CLI (packages/cli/bin), each resolved once it prints its one ready line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

export const miniplaneBin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'bin', 'miniplane.js');

export interface Child {
  child: ChildProcess;
  line: string;
  stderr(): string;
}

/** Spawns `miniplane ...args` and resolves with its first stdout line; killed (-9) at teardown. */
export async function spawnMiniplane(t: Test, args: string[], env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, [miniplaneBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`miniplane ${args[0]} exited (${code ?? signal}) before its ready line: ${err}`)));
  });
  return { child, line, stderr: () => err };
}

export function exited(c: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve(c.exitCode) : c.once('exit', (code) => resolve(code))));
}

/** `miniplane up` on a free port over `dataDir`; resolves with its URL and kubeconfig path. */
export async function spawnUp(t: Test, dataDir: string, extra: string[] = []): Promise<Child & { url: string; kubeconfig: string }> {
  const c = await spawnMiniplane(t, ['up', '--listen', '127.0.0.1:0', '--data-dir', dataDir, ...extra]);
  const m = /^miniplane ready at (\S+) \(kubeconfig: (.+)\)$/.exec(c.line);
  if (!m) throw new Error(`unexpected ready line: ${c.line}`);
  return { ...c, url: m[1]!, kubeconfig: m[2]! };
}
