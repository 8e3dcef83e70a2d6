/**
 * The object outputs of kubectl (`-o yaml|json|name|jsonpath=...|jsonpath-as-json|
 * custom-columns=...`), over full objects.
 *
 * Contract: pure. One object prints as itself; several (or any list request) as kubectl's `v1
 * List` wrapper (`items`, `metadata.resourceVersion: ""`). JSON is Go's MarshalIndent with four
 * spaces and sorted keys; YAML is go-yaml's; names are `kind[.group]/name`. An unknown `-o`
 * format is kubectl's error listing the allowed ones.
 * Upstream: staging/src/k8s.io/cli-runtime/pkg/printers/{json.go,yaml.go,name.go,jsonpath.go},
 * staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go
 */
import { goJson } from '@miniplane/api/apply/fieldPath';
import { CliError } from '../errors.js';
import { goYaml } from './goYaml.js';
import { compile, evaluate, execute, relaxed, valueText } from './jsonpath.js';
import { tabwrite } from './tableText.js';

export type KubeObj = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<string, unknown>;

export const allowedFormats = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export function listOf(items: readonly KubeObj[]): KubeObj {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}

/** Go's json.MarshalIndent(v, "", "    ") of an unstructured object. */
export function goJsonIndent(v: unknown): string {
  return JSON.stringify(JSON.parse(goJson(v)), null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function nameOf(o: KubeObj): string {
  const kind = (o.kind ?? '').toLowerCase();
  const av = o.apiVersion ?? '';
  const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
  return `${group ? `${kind}.${group}` : kind}/${o.metadata?.name ?? ''}`;
}

/** Prints `objects` in `output`; `single`: the request named exactly one object. */
export function printObjects(objects: readonly KubeObj[], output: string, single: boolean, noHeaders = false): string {
  const data = single && objects.length === 1 ? objects[0]! : listOf(objects);
  if (output === 'json') return goJsonIndent(data) + '\n';
  if (output === 'yaml') return goYaml(data);
  if (output === 'name') return objects.map((o) => nameOf(o) + '\n').join('');
  if (output.startsWith('jsonpath=') || output.startsWith('jsonpath-as-json=')) {
    const asJson = output.startsWith('jsonpath-as-json=');
    const nodes = compile(output.slice(output.indexOf('=') + 1));
    if (!asJson) return execute(nodes, data);
    const results = nodes.flatMap((n) => (n.t === 'path' ? evaluate(data, n.steps) : []));
    return goJsonIndent(results) + '\n';
  }
  if (output.startsWith('custom-columns=')) return customColumns(objects, output.slice('custom-columns='.length), noHeaders);
  throw new CliError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${allowedFormats}`);
}

function customColumns(objects: readonly KubeObj[], spec: string, noHeaders: boolean): string {
  const cols = spec.split(',').map((c) => {
    const colon = c.indexOf(':');
    if (colon < 0) throw new CliError(`unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
    return { header: c.slice(0, colon), nodes: compile(relaxed(c.slice(colon + 1))) };
  });
  const rows = noHeaders ? [] : [cols.map((c) => c.header)];
  for (const o of objects) {
    rows.push(cols.map((c) => {
      const n = c.nodes.find((x) => x.t === 'path');
      const vals = n && n.t === 'path' ? evaluate(o, n.steps) : [];
      return vals.length ? vals.map(valueText).join(',') : '<none>';
    }));
  }
  return tabwrite(rows);
}
