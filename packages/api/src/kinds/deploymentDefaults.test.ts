import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { defaultDeployment } from './deploymentDefaults.js';

const template = { spec: { dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', securityContext: {}, terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' } };
const d = (spec: Record<string, unknown>) => deepFreeze({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec });

t.test('defaultDeployment', async (t) => {
  const cases = [
    { name: 'everything left out', given: {}, want: { replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, template } },
    // a given 0 is kept: 0 is not "left out"
    { name: 'given values kept', given: { replicas: 0, strategy: { rollingUpdate: { maxSurge: 0 } }, revisionHistoryLimit: 0 }, want: { replicas: 0, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } }, revisionHistoryLimit: 0, progressDeadlineSeconds: 600, template } },
    { name: 'Recreate gets no rollingUpdate', given: { strategy: { type: 'Recreate' } }, want: { replicas: 1, strategy: { type: 'Recreate' }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, template } },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame((defaultDeployment(d(c.given)) as unknown as { spec: unknown }).spec, c.want));
});
