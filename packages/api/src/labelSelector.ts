/**
 * Label selectors: kube's string syntax, the metav1.LabelSelector object form and plain map
 * selectors, all turned into one immutable `ParsedLabelSelector` (kube's labels.Selector).
 *
 * Contract:
 * - `parseLabelSelector` accepts exactly what labels.Parse accepts (`a=b`, `a==b`, `a!=b`,
 *   `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-separated, with whitespace) and
 *   throws `BadRequest` carrying labels.Parse's error text verbatim — the apiserver answers a bad
 *   `?labelSelector=` with that text as a 400 (handlers/get.go ListResource).
 * - Requirements are kept sorted by key (stable), values as given; `toString()` formats like
 *   `Selector.String()` (set values sorted, `in`/`notin` spaced, `!key` for DoesNotExist).
 * - A missing object selector (`null`/`undefined`) selects nothing; an empty one selects
 *   everything (metav1.LabelSelectorAsSelector). An empty map selects everything.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/labels/selector.go,
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go
 */
import { BadRequest } from './errors.js';
import { field, type FieldError } from './fieldError.js';
import { isQualifiedName, isValidLabelValue } from './validation/names.js';
import { lex, Tok, type Token } from './labelSelectorLexer.js';

/** selection.Operator values, spelled as kube spells them. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

export type LabelSet = Readonly<Record<string, string>> | undefined | null;

export interface ParsedLabelSelector {
  readonly requirements: readonly LabelRequirement[];
  matches(labels: LabelSet): boolean;
  /** True when the selector does not restrict anything (Everything()). */
  empty(): boolean;
  /** True only for the Nothing() selector. */
  matchesNothing(): boolean;
  /** The single value `key` must equal, if the selector pins it (`=`, `==`, or a one-value `in`). */
  requiresExactMatch(key: string): string | undefined;
  toString(): string;
}

/** One aggregated error the way utilerrors.NewAggregate prints it: bare when one, `[a, b]` else. */
function aggregate(errs: FieldError[]): string {
  const msgs = [...new Set(errs.map((e) => e.toString()))];
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}

function validateKey(key: string, path: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? field.invalid(path, key, errs.join('; ')) : undefined;
}

const int64Re = /^[+-]?[0-9]+$/;
function parseInt64(s: string): bigint | undefined {
  if (!int64Re.test(s)) return undefined;
  const n = BigInt(s);
  return n > 9223372036854775807n || n < -9223372036854775808n ? undefined : n;
}

/**
 * labels.NewRequirement: validates and builds one requirement. `path` is the field path prefix
 * ('' for the string parser, whose key errors print as `<nil>`; see parseRequirement).
 */
export function newLabelRequirement(key: string, operator: LabelOperator, values: readonly string[], path = ''): LabelRequirement {
  const child = (name: string) => (path ? `${path}.${name}` : name);
  const errs: FieldError[] = [];
  const keyErr = validateKey(key, child('key'));
  if (keyErr) errs.push(keyErr);
  const valuePath = child('values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(field.invalid(valuePath, [...values], "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(field.invalid(valuePath, [...values], 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(field.invalid(valuePath, [...values], 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(field.invalid(valuePath, [...values], "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(field.invalid(`${valuePath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(field.notSupported(child('operator'), operator, ['in', 'notin', '=', '==', '!=', 'gt', 'lt', 'exists', '!']));
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(field.invalid(`${valuePath}[${i}][${key}]`, v, msgs.join('; ')));
  });
  if (errs.length) throw new BadRequest(aggregate(errs));
  return Object.freeze({ key, operator, values: Object.freeze([...values]) });
}

function requirementMatches(r: LabelRequirement, labels: LabelSet): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, r.key);
  const val = has ? labels![r.key]! : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(val!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(val!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const lv = parseInt64(val!);
      const rv = parseInt64(r.values[0]!);
      if (lv === undefined || rv === undefined) return false;
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

const opText: Record<LabelOperator, string> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '' };

export function labelRequirementString(r: LabelRequirement): string {
  const head = (r.operator === '!' ? '!' : '') + r.key;
  if (r.operator === 'exists' || r.operator === '!') return head;
  const vals = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return head + opText[r.operator] + (set ? `(${vals})` : vals);
}

function makeSelector(reqs: LabelRequirement[], matchesNone = false): ParsedLabelSelector {
  const sorted = Object.freeze([...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  return Object.freeze({
    requirements: sorted,
    matches(labels: LabelSet): boolean {
      // A plain loop: controllers call this for every cached pod on each sync.
      if (matchesNone) return false;
      for (let i = 0; i < sorted.length; i++) if (!requirementMatches(sorted[i]!, labels)) return false;
      return true;
    },
    empty: () => !matchesNone && sorted.length === 0,
    matchesNothing: () => matchesNone,
    requiresExactMatch(key: string): string | undefined {
      const r = sorted.find((x) => x.key === key);
      if (!r || !['=', '==', 'in'].includes(r.operator) || r.values.length !== 1) return undefined;
      return r.values[0];
    },
    toString: () => (matchesNone ? '' : sorted.map(labelRequirementString).join(',')),
  });
}

/** labels.Everything(): matches every label set. */
export function everythingLabelSelector(): ParsedLabelSelector {
  return makeSelector([]);
}

/** labels.Nothing(): matches no label set. */
export function nothingLabelSelector(): ParsedLabelSelector {
  return makeSelector([], true);
}

/** labels.Parse. Throws BadRequest with kube's exact error text. */
export function parseLabelSelector(selector: string): ParsedLabelSelector {
  const p = new Parser(lex(selector));
  return makeSelector(p.parse());
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Token[]) {}

  /** In value context `in`/`notin` are plain identifiers (`x in (in)` is legal). */
  private peek(values: boolean): Token {
    return asContext(this.items[this.pos]!, values);
  }

  private next(values: boolean): Token {
    return asContext(this.items[this.pos++]!, values);
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const t = this.peek(true);
      if (t.tok === Tok.EOS) return reqs;
      if (t.tok !== Tok.Ident && t.tok !== Tok.Not) throw new BadRequest(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
      reqs.push(this.parseRequirement());
      const after = this.next(true);
      if (after.tok === Tok.EOS) return reqs;
      if (after.tok !== Tok.Comma) throw new BadRequest(`found '${after.lit}', expected: ',' or 'end of string'`);
      const t2 = this.peek(true);
      if (t2.tok !== Tok.Ident && t2.tok !== Tok.Not) throw new BadRequest(`found '${t2.lit}', expected: identifier after ','`);
    }
  }

  private parseRequirement(): LabelRequirement {
    try {
      const { key, op } = this.parseKeyAndInferOperator();
      if (op === 'exists' || op === '!') return newLabelRequirement(key, op, []);
      const operator = this.parseOperator();
      const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
      // sets.String.List(): the parser hands NewRequirement its values sorted and deduplicated.
      return newLabelRequirement(key, operator, [...values].sort());
    } catch (e: unknown) {
      if (e instanceof BadRequest) throw new BadRequest(`unable to parse requirement: ${e.message}`);
      throw e;
    }
  }

  private parseKeyAndInferOperator(): { key: string; op: LabelOperator | undefined } {
    let op: LabelOperator | undefined;
    let t = this.next(true);
    if (t.tok === Tok.Not) {
      op = '!';
      t = this.next(true);
    }
    if (t.tok !== Tok.Ident) throw new BadRequest(`found '${t.lit}', expected: identifier`);
    // The parser validates the key against a nil field path, which Go prints as "<nil>".
    const keyErr = validateKey(t.lit, '<nil>');
    if (keyErr) throw new BadRequest(keyErr.toString());
    const la = this.peek(true).tok;
    if ((la === Tok.EOS || la === Tok.Comma) && op !== '!') op = 'exists';
    return { key: t.lit, op };
  }

  private parseOperator(): LabelOperator {
    const t = this.next(false);
    const ops: Partial<Record<Tok, LabelOperator>> = {
      [Tok.In]: 'in', [Tok.Eq]: '=', [Tok.DoubleEq]: '==', [Tok.Gt]: 'gt', [Tok.Lt]: 'lt', [Tok.NotIn]: 'notin', [Tok.NotEq]: '!=',
    };
    const op = ops[t.tok];
    if (!op) throw new BadRequest(`found '${t.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    return op;
  }

  private parseValues(): Set<string> {
    const open = this.next(true);
    if (open.tok !== Tok.OpenPar) throw new BadRequest(`found '${open.lit}' expected: '('`);
    const la = this.peek(true);
    if (la.tok === Tok.Ident || la.tok === Tok.Comma) {
      const s = this.parseIdentifiersList();
      // kube reports the literal it looked ahead at before the list, not the offending token.
      if (this.next(true).tok !== Tok.ClosePar) throw new BadRequest(`found '${la.lit}', expected: ')'`);
      return s;
    }
    if (la.tok === Tok.ClosePar) {
      this.next(true);
      return new Set(['']); // "()" is the set holding the empty value
    }
    throw new BadRequest(`found '${la.lit}', expected: ',', ')' or identifier`);
  }

  /** A possibly empty list of possibly empty identifiers: `(a,,b)`, `(,a)`, `(a,)`. */
  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const t = this.next(true);
      if (t.tok === Tok.Ident) {
        s.add(t.lit);
        const la = this.peek(true);
        if (la.tok === Tok.Comma) continue;
        if (la.tok === Tok.ClosePar) return s;
        throw new BadRequest(`found '${la.lit}', expected: ',' or ')'`);
      }
      if (t.tok === Tok.Comma) {
        if (s.size === 0) s.add('');
        const la = this.peek(true).tok;
        if (la === Tok.ClosePar || la === Tok.Comma) s.add('');
        if (la === Tok.ClosePar) return s;
        continue;
      }
      throw new BadRequest(`found '${t.lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> {
    const la = this.peek(true).tok;
    if (la === Tok.EOS || la === Tok.Comma) return new Set(['']);
    const t = this.next(true);
    if (t.tok === Tok.Ident) return new Set([t.lit]);
    throw new BadRequest(`found '${t.lit}', expected: identifier`);
  }
}

function asContext(t: Token, values: boolean): Token {
  return values && (t.tok === Tok.In || t.tok === Tok.NotIn) ? { tok: Tok.Ident, lit: t.lit } : t;
}

/** A Service-style `spec.selector` map: every pair must match; empty or missing selects everything. */
export function labelSelectorFromMap(set: LabelSet): ParsedLabelSelector {
  if (!set) return everythingLabelSelector();
  return makeSelector(Object.entries(set).map(([k, v]) => Object.freeze({ key: k, operator: '=' as const, values: Object.freeze([v]) })));
}

/** metav1.LabelSelector as it appears in Deployment/ReplicaSet `spec.selector`. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

const objectOps: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** metav1.LabelSelectorAsSelector: validates like NewRequirement and throws BadRequest. */
export function labelSelectorFromObject(ps: LabelSelectorObject | null | undefined): ParsedLabelSelector {
  if (ps == null) return nothingLabelSelector();
  const labels = Object.entries(ps.matchLabels ?? {});
  const exprs = ps.matchExpressions ?? [];
  if (labels.length + exprs.length === 0) return everythingLabelSelector();
  const reqs: LabelRequirement[] = labels.map(([k, v]) => newLabelRequirement(k, '=', [v]));
  for (const e of exprs) {
    const op = Object.hasOwn(objectOps, e.operator) ? objectOps[e.operator] : undefined;
    if (!op) throw new BadRequest(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push(newLabelRequirement(e.key, op, e.values ?? []));
  }
  return makeSelector(reqs);
}
