/**
 * Reads JSON text the way Go's encoding/json does, so a malformed patch body gets the error text
 * kube-apiserver would send back (e.g. `invalid character 'i' looking for beginning of value`).
 *
 * Contract: `parseGoJson(text)` returns the parsed value, or throws `GoJsonSyntaxError` whose
 * message is exactly Go's scanner error (syntax is checked for the whole input before any value
 * is built, as json.Unmarshal does). `goJsonKind(v)` names a value the way Go's
 * UnmarshalTypeError does (`object`, `array`, `string`, `number`, `bool`).
 * Upstream: go/src/encoding/json/scanner.go (Go's standard library, as vendored by sigs.k8s.io/json)
 */

export class GoJsonSyntaxError extends Error {}

/** Go's quoteChar: the offending character as `'x'`, with `\n`-style escapes. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

const ws = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const hex = (c: string | undefined) => c !== undefined && /[0-9a-fA-F]/.test(c);

class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  private fail(context: string): never {
    if (this.i >= this.s.length) throw new GoJsonSyntaxError('unexpected end of JSON input');
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(this.s[this.i]!)} ${context}`);
  }

  private skip(): void {
    while (ws(this.s[this.i])) this.i++;
  }

  check(): void {
    this.skip();
    this.value();
    this.skip();
    if (this.i < this.s.length) this.fail('after top-level value');
  }

  private value(): void {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || digit(c)) return this.number();
    for (const lit of ['true', 'false', 'null']) {
      if (c === lit[0]) return this.literal(lit);
    }
    this.fail('looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.skip();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      if (this.s[this.i] !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.skip();
      if (this.s[this.i] !== ':') this.fail('after object key');
      this.i++;
      this.skip();
      this.value();
      this.skip();
      const c = this.s[this.i];
      if (c === '}') {
        this.i++;
        return;
      }
      if (c !== ',') this.fail('after object key:value pair');
      this.i++;
      this.skip();
    }
  }

  private array(): void {
    this.i++;
    this.skip();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.skip();
      const c = this.s[this.i];
      if (c === ']') {
        this.i++;
        return;
      }
      if (c !== ',') this.fail('after array element');
      this.i++;
      this.skip();
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('in string literal');
      if (c === '"') {
        this.i++;
        return;
      }
      if (c < ' ') this.fail('in string literal');
      if (c === '\\') {
        this.i++;
        const e = this.s[this.i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            this.i++;
            if (!hex(this.s[this.i])) this.fail('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          this.fail('in string escape code');
        }
      }
      this.i++;
    }
  }

  private number(): void {
    if (this.s[this.i] === '-') {
      this.i++;
      if (!digit(this.s[this.i])) this.fail('in numeric literal');
    }
    if (this.s[this.i] === '0') this.i++;
    else while (digit(this.s[this.i])) this.i++;
    if (this.s[this.i] === '.') {
      this.i++;
      if (!digit(this.s[this.i])) this.fail('after decimal point in numeric literal');
      while (digit(this.s[this.i])) this.i++;
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      if (!digit(this.s[this.i])) this.fail('in exponent of numeric literal');
      while (digit(this.s[this.i])) this.i++;
    }
  }

  private literal(lit: string): void {
    for (let k = 0; k < lit.length; k++, this.i++) {
      if (this.s[this.i] !== lit[k]) this.fail(`in literal ${lit} (expecting ${quoteChar(lit[k]!)})`);
    }
  }
}

/** json.Unmarshal's syntax pass followed by the decode. */
export function parseGoJson(text: string): unknown {
  new Scanner(text).check();
  return JSON.parse(text) as unknown;
}

/** The JSON kind word Go uses in `json: cannot unmarshal <kind> into Go value of type T`. */
export function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // 'string' | 'number'
}
