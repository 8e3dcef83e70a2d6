/**
 * kube-controller-manager's `--controllers` flag: which controllers run.
 *
 * Contract (pure):
 * - `checkControllerFlag(list, known)` returns the entries (canonical names, `*`, `-name`) or
 *   throws kube's error for a name that is neither a controller nor an alias:
 *   `"foo" is not in the list of known controllers` (one line per bad name).
 * - `isControllerEnabled(name, list, disabledByDefault)`: the first entry naming the controller
 *   decides (`name` on, `-name` off); otherwise `*` turns on every controller that is not
 *   disabled by default; without `*` nothing else runs. The default list is `*`.
 * Upstream: cmd/kube-controller-manager/app/options/options.go (Validate),
 *           cmd/controller-manager/app/options/generic.go (IsControllerEnabled)
 */

export interface SelectableController {
  name: string;
  aliases?: readonly string[];
  disabledByDefault?: boolean;
}

/** Splits a `--controllers` value (`*,-foo,bar`) into entries; empty parts are dropped as pflag's StringSlice keeps them. */
export function splitControllerFlag(value: string | readonly string[]): string[] {
  const parts = typeof value === 'string' ? value.split(',') : value;
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export function checkControllerFlag(list: readonly string[], known: readonly SelectableController[]): string[] {
  const canonical = new Map<string, string>();
  for (const c of known) {
    canonical.set(c.name, c.name);
    for (const a of c.aliases ?? []) canonical.set(a, c.name);
  }
  const errors: string[] = [];
  const out = list.map((entry) => {
    if (entry === '*') return entry;
    const off = entry.startsWith('-');
    const bare = off ? entry.slice(1) : entry;
    const name = canonical.get(bare);
    if (!name) {
      errors.push(`${JSON.stringify(bare)} is not in the list of known controllers`);
      return entry;
    }
    return off ? `-${name}` : name;
  });
  if (errors.length) throw new Error(errors.join('\n'));
  return out;
}

export function isControllerEnabled(name: string, list: readonly string[], disabledByDefault: boolean): boolean {
  let star = false;
  for (const entry of list) {
    if (entry === name) return true;
    if (entry === `-${name}`) return false;
    if (entry === '*') star = true;
  }
  return star && !disabledByDefault;
}

/** The controllers `list` enables, in the order of `known`. */
export function selectControllers<T extends SelectableController>(list: readonly string[], known: readonly T[]): T[] {
  const entries = checkControllerFlag(list, known);
  return known.filter((c) => isControllerEnabled(c.name, entries, !!c.disabledByDefault));
}
