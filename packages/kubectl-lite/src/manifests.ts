/**
 * `-f` sources as kubectl reads them: files, directories (their .json, .yaml and .yml files in
 * name order; `-R` descends), `-` for stdin, `file://` URLs and http(s) URLs; multi-document
 * YAML (YAML 1.1, as go-yaml reads it) and JSON; `kind: List` expanded into its items.
 *
 * Contract: returns the objects in reading order with their source name (`STDIN` for `-`); a
 * missing path is kubectl's `the path "x" does not exist`; an object without kind or apiVersion is
 * kubectl's error naming the source.
 * Upstream: staging/src/k8s.io/cli-runtime/pkg/resource/{builder.go (FilenameParam),visitor.go}
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { CliError } from './errors.js';
import type { KubeObj } from './output/printObjects.js';
import type { Io } from './session.js';

export interface Manifest {
  source: string;
  object: KubeObj;
}

const extensions = /\.(json|ya?ml)$/;

function filesOf(path: string, recursive: boolean, depth = 0): string[] {
  if (!existsSync(path)) throw new CliError(`the path "${path}" does not exist`);
  if (!statSync(path).isDirectory()) return [path];
  if (depth > 50) return [];
  const out: string[] = [];
  for (const e of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(path, e.name);
    if (e.isDirectory()) {
      if (recursive) out.push(...filesOf(p, recursive, depth + 1));
    } else if (extensions.test(e.name)) out.push(p);
  }
  return out;
}

export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1', uniqueKeys: false })) {
    if (doc.errors.length) throw new CliError(`error parsing ${source}: ${doc.errors[0]!.message}`);
    const v: unknown = doc.toJS({ maxAliasCount: 100 });
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) throw new CliError(`error validating "${source}": error validating data: invalid object to validate`);
    const o = v as KubeObj;
    if (o.kind === 'List' || (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items))) {
      for (const item of (o.items as KubeObj[]) ?? []) out.push({ source, object: item });
      continue;
    }
    if (!o.kind) throw new CliError(`error validating "${source}": error validating data: kind not set`);
    if (!o.apiVersion) throw new CliError(`error validating "${source}": error validating data: apiVersion not set`);
    out.push({ source, object: o });
  }
  return out;
}

export async function readManifests(sources: readonly string[], recursive: boolean, io: Io): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const s of sources) {
    if (s === '-') {
      out.push(...parseManifests(await io.stdin(), 'STDIN'));
    } else if (/^https?:\/\//.test(s)) {
      const res = await fetch(s);
      if (!res.ok) throw new CliError(`unable to read URL "${s}", server reported ${res.status} ${res.statusText}, status code=${res.status}`);
      out.push(...parseManifests(await res.text(), s));
    } else {
      const path = s.startsWith('file://') ? fileURLToPath(s) : s;
      for (const f of filesOf(path, recursive)) out.push(...parseManifests(readFileSync(f, 'utf8'), f));
    }
  }
  return out;
}
