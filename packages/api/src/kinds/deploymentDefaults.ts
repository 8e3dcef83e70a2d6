/**
 * kube's SetDefaults_Deployment for apps/v1, applied to every Deployment body: `replicas` 1,
 * `strategy.type` RollingUpdate with `maxUnavailable` and `maxSurge` 25% when left out,
 * `revisionHistoryLimit` 10, `progressDeadlineSeconds` 600, and the pod template's PodSpec
 * defaults (pod/podDefaults.ts). Returns a new object; pure.
 * Upstream: pkg/apis/apps/v1/defaults.go (SetDefaults_Deployment), pkg/apis/apps/v1/zz_generated.defaults.go
 */
import { defaultPodTemplate } from '../pod/podDefaults.js';
import type { KubeObject } from '../types.js';

interface DeploymentSpec {
  replicas?: number;
  strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  template?: unknown;
}

export function defaultDeployment(obj: KubeObject): KubeObject {
  const spec = { ...((obj as { spec?: DeploymentSpec }).spec ?? {}) };
  spec.replicas ??= 1;
  const strategy = { ...(spec.strategy ?? {}) };
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    strategy.rollingUpdate = { ...(strategy.rollingUpdate ?? {}) };
    strategy.rollingUpdate.maxUnavailable ??= '25%';
    strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.strategy = strategy;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.template = defaultPodTemplate(spec.template);
  return { ...obj, spec } as KubeObject;
}
