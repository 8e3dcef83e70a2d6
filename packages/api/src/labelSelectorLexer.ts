/**
 * The label-selector lexer: splits a selector string into kube's tokens.
 *
 * Contract: `lex(s)` returns every token up to and including one EOS token, exactly as
 * labels.Lexer scans: whitespace is ' ', '\t', '\r', '\n'; `= ! ( ) , > <` are special symbols
 * scanned greedily (`!=`, `==`); everything else up to a special symbol or whitespace is an
 * identifier, except the keywords `in` and `notin`. A NUL character ends the input, as Go's
 * lexer reads byte 0 as end-of-string.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/labels/selector.go (Lexer)
 */

export enum Tok {
  Error,
  EOS,
  ClosePar,
  Comma,
  Not,
  DoubleEq,
  Eq,
  Gt,
  Ident,
  In,
  Lt,
  NotEq,
  NotIn,
  OpenPar,
}

export interface Token {
  tok: Tok;
  lit: string;
}

const literalTokens: Record<string, Tok> = {
  ')': Tok.ClosePar,
  ',': Tok.Comma,
  '!': Tok.Not,
  '==': Tok.DoubleEq,
  '=': Tok.Eq,
  '>': Tok.Gt,
  in: Tok.In,
  '<': Tok.Lt,
  '!=': Tok.NotEq,
  notin: Tok.NotIn,
  '(': Tok.OpenPar,
};

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch);

export function lex(input: string): Token[] {
  const nul = input.indexOf('\0');
  const s = nul < 0 ? input : input.slice(0, nul);
  const out: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      out.push({ tok: Tok.EOS, lit: '' });
      return out;
    }
    if (isSpecial(s[pos]!)) {
      const [t, next] = scanSpecial(s, pos);
      out.push(t);
      pos = next;
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) pos++;
    const lit = s.slice(start, pos);
    out.push({ tok: literalTokens[lit] ?? Tok.Ident, lit });
  }
}

/** Longest run of special symbols that still forms a known operator (`!=` but `!` then `(`). */
function scanSpecial(s: string, start: number): [Token, number] {
  let last: Token | undefined;
  let end = start;
  let buf = '';
  for (let i = start; i < s.length && isSpecial(s[i]!); i++) {
    buf += s[i];
    const tok = literalTokens[buf];
    if (tok !== undefined) {
      last = { tok, lit: buf };
      end = i + 1;
    } else if (last) {
      break;
    }
  }
  if (!last) return [{ tok: Tok.Error, lit: `error expected: keyword found '${buf}'` }, start + buf.length];
  return [last, end];
}
