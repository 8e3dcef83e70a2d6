/**
 * Reads from the server the way `kubectl get` does: lists in chunks of 500 following `continue`,
 * as server-side Tables (kubectl's Accept header) or as full objects, and single objects by name.
 *
 * Contract: list items carry `apiVersion` and `kind` (a list's items omit them on the wire;
 * kubectl's decoder fills them in). A Table's rows from several chunks are concatenated.
 * Upstream: staging/src/k8s.io/cli-runtime/pkg/resource/{helper.go,visitor.go},
 * staging/src/k8s.io/kubectl/pkg/cmd/get/get.go (transformRequests)
 */
import type { Query, RestClient } from '@miniplane/client';
import { collectionPath, objectPath, type ApiResource } from './discovery.js';
import type { TableData } from './output/tableText.js';
import type { KubeObj } from './output/printObjects.js';

export const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** undefined: every namespace. */
  namespace?: string;
  /** Table rows with their whole object (for `--sort-by`). */
  includeObject?: boolean;
  chunkSize?: number;
}

export interface TableList extends TableData {
  metadata?: { resourceVersion?: string };
}

function listQuery(o: ListOptions, cont: string | undefined): Query {
  return {
    labelSelector: o.labelSelector, fieldSelector: o.fieldSelector, limit: o.chunkSize ?? 500, continue: cont,
    includeObject: o.includeObject ? 'Object' : undefined,
  };
}

export async function listTable(client: RestClient, r: ApiResource, o: ListOptions): Promise<TableList> {
  let cont: string | undefined;
  let table: TableList | undefined;
  do {
    const page = await client.request<TableList & { metadata?: { continue?: string } }>({
      method: 'GET', path: collectionPath(r, o.namespace), query: listQuery(o, cont), headers: { Accept: tableAccept },
    });
    if (!table) table = { ...page, rows: [...(page.rows ?? [])] };
    else table.rows.push(...(page.rows ?? []));
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return table;
}

export async function getTable(client: RestClient, r: ApiResource, namespace: string | undefined, name: string, includeObject = false): Promise<TableList> {
  return client.request<TableList>({
    method: 'GET', path: objectPath(r, namespace, name), headers: { Accept: tableAccept },
    query: includeObject ? { includeObject: 'Object' } : undefined,
  });
}

function apiVersion(r: ApiResource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export async function listObjects(client: RestClient, r: ApiResource, o: ListOptions): Promise<{ items: KubeObj[]; resourceVersion: string }> {
  let cont: string | undefined;
  const items: KubeObj[] = [];
  let resourceVersion = '';
  do {
    const page = await client.request<{ items?: KubeObj[]; metadata?: { continue?: string; resourceVersion?: string } }>({
      method: 'GET', path: collectionPath(r, o.namespace), query: listQuery(o, cont),
    });
    for (const item of page.items ?? []) items.push({ apiVersion: apiVersion(r), kind: r.kind, ...item });
    resourceVersion ||= page.metadata?.resourceVersion ?? '';
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return { items, resourceVersion };
}

export async function getObject(client: RestClient, r: ApiResource, namespace: string | undefined, name: string): Promise<KubeObj> {
  return client.request<KubeObj>({ method: 'GET', path: objectPath(r, namespace, name) });
}

/** The objects of `r` in `owner`'s namespace whose controller is `owner` (metav1.IsControlledBy). */
export async function listControlled(client: RestClient, r: ApiResource, owner: KubeObj): Promise<KubeObj[]> {
  const uid = (owner.metadata as { uid?: string } | undefined)?.uid;
  return (await listObjects(client, r, { namespace: owner.metadata?.namespace })).items
    .filter((o) => ((o.metadata as { ownerReferences?: { uid: string; controller?: boolean }[] }).ownerReferences ?? []).some((ref) => ref.controller && ref.uid === uid));
}
