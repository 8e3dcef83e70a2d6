/**
 * How the EndpointSlice and Endpoints controllers queue Services (shared): a Service added,
 * updated or deleted is queued at once; a pod added, deleted or changed in what endpoints see of
 * it (`podView`) queues every Service selecting it now or before, after the batch period (kube's
 * --endpointslice-updates-batch-period / --endpoint-updates-batch-period) so a burst of pod
 * changes becomes one sync. `TriggerTimes` keeps, per Service, the earliest change not yet
 * written (kube's TriggerTimeTracker, simplified: the Service's creation, a pod's Ready
 * transition or creation); a sync reads it and `written` forgets it if nothing newer came.
 * Upstream: pkg/controller/endpointslice/endpointslice_controller.go (onServiceUpdate, addPod,
 * updatePod, deletePod), staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go
 */
import type { Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { metaNamespaceKey, namespaceIndex, type DelayingQueue, type HandlerRegistration, type SharedInformer } from '@miniplane/client';
import { podTriggerTime, podView, selectingServices } from './podEndpoints.js';

export class TriggerTimes {
  private readonly byKey = new Map<string, string>();

  note(key: string, time: string | undefined): void {
    const had = this.byKey.get(key);
    if (time && (!had || time < had)) this.byKey.set(key, time);
  }

  get(key: string): string | undefined {
    return this.byKey.get(key);
  }

  /** After a successful sync that read `time`. */
  written(key: string, time: string | undefined): void {
    if (this.byKey.get(key) === time) this.byKey.delete(key);
  }
}

export interface ServiceQueueing {
  services: SharedInformer<Service>;
  pods: SharedInformer<Pod>;
  queue: DelayingQueue<string>;
  triggers: TriggerTimes;
  batchPeriodMs?: number;
}

export function queueServicesAndPods(o: ServiceQueueing): HandlerRegistration[] {
  const add = (svc: Service): void => o.queue.add(metaNamespaceKey(svc));
  const podChanged = (pod: Pod, old: Pod | undefined): void => {
    const time = podTriggerTime(pod);
    for (const svc of selectingServices(o.services.store.byIndex(namespaceIndex, pod.metadata.namespace ?? ''), pod, old)) {
      const key = metaNamespaceKey(svc);
      o.triggers.note(key, time);
      const period = o.batchPeriodMs ?? 0;
      if (period > 0) o.queue.addAfter(key, period);
      else o.queue.add(key);
    }
  };
  return [
    o.services.addEventHandler({
      onAdd: (svc) => {
        o.triggers.note(metaNamespaceKey(svc), svc.metadata.creationTimestamp);
        add(svc);
      },
      onUpdate: (_old, svc) => add(svc),
      onDelete: add,
    }),
    o.pods.addEventHandler({
      onAdd: (pod) => podChanged(pod, undefined),
      onUpdate: (old, pod) => (podView(old) !== podView(pod) ? podChanged(pod, old) : undefined),
      onDelete: (pod) => podChanged(pod, undefined),
    }),
  ];
}
