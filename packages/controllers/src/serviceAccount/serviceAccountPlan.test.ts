import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { KubeObject } from '@miniplane/api';
import { planServiceAccounts } from './serviceAccountPlan.js';

const ns = (phase?: string): KubeObject => deepFreeze({ metadata: { name: 'x' }, ...(phase ? { status: { phase } } : {}) });

t.test('planServiceAccounts', async (t) => {
  const cases: Array<{ name: string; namespace: KubeObject | undefined; existing: string[]; ensured?: string[]; want: string[] }> = [
    { name: 'active namespace without default: create it', namespace: ns('Active'), existing: [], want: ['default'] },
    { name: 'default present: nothing', namespace: ns('Active'), existing: ['default', 'robot'], want: [] },
    { name: 'other accounts do not count', namespace: ns('Active'), existing: ['robot'], want: ['default'] },
    // A terminating namespace refuses new content; kube skips it.
    { name: 'terminating namespace: nothing', namespace: ns('Terminating'), existing: [], want: [] },
    // Deleted between the event and the sync.
    { name: 'namespace gone: nothing', namespace: undefined, existing: [], want: [] },
    // A namespace not yet given a phase is not Active.
    { name: 'no phase: nothing', namespace: ns(), existing: [], want: [] },
    { name: 'several ensured accounts', namespace: ns('Active'), existing: ['a'], ensured: ['a', 'b'], want: ['b'] },
  ];
  for (const c of cases) {
    t.same(planServiceAccounts(c.namespace, new Set(c.existing), c.ensured).create, c.want, c.name);
  }
});
