/**
 * ReplyCache: encoded replies kept per question, valid for one generation of the cluster state,
 * served with each asker's id and spelling.
 *
 * Contract
 * - The key is the request's bytes after its id (flags, question, EDNS record) with the question
 *   name's letters folded to lowercase, and the transport (hashed, FNV-1a; a hit is compared byte
 *   for byte): the same question asked the same way, in any letter case.
 * - A reply is kept with the offsets of the owner names that are the question name as asked; a
 *   hit is a copy with the asker's id, and the asker's spelling of the name written into the
 *   question and those owners (so DNS 0x20 resolvers see their case echoed). A reply whose
 *   question or owners are not byte for byte the request's name is not kept.
 * - `get(key, generation)` forgets every entry when `generation` differs from the one they were
 *   made in (the DNS component bumps it on every informer event, so no answer outlives a change).
 * - A reply is kept the second time its question comes in a generation (a stream of questions
 *   never repeated costs a hash and one typed-array slot, not a copy). At most `max` entries
 *   (default 4096; as many remembered-question slots, direct-mapped by hash, so two questions
 *   may forget each other): a full cache is emptied, not evicted piecemeal; requests over
 *   300 bytes, or whose name is compressed or malformed, are not kept.
 * Upstream: the role of CoreDNS's `cache` plugin in the default Corefile, bounded by generation
 * instead of TTL.
 */
export const maxCachedRequest = 300;

export interface CacheSlot {
  /** FNV-1a over the transport and the request after its id, the name's letters folded to lowercase. */
  hash: number;
  /** The request's question name, wire form: offset 12, this many bytes. */
  nameLength: number;
}

interface Entry {
  /** A copy of the request the reply answered, to tell hash collisions apart. */
  request: Buffer;
  reply: Buffer;
  owners: number[];
}

const lower = (b: number) => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b);

export class ReplyCache {
  private generation = Number.NaN;
  private readonly entries = new Map<number, Entry>();
  /**
   * Questions seen once this generation (their hashes, direct-mapped by the hash's low bits: no
   * allocation or rehashing per question; a collision only forgets a question): a reply is kept
   * from the second time on.
   */
  private readonly seen: Uint32Array;

  constructor(private readonly max = 4096) {
    this.seen = new Uint32Array(2 ** Math.ceil(Math.log2(Math.max(max, 2))));
  }

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
    const nameEnd = at + 1;
    let hash = udp ? 0x811c9dc5 : 0x050c5d1f;
    for (let i = 2; i < request.length; i++) hash = Math.imul(hash ^ (i < nameEnd && i >= 12 ? lower(request[i]) : request[i]), 0x01000193);
    return { hash: hash >>> 0, nameLength: nameEnd - 12 };
  }

  get(slot: CacheSlot, generation: number, request: Buffer): Buffer | undefined {
    if (generation !== this.generation) {
      this.entries.clear();
      this.seen.fill(0);
      this.generation = generation;
      return undefined;
    }
    const hit = this.entries.get(slot.hash);
    if (!hit || !sameQuestion(hit.request, request, 12 + slot.nameLength)) return undefined;
    const out = Buffer.allocUnsafe(hit.reply.length);
    hit.reply.copy(out);
    request.copy(out, 0, 0, 2);
    request.copy(out, 12, 12, 12 + slot.nameLength);
    for (const o of hit.owners) request.copy(out, o, 12, 12 + slot.nameLength);
    return out;
  }

  set(slot: CacheSlot, generation: number, request: Buffer, reply: Buffer): void {
    if (generation !== this.generation) return;
    const at = slot.hash & (this.seen.length - 1);
    // (hash | 1): a hash of 0 must not read as an empty slot
    if (this.seen[at] !== (slot.hash | 1) >>> 0) {
      this.seen[at] = (slot.hash | 1) >>> 0;
      return;
    }
    const owners = askedOwners(reply, request.subarray(12, 12 + slot.nameLength));
    if (!owners) return;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(slot.hash, { request: Buffer.from(request), reply, owners });
  }
}

/** Equal after the id, the name (bytes 12 to nameEnd) compared without regard to letter case. */
function sameQuestion(a: Buffer, b: Buffer, nameEnd: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 2; i < a.length; i++) {
    if (a[i] !== b[i] && (i < 12 || i >= nameEnd || lower(a[i]) !== lower(b[i]))) return false;
  }
  return true;
}

/**
 * The offsets of the answer records whose owner is `name` byte for byte, walking the reply (names
 * uncompressed, as dns-packet writes them); undefined if its question is not `name` or the walk
 * runs off the end.
 */
function askedOwners(reply: Buffer, name: Buffer): number[] | undefined {
  const same = (at: number) => at + name.length <= reply.length && reply.compare(name, 0, name.length, at, at + name.length) === 0;
  if (reply.readUInt16BE(4) !== 1 || !same(12)) return undefined;
  const owners: number[] = [];
  let at = 12 + name.length + 4;
  for (let i = reply.readUInt16BE(6); i > 0; i--) {
    if (same(at)) owners.push(at);
    while (at < reply.length && reply[at] !== 0) {
      if (reply[at] > 63) return undefined;
      at += reply[at] + 1;
    }
    at += 1 + 8;
    if (at + 2 > reply.length) return undefined;
    at += 2 + reply.readUInt16BE(at);
  }
  return at <= reply.length ? owners : undefined;
}
