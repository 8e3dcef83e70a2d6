/**
 * field.Error: one validation failure at a field path, formatted exactly as apimachinery does.
 *
 * Contract: `errorBody()` is what kube puts in `details.causes[].message`, and `toString()` is
 * `<field>: <body>`, the text joined into an Invalid Status message.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go
 */

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Types whose body omits the bad value (Required, Forbidden, TooLong, Internal). */
const omitsValue = new Set<FieldErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError']);

/** A marker for "no value to print" (Go's omitValue). */
export const OMIT = Symbol('omit');

export class FieldError {
  constructor(
    readonly type: FieldErrorType,
    readonly field: string,
    readonly value: unknown,
    readonly detail: string = '',
  ) {}

  errorBody(): string {
    let s = typeText[this.type];
    if (!omitsValue.has(this.type) && this.value !== OMIT) {
      s += `: ${formatGoValue(this.value)}`;
    }
    if (this.detail) s += `: ${this.detail}`;
    return s;
  }

  toString(): string {
    return `${this.field}: ${this.errorBody()}`;
  }
}

/** A bad value already in Go's `%#v` syntax (a struct or map), printed as it is. */
export class GoSyntax {
  constructor(readonly text: string) {}
}

/** Formats a value the way Go's field errors print it: ints/bools plain, strings %q, else %#v-like. */
export function formatGoValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (v instanceof GoSyntax) return v.text;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
    if (v.every((x) => typeof x === 'number')) return `[]int32{${v.join(', ')}}`;
  }
  return JSON.stringify(v);
}

export const field = {
  required: (path: string, detail = '') => new FieldError('FieldValueRequired', path, OMIT, detail),
  invalid: (path: string, value: unknown, detail = '') => new FieldError('FieldValueInvalid', path, value, detail),
  duplicate: (path: string, value: unknown) => new FieldError('FieldValueDuplicate', path, value),
  notFound: (path: string, value: unknown) => new FieldError('FieldValueNotFound', path, value),
  forbidden: (path: string, detail = '') => new FieldError('FieldValueForbidden', path, OMIT, detail),
  tooLong: (path: string, value: unknown, max: number) =>
    new FieldError('FieldValueTooLong', path, value, `may not be more than ${max} bytes`),
  tooMany: (path: string, actual: number, max: number) =>
    new FieldError('FieldValueTooMany', path, actual, `must have at most ${max} items`),
  notSupported: (path: string, value: unknown, valid: string[]) =>
    new FieldError(
      'FieldValueNotSupported',
      path,
      value,
      valid.length ? `supported values: ${valid.map((x) => JSON.stringify(x)).join(', ')}` : '',
    ),
  typeInvalid: (path: string, value: unknown, detail: string) => new FieldError('FieldValueTypeInvalid', path, value, detail),
  internal: (path: string, detail: string) => new FieldError('InternalError', path, OMIT, detail),
};
