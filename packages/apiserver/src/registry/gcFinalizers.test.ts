import t from 'tap';
import { gcFinalizers } from './gcFinalizers.js';

const cases: { name: string; given: string[] | undefined; policy: string | undefined; want: string[] | undefined }[] = [
  { name: 'no policy keeps the finalizers', given: ['orphan'], policy: undefined, want: undefined },
  { name: 'Orphan adds orphan', given: undefined, policy: 'Orphan', want: ['orphan'] },
  { name: 'Foreground adds foregroundDeletion', given: ['example.com/x'], policy: 'Foreground', want: ['example.com/x', 'foregroundDeletion'] },
  // switching policy on a terminating object: the other GC finalizer goes
  { name: 'Foreground replaces orphan', given: ['orphan'], policy: 'Foreground', want: ['foregroundDeletion'] },
  { name: 'Background removes both', given: ['orphan', 'a/b'], policy: 'Background', want: ['a/b'] },
  { name: 'Background without GC finalizers changes nothing', given: ['a/b'], policy: 'Background', want: undefined },
  { name: 'already there: no change', given: ['foregroundDeletion'], policy: 'Foreground', want: undefined },
];
for (const c of cases) {
  t.test(c.name, async (t) => t.same(gcFinalizers(c.given === undefined ? undefined : Object.freeze([...c.given]), c.policy), c.want));
}
