// Driving the app in the page like a person would: find a widget by its label (through the module's
// item-locator hook), then click it with the real mouse or type with the real keyboard.

// Collects console errors and uncaught exceptions; a test fails if any appear.
export function watchConsole(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    problems.push(`console error: ${message.text()}${url ? ` (at ${url.replace(/^.*\//, '')}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return problems;
}

// Opens the app and waits until the database is open and the first frame is drawn.
export async function openApp(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.Module && window.Module.seedPage && window.Module.seedPage.phase === 'ready',
                             null, { timeout: 30000 });
}

export async function appState(page) {
  return page.evaluate(() => JSON.parse(Module.UTF8ToString(Module._seed_test_state())));
}

export async function items(page) {
  return page.evaluate(() => JSON.parse(Module.UTF8ToString(Module._seed_test_items())).items);
}

// Waits for a visible widget for which `matches(item)` holds and returns its centre in CSS pixels;
// `description` names it in the timeout error.
export async function locateWhere(page, matches, description, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await items(page)).find(matches);
    if (found) {
      const ratio = await page.evaluate(() => Module._seed_test_pixel_ratio());
      const [x0, y0, x1, y1] = found.rect;
      return { x: (x0 + x1) / 2 / ratio, y: (y0 + y1) / 2 / ratio };
    }
    if (Date.now() > deadline) throw new Error(`no ${description} on screen`);
    await page.waitForTimeout(50);
  }
}

// Moves the pointer onto the point, lets it rest a few frames, then clicks (see pointAndClick).
async function hoverAndClick(page, { x, y }) {
  await page.mouse.move(x, y);
  await page.waitForTimeout(100);
  await page.mouse.click(x, y);
}

// Waits for a widget with this label to be visible and returns its centre in CSS pixels.
export async function locate(page, label, { timeout = 10000 } = {}) {
  return locateWhere(page, (item) => item.label === label, `widget labelled "${label}"`, timeout);
}

// Waits until Dear ImGui has taken every queued key and click and drawn the frames that show it: a
// widget's place may depend on what was just typed (a message under a field appears or goes). With
// nothing queued it waits for at most one frame (a tab in the background may draw none for a while).
export async function inputSettled(page, { timeout = 10000 } = {}) {
  const deadline = Date.now() + timeout;
  let emptySince = null;
  let emptyAt = 0;
  let queuedAtAll = false;
  for (;;) {
    const { inputQueued, framesDrawn } = await page.evaluate(() => JSON.parse(Module.UTF8ToString(Module._seed_test_state())));
    if (inputQueued > 0) {
      queuedAtAll = true;
      emptySince = null;
    } else if (emptySince === null) {
      emptySince = framesDrawn;
      emptyAt = Date.now();
    } else if (framesDrawn >= emptySince + (queuedAtAll ? 2 : 1) || (!queuedAtAll && Date.now() - emptyAt > 250)) {
      return;
    }
    if (Date.now() > deadline) throw new Error(`input still queued after ${timeout} ms (${inputQueued} events)`);
    await page.waitForTimeout(16);
  }
}

export async function click(page, label) {
  await inputSettled(page);
  const { x, y } = await locate(page, label);
  await page.mouse.click(x, y);
}

// Polls the app state until `predicate(state)` holds.
export async function waitForState(page, predicate, { timeout = 10000, what = 'app state' } = {}) {
  const deadline = Date.now() + timeout;
  let state;
  for (;;) {
    state = await appState(page);
    if (predicate(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(state)}`);
    await page.waitForTimeout(50);
  }
}

// The page's own state (web/site/loader.js): phase, saveState, offline, updateAvailable, updateChecks, timings.
export async function pageState(page) {
  return page.evaluate(() => {
    const { phase, saveState, offline, updateAvailable, updateChecks, timings } = window.Module.seedPage;
    return { phase, saveState, offline, updateAvailable, updateChecks, timings };
  });
}

// Waits until the service worker has this build in its cache: from then on the app starts offline.
export async function waitForOfflineReady(page, { timeout = 15000 } = {}) {
  await page.waitForFunction(() => {
    const offline = window.Module && window.Module.seedPage && window.Module.seedPage.offline;
    if (offline === 'error' || offline === 'unsupported') throw new Error(`offline support: ${offline}`);
    return offline === 'ready';
  }, null, { timeout });
}

// Waits for the loading screen to turn into an error screen; returns its heading and text.
export async function errorScreen(page, { timeout = 15000 } = {}) {
  await page.waitForSelector('#overlay.error', { timeout });
  return page.evaluate(() => ({
    title: document.getElementById('overlay-title').textContent,
    text: document.getElementById('overlay').innerText,
  }));
}

// Makes the page draw `perSecond` frames a second instead of one per display refresh, as if a GPU did
// the drawing. Here Chromium renders WebGL in software on two cores: at full rate the app's frame loop
// keeps the CPU busy and the browser's background-priority work (the service worker update job) does
// not run at all. Lasts until the page is reloaded.
export async function drawFewerFrames(page, perSecond = 5) {
  await page.evaluate((delay) => {
    window.requestAnimationFrame = (callback) => setTimeout(() => callback(performance.now()), delay);
  }, 1000 / perSecond);
}

// --- Persistence (tests/e2e/persistence-*.test.mjs) ------------------------------------------------------

// The storage layer's own report (window.registry.saveState(), README "Persistence"): save state, last
// error, unsaved changes, and commit→IndexedDB latencies in milliseconds.
export async function registryState(page) {
  return page.evaluate(() => window.registry.saveState());
}

// One real write, made as the register form makes it (validation, Argon2id, this tab's write turn):
// a new user through window.registry.register(), under a name no other call (or tab) uses. Returns once
// it is queued; the row shows in state.rows.users after the turn it runs in, and becomes durable with
// the next save (saveState 'saved'). The tests of saving count writes by rows.users.
export async function addUser(page) {
  await page.evaluate(() => {
    const name = `writer_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    window.registry.register({ username: name, email: `${name}@example.org`, password: 'a quiet walk by the river' })
      .catch(() => {}); // settles once saved, or with a failed save: the tests read the state instead
  });
}

// Clicks the button and returns the file it downloads as { name, bytes }; saves it to `saveAs` if given.
export async function clickForDownload(page, label, saveAs) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), click(page, label)]);
  const path = saveAs || (await download.path());
  if (saveAs) await download.saveAs(saveAs);
  const { readFileSync } = await import('node:fs');
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

// Clicks the button that opens a file chooser and picks `filePath` in it, as a person would.
export async function clickAndChooseFile(page, label, filePath) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15000 }), click(page, label)]);
  await chooser.setFiles(filePath);
}

// Like click(), but first waits until the widget stands still: Dear ImGui sizes an auto-fitting window
// over its first frames, so right after 'ready' a widget can still move by a few pixels.
export async function clickSettled(page, label) {
  let previous = await locate(page, label);
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(50);
    const current = await locate(page, label);
    if (current.x === previous.x && current.y === previous.y) break;
    previous = current;
  }
  await page.mouse.click(previous.x, previous.y);
}

// --- The app's views (tests/e2e/ui-*.test.mjs) ------------------------------------------------------------

// Like click(), but the pointer rests on the widget for a few frames first, as a person's does: tabs,
// table headers and table rows (Dear ImGui items that allow overlap) ignore a press that arrives in the
// same frame as the pointer.
export async function pointAndClick(page, label) {
  await hoverAndClick(page, await locate(page, label));
}

// Clicks the field (an ImGui InputText found by its "##id" label) and types ASCII text into it.
export async function typeInto(page, label, text) {
  await click(page, label);
  await page.keyboard.type(text);
}

// Opens a menu of the menu bar and clicks one of its items.
// Waits for the item in the open menu's popup window (a button elsewhere may carry the same label).
export async function chooseMenu(page, menu, item, { timeout = 10000 } = {}) {
  await pointAndClick(page, menu);
  const point = await locateWhere(page, (each) => each.label === item && each.window.startsWith('##Menu'),
                                  `menu item "${item}" in menu "${menu}"`, timeout);
  await hoverAndClick(page, point);
}

// Clicks the first widget whose label starts with `prefix` (list entries: "Ann##handler-3").
export async function clickStartingWith(page, prefix, { timeout = 10000 } = {}) {
  const point = await locateWhere(page, (item) => item.label.startsWith(prefix), `widget whose label starts with "${prefix}"`, timeout);
  await hoverAndClick(page, point);
}

// Opens a fresh profile at 1280×800 and waits until the app's services are ready; returns
// { context, page, problems, close }.
export async function openFreshApp(url, { launch, makeProfile, deviceScaleFactor = 1 }) {
  const profile = makeProfile();
  const context = await launch(profile.dir, { deviceScaleFactor });
  const page = context.pages()[0] || (await context.newPage());
  const problems = watchConsole(page);
  await openApp(page, url);
  await waitForState(page, (s) => s.servicesReady, { what: 'services ready' });
  return {
    context, page, problems,
    close: async () => { await context.close(); profile.remove(); },
  };
}

// After a file was chosen in File → Import database…: waits for the question "Replace all your data?"
// (src/ui/import_confirm.h) and answers Replace.
export async function confirmImport(page, { timeout = 20000 } = {}) {
  await waitForState(page, (s) => s.import.confirming, { what: 'the import confirmation', timeout });
  await click(page, 'Replace');
}

// On the Account tab: logs in as `identifier` (username or email) and waits until the menu bar names
// `username` (the identifier by default).
export async function logIn(page, identifier, password, { username = identifier, timeout = 20000 } = {}) {
  await pointAndClick(page, 'Account');
  for (const [field, text] of [['##login-identifier', identifier], ['##login-password', password]]) {
    await click(page, field);
    await page.keyboard.press('Control+A'); // the form keeps the last name typed
    await page.keyboard.type(text);
  }
  await page.keyboard.press('Enter');
  return waitForState(page, (s) => s.signedInAs === username, { what: `signed in as ${username}`, timeout });
}
