/**
 * Test helper: one `dig` (Debian's dnsutils) lookup against a DNS component on 127.0.0.1, without
 * recursion, parsed into its status, flags and sections (one record a line, whitespace collapsed).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Dig { status: string; flags: string; answer: string[]; authority: string[]; additional: string[] }

/** `dig @127.0.0.1 -p PORT +norec NAME TYPE` (no name: only `opts`, e.g. `-x IP`). */
export async function dig(port: number, name: string, type = 'A', ...opts: string[]): Promise<Dig> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+norec', '+time=2', '+tries=2', ...opts, ...(name ? [name, type] : [])]);
  const section = (title: string) => {
    const m = new RegExp(`;; ${title} SECTION:\\n([\\s\\S]*?)(?:\\n\\n|$)`).exec(stdout);
    return m ? m[1]!.split('\n').filter(Boolean).map((l) => l.split(/\s+/).join(' ')) : [];
  };
  return {
    status: /status: (\w+)/.exec(stdout)?.[1] ?? stdout,
    flags: /;; flags: ([^;]*);/.exec(stdout)?.[1] ?? '',
    answer: section('ANSWER'), authority: section('AUTHORITY'), additional: section('ADDITIONAL'),
  };
}
