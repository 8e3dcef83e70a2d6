/**
 * Session: what a verb gets to work with: its parsed flags, the output streams, and (made on
 * first use, so a verb that needs no server never reads a kubeconfig) the connection and the
 * cached discovery.
 *
 * Contract: `conn()` and `discovery()` are memoised; `out`/`err` write synchronously-ordered
 * text to stdout/stderr; `close()` drops idle sockets so the process can exit.
 */
import type { Connection } from './connection.js';
import type { Discovery } from './discovery.js';
import type { Flags } from './flags.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  stdin(): Promise<string>;
}

export class Session {
  private connection: Promise<Connection> | undefined;
  private disc: Promise<Discovery> | undefined;

  constructor(readonly flags: Flags, readonly io: Io, readonly verb: string) {}

  conn(): Promise<Connection> {
    this.connection ??= import('./connection.js').then((m) => m.connect(this.flags));
    return this.connection;
  }

  discovery(): Promise<Discovery> {
    this.disc ??= (async () => {
      const [{ Discovery, cacheDirOf }, c] = await Promise.all([import('./discovery.js'), this.conn()]);
      return new Discovery(c.client, c.server, cacheDirOf(this.flags));
    })();
    return this.disc;
  }

  /** The server URL once connected ('' before), for error texts. */
  async server(): Promise<string> {
    if (!this.connection) return '';
    try {
      return (await this.connection).server;
    } catch {
      return '';
    }
  }

  async close(): Promise<void> {
    if (!this.connection) return;
    try {
      (await this.connection).client.close();
    } catch {
      // a connection that failed to build holds no sockets
    }
  }
}

/** The process's own streams. */
export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};
