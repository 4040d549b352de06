// SeedConsoleApi.register (web/host_library_console_api.js): the promise answers only once the row is in
// IndexedDB ({saved: true}), or says it is not yet durable when a save fails first ({saved: false}); a
// refusal rejects with the form's messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModules } from './library.mjs';

const { SeedConsoleApi } = loadModules(['host_library_text.js', 'host_library_save_loop.js', 'host_library_console_api.js']);

// The parts register() uses: C++ (which queues and later settles) and the save loop's counts.
function setUp() {
  const queued = [];
  const saves = { changes: 0, savedChanges: 0 };
  const api = new SeedConsoleApi({ saves, copy: {}, space: {}, importer: {}, native: { register: (id) => { queued.push(id); return true; } } });
  let answer = null;
  const promise = api.register({ username: 'ann', email: 'ann@example.com', password: 'long enough pw' })
    .then((value) => { answer = value; }, (error) => { answer = { rejected: error.message }; });
  // C++ registered it in this frame; the turn's end, after the frame, counts the change.
  const registerInThisFrame = async () => {
    api.settle(queued[0], { ok: true, id: 7, username: 'ann' });
    saves.changes++;
    await Promise.resolve();
    await Promise.resolve();
  };
  return { api, saves, queued, promise, registerInThisFrame, answer: () => answer };
}

test('committed is not enough: the answer waits for the save of its row', async () => {
  const { api, saves, registerInThisFrame, answer } = setUp();
  await registerInThisFrame();
  assert.equal(answer(), null, 'not answered while only in memory');
  saves.savedChanges = 1;
  api.saved();
  await Promise.resolve();
  assert.deepEqual({ ...answer() }, { id: 7, username: 'ann', saved: true });
});

test('a save that lands before the row was counted does not answer for it', async () => {
  const { api, saves, registerInThisFrame, answer } = setUp();
  saves.changes = 3;
  saves.savedChanges = 3; // earlier changes, saved
  await registerInThisFrame();
  api.saved();
  await Promise.resolve();
  assert.equal(answer(), null);
});

test('a failed save answers at once that the row is not durable yet', async () => {
  const { api, registerInThisFrame, answer } = setUp();
  await registerInThisFrame();
  api.saveFailed('QuotaExceededError: full');
  await Promise.resolve();
  assert.equal(answer().saved, false);
  assert.equal(answer().id, 7);
  assert.match(answer().notSaved, /not saved yet \(QuotaExceededError: full\)/);
});

test('a refused registration rejects with the form\'s messages', async () => {
  const { api, queued, promise, answer } = setUp();
  api.settle(queued[0], { ok: false, error: 'Username must not contain a NUL character.' });
  await promise;
  assert.deepEqual(answer(), { rejected: 'Username must not contain a NUL character.' });
});
