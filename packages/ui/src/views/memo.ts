/**
 * memo: a component that re-renders only when its props changed (each compared with Object.is),
 * as React's memo — so a list re-rendered because one row changed diffs that row alone. Preact's
 * own (preact/compat) would bring compat's global option hooks with it.
 *
 * Contract: `memo(View, same?)` renders `View` with the same props, again only when `same(before,
 * after)` is false (default: every prop Object.is-equal, children included; pass data, not fresh
 * closures, to benefit).
 */
import { Component, h, type ComponentChild, type FunctionComponent } from 'preact';

function sameProps(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.is(a[k], b[k])) return false;
  return true;
}

export function memo<P extends object>(View: FunctionComponent<P>, same: (before: P, after: P) => boolean = (a, b) => sameProps(a as Record<string, unknown>, b as Record<string, unknown>)): FunctionComponent<P> {
  class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !same(this.props, next);
    }

    override render(): ComponentChild {
      return h(View as FunctionComponent<object>, this.props as object);
    }
  }
  return Memo as unknown as FunctionComponent<P>;
}
