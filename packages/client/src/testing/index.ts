/**
 * @miniplane/client/testing: the fakes tests drive the client's machinery with, kept out of the
 * package's main entry point. FakeClock (timers that fire when the test steps time), `flush`
 * (lets queued promise callbacks run), FakeListerWatcher (an in-memory list/watch source).
 */
export * from './fakeClock.js';
export * from './fakeListerWatcher.js';
