/**
 * A kubeconfig's YAML read without the YAML library: kubeconfigs (as kubectl, clientcmd and
 * miniplane write them) are block mappings and sequences of one-line scalars, and loading and
 * compiling the full parser is the largest single cost of a short command like `get svc`.
 *
 * Contract: pure. `parseSimpleYaml(text)` returns exactly what the `yaml` package's `parse` returns
 * (YAML 1.2 core schema) for the subset it accepts — block mappings with plain keys, block
 * sequences (`- ` items, also at their key's indentation), plain, single- and double-quoted
 * one-line scalars, `{}` and `[]` — and `undefined` for anything else (comments, anchors, tags,
 * flow collections, block or multi-line scalars, documents markers, numbers other than plain
 * decimals, duplicate keys, nesting deeper than 64), so the caller falls back to the full parser.
 * Upstream: none (a fast path in front of eemeli/yaml; kubeconfig as clientcmd/api/v1 writes it)
 */

type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

interface Line { indent: number; text: string }

class Unsupported extends Error {}

const maxDepth = 64;
const plainKey = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: +(.*))?$/;

function scalar(raw: string): Value {
  const t = raw.replace(/ +$/, '');
  if (t === '{}') return {};
  if (t === '[]') return [];
  if (t.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(t)) throw new Unsupported();
    try {
      return JSON.parse(t) as string;
    } catch {
      throw new Unsupported(); // a YAML-only escape
    }
  }
  if (t.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(t)) throw new Unsupported();
    return t.slice(1, -1).replaceAll("''", "'");
  }
  if (/^(?:~|null|Null|NULL)$/.test(t)) return null;
  if (/^(?:true|True|TRUE)$/.test(t)) return true;
  if (/^(?:false|False|FALSE)$/.test(t)) return false;
  if (/^(?:0|[1-9][0-9]{0,14})$/.test(t)) return Number(t);
  // indicators, numbers in other forms, `key: value` or ` #comment` inside: not plain here
  if (t === '' || /^[-?:,[\]{}#&*!|>'"%@`+.0-9\s]/.test(t) || /: |:$| #|\t/.test(t)) throw new Unsupported();
  return t;
}

class Reader {
  i = 0;
  constructor(private readonly lines: Line[]) {}

  private peek(): Line | undefined {
    return this.lines[this.i];
  }

  /** The block starting at the current line, whose lines are indented exactly `indent`. */
  block(indent: number, depth: number): Value {
    if (depth > maxDepth) throw new Unsupported();
    const first = this.peek()!;
    return first.text === '-' || first.text.startsWith('- ') ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }

  private sequence(indent: number, depth: number): Value[] {
    const out: Value[] = [];
    for (let l = this.peek(); l && l.indent === indent && (l.text === '-' || l.text.startsWith('- ')); l = this.peek()) {
      const rest = l.text === '-' ? '' : l.text.slice(2).replace(/^ +/, '');
      const restIndent = indent + (l.text.length - rest.length);
      if (rest === '') {
        this.i++;
        out.push(this.nested(indent, false, depth));
      } else if (rest === '-' || rest.startsWith('- ') || plainKey.test(rest)) {
        this.lines[this.i] = { indent: restIndent, text: rest }; // `- key: v`: a mapping at the key's column
        out.push(this.block(restIndent, depth + 1));
      } else {
        this.i++;
        out.push(scalar(rest));
      }
    }
    return out;
  }

  private mapping(indent: number, depth: number): { [k: string]: Value } {
    const out: { [k: string]: Value } = {};
    for (let l = this.peek(); l && l.indent === indent; l = this.peek()) {
      const m = plainKey.exec(l.text);
      if (!m || Object.hasOwn(out, m[1]!)) throw new Unsupported();
      this.i++;
      out[m[1]!] = m[2] !== undefined && m[2] !== '' ? scalar(m[2]) : this.nested(indent, true, depth);
    }
    return out;
  }

  /** A key's (or bare `-`'s) value on the following lines: deeper, or a sequence at the key's own indentation. */
  private nested(indent: number, sameIndentSequence: boolean, depth: number): Value {
    const l = this.peek();
    if (l && (l.indent > indent || (sameIndentSequence && l.indent === indent && (l.text === '-' || l.text.startsWith('- '))))) return this.block(l.indent, depth + 1);
    return null;
  }
}

export function parseSimpleYaml(text: string): unknown {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const indent = /^ */.exec(raw)![0].length;
    const body = raw.slice(indent);
    if (body.startsWith('#') || body.startsWith('\t') || raw.includes('\r') || /^(?:---|\.\.\.|%)/.test(body)) return undefined;
    lines.push({ indent, text: body.replace(/ +$/, '') });
  }
  if (!lines.length) return undefined;
  try {
    const r = new Reader(lines);
    if (lines[0]!.indent !== 0) return undefined;
    const doc = r.block(0, 0);
    return r.i === lines.length ? doc : undefined;
  } catch (e: unknown) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
