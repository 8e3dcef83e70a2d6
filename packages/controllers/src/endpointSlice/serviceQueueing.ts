/**
 * How the EndpointSlice and Endpoints controllers queue Services (shared): a Service added,
 * updated or deleted is queued at once; a pod added, deleted or changed in what endpoints see of
 * it (`podView`) queues every Service selecting it now or before, after the batch period (kube's
 * --endpointslice-updates-batch-period / --endpoint-updates-batch-period) so a burst of pod
 * changes becomes one sync. (The trigger-time annotation is computed at sync time:
 * triggerTimeTracker.ts.)
 * Upstream: pkg/controller/endpointslice/endpointslice_controller.go (onServiceUpdate, addPod,
 * updatePod, deletePod)
 */
import type { Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { metaNamespaceKey, namespaceIndex, type DelayingQueue, type HandlerRegistration, type SharedInformer } from '@miniplane/client';
import { podView, selectingServices } from './podEndpoints.js';

export interface ServiceQueueing {
  services: SharedInformer<Service>;
  pods: SharedInformer<Pod>;
  queue: DelayingQueue<string>;
  batchPeriodMs?: number;
}

export function queueServicesAndPods(o: ServiceQueueing): HandlerRegistration[] {
  const add = (svc: Service): void => o.queue.add(metaNamespaceKey(svc));
  const podChanged = (pod: Pod, old: Pod | undefined): void => {
    for (const svc of selectingServices(o.services.store.byIndex(namespaceIndex, pod.metadata.namespace ?? ''), pod, old)) {
      const key = metaNamespaceKey(svc);
      const period = o.batchPeriodMs ?? 0;
      if (period > 0) o.queue.addAfter(key, period);
      else o.queue.add(key);
    }
  };
  return [
    o.services.addEventHandler({
      onAdd: add,
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
