// A browser without what the app needs gets an error screen that says what is missing and what to do,
// instead of a blank page: no IndexedDB (deleted, or present but failing as in some private modes),
// no WebGL 2 (at the check, or only when the app creates its context), no WebAssembly.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { errorScreen } from './lib/app.mjs';

export const name = 'unsupported browsers: clear error screens for missing IndexedDB, WebGL 2, WebAssembly';

// Each case takes something away before any script of the page runs.
const cases = [
  {
    what: 'no IndexedDB',
    takeAway: () => { delete window.indexedDB; },
    expect: [/can’t start here/, /Storage \(IndexedDB\) is blocked/, /private or incognito/],
    screenshot: 'error-no-indexeddb.png',
  },
  {
    what: 'IndexedDB that fails to open (private mode)',
    takeAway: () => {
      IDBFactory.prototype.open = function () {
        const request = { onsuccess: null, onerror: null, onblocked: null, result: undefined };
        setTimeout(() => request.onerror && request.onerror(new Event('error')), 0);
        return request;
      };
    },
    expect: [/Storage \(IndexedDB\) is blocked/],
  },
  {
    // What Chromium answers on a full disk: an UnknownError that names no cause. Not a private window.
    what: 'IndexedDB that fails with an UnknownError (a full disk)',
    takeAway: () => {
      IDBFactory.prototype.open = function () {
        const request = { onsuccess: null, onerror: null, onblocked: null, result: undefined,
                          error: new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError') };
        setTimeout(() => request.onerror && request.onerror(new Event('error')), 0);
        return request;
      };
    },
    expect: [/can’t be opened right now/, /could not open its storage/, /Free some space/],
    refuse: [/private or incognito/, /backing store/],
  },
  {
    what: 'no WebGL 2',
    takeAway: () => {
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return type === 'webgl2' ? null : getContext.call(this, type, ...rest);
      };
    },
    expect: [/can’t start here/, /WebGL 2 is missing: turn on hardware acceleration/],
  },
  {
    what: 'WebGL 2 refused only to the app (the C++ host reports it)',
    takeAway: () => {
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return type === 'webgl2' && this.id === 'canvas' ? null : getContext.call(this, type, ...rest);
      };
    },
    expect: [/WebGL 2 could not be started/, /turn on hardware acceleration/],
  },
  {
    what: 'no WebAssembly',
    takeAway: () => { delete window.WebAssembly; },
    expect: [/WebAssembly is missing or turned off/],
  },
];

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  try {
    const context = await launchWithProfile(profile.dir);
    for (const { what, takeAway, expect, refuse = [], screenshot } of cases) {
      const page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.addInitScript(takeAway);
      await page.goto(url);
      const screen = await errorScreen(page);
      for (const pattern of expect) assert.match(screen.text, pattern, `${what}: ${screen.text}`);
      for (const pattern of refuse) assert.doesNotMatch(screen.text, pattern, `${what}: ${screen.text}`);
      assert.equal(await page.isVisible('#overlay-progress'), false, `${what}: no progress bar on an error`);
      assert.deepEqual(pageErrors, [], `${what}: uncaught errors`);
      if (screenshot) await page.screenshot({ path: `${artifacts}/${screenshot}` });
      await page.close();
    }
    await context.close();
  } finally {
    profile.remove();
  }
}
