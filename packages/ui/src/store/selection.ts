/**
 * What the learner clicked: a Service or a Pod (by "ns/name"), which the side panel shows. One
 * per page; views read it with `useSelection()` and re-render when it changes.
 */
import { useEffect, useReducer } from 'preact/hooks';

export type Selected = { kind: 'Service' | 'Pod'; key: string } | undefined;

const listeners = new Set<() => void>();
let current: Selected;

export function select(s: Selected): void {
  current = s;
  for (const l of listeners) l();
}

export function selected(): Selected {
  return current;
}

export function useSelection(): Selected {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const l = () => bump(undefined);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return current;
}
