// The record browser from the keyboard, as in DB Browser for SQLite: arrows move the selection (and the
// detail panel with it), Ctrl+C copies the clicked cell and Ctrl+Shift+C the row to the system clipboard,
// tab-separated; "Go to ID" finds a row wherever the sort put it and says so when there is none; a
// column's filter (=exact) and the Exact toggle; the read-only SQL tab.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, click, locate, openFreshApp, pointAndClick, typeInto, waitForState } from './lib/app.mjs';

export const name = 'ui: record browser keys (arrows select, Ctrl+C copies a cell or row, Go to ID, column filters, the SQL tab)';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page, context } = app;
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'demo data saved' });
    await pointAndClick(page, 'Records');
    await waitForState(page, (s) => s.records.total === 2, { what: 'the users tab' });

    await pointAndClick(page, '1');
    await waitForState(page, (s) => s.records.selected === 1, { what: 'row 1 selected' });
    await page.keyboard.press('ArrowDown');
    await waitForState(page, (s) => s.records.selected === 2, { what: 'ArrowDown selects the next row' });
    await page.keyboard.press('Control+Shift+C');
    await waitForState(page, (s) => s.records.note === 'Copied the row of User #2.', { what: 'the row copied' });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '2\tPeter\tpeter@example.com\tArgon2id');

    // A click on the Email cell of row 1, then Ctrl+C: that cell alone.
    const email = await locate(page, 'Email');
    const row = await locate(page, '1');
    await page.mouse.move(email.x, row.y);
    await page.waitForTimeout(100);
    await page.mouse.click(email.x, row.y);
    await waitForState(page, (s) => s.records.selected === 1, { what: 'row 1 selected by its Email cell' });
    await page.keyboard.press('Control+C');
    await waitForState(page, (s) => s.records.note === 'Copied Email of User #1.', { what: 'the cell copied' });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^[^\t]+@[^\t]+$/, `one email address, not a row: ${JSON.stringify(copied)}`);

    // Sorted by username descending, Go to ID 1 finds the row where that order put it.
    await pointAndClick(page, 'Username');
    await pointAndClick(page, 'Username');
    await waitForState(page, (s) => s.records.sort === 'username' && s.records.descending, { what: 'sorted descending' });
    await typeInto(page, '##go-to-Users', '2');
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.records.selected === 2, { what: 'Go to ID 2' });
    await page.screenshot({ path: `${artifacts}/ui-records-keys.png` });
    await typeInto(page, '##go-to-Users', '');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('99');
    await page.keyboard.press('Enter');
    const state = await waitForState(page, (s) => s.records.goToProblem !== '', { what: 'Go to an unknown ID' });
    assert.equal(state.records.goToProblem, 'No row has ID 99.');
    assert.equal(state.records.selected, 2, 'the selection stays');

    // A column's own filter: =exact (case and all), then the table-wide filter's Exact toggle.
    await typeInto(page, '##filter-Users-username', '=peter');
    await waitForState(page, (s) => s.records.total === 0, { what: '=peter: no exact match' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('=Peter');
    await waitForState(page, (s) => s.records.total === 1 && s.records.firstNames[0] === 'Peter', { what: '=Peter' });
    await page.screenshot({ path: `${artifacts}/ui-records-filters.png` });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await typeInto(page, '##filter-Users', 'peter');
    await waitForState(page, (s) => s.records.filter === 'peter' && s.records.total === 1, { what: 'contains peter' });
    await pointAndClick(page, 'Exact##exact-Users');
    await waitForState(page, (s) => s.records.total === 0, { what: 'Exact: peter is not Peter' });

    // The read-only SQL tab: SELECT count(*) FROM user answers; DELETE FROM user is refused, nothing deleted.
    await pointAndClick(page, 'SQL');
    await waitForState(page, (s) => s.sql.open, { what: 'the SQL tab' });
    await click(page, 'Run');
    await waitForState(page, (s) => s.sql.firstValue === '2' && s.sql.summary.startsWith('1 row in'), { what: 'count(*)' });
    await page.mouse.move(900, 600); // no tooltip over the answer
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${artifacts}/ui-records-sql.png` });
    await click(page, '##sql-text');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('DELETE FROM user');
    await click(page, 'Run');
    const refused = await waitForState(page, (s) => s.sql.problem !== '', { what: 'DELETE refused' });
    assert.match(refused.sql.problem, /^Only statements that read are run here/);
    assert.equal(refused.rows.users, 2, 'no user deleted');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
