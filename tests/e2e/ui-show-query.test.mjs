// "Show the query": after logging in as Peter, the Account tab's panel shows the tutorial's
// User.query.filter_by(username='Peter').first(), this ORM's C++ call and the SQL that ran with ? and the
// bound value; the Records tab's panel follows a column filter; no password hash is ever shown.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { chooseMenu, locate, logIn, openFreshApp, pointAndClick, typeInto, waitForState } from './lib/app.mjs';

export const name = 'ui: Show the query (the tutorial\'s call, the C++ call, the SQL with its bound values)';

// The mirrored text of the open panel (the DOM mirror holds every line Dear ImGui drew).
async function mirrored(artifacts, page, text) {
  try {
    await page.getByText(text, { exact: false }).first().waitFor({ timeout: 10000 });
  } catch (error) {
    await page.screenshot({ path: `${artifacts}/ui-show-query-failed.png` });
    const texts = await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.children.length === 0 && e.textContent.trim()).map((e) => e.textContent).join('\n'));
    throw new Error(`"${text}" is not in the DOM mirror, which holds:\n${texts.slice(0, 3000)}`);
  }
}

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    await chooseMenu(page, 'File', 'Load demo data');
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'demo data saved' });
    await logIn(page, 'Peter', 'demo-password');
    await locate(page, 'Log out'); // the signed-in view is drawn: the panel's header has moved under it
    await pointAndClick(page, 'Show the query');
    await mirrored(artifacts, page, "User.query.filter_by(username='Peter').first()");
    await mirrored(artifacts, page, 'session.query<User>().filter(func::lower(&User::username) == "peter").first()');
    await page.mouse.move(640, 600); // the SQL is further down the Account tab: scroll to it
    await page.mouse.wheel(0, 2000);
    await mirrored(artifacts, page, 'WHERE (lower("user"."username") = ?) LIMIT ? OFFSET ?');
    await mirrored(artifacts, page, "[parameters: ('peter', 1, 0)]"); // the name, then LIMIT 1 OFFSET 0
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${artifacts}/ui-show-query.png` });

    // Records: the page's query follows the column filter =Peter, with the value bound.
    await pointAndClick(page, 'Records');
    await waitForState(page, (s) => s.records.total === 2, { what: 'the users tab' });
    await pointAndClick(page, 'Show the query');
    await typeInto(page, '##filter-Users-username', '=Peter');
    await waitForState(page, (s) => s.records.total === 1, { what: '=Peter' });
    await mirrored(artifacts, page, ".filter(User.username == 'Peter')");
    await mirrored(artifacts, page, '.filter(col(&User::username) == "Peter")');
    await page.mouse.move(400, 680); // the panel scrolls: down to its SQL
    await page.mouse.wheel(0, 2000);
    await mirrored(artifacts, page, 'WHERE ("user"."username" = ?)');
    await mirrored(artifacts, page, "[parameters: ('Peter',)]");
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${artifacts}/ui-records-query.png` });

    const shown = await page.evaluate(() => document.body.innerText);
    assert.ok(!shown.includes('$argon2'), 'no password hash in what the page shows');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}
