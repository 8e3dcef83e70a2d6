/**
 * Reads JSON text the way Go's encoding/json does, bounded: the error text kube-apiserver would
 * send back (e.g. `invalid character 'i' looking for beginning of value`), a nesting limit checked
 * while reading (never by recursion: the reader keeps its own stack), and integers kept exact.
 *
 * Contract: `parseGoJson(text)` returns the value, or throws `GoJsonSyntaxError` whose message is
 * Go's scanner error for the first fault in text order; nesting deeper than `maxJsonDepth` arrays
 * and objects is the fault `exceeded max depth` (Go's words; Go's own limit is 10000, ours is lower
 * because what reads the value afterwards — patches, type checks, the YAML composer, V8's
 * JSON.stringify — recurses, and must stay far from the stack's end). An integer literal a double
 * cannot hold and print back exactly is returned as a `bigint` holding its exact value (9007199254740993 stays ...993, int64's
 * 9223372036854775807 round-trips); every other number is a JS number. A `__proto__` key is an own
 * property, as with JSON.parse. Ordinary bodies take JSON.parse (V8's parser is iterative) after
 * a cheap check that neither limit can be hit. `goJsonKind(v)` names a value as Go's
 * UnmarshalTypeError does; `numberLiteral(v)` prints a number as Go quotes it in that error.
 * Upstream: go/src/encoding/json/scanner.go (maxNestingDepth, error texts), as vendored by sigs.k8s.io/json
 */

export class GoJsonSyntaxError extends Error {}

/** The deepest nesting of arrays and objects a request body may have. */
export const maxJsonDepth = 100;

/** Go's quoteChar: the offending character as `'x'`, with `\n`-style escapes. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

type Frame = { arr: unknown[] } | { obj: Record<string, unknown>; key: string };

function setOwn(obj: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}

class Reader {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {}

  private fail(context: string): never {
    if (this.i >= this.s.length) throw new GoJsonSyntaxError('unexpected end of JSON input');
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(String.fromCodePoint(this.s.codePointAt(this.i)!))} ${context}`);
  }

  private ws(): void {
    while (isWs(this.s.charCodeAt(this.i))) this.i++;
  }

  private code(): number {
    return this.s.charCodeAt(this.i);
  }

  read(): unknown {
    const stack: Frame[] = [];
    this.ws();
    for (;;) {
      // Read the start of a value: a scalar completes it, an opener pushes a frame.
      let value: unknown;
      const c = this.code();
      if (c === 123 /* { */ || c === 91 /* [ */) {
        if (stack.length >= this.maxDepth) throw new GoJsonSyntaxError('exceeded max depth');
        this.i++;
        this.ws();
        if (c === 91) {
          if (this.code() === 93) {
            this.i++;
            value = [];
          } else {
            stack.push({ arr: [] });
            continue;
          }
        } else if (this.code() === 125) {
          this.i++;
          value = {};
        } else {
          stack.push({ obj: {}, key: this.key() });
          continue;
        }
      } else value = this.scalar();
      // Hand the finished value to its parents, closing every container that ends here.
      for (;;) {
        const top = stack.at(-1);
        if (!top) {
          this.ws();
          if (this.i < this.s.length) this.fail('after top-level value');
          return value;
        }
        this.ws();
        const d = this.code();
        if ('arr' in top) {
          top.arr.push(value);
          if (d === 44 /* , */) break;
          if (d !== 93) this.fail('after array element');
          value = top.arr;
        } else {
          setOwn(top.obj, top.key, value);
          if (d === 44) {
            this.i++;
            this.ws();
            top.key = this.key();
            this.i--; // the shared `break` path below steps over one character
            break;
          }
          if (d !== 125) this.fail('after object key:value pair');
          value = top.obj;
        }
        this.i++;
        stack.pop();
      }
      this.i++;
      this.ws();
    }
  }

  /** `"key"` then `:`, leaving the reader at the value. */
  private key(): string {
    if (this.code() !== 34) this.fail('looking for beginning of object key string');
    const k = this.string();
    this.ws();
    if (this.code() !== 58) this.fail('after object key');
    this.i++;
    this.ws();
    return k;
  }

  private scalar(): unknown {
    const c = this.code();
    if (c === 34) return this.string();
    if (c === 45 || isDigit(c)) return this.number();
    if (c === 116) return this.literal('true', true);
    if (c === 102) return this.literal('false', false);
    if (c === 110) return this.literal('null', null);
    this.fail('looking for beginning of value');
  }

  private string(): string {
    const start = this.i + 1;
    const close = this.s.indexOf('"', start);
    if (close >= 0) {
      const raw = this.s.slice(start, close);
      // eslint-disable-next-line no-control-regex
      if (!/[\u0000-\u001f\\]/.test(raw)) {
        this.i = close + 1;
        return raw;
      }
    }
    let out = '';
    this.i = start;
    for (;;) {
      const ch = this.code();
      if (Number.isNaN(ch)) this.fail('in string literal');
      if (ch === 34) {
        this.i++;
        return out;
      }
      if (ch < 32) this.fail('in string literal');
      if (ch !== 92) {
        out += this.s[this.i++];
        continue;
      }
      this.i++;
      const e = this.s[this.i];
      if (e === 'u') {
        for (let k = 1; k <= 4; k++) {
          this.i++;
          if (!isHex(this.code())) this.fail('in \\u hexadecimal character escape');
        }
        out += String.fromCharCode(parseInt(this.s.slice(this.i - 3, this.i + 1), 16));
      } else if (e !== undefined && escapes[e] !== undefined) {
        out += escapes[e];
      } else {
        this.fail('in string escape code');
      }
      this.i++;
    }
  }

  private number(): number | bigint {
    const start = this.i;
    let plain = true;
    if (this.code() === 45) {
      this.i++;
      if (!isDigit(this.code())) this.fail('in numeric literal');
    }
    if (this.code() === 48) this.i++;
    else while (isDigit(this.code())) this.i++;
    if (this.code() === 46) {
      plain = false;
      this.i++;
      if (!isDigit(this.code())) this.fail('after decimal point in numeric literal');
      while (isDigit(this.code())) this.i++;
    }
    if (this.code() === 101 || this.code() === 69) {
      plain = false;
      this.i++;
      if (this.code() === 43 || this.code() === 45) this.i++;
      if (!isDigit(this.code())) this.fail('in exponent of numeric literal');
      while (isDigit(this.code())) this.i++;
    }
    const lit = this.s.slice(start, this.i);
    const n = Number(lit);
    if (!plain || Number.isSafeInteger(n)) return n;
    // A number that prints back as the same digits (2^53) stays a number; any other is kept whole.
    return String(n) === lit ? n : BigInt(lit);
  }

  private literal<T>(lit: string, v: T): T {
    for (let k = 0; k < lit.length; k++, this.i++) {
      if (this.s[this.i] !== lit[k]) this.fail(`in literal ${lit} (expecting ${quoteChar(lit[k]!)})`);
    }
    return v;
  }
}

/** At most `limit` openers, or else no nesting deeper than `limit` (strings skipped). */
function withinDepth(s: string, limit: number): boolean {
  let openers = 0;
  for (const c of ['[', '{']) {
    for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) if (++openers > limit) break;
  }
  if (openers <= limit) return true;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (i = s.indexOf('"', i + 1); i > 0; i = s.indexOf('"', i + 1)) {
        let b = 0;
        while (s.charCodeAt(i - 1 - b) === 92) b++;
        if (b % 2 === 0) break;
      }
      if (i < 0) return true; // unterminated: the reader reports it
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return false;
    } else if (c === 93 || c === 125) depth--;
  }
  return true;
}

/** json.Unmarshal's syntax pass and decode, bounded to `maxDepth` levels of nesting. */
export function parseGoJson(text: string, maxDepth = maxJsonDepth): unknown {
  // An integer of 16+ digits may lose precision in JSON.parse: read those texts ourselves.
  if (withinDepth(text, maxDepth) && !/\d{16}/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Go's words for the fault come from the reader below.
    }
  }
  return new Reader(text, maxDepth).read();
}

/** The JSON kind word Go uses in `json: cannot unmarshal <kind> into Go value of type T`. */
export function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'number';
  return typeof v; // 'string' | 'number'
}

/** A number as Go's UnmarshalTypeError quotes it (`number 1.5`, `number 1e308`). */
export function numberLiteral(v: number | bigint): string {
  return String(v).replace('e+', 'e');
}

/**
 * Stored JSON (this server's own output) read back exactly: JSON.parse unless the text holds a
 * 16+ digit run, which may be an integer a double would round. No depth limit: the data was
 * bounded when it came in, and the reader keeps its own stack.
 */
export function parseJsonExact(text: string): unknown {
  return /\d{16}/.test(text) ? new Reader(text, Infinity).read() : (JSON.parse(text) as unknown);
}

/** JSON.stringify's output for plain data, writing a bigint as its digits. */
function encodeWithBigInts(v: unknown): string | undefined {
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const toJSON = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return encodeWithBigInts(toJSON.call(v));
  if (Array.isArray(v)) return `[${v.map((x) => encodeWithBigInts(x) ?? 'null').join(',')}]`;
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    const e = encodeWithBigInts(x);
    if (e !== undefined) parts.push(`${JSON.stringify(k)}:${e}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * JSON text of plain data that may hold bigints (see parseGoJson): JSON.stringify, which refuses
 * a bigint with a TypeError; only then the slower writer that prints it as digits.
 */
export function encodeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch (e) {
    if (!(e instanceof TypeError) || !/BigInt/i.test(e.message)) throw e;
    return encodeWithBigInts(v) ?? 'null';
  }
}

const goEscapedAny = /[<>&\u2028\u2029]/;
const goEscaped = /[<>&\u2028\u2029]/g;
const goEscapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * JSON text as Go's encoding/json writes it by default (kube's JSON serializer, json.Encoder):
 * `<`, `>`, `&`, U+2028 and U+2029 escaped as \u003c, \u003e, \u0026, \u2028, \u2029. They can
 * only occur inside strings of JSON text, so the whole text is rewritten; the value is the same.
 * Upstream: encoding/json encode.go (HTMLEscape, appendString with escapeHTML).
 */
export function goEscapeJson(json: string): string {
  return goEscapedAny.test(json) ? json.replace(goEscaped, (c) => goEscapes[c]!) : json;
}
