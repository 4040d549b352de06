// The record browser over 100,000 users: sort in SQL by clicking a column header, filter, only a window
// of rows in memory, the filtered, sorted table downloaded as CSV, scrolling to the last row, editing and
// deleting a row from the detail panel, and relationship links (a handler's pets and back).
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, locate, click, clickForDownload, logIn, openFreshApp, typeInto, waitForState, pointAndClick } from './lib/app.mjs';

export const name = 'ui: record browser (100,000 users: sort, filter, scroll to the end, edit, delete, links)';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users === 2, { what: 'demo data loaded' });
    // Editing and deleting other accounts is the administrator's (the first account, Demo User).
    await logIn(page, 'demo@example.com', 'demo-password', { username: 'Demo User' });
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

    // Scroll to the end: back to the ID order, select a row, End (keyboard navigation scrolls the table).
    await pointAndClick(page, 'ID');
    state = await waitForState(page, (s) => s.records.sort === 'id' && !s.records.descending, { what: 'sorted by ID' });
    await pointAndClick(page, '1');
    await waitForState(page, (s) => s.records.selected === 1, { what: 'row 1 selected' });
    await page.keyboard.press('End');
    state = await waitForState(page, (s) => s.records.first > 100002 - 60, { what: 'the last rows in view' });
    assert.ok(state.records.cached <= 1000, `still only a window is cached (${state.records.cached} rows)`);
    await page.screenshot({ path: `${artifacts}/ui-records-end.png` });
    await pointAndClick(page, '100002');
    state = await waitForState(page, (s) => s.records.selected === 100002, { what: 'the last row selected' });
    await page.screenshot({ path: `${artifacts}/ui-records-end.png` });
    // The page's mirror of the table followed the jump (its row elements are reused for the rows that
    // come into view): each row's cells are its own, its ID one more than the row above, the last 100002.
    const mirrored = await page.evaluate(() => [...document.querySelectorAll('#mirror [role=row][aria-rowindex]')]
      .map((row) => ({ index: +row.getAttribute('aria-rowindex'),
                       cells: [...row.querySelectorAll('[role=gridcell]')].map((cell) => cell.textContent) }))
      .filter((row) => row.cells.length > 0));
    assert.ok(mirrored.length >= 10, `the visible rows are mirrored (${mirrored.length})`);
    for (const row of mirrored) {
      assert.equal(row.cells.length, 4, `row ${row.index} has its 4 cells`);
      assert.equal(+row.cells[0] - row.index, +mirrored[0].cells[0] - mirrored[0].index, `row ${row.index}: ID ${row.cells[0]}`);
    }
    assert.equal(mirrored.at(-1).cells[0], '100002');

    // Edit it: the registration rules apply (a taken name is refused), then a good name is saved.
    await click(page, 'Edit');
    await waitForState(page, (s) => s.records.editing, { what: 'the edit form' });
    await page.keyboard.press('Control+A'); // the username field has the focus
    await page.keyboard.type('Peter');
    await page.keyboard.press('Enter');
    state = await waitForState(page, (s) => s.records.editError === 'This username is already registered.',
                               { what: 'the refused edit' });
    assert.equal(state.records.editing, true);
    await page.screenshot({ path: `${artifacts}/ui-records-edit.png` });
    await click(page, '##edit-username');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Zoë Last');
    await click(page, 'Save');
    state = await waitForState(page, (s) => s.records.notice === 'Saved user “Zoë Last”.' && s.saveState === 'saved',
                               { what: 'the saved edit' });
    assert.equal(state.records.editing, false);
    await typeInto(page, '##filter-Users', 'Zoë');
    state = await waitForState(page, (s) => s.records.total === 1, { what: 'the edited row found by its new name' });
    assert.deepEqual(state.records.firstNames, ['Zoë Last']);

    // Delete it, after a confirmation; Escape first keeps it.
    await pointAndClick(page, '100002');
    await click(page, 'Delete…');
    await locate(page, 'Cancel');
    await page.screenshot({ path: `${artifacts}/ui-records-delete.png` });
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => !s.records.problem && s.rows.users === 100002, { what: 'Escape keeps the row' });
    await click(page, 'Delete…');
    await click(page, 'Delete');
    state = await waitForState(page, (s) => s.rows.users === 100001 && s.records.total === 0 && s.saveState === 'saved',
                               { what: 'the row deleted' });
    assert.equal(state.records.notice, 'User “Zoë Last” deleted.');
    assert.equal(state.records.selected, 0);

    // A handler's pets and back: Pet handlers → Hannah → Rex (Pets tab) → Hannah (Pet handlers tab).
    await pointAndClick(page, 'Pet handlers');
    await waitForState(page, (s) => s.records.table === 1 && s.records.total === 1, { what: 'the handlers tab' });
    await pointAndClick(page, '1');
    await pointAndClick(page, '→ Rex (dog)');
    state = await waitForState(page, (s) => s.records.table === 2 && s.records.selected > 0, { what: "Rex in the pets tab" });
    await page.screenshot({ path: `${artifacts}/ui-records-pet.png` });
    await pointAndClick(page, '→ Hannah');
    await waitForState(page, (s) => s.records.table === 1 && s.records.selected === 1, { what: 'back to Hannah' });
    assert.deepEqual(app.problems, []);
    console.log(`        100,000 users added and saved in ${loadSeconds.toFixed(1)} s`);
  } finally {
    await app.close();
  }
}
