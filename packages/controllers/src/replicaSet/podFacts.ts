/**
 * podFacts: what the ReplicaSet plan and the deletion order read of a pod (its controller's uid,
 * active, Ready and since when), computed once per pod object.
 *
 * Contract: `podFacts(p)` answers from the pod as given. A frozen pod (every informer-cached pod
 * is deep-frozen, so it never changes) is looked at once and remembered in a WeakMap keyed by the
 * object; a new version of the pod is a new object, so nothing goes stale, and a dropped pod
 * frees its entry. An unfrozen pod (tests, callers' copies) is read afresh on every call.
 * `podMatches` remembers label selector answers the same way (per pod object, for the last two
 * selectors asked, which `parsedSelector` keeps one object per distinct selector for).
 * This is what keeps a sync of a 10,000-pod ReplicaSet to a walk over plain fields: without it
 * every sync re-finds each pod's Ready condition, re-parses its timestamp and re-matches labels.
 * Upstream: pkg/controller/controller_utils.go (FilterActivePods, IsPodReady and the
 *           ActivePodsWithRanks fields), staging/src/k8s.io/apimachinery/pkg/apis/meta/v1 (GetControllerOf)
 */
import { labelSelectorFromObject, type LabelSelectorObject, type LabelSet, type ParsedLabelSelector } from '@miniplane/api/labelSelector';
import type { Pod } from '@miniplane/api/pod/types';

export interface PodFacts {
  /** The uid of the pod's controller ownerReference, if any. */
  controllerUid: string | undefined;
  /** Not terminating and neither Succeeded nor Failed. */
  active: boolean;
  ready: boolean;
  /** When the Ready condition last became True (ms), when it is True and says so. */
  readySinceMs: number | undefined;
  /** The last two selectors asked about (podMatches) and their answers. */
  selA?: ParsedLabelSelector;
  okA?: boolean;
  selB?: ParsedLabelSelector;
  okB?: boolean;
}

const remembered = new WeakMap<Pod, PodFacts>();

function readFacts(p: Pod): PodFacts {
  const ref = p.metadata.ownerReferences?.find((o) => o.controller);
  const phase = p.status?.phase;
  const c = p.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  return {
    controllerUid: ref?.uid,
    active: !p.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed',
    ready: c !== undefined,
    readySinceMs: c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined,
  };
}

export function podFacts(p: Pod): PodFacts {
  let f = remembered.get(p);
  if (f) return f;
  f = readFacts(p);
  if (Object.isFrozen(p)) remembered.set(p, f);
  return f;
}

/**
 * Whether the pod's labels match `selector`; `f` is podFacts(p). The answer is remembered for
 * the last two selectors (a ReplicaSet asks about its selector and its template's labels), so
 * pass selectors from parsedSelector, which gives the same object for the same selector.
 */
export function podMatches(p: Pod, f: PodFacts, selector: ParsedLabelSelector): boolean {
  if (f.selA === selector) return f.okA!;
  if (f.selB === selector) return f.okB!;
  const ok = selector.matches(p.metadata.labels as LabelSet);
  f.selB = f.selA;
  f.okB = f.okA;
  f.selA = selector;
  f.okA = ok;
  return ok;
}

const parsed = new Map<string, ParsedLabelSelector>();
const parsedLimit = 1024;

/** labelSelectorFromObject, one parsed object per distinct selector (up to 1024 kept). */
export function parsedSelector(obj: LabelSelectorObject | null | undefined): ParsedLabelSelector {
  const key = JSON.stringify(obj ?? null);
  let sel = parsed.get(key);
  if (sel) return sel;
  sel = labelSelectorFromObject(obj);
  if (parsed.size >= parsedLimit) parsed.clear();
  parsed.set(key, sel);
  return sel;
}
