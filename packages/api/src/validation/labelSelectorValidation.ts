/**
 * metav1.LabelSelector validation as workload validation runs it (ValidateLabelSelector with
 * invalid label values refused), and Go's `%#v` text of a selector and a label map, which kube's
 * field errors print as the bad value of a struct or map.
 *
 * Contract: pure; errors in kube's order: matchLabels (keys qualified names, values label values,
 * on the path `<path>.matchLabels`), then each expression's operator (In/NotIn need values,
 * Exists/DoesNotExist take none, anything else is not an operator), key and values.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go
 * (ValidateLabelSelector, ValidateLabelSelectorRequirement), staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go
 */
import { field, type FieldError } from '../fieldError.js';
import type { LabelSelectorObject } from '../labelSelector.js';
import { isQualifiedName, isValidLabelValue } from './names.js';
import { validateLabels } from './objectMeta.js';

type Requirement = NonNullable<LabelSelectorObject['matchExpressions']>[number];

export function validateLabelSelector(sel: LabelSelectorObject | null | undefined, path: string): FieldError[] {
  if (sel == null) return [];
  const errs = validateLabels(sel.matchLabels ?? undefined, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((r, i) => errs.push(...validateRequirement(r, `${path}.matchExpressions[${i}]`)));
  return errs;
}

function validateRequirement(r: Requirement, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (!values.length) errs.push(field.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length) errs.push(field.forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errs.push(field.invalid(`${path}.operator`, r.operator ?? '', 'not a valid selector operator'));
  }
  for (const msg of isQualifiedName(r.key ?? '')) errs.push(field.invalid(`${path}.key`, r.key ?? '', msg));
  values.forEach((v, i) => {
    for (const msg of isValidLabelValue(v)) errs.push(field.invalid(`${path}.values[${i}]`, v, msg));
  });
  return errs;
}

/** Go's %q (strconv.Quote) of a string, for the printable text kube's messages carry. */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

/** `%#v` of a Go []string (nil when absent). */
export function goStrings(xs: readonly string[] | null | undefined): string {
  return xs == null ? '[]string(nil)' : `[]string{${xs.map(goQuote).join(', ')}}`;
}

/** `%#v` of a Go map[string]string: keys sorted, nil when absent. */
export function goStringMap(m: Readonly<Record<string, string>> | null | undefined): string {
  if (m == null) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String(m[k]))}`).join(', ')}}`;
}

/** `%#v` of a metav1.LabelSelector. */
export function goLabelSelector(sel: LabelSelectorObject): string {
  const exprs = sel.matchExpressions == null
    ? '[]v1.LabelSelectorRequirement(nil)'
    : `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((r) => `v1.LabelSelectorRequirement{Key:${goQuote(r.key ?? '')}, Operator:${goQuote(r.operator ?? '')}, Values:${goStrings(r.values)}}`).join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`;
}
