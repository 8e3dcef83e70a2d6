/**
 * The Pod panel (a Pod clicked): its phase, readiness, node and IP, and the two things a learner
 * can do to it — flip its readiness (the `miniplane.dev/ready` annotation the simulated kubelet
 * reads) and delete it (its ReplicaSet makes a replacement). Requests go through the public API
 * with the page's token; a refusal is shown as kubectl prints it.
 */
import { useState } from 'preact/hooks';
import { apiErrorText, send } from '../api/plannedRequest.js';
import type { Pod } from '../model/kube.js';
import { forcedUnready, planPodDelete, planReadinessFlip, type ApiRequest } from '../model/podActions.js';
import { podRow } from '../model/podsByNode.js';
import { useCollections } from '../store/hooks.js';
import { select } from '../store/selection.js';
import { Gone } from './ServicePanel.js';

export function PodPanel({ podKey }: { podKey: string }) {
  const store = useCollections('pods');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const pod = store.get<Pod>('pods').get(podKey);
  if (!pod) return <Gone what={`pod ${podKey}`} />;
  const row = podRow(pod);
  const unready = forcedUnready(pod);
  const act = (r: ApiRequest) => {
    setBusy(true);
    setError('');
    send(r)
      .catch((e: unknown) => setError(apiErrorText(e)))
      .finally(() => setBusy(false));
  };
  return (
    <aside class="panel pod-panel" aria-label="Pod details" data-namespace={row.namespace} data-name={row.name}>
      <header>
        <span class="ns">{`${row.namespace}/`}</span>
        <span class="name">{row.name}</span>
        <button type="button" class="close" onClick={() => select(undefined)} aria-label="Close">
          ×
        </button>
      </header>
      <dl class="facts">
        <dt>Phase</dt>
        <dd class="phase">{row.terminating ? 'Terminating' : row.phase}</dd>
        <dt>Ready</dt>
        <dd class={`readiness ${row.ready ? 'ok' : 'bad'}`} data-ready={String(row.ready)}>
          {row.ready ? 'ready' : 'not ready'}
        </dd>
        <dt>Node</dt>
        <dd class="node-name">{pod.spec?.nodeName ?? '—'}</dd>
        <dt>IP</dt>
        <dd class="ip">{row.ip || '—'}</dd>
        <dt>Owner</dt>
        <dd class="owner">{row.owner ?? '—'}</dd>
        <dt>Probe</dt>
        <dd class="probe" data-forced-unready={String(unready)}>
          {unready ? 'failing (miniplane.dev/ready: "false")' : 'passing'}
        </dd>
      </dl>
      <div class="actions">
        <button type="button" class="flip-readiness" disabled={busy} onClick={() => act(planReadinessFlip(pod))}>
          {unready ? 'Make ready' : 'Make unready'}
        </button>
        <button type="button" class="delete-pod" disabled={busy} onClick={() => act(planPodDelete(pod))}>
          Delete
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </aside>
  );
}
