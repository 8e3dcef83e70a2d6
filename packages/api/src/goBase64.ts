/**
 * Go's base64.StdEncoding as kube's JSON decoder uses it for `[]byte` fields (ConfigMap
 * `binaryData`, Secret `data`): which strings decode, and the error Go reports for those that do
 * not, `illegal base64 data at input byte N` (N a byte offset into the UTF-8 text).
 *
 * Contract: padding is required; `\r` and `\n` anywhere are skipped (Go ignores them); nothing
 * is accepted after the padding. Pure; never throws.
 * Upstream: go/src/encoding/base64/base64.go (Decode, decodeQuantum, CorruptInputError)
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decodeMap = new Int16Array(256).fill(-1);
for (let i = 0; i < alphabet.length; i++) decodeMap[alphabet.charCodeAt(i)] = i;

const CR = 0x0d;
const LF = 0x0a;
const PAD = 0x3d; // '='

function corrupt(offset: number): string {
  return `illegal base64 data at input byte ${offset}`;
}

/** One quantum of up to 4 characters from `si`: the next offset, or Go's error. */
function quantum(src: Uint8Array, start: number): { si: number; err?: string } {
  let si = start;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return { si };
      return { si, err: corrupt(si - j) }; // padding is required: a short final quantum is corrupt
    }
    const c = src[si++]!;
    if (decodeMap[c] !== -1) continue;
    if (c === LF || c === CR) {
      j--;
      continue;
    }
    if (c !== PAD || j < 2) return { si, err: corrupt(si - 1) };
    if (j === 2) {
      // "==" is expected, the first "=" is already consumed.
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si === src.length) return { si, err: corrupt(src.length) };
      if (src[si] !== PAD) return { si, err: corrupt(si - 1) };
      si++;
    }
    while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
    return si < src.length ? { si, err: corrupt(si) } : { si };
  }
  return { si };
}

/** Go's decoding error for `text`, or undefined when it decodes. */
export function goBase64Error(text: string): string | undefined {
  const src = Buffer.from(text, 'utf8');
  let si = 0;
  while (si < src.length) {
    const q = quantum(src, si);
    if (q.err) return q.err;
    if (q.si === si) break;
    si = q.si;
  }
  return undefined;
}

/** The number of bytes `text` decodes to (it must be valid: see goBase64Error). */
export function goBase64DecodedLength(text: string): number {
  return Buffer.from(text, 'base64').length;
}
