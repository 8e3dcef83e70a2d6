/**
 * YAML request bodies (`application/yaml` objects, `application/apply-patch+yaml` patches) read
 * with the same bounds as JSON: nesting at most `maxJsonDepth` deep, checked before anything
 * recursive runs, and integers kept exact.
 *
 * Contract: `parseYamlBody(text)` returns the first document's value as plain JSON data (objects,
 * arrays, strings, numbers, booleans, null; an integer a double cannot hold exactly is a bigint),
 * or throws `YamlBodyError`/the yaml package's parse error. The `yaml` package's lexer and parser
 * keep their own stacks, but its composer and toJS recurse once per level (they overflow the stack
 * near 800 levels, which is what once aborted the process inside V8's regexp compiler): so the
 * parsed token tree is measured first, without recursion, and refused past the limit
 * (`yaml: exceeded max depth of 100`, go-yaml's words); the composed document is then turned into
 * data by an explicit-stack walk that expands aliases under a budget (go-yaml's "excessive
 * aliasing"), so an alias chain or cycle can neither nest deeper than the limit nor blow up.
 * Upstream: sigs.k8s.io/yaml (goyaml.v2 scannerc.go max depth, decode.go alias ratio), used by
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go for apply patches
 */
import { maxJsonDepth } from '@miniplane/api/patch/goJsonText';
import { Composer, Parser, isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export class YamlBodyError extends Error {}

/** Nodes an alias may stand for, in total, before the document counts as an aliasing attack. */
const aliasBudget = 100_000;

const collectionTokens = new Set(['block-map', 'block-seq', 'flow-collection']);

/** Is any collection in the token tree nested deeper than `limit`? (An explicit-stack walk.) */
function tooDeep(tokens: unknown[], limit: number): boolean {
  const stack: Array<[unknown, number]> = tokens.map((t) => [t, 0]);
  while (stack.length) {
    const [t, depth] = stack.pop()!;
    if (t === null || typeof t !== 'object') continue;
    const d = collectionTokens.has((t as { type?: string }).type ?? '') ? depth + 1 : depth;
    if (d > limit) return true;
    for (const v of Array.isArray(t) ? t : Object.values(t)) if (v !== null && typeof v === 'object') stack.push([v, d]);
  }
  return false;
}

function scalarValue(v: unknown): unknown {
  if (typeof v === 'bigint') return String(Number(v)) === String(v) ? Number(v) : v;
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object') throw new YamlBodyError('yaml: unsupported value');
  return v;
}

function keyOf(key: unknown): string {
  if (key === null || key === undefined) return '';
  if (isScalar(key)) return key.value === null ? '' : String(scalarValue(key.value));
  throw new YamlBodyError('yaml: invalid map key: a mapping or sequence');
}

function setOwn(obj: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}

/** The document's contents as JSON data, by an explicit-stack walk (aliases expanded, bounded). */
function toData(doc: Document.Parsed, limit: number): unknown {
  let result: unknown = null;
  let aliased = 0;
  const tasks: Array<{ node: unknown; depth: number; viaAlias: boolean; put: (v: unknown) => void }> = [
    { node: doc.contents, depth: 0, viaAlias: false, put: (v) => (result = v) },
  ];
  while (tasks.length) {
    const t = tasks.pop()!;
    let node = t.node as Node | null;
    let viaAlias = t.viaAlias;
    if (isAlias(node)) {
      node = (node.resolve(doc) ?? null) as Node | null;
      viaAlias = true;
    }
    if (viaAlias && ++aliased > aliasBudget) throw new YamlBodyError('yaml: document contains excessive aliasing');
    if (node === null || node === undefined) t.put(null);
    else if (isScalar(node)) t.put(scalarValue(node.value));
    else if (isMap(node) || isSeq(node)) {
      const depth = t.depth + 1;
      if (depth > limit) throw new YamlBodyError(`yaml: exceeded max depth of ${limit}`);
      const kids: Array<{ node: unknown; put: (v: unknown) => void }> = [];
      if (isMap(node)) {
        const obj: Record<string, unknown> = {};
        t.put(obj);
        for (const pair of node.items) {
          const key = keyOf(pair.key);
          kids.push({ node: pair.value, put: (v) => setOwn(obj, key, v) });
        }
      } else {
        const arr: unknown[] = new Array(node.items.length).fill(null);
        t.put(arr);
        node.items.forEach((item, i) => kids.push({ node: item, put: (v) => (arr[i] = v) }));
      }
      // Reversed so the stack pops them in document order (object keys keep it).
      for (let i = kids.length - 1; i >= 0; i--) tasks.push({ ...kids[i]!, depth, viaAlias });
    } else throw new YamlBodyError('yaml: unsupported node');
  }
  return result;
}

/** The first YAML document of `text` as JSON data, bounded (see the module header). */
export function parseYamlBody(text: string, limit = maxJsonDepth): unknown {
  const tokens = [...new Parser().parse(text)];
  if (tooDeep(tokens, limit)) throw new YamlBodyError(`yaml: exceeded max depth of ${limit}`);
  const docs = [...new Composer({ intAsBigInt: true }).compose(tokens, true, text.length)];
  const doc = docs[0];
  if (!doc) return null;
  if (docs.length > 1) throw new YamlBodyError('Source contains multiple documents; please use YAML.parseAllDocuments()');
  if (doc.errors.length) throw doc.errors[0];
  return toData(doc, limit);
}
