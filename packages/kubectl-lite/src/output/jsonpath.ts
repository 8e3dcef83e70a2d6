/**
 * kubectl's JSONPath templates (`-o jsonpath=...`, custom-columns, `--sort-by`, `wait
 * --for=jsonpath=`): `{.a.b}`, `{.items[*].metadata.name}`, `{['a.b']}`, `[n]`, `[a:b]`, `[*]`,
 * `..name`, filters `[?(@.type=="Ready")]` (==, !=, <, <=, >, >=, or existence), `{range ...}`
 * ... `{end}` and string literals `{"\n"}`.
 *
 * Contract: pure; `compile` throws `JsonPathError` worded as kubectl's parser; `execute` returns
 * the text; missing keys print nothing (kubectl allows them); several results of one action are
 * separated by a space; maps and lists print as compact Go JSON, other values as text.
 * Upstream: staging/src/k8s.io/client-go/util/jsonpath/{parser.go,jsonpath.go},
 * staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go (RelaxedJSONPathExpression)
 */
import { goJson } from '@miniplane/api/apply/fieldPath';

export class JsonPathError extends Error {}

type Step =
  | { t: 'field'; name: string }
  | { t: 'recursive'; name: string }
  | { t: 'index'; index: number }
  | { t: 'slice'; start?: number; end?: number }
  | { t: 'all' }
  | { t: 'filter'; left: Step[]; op?: string; right?: unknown };

type Node =
  | { t: 'text'; text: string }
  | { t: 'path'; steps: Step[] }
  | { t: 'range'; steps: Step[]; body: Node[] };

/** Parses a template into nodes. */
export function compile(template: string): Node[] {
  const actions: { text?: string; action?: string }[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      actions.push({ text: template.slice(i) });
      break;
    }
    if (open > i) actions.push({ text: template.slice(i, open) });
    const close = closingBrace(template, open);
    if (close < 0) throw new JsonPathError(`unclosed action`);
    actions.push({ action: template.slice(open + 1, close).trim() });
    i = close + 1;
  }
  const stack: Node[][] = [[]];
  const ranges: Extract<Node, { t: 'range' }>[] = [];
  for (const a of actions) {
    const top = stack[stack.length - 1]!;
    if (a.text !== undefined) top.push({ t: 'text', text: a.text });
    else if (a.action === 'end') {
      if (!ranges.length) throw new JsonPathError('not in range, nothing to end');
      ranges.pop();
      stack.pop();
    } else if (a.action!.startsWith('range ')) {
      const r = { t: 'range' as const, steps: parsePath(a.action!.slice(6).trim()), body: [] as Node[] };
      top.push(r);
      ranges.push(r);
      stack.push(r.body);
    } else if (/^"(?:[^"\\]|\\.)*"$/.test(a.action!)) top.push({ t: 'text', text: JSON.parse(a.action!) as string });
    else top.push({ t: 'path', steps: parsePath(a.action!) });
  }
  if (ranges.length) throw new JsonPathError('unclosed range');
  return stack[0]!;
}

function closingBrace(s: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return -1;
}

function parsePath(expr: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  if (expr === '@' || expr === '$') return steps;
  if (expr.startsWith('$') || expr.startsWith('@')) i = 1;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '.') {
      const recursive = expr[i + 1] === '.';
      i += recursive ? 2 : 1;
      // a backslash escapes the next character (`annotations.example\.com/x`); kube drops every backslash
      const raw = /^(?:\\[\s\S]|[^.[\\])*\\?/.exec(expr.slice(i))![0];
      i += raw.length;
      const m = raw.replaceAll('\\', '');
      if (recursive) steps.push({ t: 'recursive', name: m });
      else if (raw === '*') steps.push({ t: 'all' });
      else if (m) steps.push({ t: 'field', name: m });
      continue;
    }
    if (c === '[') {
      const close = bracketEnd(expr, i);
      steps.push(bracket(expr.slice(i + 1, close).trim()));
      i = close + 1;
      continue;
    }
    throw new JsonPathError(`unrecognized character in action: U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`);
  }
  return steps;
}

function bracketEnd(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError('unterminated array');
}

function bracket(inner: string): Step {
  if (inner === '*') return { t: 'all' };
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(inner);
  if (quoted) return { t: 'field', name: quoted[1] ?? quoted[2]! };
  if (inner.startsWith('?(') && inner.endsWith(')')) return filter(inner.slice(2, -1).trim());
  if (/^-?\d+$/.test(inner)) return { t: 'index', index: Number(inner) };
  const slice = /^(-?\d*):(-?\d*)$/.exec(inner);
  if (slice) return { t: 'slice', start: slice[1] ? Number(slice[1]) : undefined, end: slice[2] ? Number(slice[2]) : undefined };
  throw new JsonPathError(`invalid array index ${inner}`);
}

function filter(text: string): Step {
  const m = /^(@[^\s=!<>]*)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(text);
  if (!m) return { t: 'filter', left: parsePath(text) };
  const raw = m[3]!.trim();
  const q = /^'(.*)'$|^"(.*)"$/.exec(raw);
  const right: unknown = q ? (q[1] ?? q[2]) : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
  return { t: 'filter', left: parsePath(m[1]!), op: m[2], right };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function step(values: unknown[], s: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (s.t) {
      case 'field':
        if (isMap(v) && s.name in v) out.push(v[s.name]);
        break;
      case 'all':
        if (Array.isArray(v)) out.push(...v);
        else if (isMap(v)) out.push(...Object.keys(v).sort().map((k) => v[k]));
        break;
      case 'index':
        if (Array.isArray(v)) {
          const at = s.index < 0 ? v.length + s.index : s.index;
          if (at < 0 || at >= v.length) throw new JsonPathError(`array index out of bounds: index ${s.index}, length ${v.length}`);
          out.push(v[at]);
        }
        break;
      case 'slice':
        if (Array.isArray(v)) out.push(...v.slice(s.start ?? 0, s.end ?? v.length));
        break;
      case 'recursive':
        collect(v, s.name, out, 0);
        break;
      case 'filter':
        if (Array.isArray(v)) out.push(...v.filter((x) => matches(x, s)));
        break;
    }
  }
  return out;
}

function collect(v: unknown, name: string, out: unknown[], depth: number): void {
  if (depth > 1000) return;
  if (isMap(v)) {
    if (name in v) out.push(v[name]);
    for (const k of Object.keys(v).sort()) collect(v[k], name, out, depth + 1);
  } else if (Array.isArray(v)) for (const x of v) collect(x, name, out, depth + 1);
}

function matches(x: unknown, f: Extract<Step, { t: 'filter' }>): boolean {
  const left = evaluate(x, f.left);
  if (!f.op) return left.length > 0;
  return left.some((l) => {
    switch (f.op) {
      case '==': return l === f.right || String(l) === String(f.right);
      case '!=': return String(l) !== String(f.right);
      case '<': return Number(l) < Number(f.right);
      case '<=': return Number(l) <= Number(f.right);
      case '>': return Number(l) > Number(f.right);
      default: return Number(l) >= Number(f.right);
    }
  });
}

export function evaluate(root: unknown, steps: readonly Step[]): unknown[] {
  let values = [root];
  for (const s of steps) values = step(values, s);
  return values;
}

/** One value as kubectl's jsonpath prints it. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return v === null ? '<nil>' : '';
  if (typeof v === 'object') return goJson(v);
  return String(v);
}

export function execute(nodes: readonly Node[], data: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.text;
    else if (n.t === 'path') out += evaluate(data, n.steps).map(valueText).join(' ');
    else for (const item of evaluate(data, n.steps)) out += execute(n.body, item);
  }
  return out;
}

/** custom-columns / sort-by syntax: `.a.b`, `a.b` or `{.a.b}` all mean `{.a.b}`. */
export function relaxed(expr: string): string {
  const e = expr.trim();
  if (e.startsWith('{') && e.endsWith('}')) return e;
  return `{${e.startsWith('.') ? e : '.' + e}}`;
}
