/**
 * `kubectl api-resources`: the served resource types from (cached) discovery, sorted by group
 * then name as kubectl sorts them; `-o wide|name`, `--namespaced`, `--api-group`, `--verbs`,
 * `--no-headers`, `--sort-by name|kind`.
 *
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/apiresources/apiresources.go
 */
import { CliError } from '../errors.js';
import { commonFlags, type FlagSpec } from '../flags.js';
import type { ApiResource } from '../discovery.js';
import { tabwrite } from '../output/tableText.js';
import type { Session } from '../session.js';

export const flags: readonly FlagSpec[] = [
  commonFlags.output,
  { name: 'namespaced', type: 'string', noOptValue: 'true' },
  { name: 'api-group', type: 'string' },
  { name: 'verbs', type: 'strings' },
  { name: 'no-headers', type: 'bool' },
  { name: 'sort-by', type: 'string' },
  { name: 'cached', type: 'bool' },
  { name: 'categories', type: 'strings' },
];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function run(s: Session): Promise<number> {
  const f = s.flags;
  const output = f.string('output');
  if (output !== undefined && output !== 'wide' && output !== 'name') throw new CliError(`--output ${output} is not available`);
  const disc = await s.discovery();
  let list: ApiResource[] = f.bool('cached') ? await disc.all() : await disc.refresh();
  const ns = f.string('namespaced');
  if (ns !== undefined) list = list.filter((r) => r.namespaced === (ns === 'true'));
  if (f.has('api-group')) list = list.filter((r) => r.group === f.string('api-group'));
  for (const v of f.strings('verbs')) list = list.filter((r) => r.verbs.includes(v));
  for (const c of f.strings('categories')) list = list.filter((r) => r.categories.includes(c));
  const sortBy = f.string('sort-by');
  const key = (r: ApiResource) => (sortBy === 'name' ? r.name : sortBy === 'kind' ? r.kind : r.group);
  list = [...list].sort((a, b) => byText(key(a), key(b)) || byText(a.name, b.name));
  if (output === 'name') {
    s.io.out(list.map((r) => (r.group ? `${r.name}.${r.group}` : r.name) + '\n').join(''));
    return 0;
  }
  const rows = f.bool('no-headers') ? [] : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(output === 'wide' ? ['VERBS', 'CATEGORIES'] : [])]];
  for (const r of list) {
    const row = [r.name, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind];
    if (output === 'wide') row.push(r.verbs.join(','), r.categories.join(','));
    rows.push(row);
  }
  s.io.out(tabwrite(rows));
  return 0;
}
