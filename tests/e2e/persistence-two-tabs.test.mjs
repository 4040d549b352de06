// Two tabs of one profile register users: in turn, then 100 each interleaved (both tabs' requests in
// flight together, so the cross-tab write lock passes back and forth). No registration overwrites the
// other tab's work, both tabs show all 200, and all 200 survive a restart of the browser.
// Registrations go through window.registry.register(): the register form's service, in a write turn.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import {
  appState, openApp, pointAndClick, registryState, typeInto, waitForState, watchConsole,
} from './lib/app.mjs';

export const name = 'persistence: two tabs register 100 users each, interleaved; none is lost';

const register = (page, username) =>
  page.evaluate((name) => window.registry.register({ username: name, email: `${name}@example.com`, password: 'two tabs pw' }),
                username);

export async function run({ url, artifacts }) {
  const profile = makeProfileDirectory();
  try {
    let context = await launchWithProfile(profile.dir);
    const first = context.pages()[0] || (await context.newPage());
    const second = await context.newPage();
    const firstProblems = watchConsole(first);
    const secondProblems = watchConsole(second);
    await openApp(first, url);
    await openApp(second, url);
    let users = 0;
    const bothShow = async (value, what, timeout = 10000) => {
      for (const [page, tab] of [[first, 'first'], [second, 'second']]) {
        await waitForState(page, (s) => s.rows.users === value && s.saveState === 'saved', { what: `${tab} tab: ${what}`, timeout });
      }
    };

    // In turn: each registration is saved and shown in the other tab before the other tab registers.
    for (let round = 0; round < 2; round++) {
      for (const [page, tab] of [[first, 'a'], [second, 'b']]) {
        const made = await register(page, `${tab}-user${round}`);
        assert.equal(made.username, `${tab}-user${round}`);
        users++;
        await bothShow(users, `${users} users in turn`);
      }
    }
    assert.ok((await appState(second)).dataVersion > 0, 'the second tab reloaded the first tab\'s changes');
    const load = (await registryState(second)).lastLoad;
    assert.equal(load.full, false, 'the other tab\'s change was fetched, not the whole database');
    assert.ok(load.files >= 1 && load.files <= 6, `only the changed chunks were fetched (${load.files})`);

    // Signed in in the second tab, and still signed in after it reloads the first tab's next change.
    await pointAndClick(second, 'Account');
    await typeInto(second, '##login-identifier', 'a-user0');
    await typeInto(second, '##login-password', 'two tabs pw');
    await second.keyboard.press('Enter');
    await waitForState(second, (s) => s.signedInAs === 'a-user0', { what: 'signed in in the second tab' });
    const reloads = (await appState(second)).dataVersion;
    await register(first, 'a-user2');
    users++;
    await bothShow(users, 'one more user');
    const after = await appState(second);
    assert.ok(after.dataVersion > reloads, 'the second tab reloaded the change');
    assert.equal(after.signedInAs, 'a-user0', 'and the person signed in there stayed signed in');

    // Interleaved: both tabs' requests in flight at once, alternating.
    const pending = [];
    for (let i = 2; i < 100; i++) {
      if (i > 2) pending.push(register(first, `a-user${i}`)); // a-user2 is registered above
      pending.push(register(second, `b-user${i}`));
    }
    const made = await Promise.all(pending);
    users += made.length;
    assert.equal(new Set(made.map((user) => user.id)).size, made.length, 'every registration got its own row');
    await bothShow(200, '200 users after the interleaved burst', 30000);
    assert.equal(users, 200);

    // A taken username is refused in the other tab too: it sees the first tab's users.
    await assert.rejects(register(second, 'a-user7'), /This username is already registered\./);
    await second.screenshot({ path: `${artifacts}/persistence-two-tabs.png` });
    assert.deepEqual(firstProblems, []);
    assert.deepEqual(secondProblems, []);
    await context.close();

    context = await launchWithProfile(profile.dir);
    const page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    await waitForState(page, (s) => s.rows.users === 200, { what: '200 users after a restart' });
    assert.equal((await page.evaluate(() => window.registry.counts())).user, 200, 'every user of both tabs survived a restart');
    await context.close();
  } finally {
    profile.remove();
  }
}
