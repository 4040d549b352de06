// SeedTurnScheduler (web/host_library_turn_scheduler.js): the lock session catches up before anything
// else, grants a turn only to a visible tab, saves what a turn changed before it releases the lock, and
// keeps the lock while a save fails (so no other tab can write on top of unsaved changes). The lock is
// SeedWriteLock's in-page queue (node has no Web Locks), the C++ side a stand-in that keeps the turn state
// as platform::WriteTurns does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostCodes, loadModules } from './library.mjs';
import { memoryFs } from './memory_fs.mjs';

const { Idle, Wanted, Active } = hostCodes.codes.TurnState.values;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(condition, what) {
  for (let i = 0; i < 200 && !condition(); i++) await settle();
  assert.ok(condition(), what);
}

function setUp() {
  const FS = memoryFs('/data');
  const m = loadModules(['host_library_text.js', 'host_library_chunk_plan.js', 'host_library_saved_record.js', 'host_library_page_tracker.js', 'host_library_local_copy.js',
                         'host_library_save_loop.js', 'host_library_write_lock.js', 'host_library_turn_scheduler.js'],
                        { FS });
  const log = [];
  const native = {
    turn: Idle,
    turnState: () => native.turn,
    beginTurn: () => { log.push('grant'); native.turn = Active; return true; },
    revokeTurn: () => { native.turn = Idle; return true; },
    waiting: (waiting) => log.push(`waiting ${waiting}`),
  };
  const store = {
    refuse: null,
    write(puts) {
      log.push(`write ${puts.length}`);
      return store.refuse ? Promise.reject(store.refuse) : Promise.resolve();
    },
  };
  const copy = new m.SeedLocalCopy('/data', '/data/registration.db', 'chunks-1', 50, 'tab');
  const sync = {
    visibleNow: true,
    loaded: () => copy.loaded,
    visible: () => sync.visibleNow,
    catchUp: async () => { log.push('catch up'); if (!copy.loaded) copy.load(null, [], {}, null); },
    cannotRead: (error) => log.push(`cannot read ${error.message}`),
  };
  let scheduler;
  const saves = new m.SeedSaveLoop(copy, store, {
    report: () => {}, saved: () => log.push('saved'), retryDue: () => scheduler.ensureSession(), settled: () => scheduler.poke(),
  });
  let generations = 0;
  const lock = new m.SeedWriteLock('test-lock');
  scheduler = new m.SeedTurnScheduler(lock, { sync, saves, native, newGeneration: () => `g${++generations}` });
  // A turn the view uses to write a chunk, as a frame would, then ends.
  const frame = () => {
    if (native.turn !== Active) return;
    FS.writeFile('/data/registration.db.chunk.000000', [generations]);
    native.turn = Idle;
    scheduler.endTurn(true);
  };
  return { FS, native, store, sync, saves, scheduler, lock, log, frame };
}

test('a turn is granted after catching up, its change saved, then the lock is released', async () => {
  const { native, scheduler, lock, log, frame } = setUp();
  native.turn = Wanted;
  scheduler.ensureSession();
  await until(() => native.turn === Active, 'the turn is granted');
  assert.deepEqual(log, ['catch up', 'grant']);
  frame();
  await until(() => !scheduler.holding, 'the session ends');
  assert.deepEqual(log, ['catch up', 'grant', 'write 1', 'saved']);
  let next = false;
  await lock.hold(async () => { next = true; });
  assert.equal(next, true, 'the lock is free again');
});

test('a hidden tab is granted no turn; shown again, it is', async () => {
  const { native, sync, scheduler, log } = setUp();
  sync.visibleNow = false;
  native.turn = Wanted;
  scheduler.ensureSession();
  await until(() => log.includes('catch up'), 'the session ran');
  await settle();
  assert.equal(native.turn, Wanted);
  assert.equal(scheduler.holding, false, 'the lock is not held for a hidden tab');
  sync.visibleNow = true;
  scheduler.ensureSession();
  await until(() => native.turn === Active, 'granted once visible');
  scheduler.revokeTurn();
});

test('while a save fails the lock stays held, and another holder waits until it lands', async () => {
  const { native, store, saves, scheduler, lock, log, frame } = setUp();
  store.refuse = new Error('the disk is full');
  native.turn = Wanted;
  scheduler.ensureSession();
  await until(() => native.turn === Active, 'granted');
  frame();
  await until(() => saves.failure !== '', 'the save failed');
  let otherTabWrote = false;
  const otherTab = lock.hold(async () => { otherTabWrote = true; });
  await settle();
  assert.equal(otherTabWrote, false, 'no other holder while changes are unsaved');
  assert.equal(scheduler.holding, true);
  store.refuse = null;
  saves.retryNow();
  await otherTab;
  assert.equal(otherTabWrote, true);
  assert.equal(saves.unsaved(), false);
  assert.deepEqual(log.filter((entry) => entry.startsWith('write')), ['write 1', 'write 1']);
});

test('jobs run under the lock before a turn is granted; a failing job does not end the session', async () => {
  const { native, scheduler, log } = setUp();
  native.turn = Wanted;
  scheduler.addJob(async () => { log.push('job 1'); throw new Error('boom'); });
  scheduler.addJob(async () => { log.push('job 2'); });
  await until(() => native.turn === Active, 'granted after the jobs');
  assert.deepEqual(log, ['catch up', 'job 1', 'job 2', 'grant']);
  scheduler.revokeTurn();
});

test('a session that cannot catch up ends at once and writes nothing', async () => {
  const { native, sync, scheduler, log } = setUp();
  sync.catchUp = async () => { throw new Error('IndexedDB is closed'); };
  native.turn = Wanted;
  scheduler.ensureSession();
  await until(() => log.length > 0, 'the session ran');
  await settle();
  assert.deepEqual(log, ['cannot read IndexedDB is closed']);
  assert.equal(native.turn, Wanted, 'no turn on a copy that could not be checked');
  assert.equal(scheduler.holding, false);
});

test('a turn whose frame never comes is ended by the timeout and still saved', async () => {
  const { FS, native, scheduler, log } = setUp();
  scheduler.turnTimeoutMs = 5;
  native.turn = Wanted;
  scheduler.ensureSession();
  await until(() => native.turn === Active, 'granted');
  FS.writeFile('/data/registration.db.chunk.000000', [1]); // written in the turn; the frame then stops
  await until(() => log.includes('saved'), 'saved after the timeout');
  assert.equal(native.turn, Idle);
});
