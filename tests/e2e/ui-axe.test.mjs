// axe-core (the accessibility rules engine) over the page with the DOM mirror of each view: no serious or
// critical violation on Home, Register with its field errors, Log in, Account signed in, Records, a delete
// confirmation, the File menu open, Manage pets with the "Move to" popup open, Contact form, Records with
// 100,000 users, and the phone layout (390×844, touch) of Register and Records.
// axe is injected into the page, so the context bypasses the page's CSP (which refuses inline script).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { openApp, waitForState } from './lib/app.mjs';

export const name = 'ui: axe-core finds no serious or critical violation in any view';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function run({ url }) {
  const profile = makeProfileDirectory();
  const context = await launchWithProfile(profile.dir, { bypassCSP: true });
  try {
    const page = context.pages()[0] || (await context.newPage());
    await openApp(page, url);
    await waitForState(page, (s) => s.servicesReady, { what: 'services ready' });
    const problems = [];
    const check = async (view) => {
      await page.waitForTimeout(300); // the frames that draw the view, and the mirror's sync after them
      const violations = await page.evaluate(async (source) => {
        if (!window.axe) (0, eval)(source);
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.html.slice(0, 120)).join(' | ')}`);
      }, axeSource);
      for (const violation of violations) problems.push(`${view}: ${violation}`);
    };
    const open = async (tab) => {
      await page.getByRole('tab', { name: tab }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('tab', { name: tab, selected: true }).waitFor();
    };
    await check('Home');
    await page.getByRole('button', { name: 'Load demo data' }).focus();
    await page.keyboard.press('Enter');
    await waitForState(page, (s) => s.rows.users === 2 && s.saveState === 'saved', { what: 'demo data' });
    await open('Register');
    await page.getByRole('textbox', { name: 'Username' }).fill('pe');
    await page.getByRole('textbox', { name: 'Email' }).fill('pe@');
    await page.getByRole('textbox', { name: 'Username' }).and(page.locator('[aria-invalid="true"]')).waitFor();
    await check('Register with errors');
    await open('Account');
    await check('Log in');
    await open('Records');
    const grid = page.getByRole('grid', { name: 'Users' });
    await grid.waitFor();
    await check('Records');
    await grid.getByRole('row', { name: /Peter/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /^Delete/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete this record?' });
    await dialog.waitFor();
    await check('Delete confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'File' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Load demo data' }).waitFor();
    await check('File menu open');
    await page.keyboard.press('Escape');
    await open('Account');
    await page.getByRole('textbox', { name: 'Username or email' }).fill('peter');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('demo-password');
    await page.getByRole('button', { name: 'Log in' }).press('Enter');
    await page.getByRole('heading', { name: 'Signed in' }).waitFor({ timeout: 20000 });
    await check('Account signed in');
    await open('Manage pets');
    await check('Manage pets');
    await page.getByRole('listbox', { name: 'Pets' }).getByRole('option').first().press('Enter');
    const moveTo = page.getByRole('combobox', { name: 'Move to' });
    await moveTo.press('Enter');
    await page.getByRole('listbox', { name: 'Move to' }).waitFor();
    await check('Move to popup open');
    await page.keyboard.press('Escape');
    await page.getByRole('listbox', { name: 'Move to' }).waitFor({ state: 'detached' });
    await open('Contact form');
    await check('Contact form');

    await page.getByRole('button', { name: 'File' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Load 100,000 demo users' }).press('Enter');
    await waitForState(page, (s) => s.rows.users >= 100000 && s.saveState === 'saved',
                       { what: '100,000 users', timeout: 60000 });
    await open('Records');
    await page.waitForFunction(() => Number(document.querySelector('[role=grid]')?.getAttribute('aria-rowcount')) > 100000);
    await check('Records, 100,000 users');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Register' }).first().waitFor(); // at phone width the tabs are buttons
    await check('Records, phone');
    await page.getByRole('button', { name: 'Register' }).first().press('Enter');
    await page.getByRole('textbox', { name: 'Username' }).waitFor();
    await check('Register, phone');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    profile.remove();
  }
}
