/**
 * The shape of a verb module and the registry of verbs: each is imported only when it runs, so a
 * `get` never loads what `apply` or `describe` need.
 */
import type { FlagSpec } from './flags.js';
import type { Session } from './session.js';

export interface VerbModule {
  flags: readonly FlagSpec[];
  /** Runs the verb; resolves with the exit code. */
  run(session: Session, args: string[]): Promise<number>;
}

export const verbs: Readonly<Record<string, () => Promise<VerbModule>>> = {
  get: () => import('./verbs/get.js'),
  create: () => import('./verbs/create.js'),
  apply: () => import('./verbs/apply.js'),
  delete: () => import('./verbs/delete.js'),
  describe: () => import('./verbs/describe.js'),
  patch: () => import('./verbs/patch.js'),
  label: () => import('./verbs/label.js'),
  annotate: () => import('./verbs/annotate.js'),
  scale: () => import('./verbs/scale.js'),
  version: () => import('./verbs/version.js'),
  'api-resources': () => import('./verbs/apiResources.js'),
  config: () => import('./verbs/config.js'),
  sim: () => import('./verbs/sim.js'),
  run: () => import('./verbs/run.js'),
  expose: () => import('./verbs/expose.js'),
  wait: () => import('./verbs/wait.js'),
  cordon: () => import('./verbs/cordon.js'),
  uncordon: () => import('./verbs/uncordon.js'),
  drain: () => import('./verbs/drain.js'),
  edit: () => import('./verbs/edit.js'),
  set: () => import('./verbs/set.js'),
  rollout: () => import('./verbs/rollout.js'),
  explain: () => import('./verbs/explain.js'),
  logs: () => import('./verbs/logs.js'),
  'proxy-rules': () => import('./verbs/proxyRules.js'),
  'pod-env': () => import('./verbs/podEnv.js'),
  'resolv-conf': () => import('./verbs/resolvConf.js'),
};

export const usage = `kubectl-lite controls a Kubernetes cluster (miniplane or any other) like kubectl.

Usage:
  kubectl-lite [flags] <verb> [args] [options]

Verbs:
  ${Object.keys(verbs).sort().join(', ')}
`;
