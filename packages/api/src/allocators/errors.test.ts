import t from 'tap';
import { AllocatorError, AlreadyAllocated, InvalidRange, MismatchedNetwork, NotInRange, RangeFull } from './errors.js';

t.test('messages are kube\'s, fields are carried', async (t) => {
  const cases: Array<{ err: Error; message: string }> = [
    { err: new RangeFull(), message: 'range is full' },
    { err: new AlreadyAllocated('IP', '10.0.0.1'), message: 'provided IP is already allocated' },
    { err: new AlreadyAllocated('port', 30000), message: 'provided port is already allocated' },
    {
      err: new NotInRange('IP', '1.1.1.1', '10.96.0.0/12'),
      message: 'the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    },
    {
      err: new NotInRange('port', 8080, '30000-32767'),
      message: 'provided port is not in the valid range. The range of valid ports is 30000-32767',
    },
    { err: new MismatchedNetwork('IP', '10.0.0.0/16', '10.0.0.0/24'), message: 'the provided network does not match the current range' },
    { err: new MismatchedNetwork('port', '1-2', '3-4'), message: 'the provided port range does not match the current port range' },
    { err: new InvalidRange(['a']), message: 'a' },
    { err: new InvalidRange(['a', 'b']), message: '[a, b]' },
  ];
  for (const c of cases) {
    t.equal(c.err.message, c.message);
    t.ok(c.err instanceof AllocatorError, `${c.err.name} is an AllocatorError`);
    t.ok(c.err instanceof Error);
    t.equal(c.err.name, c.err.constructor.name, 'name is the class name');
  }
  const e = new NotInRange('IP', '1.1.1.1', '10.96.0.0/12');
  t.equal(e.value, '1.1.1.1');
  t.equal(e.validRange, '10.96.0.0/12');
  // The e2e helpers' regex must find the CIDR at the end of the message.
  t.equal(/valid IPs is (.*)$/.exec(e.message)?.[1], '10.96.0.0/12');
});
