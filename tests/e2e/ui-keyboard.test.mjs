// A person who uses the keyboard and the page's accessibility tree only (no canvas coordinates): the
// first Tab enters the open view; they open Register, register, read "User registration successful"
// from the live region, log in on the Account tab, read a Records row, and add a pet and move it to
// another handler. Every element is found by its role and name, as a screen reader names it
// (web/accessibility_mirror_library.js). The register form's real fields carry the four autocomplete
// tokens, and the accepted credentials go to navigator.credentials.store.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { openFreshApp, waitForState } from './lib/app.mjs';

export const name = 'ui: keyboard and screen-reader roles only (register, log in, read a record)';

export async function run({ url, artifacts }) {
  const app = await openFreshApp(url, { launch: launchWithProfile, makeProfile: makeProfileDirectory });
  const { page } = app;
  try {
    // The first Tab enters the open view (Home): its first control, not the menu bar or the tabs.
    const tabs = page.getByRole('tablist');
    await page.getByRole('button', { name: 'Load demo data' }).waitFor();
    await page.keyboard.press('Tab');
    await assertFocused(page.getByRole('button', { name: 'Load demo data' }));
    // Opening a view focuses its first field.
    await tabs.getByRole('tab', { name: 'Register' }).focus();
    await page.keyboard.press('Enter');
    const username = page.getByRole('textbox', { name: 'Username' });
    await assertFocused(username);
    // Real form fields for password managers: one <form>, the four autocomplete tokens, passwords hidden.
    assert.deepEqual(await page.locator('form').first().evaluate((form) =>
      [...form.querySelectorAll('input:not([type=checkbox])')].map((i) => `${i.autocomplete}/${i.type}/${i.inputMode}`)),
      ['username/text/', 'email/text/email', 'new-password/password/', 'new-password/password/']);
    await page.keyboard.type('pe');
    await page.keyboard.press('Tab');
    await assertFocused(page.getByRole('textbox', { name: 'Email' }));
    await page.keyboard.type('peter@example.org');
    // The field's error is tied to it and announced politely.
    await waitForAttribute(username, 'aria-invalid', 'true');
    const describedBy = await username.getAttribute('aria-describedby');
    assert.equal(await page.locator(`#${describedBy}`).textContent(), 'Username must be at least 3 characters.');
    await username.focus();
    await page.keyboard.press('End');
    await page.keyboard.type('ter');
    await waitForAttribute(username, 'aria-invalid', null);
    await page.getByRole('textbox', { name: 'Password', exact: true }).focus();
    await page.keyboard.type('correct horse');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'User registration successful' }).waitFor({ timeout: 20000 });
    await waitForState(page, (s) => s.registered === 'peter' && s.saveState === 'saved', { what: 'registration saved' });
    await page.screenshot({ path: `${artifacts}/ui-keyboard-register.png` });
    // The page offered the credentials to the browser (navigator.credentials.store); headless Chromium has
    // the API but no password manager behind it, so what it answered is recorded, not a save prompt.
    const offered = await page.waitForFunction(() => {
      const m = Module.seedMirror;
      return (m.credentialsStored > 0 || m.credentialStoreError) &&
        { attempts: m.credentialStoreAttempts, stored: m.credentialsStored, error: m.credentialStoreError };
    }, null, { timeout: 5000 });
    assert.deepEqual(await offered.jsonValue(), { attempts: 1, stored: 1, error: '' });

    await tabs.getByRole('tab', { name: 'Account' }).focus();
    await page.keyboard.press('Enter');
    await assertFocused(page.getByRole('textbox', { name: 'Username or email' }));
    await page.keyboard.type('peter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse');
    await page.getByRole('button', { name: 'Log in' }).press('Enter');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor({ timeout: 20000 });
    // What headless Chromium answers when asked for a stored password (it has no password manager).
    const found = await page.evaluate(() => navigator.credentials.get({ password: true, mediation: 'silent' })
      .then((c) => (c ? `a credential for ${c.id}` : 'null'), (e) => `${e.name}`));
    console.log(`        navigator.credentials.get({password: true}) after logging in: ${found}`);

    await tabs.getByRole('tab', { name: 'Records' }).focus();
    await page.keyboard.press('Enter');
    const grid = page.getByRole('grid', { name: 'Users' });
    await grid.waitFor();
    assert.equal(await grid.getAttribute('aria-rowcount'), '2');
    const row = grid.getByRole('row', { name: /peter/ });
    assert.deepEqual(await row.getByRole('gridcell').allTextContents(), ['1', 'peter', 'peter@example.org', 'Argon2id']);
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'User #1' }).waitFor();
    await waitForAttribute(row, 'aria-selected', 'true');

    // Pets: the handlers and a handler's pets are listboxes of options, "Move to" a combo box whose
    // open popup is a listbox too; a pet is added, chosen and moved with the keyboard alone.
    await tabs.getByRole('tab', { name: 'Manage pets' }).focus();
    await page.keyboard.press('Enter');
    await assertFocused(page.getByRole('textbox', { name: 'New handler' }));
    await page.keyboard.type('Ann');
    await page.keyboard.press('Enter');
    const handlers = page.getByRole('listbox', { name: 'Handlers' });
    await handlers.getByRole('option', { name: /^Ann/ }).waitFor();
    await page.getByRole('textbox', { name: 'New handler' }).focus();
    await page.keyboard.type('Bob');
    await page.keyboard.press('Enter');
    const ann = handlers.getByRole('option', { name: /^Ann/ });
    await handlers.getByRole('option', { name: /^Bob/ }).waitFor();
    await ann.press('Enter');
    await waitForAttribute(ann, 'aria-selected', 'true');
    assert.equal(await handlers.getByRole('option', { name: /^Bob/ }).getAttribute('aria-selected'), 'false');
    await page.getByRole('textbox', { name: 'Name' }).focus();
    await page.keyboard.type('Rex');
    await page.keyboard.press('Tab');
    await assertFocused(page.getByRole('textbox', { name: 'Kind (dog, cat\u2026)' }));
    await page.keyboard.type('dog');
    await page.keyboard.press('Enter');
    const rex = page.getByRole('listbox', { name: 'Pets' }).getByRole('option', { name: /^Rex/ });
    await rex.waitFor({ timeout: 10000 });
    await rex.press('Enter');
    await waitForAttribute(rex, 'aria-selected', 'true');
    const moveTo = page.getByRole('combobox', { name: 'Move to' });
    assert.equal(await moveTo.getAttribute('tabindex'), '0'); // in the Tab order, as a <select> is
    await moveTo.press('Enter');
    await waitForAttribute(moveTo, 'aria-expanded', 'true');
    const choices = page.getByRole('listbox', { name: 'Move to' });
    assert.equal(await moveTo.getAttribute('aria-controls'), await choices.getAttribute('id')); // its popup
    assert.equal(await choices.getByRole('option', { name: /^Ann/ }).getAttribute('aria-selected'), 'true');
    await choices.getByRole('option', { name: /^Bob/ }).press('Enter');
    await waitForAttribute(moveTo, 'aria-expanded', 'false');
    await page.getByRole('button', { name: 'Move' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'Rex moved.' }).waitFor({ timeout: 10000 });
    await waitForState(page, (s) => s.petsNotice === 'Rex moved.' && s.saveState === 'saved', { what: 'Rex moved to Bob' });
    await page.screenshot({ path: `${artifacts}/ui-keyboard-pets.png` });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
}

async function assertFocused(locator) {
  await locator.page().waitForFunction((element) => document.activeElement === element, await locator.elementHandle(),
                                       { timeout: 5000 });
}

async function waitForAttribute(locator, name, value) {
  await locator.page().waitForFunction(([element, n, v]) => element.getAttribute(n) === v,
                                       [await locator.elementHandle(), name, value], { timeout: 5000 });
}
