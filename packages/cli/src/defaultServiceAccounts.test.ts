import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { planDefaultServiceAccounts } from './defaultServiceAccounts.js';

const ns = (name: string, phase?: string): KubeObject => ({ metadata: { name }, ...(phase ? { status: { phase } } : {}) });

const cases: { name: string; namespaces: KubeObject[]; have: string[]; want: string[] }[] = [
  { name: 'fresh store: every Active namespace', namespaces: [ns('default', 'Active'), ns('kube-system', 'Active')], have: [], want: ['default', 'kube-system'] },
  { name: 'restart: the ones already there are left alone', namespaces: [ns('default', 'Active'), ns('shop', 'Active')], have: ['default'], want: ['shop'] },
  { name: 'a Terminating namespace gets none (kube refuses new content there)', namespaces: [ns('old', 'Terminating'), ns('new', 'Active')], have: [], want: ['new'] },
  { name: 'no phase yet: none', namespaces: [ns('x')], have: [], want: [] },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    t.same(planDefaultServiceAccounts(c.namespaces, (n) => c.have.includes(n)), c.want);
  });
}
