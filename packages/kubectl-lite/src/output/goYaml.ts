/**
 * YAML text exactly as kubectl prints it (`-o yaml`): sigs.k8s.io/yaml's JSON-to-YAML over
 * go-yaml v2's encoder and emitter.
 *
 * Contract: pure. Mapping keys sorted by bytes; block style with 2-space indentation and
 * sequences at their key's column; `{}` and `[]` for empty collections; strings plain when go-yaml
 * would read them back as strings, double-quoted when they would resolve to another type
 * (`"true"`, `"12"`, `"2026-01-01"`, `"y"`) or hold unprintable characters, single-quoted when
 * YAML syntax forbids plain (`'*'`, `'a: b'`), literal blocks (`|`, `|-`, `|+`) for multi-line
 * text; long plain and quoted scalars folded at spaces past column 80, as go-yaml does.
 * Nesting depth is bounded (objects from the server or parsed files are finite trees).
 * Upstream: gopkg.in/yaml.v2 (encode.go stringv, emitterc.go yaml_emitter_analyze_scalar,
 * yaml_emitter_write_plain_scalar / _single_quoted / _double_quoted / _literal), resolve.go
 */

const maxDepth = 1000;
const bestWidth = 80;

/** The YAML document for `v`, ending in a newline. */
export function goYaml(v: unknown): string {
  const out: string[] = [];
  if (isMap(v) || Array.isArray(v)) writeNode(out, v, 0, 0, 'top');
  else out.push(scalar(v, 0, false, 0));
  const text = out.join('');
  return text.endsWith('\n') ? text : text + '\n';
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Go's byte order of the UTF-8 encodings, which is code point order (UTF-16 code unit order is
 * not: a surrogate pair sorts below U+E000..U+FFFF). No Buffer, so the page at /ui can print too.
 */
const compareBytes = (a: string, b: string): number => {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
};

/**
 * Writes a mapping or sequence whose first line continues the current one (after `- ` or at the
 * top), at indentation `indent`.
 */
function writeNode(out: string[], v: unknown, indent: number, depth: number, ctx: 'top' | 'seq'): void {
  if (depth > maxDepth) throw new Error('object too deeply nested to print');
  const pad = ' '.repeat(indent);
  let first = true;
  const lead = () => {
    const s = first && ctx === 'seq' ? '' : pad;
    first = false;
    return s;
  };
  if (Array.isArray(v)) {
    for (const item of v) {
      out.push(lead() + '- ');
      writeValueAfterIndicator(out, item, indent + 2, depth + 1, 'seq');
    }
    return;
  }
  const m = v as Record<string, unknown>;
  for (const k of Object.keys(m).sort(compareBytes)) {
    const key = scalar(k, indent, true, 0);
    out.push(lead() + key + ':');
    const child = m[k];
    if (isMap(child) && Object.keys(child).length > 0) {
      out.push('\n');
      writeNode(out, child, indent + 2, depth + 1, 'top');
    } else if (Array.isArray(child) && child.length > 0) {
      out.push('\n');
      writeNode(out, child, indent, depth + 1, 'top');
    } else {
      out.push(' ' + scalarOrEmpty(child, indent + 2, indent + key.length + 2));
      out.push('\n');
    }
  }
}

/** After `- `: a non-empty collection continues on this line, a scalar ends it. */
function writeValueAfterIndicator(out: string[], v: unknown, indent: number, depth: number, ctx: 'seq'): void {
  if ((isMap(v) && Object.keys(v).length > 0) || (Array.isArray(v) && v.length > 0)) {
    writeNode(out, v, indent, depth, ctx);
    return;
  }
  out.push(scalarOrEmpty(v, indent, indent) + '\n');
}

function scalarOrEmpty(v: unknown, indent: number, column: number): string {
  if (Array.isArray(v)) return '[]';
  if (isMap(v)) return '{}';
  return scalar(v, indent, false, column);
}

function scalar(v: unknown, indent: number, simpleKey: boolean, column: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'bigint') return v.toString();
  return str(String(v), indent, simpleKey, column);
}

function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '.nan' : n > 0 ? '+.inf' : '-.inf';
  // strconv.FormatFloat(f, 'g', -1, 64): exponent form from 1e21 and below 1e-4
  const abs = Math.abs(n);
  if (abs >= 1e21 || abs < 1e-4) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function str(s: string, indent: number, simpleKey: boolean, column: number): string {
  let style: Style = s.includes('\n') ? 'literal' : resolvesAsString(s) ? 'plain' : 'double';
  const a = analyze(s);
  if (style === 'plain' && (!a.blockPlainAllowed || (s.length === 0 && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  switch (style) {
    case 'plain': return simpleKey ? s : folded(s, indent, column, false);
    case 'single': return simpleKey ? `'${s.replace(/'/g, "''")}'` : folded(s, indent, column + 1, true);
    case 'double': return doubleQuoted(s, indent, column, simpleKey);
    default: return literal(s, indent);
  }
}

const boolWords = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const otherWords = new Set(['', '~', 'null', 'Null', 'NULL', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN', '<<']);
const yamlFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const base60Float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const goInt = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/;
const timestamp = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/;

/** go-yaml's resolve(): would this plain text read back as a string? */
function resolvesAsString(s: string): boolean {
  if (boolWords.has(s) || otherWords.has(s) || base60Float.test(s)) return false;
  const c = s[0]!;
  if (!/[-+.0-9]/.test(c)) return true;
  const plain = s.replace(/_/g, '');
  if (goInt.test(plain) || yamlFloat.test(plain)) return false;
  return !(/^[0-9]/.test(c) && timestamp.test(s));
}

interface Analysis {
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBreak = (c: string) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankz = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreak(c);

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

/** yaml_emitter_analyze_scalar, for the block context. */
function analyze(s: string): Analysis {
  if (s.length === 0) return { blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = Array.from(s);
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false, special = false, lineBreaks = false;
  let precededByWs = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const followedByWs = isBlankz(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':') && followedByWs) blockIndicators = true;
      if (c === '-' && followedByWs) blockIndicators = true;
    } else {
      if (c === ':' && followedByWs) blockIndicators = true;
      if (c === '#' && precededByWs) blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = isBlankz(c);
  }
  const a: Analysis = { blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) a.blockPlainAllowed = a.singleQuotedAllowed = false;
  if (spaceBreak || special) a.blockPlainAllowed = a.singleQuotedAllowed = a.blockAllowed = false;
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/**
 * Plain or single-quoted text folded as go-yaml folds it: a single space past column 80 followed
 * by a non-space becomes a line break and the indentation.
 */
function folded(s: string, indent: number, startColumn: number, quoted: boolean): string {
  const chars = Array.from(quoted ? s.replace(/'/g, "''") : s);
  let col = startColumn;
  let text = quoted ? "'" : '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const edge = quoted && (i === 0 || i === chars.length - 1);
    if (c === ' ' && chars[i - 1] !== ' ' && col > bestWidth && chars[i + 1] !== ' ' && !edge) {
      text += '\n' + ' '.repeat(indent);
      col = indent;
      continue;
    }
    text += c;
    col++;
  }
  return quoted ? text + "'" : text;
}

const escapes: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\u0085': 'N', '\u00a0': '_', '\u2028': 'L', '\u2029': 'P',
};

function doubleQuoted(s: string, indent: number, column: number, simpleKey: boolean): string {
  const chars = Array.from(s);
  let text = '"';
  let col = column + 1;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!isPrintable(c) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\') {
      const e = escapes[c];
      const cp = c.codePointAt(0)!;
      const esc = e !== undefined ? `\\${e}` : cp <= 0xff ? `\\x${hex(cp, 2)}` : cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
      text += esc;
      col += esc.length;
      continue;
    }
    if (c === ' ' && !simpleKey && chars[i - 1] !== ' ' && col > bestWidth && i !== 0 && i !== chars.length - 1) {
      text += '\n' + ' '.repeat(indent);
      col = indent;
      if (chars[i + 1] === ' ') {
        text += '\\';
        col++;
      }
      continue;
    }
    text += c;
    col++;
  }
  return text + '"';
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

function literal(s: string, indent: number): string {
  let header = '|';
  if (s.startsWith(' ') || isBreak(s[0] ?? '')) header += '2';
  if (!s.endsWith('\n')) header += '-';
  else if (s.length >= 2 && s[s.length - 2] === '\n') header += '+';
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const pad = ' '.repeat(indent);
  return header + body.split('\n').map((line) => '\n' + (line === '' ? '' : pad + line)).join('');
}
