/**
 * Selector strings for table cells, formatted like apimachinery.
 *
 * Contract: pure, inputs untouched. `formatLabels` is labels.FormatLabels: `k=v` pairs sorted as
 * whole strings (so `a.b=1` sorts before `a=2`), joined by `,`, `<none>` when empty.
 * `labelSelectorString` is `LabelSelectorAsSelector(s).String()`: requirements sorted by key,
 * values of `in`/`notin` sorted; nil or empty selector gives `""`; an invalid selector gives
 * undefined. `formatLabelSelector` is metav1.FormatLabelSelector: `<none>` for `""`, `<error>`
 * when invalid.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/labels/{labels.go,selector.go},
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go
 */
import { BadRequest } from '../errors.js';
import { labelSelectorFromObject } from '../labelSelector.js';

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

/**
 * `LabelSelectorAsSelector(s).String()`, or undefined when the selector is invalid (the
 * selector module validates and formats: requirements sorted by key, set values sorted).
 */
export function labelSelectorString(selector: LabelSelector | null | undefined): string | undefined {
  if (!selector) return '';
  try {
    return labelSelectorFromObject(selector).toString();
  } catch (e) {
    if (e instanceof BadRequest) return undefined;
    throw e;
  }
}

/** metav1.FormatLabelSelector. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const s = labelSelectorString(selector);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}
