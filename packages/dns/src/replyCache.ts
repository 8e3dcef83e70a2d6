/**
 * ReplyCache: encoded replies kept per request, valid for one generation of the cluster state.
 *
 * Contract: the key is the request's bytes after its id (flags, question, EDNS record) and the
 * transport, so a hit is exactly the same question asked the same way; `get(key, generation)`
 * forgets every entry when `generation` differs from the one they were made in (the DNS component
 * bumps it on every informer event, so no answer outlives a change); a hit is a copy with the
 * asker's id written in. At most `max` entries (default 4096): a full cache is emptied, not
 * evicted piecemeal; keys longer than 300 bytes are not kept.
 * Upstream: the role of CoreDNS's `cache` plugin in the default Corefile, bounded by generation
 * instead of TTL.
 */
export const maxCachedKey = 300;

export class ReplyCache {
  private generation = Number.NaN;
  private readonly entries = new Map<string, Buffer>();

  constructor(private readonly max = 4096) {}

  static key(request: Buffer, udp: boolean): string | undefined {
    return request.length - 2 > maxCachedKey ? undefined : (udp ? 'u' : 't') + request.toString('latin1', 2);
  }

  get(key: string, generation: number, id: number): Buffer | undefined {
    if (generation !== this.generation) {
      this.entries.clear();
      this.generation = generation;
      return undefined;
    }
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    const out = Buffer.allocUnsafe(hit.length);
    hit.copy(out);
    out.writeUInt16BE(id, 0);
    return out;
  }

  set(key: string, generation: number, reply: Buffer): void {
    if (generation !== this.generation) return;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, reply);
  }
}
