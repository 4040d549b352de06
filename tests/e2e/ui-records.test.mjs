// The record browser over 100,000 users: sort in SQL by clicking a column header, filter, only a window
// of rows in memory, and the filtered, sorted table downloaded as CSV.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, clickForDownload, openFreshApp, typeInto, waitForState, pointAndClick } from './lib/app.mjs';

export const name = 'ui: record browser (100,000 users: sort, filter, bounded window)';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users === 2, { what: 'demo data loaded' });
    const started = Date.now();
    await chooseMenu(page, 'File', 'Load 100,000 demo users');
    await waitForState(page, (s) => s.rows.users === 100002 && s.saveState === 'saved',
                       { what: '100,000 users saved', timeout: 30000 });
    const loadSeconds = (Date.now() - started) / 1000;

    await pointAndClick(page, 'Records');
    let state = await waitForState(page, (s) => s.records.total === 100002, { what: 'users tab' });
    assert.ok(state.records.cached <= 1000, `only a window is cached (${state.records.cached} rows)`);

    await pointAndClick(page, 'Username');
    state = await waitForState(page, (s) => s.records.sort === 'username' && !s.records.descending, { what: 'sorted by username' });
    await pointAndClick(page, 'Username');
    state = await waitForState(page, (s) => s.records.sort === 'username' && s.records.descending, { what: 'descending' });
    assert.match(state.records.firstNames[0], /^user\d{6}$/);
    assert.ok(state.records.firstNames[0] > state.records.firstNames[1], `descending: ${state.records.firstNames}`);

    await typeInto(page, '##filter-Users', 'peter');
    state = await waitForState(page, (s) => s.records.filter === 'peter' && s.records.total === 1, { what: 'filtered' });
    assert.deepEqual(state.records.firstNames, ['Peter']);
    const csv = await clickForDownload(page, 'Export CSV', `${artifacts}/users.csv`);
    assert.equal(csv.name, 'users.csv');
    assert.equal(csv.bytes.toString('utf8'), 'ID,Username,Email,Password\r\n2,Peter,peter@example.com,Argon2id\r\n');
    await typeInto(page, '##filter-Users', ''); // focus the filter again (the export button had it)
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await waitForState(page, (s) => s.records.filter === '' && s.records.total === 100002, { what: 'filter cleared' });
    await page.screenshot({ path: `${artifacts}/ui-records.png` });
    assert.deepEqual(app.problems, []);
    console.log(`        100,000 users added and saved in ${loadSeconds.toFixed(1)} s`);
  } finally {
    await app.close();
  }
}
