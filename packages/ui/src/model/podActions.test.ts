import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import { PlanError, forcedUnready, planPodDelete, planReadinessFlip, planScale } from './podActions.js';

const pod = (annotations?: Record<string, string>, name = 'web-1', namespace = 'default') => deepFreeze({ metadata: { name, namespace, ...(annotations ? { annotations } : {}) } });

const flips = [
  { name: 'a ready pod is made unready', given: pod(), wantValue: 'false', wasUnready: false },
  { name: 'other annotations do not matter', given: pod({ team: 'a' }), wantValue: 'false', wasUnready: false },
  // "true" is the kubelet's "passing" too: flipping it makes the pod unready.
  { name: 'annotation "true": made unready', given: pod({ 'miniplane.dev/ready': 'true' }), wantValue: 'false', wasUnready: false },
  { name: 'a made-unready pod is made ready again (annotation removed)', given: pod({ 'miniplane.dev/ready': 'false' }), wantValue: null, wasUnready: true },
];

t.test('readiness flip: one merge patch of the annotation', async (t) => {
  for (const c of flips) {
    t.test(c.name, async (t) => {
      t.equal(forcedUnready(c.given), c.wasUnready);
      t.same(planReadinessFlip(c.given), {
        method: 'PATCH', path: '/api/v1/namespaces/default/pods/web-1?fieldManager=miniplane-ui', contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { 'miniplane.dev/ready': c.wantValue } } },
      });
    });
  }
});

t.test('delete', async (t) => {
  t.same(planPodDelete(pod(undefined, 'web-1', 'shop')), { method: 'DELETE', path: '/api/v1/namespaces/shop/pods/web-1' });
  // Names come from the server, but the path is built by the page: escape whatever they hold.
  t.equal(planPodDelete(pod(undefined, 'a/b?c', 'n s')).path, '/api/v1/namespaces/n%20s/pods/a%2Fb%3Fc');
});

t.test('scale: a merge patch of the scale subresource', async (t) => {
  const d = deepFreeze({ metadata: { name: 'web', namespace: 'default' } });
  t.same(planScale(d, ' 250 '), {
    method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web/scale?fieldManager=miniplane-ui', contentType: 'application/merge-patch+json',
    body: { spec: { replicas: 250 } },
  });
  t.same(planScale(d, '0').body, { spec: { replicas: 0 } }, 'scale to zero is allowed');
  t.same(planScale(d, '2147483647').body, { spec: { replicas: 2147483647 } }, 'int32 max is the top');
  // A negative count is the server's to refuse (its Invalid Status is what the learner should see).
  t.same(planScale(d, '-1').body, { spec: { replicas: -1 } });
  // Refused before asking: not a whole number, or past int32 (the field's type).
  for (const bad of ['', 'ten', '1.5', '2147483648', '-2147483649', '1e3', '--1']) t.throws(() => planScale(d, bad), PlanError, JSON.stringify(bad));
});
