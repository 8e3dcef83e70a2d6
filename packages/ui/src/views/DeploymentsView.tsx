/**
 * Deployments with their replicas (ready / updated / desired) and a box to scale each: a merge
 * patch of its `scale` subresource, as `kubectl scale deployment --replicas=N`. A refusal (the
 * server's Status, or a count the page cannot send) is shown as text.
 */
import { useState } from 'preact/hooks';
import { apiErrorText, send } from '../api/plannedRequest.js';
import type { KubeObject } from '../model/kube.js';
import { objectKey } from '../model/kube.js';
import { planScale } from '../model/podActions.js';
import { useCollections } from '../store/hooks.js';
import { ensurePanelCollections } from '../store/timelineFeed.js';

export interface Deployment extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

export function DeploymentsView() {
  const store = ensurePanelCollections(useCollections('deployments'));
  const items = [...store.get<Deployment>('deployments').values()].sort((a, b) => (objectKey(a) < objectKey(b) ? -1 : 1));
  return (
    <section class="deployments" aria-label="Deployments">
      <h2>
        Deployments <span class="count">{items.length}</span>
      </h2>
      {items.map((d) => (
        <DeploymentRow key={objectKey(d)} d={d} />
      ))}
    </section>
  );
}

function DeploymentRow({ d }: { d: Deployment }) {
  const [replicas, setReplicas] = useState(String(d.spec?.replicas ?? 1));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const s = d.status ?? {};
  const scale = (e: Event) => {
    e.preventDefault();
    setError('');
    setBusy(true);
    Promise.resolve()
      .then(() => send(planScale(d, replicas)))
      .catch((err: unknown) => setError(apiErrorText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <form class="deployment" data-namespace={d.metadata.namespace ?? ''} data-name={d.metadata.name} onSubmit={scale}>
      <span class="name">{objectKey(d)}</span>
      <span class="replicas" data-ready={s.readyReplicas ?? 0} data-desired={d.spec?.replicas ?? 0}>
        {`${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 0} ready, ${s.updatedReplicas ?? 0} up-to-date`}
      </span>
      <label>
        replicas{' '}
        <input name="replicas" inputMode="numeric" size={6} value={replicas} onInput={(e) => setReplicas((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit" class="scale" disabled={busy}>
        Scale
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
