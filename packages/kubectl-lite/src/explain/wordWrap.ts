/**
 * Word wrapping as kubectl's explain does it (`wrap N` in its templates): go-wordwrap's
 * WrapString, so long descriptions break at exactly the columns kubectl breaks them.
 *
 * Contract: pure. Lines break at a space before the word that would pass `limit` runes; the
 * spaces at a break are dropped; a word longer than the limit stays whole on its own line (a word
 * that reaches the limit mid-way gets a break before it); existing newlines are kept, with a
 * line's trailing spaces dropped when they would pass the limit; a no-break space is not a space.
 * Upstream: github.com/mitchellh/go-wordwrap v1.0.1 (wordwrap.go, WrapString), used through
 * staging/src/k8s.io/kubectl/pkg/util/term/term_writer.go (NewWordWrapWriter)
 */

const nbsp = 0xa0;

/** Go's unicode.IsSpace. */
function isSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === nbsp;
  return cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

export function wrapString(s: string, limit: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  const flushSpace = () => {
    out += space;
    space = '';
    spaceLen = 0;
  };
  const flushWord = () => {
    out += word;
    word = '';
    wordLen = 0;
  };
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen <= limit) out += space;
        space = '';
        spaceLen = 0;
      } else {
        flushSpace();
        flushWord();
      }
      out += '\n';
      current = 0;
    } else if (isSpace(cp) && cp !== nbsp) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        flushSpace();
        flushWord();
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > limit && wordLen < limit) {
        out += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= limit) out += space;
  } else out += space + word;
  return out;
}
