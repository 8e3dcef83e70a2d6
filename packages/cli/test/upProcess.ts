/**
 * Test helper: `miniplane up` as a child process, resolved once it prints its ready line, and any
 * `miniplane` command, resolved once it has printed a number of lines; killed (SIGKILL) at
 * teardown if still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'miniplane.js');

export async function up(t: Tap.Test, args: string[]): Promise<{ child: ChildProcess; line: string; url: string; kubeconfig: string }> {
  const child = spawn(process.execPath, [bin, 'up', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.once('exit', (c) => reject(new Error(`exited ${c}`)));
  });
  const m = /^miniplane ready at (https?:\/\/127\.0\.0\.1:\d+) \(kubeconfig: (.+)\)$/.exec(line);
  if (!m) throw new Error(`unexpected ready line: ${line}`);
  return { child, line, url: m[1]!, kubeconfig: m[2]! };
}


/** Starts `miniplane ...args`, resolving with its stdout lines once `want` lines have come. */
export async function startCommand(t: Tap.Test, args: string[], want: number): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
  const lines = await new Promise<string[]>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const got = buf.split('\n');
      if (got.length > want) resolve(got.slice(0, want));
    });
    child.once('exit', (c) => reject(new Error(`exited ${c}`)));
  });
  return { child, lines };
}
