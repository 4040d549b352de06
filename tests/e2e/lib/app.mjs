// Driving the app in the page like a person would: find a widget by its label (through the module's
// item-locator hook), then click it with the real mouse or type with the real keyboard.

// Collects console errors and uncaught exceptions; a test fails if any appear.
export function watchConsole(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
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

// Waits for a widget with this label to be visible and returns its centre in CSS pixels.
export async function locate(page, label, { timeout = 10000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await items(page)).find((item) => item.label === label);
    if (found) {
      const ratio = await page.evaluate(() => Module._seed_test_pixel_ratio());
      const [x0, y0, x1, y1] = found.rect;
      return { x: (x0 + x1) / 2 / ratio, y: (y0 + y1) / 2 / ratio };
    }
    if (Date.now() > deadline) throw new Error(`no widget labelled "${label}" on screen`);
    await page.waitForTimeout(50);
  }
}

export async function click(page, label) {
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
