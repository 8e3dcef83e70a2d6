/**
 * `manifests`: YAML files or directories applied to a fresh miniplane before `startMiniplane`
 * resolves, as `kubectl apply --server-side -f` would: every document of every file (a
 * directory's `.yaml`, `.yml` and `.json` files, sorted, not recursive), Namespaces first, each
 * with a server-side apply PATCH (field manager `miniplane`, force), so the server defaults and
 * validates them exactly as for any client.
 *
 * Contract: `readManifests` reads and parses (an unknown kind or a document without apiVersion,
 * kind or metadata.name throws naming the file); `applyManifests` sends them in order and
 * rejects with the first error the server answers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ResourceInfo, Scheme } from '@miniplane/api';
import type { RestClient } from '@miniplane/client';
import { parseAllDocuments } from 'yaml';

export interface Manifest {
  file: string;
  info: ResourceInfo;
  namespace?: string;
  name: string;
  body: Record<string, unknown>;
}

function files(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!statSync(p).isDirectory()) {
      out.push(p);
      continue;
    }
    for (const f of readdirSync(p).sort()) if (['.yaml', '.yml', '.json'].includes(extname(f))) out.push(join(p, f));
  }
  return out;
}

export function readManifests(paths: readonly string[], scheme: Scheme): Manifest[] {
  const out: Manifest[] = [];
  for (const file of files(paths)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      const body = doc.toJS() as Record<string, unknown> | null;
      if (body === null) continue;
      const meta = (body.metadata ?? {}) as { name?: string; namespace?: string };
      const { apiVersion, kind } = body as { apiVersion?: string; kind?: string };
      if (!apiVersion || !kind || !meta.name) throw new Error(`${file}: every document needs apiVersion, kind and metadata.name`);
      const info = scheme.findResourceByKind(apiVersion, kind);
      if (!info) throw new Error(`${file}: no matches for kind "${kind}" in version "${apiVersion}"`);
      out.push({ file, info, namespace: info.namespaced ? (meta.namespace ?? 'default') : undefined, name: meta.name, body });
    }
  }
  // Namespaces first, so the objects in them can be created (the rest keeps its order).
  return [...out.filter((m) => m.info.kind === 'Namespace'), ...out.filter((m) => m.info.kind !== 'Namespace')];
}

function objectPath(m: Manifest): string {
  const base = m.info.group ? `/apis/${m.info.group}/${m.info.version}` : `/api/${m.info.version}`;
  const ns = m.namespace ? `/namespaces/${encodeURIComponent(m.namespace)}` : '';
  return `${base}${ns}/${m.info.plural}/${encodeURIComponent(m.name)}`;
}

export async function applyManifests(client: RestClient, manifests: readonly Manifest[]): Promise<void> {
  for (const m of manifests) {
    try {
      await client.request({
        method: 'PATCH', path: objectPath(m), query: { fieldManager: 'miniplane', force: true },
        body: m.body, contentType: 'application/apply-patch+yaml',
      });
    } catch (e) {
      throw new Error(`${m.file}: ${m.info.kind} ${m.namespace ? `${m.namespace}/` : ''}${m.name}: ${(e as Error).message}`);
    }
  }
}
