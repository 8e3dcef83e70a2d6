/**
 * ReplyCache: encoded replies kept per question, valid for one generation of the cluster state,
 * served with each asker's id and spelling.
 *
 * Contract
 * - The key is the request's bytes after its id (flags, question, EDNS record) with the question
 *   name lowercased, and the transport: the same question asked the same way, in any letter case.
 * - A reply is kept with the offsets of the owner names that are the question name as asked; a
 *   hit is a copy with the asker's id, and the asker's spelling of the name written into the
 *   question and those owners (so DNS 0x20 resolvers see their case echoed). A reply whose
 *   question or owners are not byte for byte the request's name is not kept.
 * - `get(key, generation)` forgets every entry when `generation` differs from the one they were
 *   made in (the DNS component bumps it on every informer event, so no answer outlives a change).
 * - At most `max` entries (default 4096): a full cache is emptied, not evicted piecemeal; requests
 *   over 300 bytes, or whose name is compressed or malformed, are not kept.
 * Upstream: the role of CoreDNS's `cache` plugin in the default Corefile, bounded by generation
 * instead of TTL.
 */
export const maxCachedRequest = 300;

export interface CacheSlot {
  key: string;
  /** The request's question name, wire form: offset 12, this many bytes. */
  nameLength: number;
}

interface Entry {
  reply: Buffer;
  owners: number[];
}

export class ReplyCache {
  private generation = Number.NaN;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly max = 4096) {}

  /** The slot of a request, or undefined when it is not cacheable. */
  static slot(request: Buffer, udp: boolean): CacheSlot | undefined {
    if (request.length > maxCachedRequest) return undefined;
    let at = 12;
    while (at < request.length) {
      const len = request[at];
      if (len === 0) break;
      if (len > 63) return undefined;
      at += len + 1;
    }
    if (at >= request.length) return undefined;
    const end = at + 1;
    const key = (udp ? 'u' : 't') + request.toString('latin1', 2, 12) + request.toString('latin1', 12, end).toLowerCase() + request.toString('latin1', end);
    return { key, nameLength: end - 12 };
  }

  get(slot: CacheSlot, generation: number, request: Buffer): Buffer | undefined {
    if (generation !== this.generation) {
      this.entries.clear();
      this.generation = generation;
      return undefined;
    }
    const hit = this.entries.get(slot.key);
    if (!hit) return undefined;
    const out = Buffer.allocUnsafe(hit.reply.length);
    hit.reply.copy(out);
    request.copy(out, 0, 0, 2);
    request.copy(out, 12, 12, 12 + slot.nameLength);
    for (const o of hit.owners) request.copy(out, o, 12, 12 + slot.nameLength);
    return out;
  }

  set(slot: CacheSlot, generation: number, request: Buffer, reply: Buffer, owners: number[]): void {
    if (generation !== this.generation) return;
    const name = request.subarray(12, 12 + slot.nameLength);
    const same = (at: number) => at + name.length <= reply.length && reply.subarray(at, at + name.length).equals(name);
    if (!same(12) || !owners.every(same)) return;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(slot.key, { reply, owners });
  }
}
