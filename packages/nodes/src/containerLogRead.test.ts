import t from 'tap';
import type { Pod } from '@miniplane/api/pod/types';
import type { PodLogOptions } from '@miniplane/api/pod/podLogOptions';
import { LogCursor, containerLogStatusError, rfc3339Nano, type LogEntry } from './containerLogRead.js';

const T0 = Date.parse('2026-12-05T02:00:00Z');
const entries: LogEntry[] = [
  { time: T0, text: 'one' },
  { time: T0 + 1000, text: 'two' },
  { time: T0 + 2500, text: 'three' },
  { time: T0 + 4120, text: 'four' },
];
const opts = (o: Partial<PodLogOptions> = {}): PodLogOptions => ({ follow: false, previous: false, timestamps: false, ...o });

t.test('rfc3339Nano trims the fraction as Go does', async (t) => {
  t.equal(rfc3339Nano(T0), '2026-12-05T02:00:00Z');
  t.equal(rfc3339Nano(T0 + 120), '2026-12-05T02:00:00.12Z');
  t.equal(rfc3339Nano(T0 + 7), '2026-12-05T02:00:00.007Z');
});

t.test('LogCursor.first', async (t) => {
  const now = T0 + 5000;
  const cases: Array<{ name: string; o: Partial<PodLogOptions>; want: string }> = [
    { name: 'everything', o: {}, want: 'one\ntwo\nthree\nfour\n' },
    { name: 'tail 2', o: { tailLines: 2 }, want: 'three\nfour\n' },
    // --tail=0 prints nothing (kubectl's -1 means all)
    { name: 'tail 0', o: { tailLines: 0 }, want: '' },
    { name: 'tail beyond the log', o: { tailLines: 10 }, want: 'one\ntwo\nthree\nfour\n' },
    // now - 3 s = T0 + 2000: lines at or after it
    { name: 'sinceSeconds', o: { sinceSeconds: 3 }, want: 'three\nfour\n' },
    { name: 'sinceTime', o: { sinceTime: T0 + 1000 }, want: 'two\nthree\nfour\n' },
    // the tail is taken first, then filtered by time (kube's ReadLogs)
    { name: 'tail then since', o: { tailLines: 3, sinceSeconds: 4 }, want: 'two\nthree\nfour\n' },
    { name: 'timestamps', o: { timestamps: true, tailLines: 1 }, want: '2026-12-05T02:00:04.12Z four\n' },
    // cut mid-line
    { name: 'limitBytes', o: { limitBytes: 6 }, want: 'one\ntw' },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      t.equal(new LogCursor(opts(c.o), now).first(entries).toString(), c.want);
    });
  }
});

t.test('LogCursor.next keeps counting the byte limit across a follow', async (t) => {
  const c = new LogCursor(opts({ limitBytes: 10 }), T0);
  t.equal(c.first(entries.slice(0, 1)).toString(), 'one\n');
  t.notOk(c.done);
  t.equal(c.next({ time: T0, text: 'abc' }).toString(), 'abc\n');
  t.equal(c.next({ time: T0, text: 'xyz' }).toString(), 'xy');
  t.ok(c.done);
  t.equal(c.next({ time: T0, text: 'more' }).length, 0);
});

t.test('containerLogStatusError', async (t) => {
  const pod = (statuses: unknown[]): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] }, status: { containerStatuses: statuses } } as Pod);
  const cases: Array<{ name: string; pod: Pod; previous?: boolean; want: string | undefined }> = [
    { name: 'running', pod: pod([{ name: 'c', state: { running: {} } }]), want: undefined },
    { name: 'creating', pod: pod([{ name: 'c', state: { waiting: { reason: 'ContainerCreating' } } }]), want: 'container "c" in pod "p" is waiting to start: ContainerCreating' },
    { name: 'image pull', pod: pod([{ name: 'c', state: { waiting: { reason: 'ImagePullBackOff' } } }]), want: 'container "c" in pod "p" is waiting to start: trying and failing to pull image' },
    // the kubelet has not written a status yet
    { name: 'no status', pod: pod([]), want: 'container "c" in pod "p" is not available' },
    { name: 'no previous', pod: pod([{ name: 'c', state: { running: {} }, lastState: {} }]), previous: true, want: 'previous terminated container "c" in pod "p" not found' },
    { name: 'a previous', pod: pod([{ name: 'c', state: { running: {} }, lastState: { terminated: { containerID: 'containerd://x' } } }]), previous: true, want: undefined },
    { name: 'terminated without id', pod: pod([{ name: 'c', state: { terminated: {} } }]), want: 'container "c" in pod "p" is terminated' },
    // no state at all
    { name: 'unknown state', pod: pod([{ name: 'c', state: {} }]), want: 'container "c" in pod "p" is waiting to start - no logs yet' },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      t.equal(containerLogStatusError(c.pod, 'c', c.previous ?? false), c.want);
    });
  }
});
