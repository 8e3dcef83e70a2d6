import t from 'tap';
import {
  AlreadyExists, ApiError, Conflict, ContinueExpired, Expired, Invalid, NotFound, ResourceVersionTooOld, Timeout, field,
  type Status,
} from '@miniplane/api';
import { isStatus, responseError, statusToError } from './statusError.js';

const svc = { group: '', resource: 'services' };

t.test('a server-rendered Status round-trips to its catalogue class', async (t) => {
  const cases: Array<{ name: string; given: ApiError; want: new (...a: never[]) => ApiError }> = [
    { name: 'NotFound', given: new NotFound(svc, 'a'), want: NotFound },
    { name: 'AlreadyExists', given: new AlreadyExists(svc, 'a'), want: AlreadyExists },
    { name: 'Conflict', given: new Conflict(svc, 'a'), want: Conflict },
    { name: 'Invalid', given: new Invalid({ group: '', kind: 'Service' }, 'a', [field.invalid('spec.ports[0].port', 0, 'must be between 1 and 65535')]), want: Invalid },
    { name: 'watch too old', given: new ResourceVersionTooOld(5, 9), want: ResourceVersionTooOld },
    { name: 'continue too old', given: new ContinueExpired(), want: ContinueExpired },
    { name: 'Timeout', given: new Timeout('Too large resource version: 9, current: 5', 1), want: Timeout },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const wire: Status = JSON.parse(JSON.stringify(c.given.toStatus()));
      const e = statusToError(wire);
      t.type(e, c.want);
      t.same(e.toStatus(), wire, 'code, reason, message and details preserved');
    });
  }
});

t.test('ResourceVersionTooOld keeps its numbers; any Expired is an Expired', async (t) => {
  const e = statusToError(new ResourceVersionTooOld(5, 9).toStatus());
  t.ok(e instanceof ResourceVersionTooOld && e.requested === 5 && e.oldest === 9);
  // the etcd path words it differently: still a 410 Expired
  const etcd = statusToError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410, message: 'The resourceVersion for the provided watch is too old.' });
  t.type(etcd, Expired);
  t.notOk(etcd instanceof ResourceVersionTooOld);
  // old servers say Gone
  t.type(statusToError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Gone', code: 410 }), Expired);
});

t.test('Invalid exposes causes as field errors rendered verbatim', async (t) => {
  const orig = new Invalid({ group: '', kind: 'Service' }, 'a', [field.required('spec.ports')]);
  const e = statusToError(orig.toStatus());
  t.ok(e instanceof Invalid);
  t.equal((e as Invalid).errors[0]!.toString(), 'spec.ports: Required value');
});

t.test('unknown reason and missing reason', async (t) => {
  const e = statusToError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'TooManyRequests', code: 429, message: 'slow down' });
  t.equal(e.constructor, ApiError);
  t.equal(e.reason, 'TooManyRequests');
  const noReason = statusToError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404 });
  t.type(noReason, NotFound, 'reason derived from the code');
});

t.test('non-Status bodies', async (t) => {
  t.notOk(isStatus({ kind: 'Service' }));
  const e = responseError(502, '<html>bad gateway</html>');
  t.equal(e.code, 502);
  t.equal(e.reason, 'Unknown');
  t.equal(e.message, '<html>bad gateway</html>');
});
