// Launching Debian's Chromium through playwright-core, headless, with WebGL2 on SwiftShader.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const chromiumArgs = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// A browser profile directory that outlives one launch: "close the browser and come back".
export function makeProfileDirectory() {
  const dir = mkdtempSync(join(tmpdir(), 'seed-e2e-profile-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Launches Chromium with a persistent profile; returns the BrowserContext.
export async function launchWithProfile(profileDir, options = {}) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    ...options,
  });
}
