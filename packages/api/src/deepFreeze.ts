/**
 * deepFreeze: freezes a value and everything reachable from it, so code that edits what it was
 * told to treat as read-only (an informer's cached object, a test's input) throws in strict mode.
 *
 * Contract: returns its argument. Walks with an explicit stack (no recursion on input-controlled
 * depth); an object already frozen is taken as frozen all the way down and not walked again,
 * which keeps re-freezing a cached object cheap.
 */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const x of Object.values(v)) stack.push(x);
  }
  return value;
}
