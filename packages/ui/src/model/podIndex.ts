/**
 * Pods grouped by the Node they are bound to, kept up to date event by event: each group's rows
 * (podRow.ts) sorted by namespace/name, with a version that grows when the group
 * changes, so the Nodes view re-renders only the node whose pods changed and never re-sorts 10,000
 * pods per frame (a change costs a binary search and one splice).
 *
 * Contract (pure, no DOM): `reset(pods)` after a list, `apply(type, pod)` per watch event
 * (ADDED/MODIFIED/DELETED; a MODIFIED pod that moved node — scheduled — leaves its old group).
 * `rows(node)` (undefined: the unscheduled pods) is the group's sorted array, updated in place;
 * `groupVersion(node)` grows on every change to it; `nodeNames()` are the nodes holding pods. A row is
 * a new object when its pod changed (so a view may skip unchanged rows by identity).
 */
import type { Pod } from './kube.js';
import { podRow, type PodRow } from './podRow.js';

interface Group {
  keys: string[];
  rows: PodRow[];
  version: number;
}

const unscheduled = '';
const keyOf = (p: Pod): string => `${p.metadata.namespace ?? ''}/${p.metadata.name}`;

/** The first index whose key is >= `key` (keys are sorted). */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class PodIndex {
  private readonly groups = new Map<string, Group>();
  /** pod key -> the group it is in. */
  private readonly where = new Map<string, string>();
  /** Grows on every change to any group. */
  version = 0;

  reset(pods: Iterable<Pod>): void {
    for (const g of this.groups.values()) {
      g.keys = [];
      g.rows = [];
      g.version++;
    }
    this.where.clear();
    const fresh = new Map<string, Array<[string, PodRow]>>();
    for (const p of pods) {
      const node = p.spec?.nodeName || unscheduled;
      const key = keyOf(p);
      this.where.set(key, node);
      let list = fresh.get(node);
      if (!list) fresh.set(node, (list = []));
      list.push([key, podRow(p)]);
    }
    for (const [node, list] of fresh) {
      list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const g = this.group(node);
      g.keys = list.map((x) => x[0]);
      g.rows = list.map((x) => x[1]);
    }
    this.version++;
  }

  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', p: Pod): void {
    const key = keyOf(p);
    const was = this.where.get(key);
    const node = p.spec?.nodeName || unscheduled;
    if (was !== undefined && (type === 'DELETED' || was !== node)) {
      const g = this.groups.get(was)!;
      const i = lowerBound(g.keys, key);
      g.keys.splice(i, 1);
      g.rows.splice(i, 1);
      g.version++;
      this.where.delete(key);
    }
    if (type !== 'DELETED') {
      const g = this.group(node);
      const i = lowerBound(g.keys, key);
      if (g.keys[i] === key) g.rows[i] = podRow(p);
      else {
        g.keys.splice(i, 0, key);
        g.rows.splice(i, 0, podRow(p));
      }
      g.version++;
      this.where.set(key, node);
    }
    this.version++;
  }

  rows(node: string | undefined): readonly PodRow[] {
    return this.groups.get(node ?? unscheduled)?.rows ?? [];
  }

  groupVersion(node: string | undefined): number {
    return this.groups.get(node ?? unscheduled)?.version ?? 0;
  }

  /** The nodes (by name) holding at least one pod. */
  nodeNames(): string[] {
    return [...this.groups].filter(([n, g]) => n !== unscheduled && g.rows.length > 0).map(([n]) => n);
  }

  get size(): number {
    return this.where.size;
  }

  private group(node: string): Group {
    let g = this.groups.get(node);
    if (!g) this.groups.set(node, (g = { keys: [], rows: [], version: 0 }));
    return g;
  }
}
