/**
 * Selector strings for table cells, formatted like apimachinery.
 *
 * Contract: pure, inputs untouched. `formatLabels` is labels.FormatLabels: `k=v` pairs sorted as
 * whole strings (so `a.b=1` sorts before `a=2`), joined by `,`, `<none>` when empty.
 * `labelSelectorString` is `LabelSelectorAsSelector(s).String()`: requirements sorted by key,
 * values of `in`/`notin` sorted; nil or empty selector gives `""`; an invalid selector gives
 * undefined. `formatLabelSelector` is metav1.FormatLabelSelector: `<none>` for `""`, `<error>`
 * when invalid.
 * Deliberately self-contained (printers must not depend on the sibling labelSelector module).
 * Upstream: staging/src/k8s.io/apimachinery/pkg/labels/{labels.go,selector.go},
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go
 */

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/** Go's sort.Strings order; label keys and values are ASCII, so code-unit order is byte order. */
function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** labels.FormatLabels / Set.String with `<none>` for the empty set. */
export function formatLabels(labels: Readonly<Record<string, string>> | null | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  if (pairs.length === 0) return '<none>';
  return pairs.sort(byString).join(',');
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** validation.IsQualifiedName: `[prefix/]name`, prefix a DNS subdomain. */
function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && NAME.test(name);
}

/** validation.IsValidLabelValue: empty, or a ≤63-char name. */
function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME.test(value));
}

interface Requirement {
  key: string;
  op: 'in' | 'notin' | '=' | 'exists' | '!';
  values: string[];
}

/** metav1.LabelSelectorOperator → selection.Operator; anything else is invalid. */
const expressionOps: Readonly<Record<string, Requirement['op']>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** labels.NewRequirement's checks for the operators a metav1.LabelSelector can produce. */
function toRequirement(key: string, op: Requirement['op'], values: readonly string[]): Requirement | undefined {
  if (!isQualifiedName(key)) return undefined;
  if ((op === 'in' || op === 'notin') && values.length === 0) return undefined;
  if (op === '=' && values.length !== 1) return undefined;
  if ((op === 'exists' || op === '!') && values.length !== 0) return undefined;
  if (!values.every(isLabelValue)) return undefined;
  return { key, op, values: [...values] };
}

/** Requirement.String(): `k=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`. */
function requirementString(r: Requirement): string {
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort(byString).join(',');
  switch (r.op) {
    case '=':
      return `${r.key}=${values}`;
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
  }
}

/**
 * `LabelSelectorAsSelector(s).String()`, or undefined when the selector is invalid.
 * Why stable sort: upstream sorts by key only (sort.Sort), so equal keys keep no defined order;
 * keeping matchLabels before matchExpressions is one of the orders Go may produce.
 */
export function labelSelectorString(selector: LabelSelector | null | undefined): string | undefined {
  if (!selector) return '';
  const requirements: Requirement[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    const r = toRequirement(k, '=', [v]);
    if (!r) return undefined;
    requirements.push(r);
  }
  for (const expr of selector.matchExpressions ?? []) {
    const op = Object.hasOwn(expressionOps, expr.operator) ? expressionOps[expr.operator] : undefined;
    const r = op && toRequirement(expr.key, op, expr.values ?? []);
    if (!r) return undefined;
    requirements.push(r);
  }
  return requirements
    .sort((a, b) => byString(a.key, b.key))
    .map(requirementString)
    .join(',');
}

/** metav1.FormatLabelSelector. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const s = labelSelectorString(selector);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}
