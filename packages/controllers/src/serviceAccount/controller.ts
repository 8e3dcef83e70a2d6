/**
 * The serviceaccount controller (kube's `serviceaccount-controller`): every Active namespace
 * holds the service account `default`, as `planServiceAccounts` says.
 *
 * Contract
 * - Work-queue keys are namespace names: a Namespace added or updated, and a ServiceAccount
 *   deleted, queue its namespace; at start every cached namespace is queued (so namespaces that
 *   existed before the controller get theirs too).
 * - Writes: a create of `{metadata: {name}}` per missing account. AlreadyExists (the cache lags)
 *   is done; Forbidden (the namespace started terminating) and NotFound (it went) are skipped.
 * Upstream: pkg/controller/serviceaccount/serviceaccounts_controller.go
 */
import { AlreadyExists, Forbidden, NotFound, findResourceByKind, type KubeObject } from '@miniplane/api';
import { namespaceIndex, type HandlerRegistration, type SharedInformer } from '@miniplane/client';
import { WorkQueueController, type ControllerShellOptions } from '../workQueueController.js';
import { planServiceAccounts } from './serviceAccountPlan.js';

export const serviceAccountControllerName = 'serviceaccount-controller';

export interface ServiceAccountControllerOptions extends ControllerShellOptions {
  namespaces: SharedInformer<KubeObject>;
  serviceAccounts: SharedInformer<KubeObject>;
  /** kube runs one worker per key at a time; several keys in parallel. */
  workers?: number;
}

export class ServiceAccountController extends WorkQueueController {
  constructor(private readonly o: ServiceAccountControllerOptions) {
    super(o, { queueName: 'serviceaccount', workers: o.workers ?? 2 });
  }

  protected override handlers(): HandlerRegistration[] {
    const queueNs = (ns: KubeObject) => this.queue.add(ns.metadata.name!);
    return [
      this.o.namespaces.addEventHandler({ onAdd: queueNs, onUpdate: (_, b) => queueNs(b) }),
      this.o.serviceAccounts.addEventHandler({ onDelete: (sa) => this.queue.add(sa.metadata.namespace!) }),
    ];
  }

  /** Every cached namespace: those made before the controller get theirs too. */
  protected override initialKeys(): string[] {
    return this.o.namespaces.store.list().map((ns) => ns.metadata.name!);
  }

  protected async sync(namespace: string): Promise<void> {
    const ns = this.o.namespaces.store.get(namespace);
    const existing = new Set(this.o.serviceAccounts.store.byIndex(namespaceIndex, namespace).map((sa) => sa.metadata.name!));
    const plan = planServiceAccounts(ns, existing);
    const client = this.o.client.resource(serviceAccounts).namespace(namespace);
    for (const name of plan.create) {
      try {
        await client.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
        this.log.info({ namespace, name }, 'service account created');
      } catch (err: unknown) {
        if (err instanceof AlreadyExists || err instanceof Forbidden || err instanceof NotFound) continue;
        throw err;
      }
    }
  }
}

const serviceAccounts = findResourceByKind('v1', 'ServiceAccount')!;
