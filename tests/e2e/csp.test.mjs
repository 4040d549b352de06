// The Content-Security-Policy (web/site/index.html) is enforced and the app breaks none of it: loading,
// clicking, saving and the service worker's install report no violation. Then the test breaks it on
// purpose (eval, an inline script) to show the listener hears violations and the policy refuses them.
import assert from 'node:assert/strict';
import { launchWithProfile, makeProfileDirectory } from './lib/browser.mjs';
import { addUser, openApp, waitForOfflineReady, waitForState, watchConsole } from './lib/app.mjs';

export const name = 'csp: no violation while the app loads and works; eval and inline script are refused';

export async function run({ url }) {
  const profile = makeProfileDirectory();
  try {
    const context = await launchWithProfile(profile.dir);
    // Listening from the very start of every document, before any script of the page runs.
    await context.addInitScript(() => {
      window.seedCspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.seedCspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}`);
      });
    });
    const page = context.pages()[0] || (await context.newPage());
    const problems = watchConsole(page);
    const cspMessages = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) cspMessages.push(message.text());
    });

    await openApp(page, url);
    await addUser(page);
    await waitForState(page, (s) => s.saveState === 'saved' && s.rows.users === 1, { what: 'a registration saved' });
    await waitForOfflineReady(page);
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.doesNotMatch(policy, /'unsafe-eval'|'unsafe-inline'/);
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.deepEqual(await page.evaluate(() => window.seedCspViolations), [], 'violations while the app ran');
    assert.deepEqual(cspMessages, []);
    assert.deepEqual(problems, []);

    const refused = await page.evaluate(async () => {
      // From a task of the page's own: DevTools' evaluation itself is allowed to eval.
      const evalResult = await new Promise((resolve) => setTimeout(() => {
        try {
          resolve(eval('"eval ran"')); // eslint-disable-line no-eval
        } catch (error) {
          resolve(error.name);
        }
      }, 0));
      const script = document.createElement('script');
      script.textContent = 'window.seedInlineRan = true;';
      document.body.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 100)); // violation events are queued
      return { evalResult, inlineRan: Boolean(window.seedInlineRan), violations: window.seedCspViolations };
    });
    assert.equal(refused.evalResult, 'EvalError');
    assert.equal(refused.inlineRan, false);
    assert.deepEqual(refused.violations.map((v) => v.split(' ')[0]).sort(), ['script-src', 'script-src-elem']);
    await context.close();
  } finally {
    profile.remove();
  }
}
