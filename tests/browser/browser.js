'use strict';
// Chromium for the browser tests: Debian's /usr/bin/chromium driven by
// playwright-core (no downloaded browsers). Collects console errors and page
// errors per page, and saves screenshots under $TC_BUILD_DIR/screenshots/.
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];
const SHOTS = path.join(process.env.TC_BUILD_DIR || path.join(__dirname, '..', '..', 'build'), 'screenshots');

function launch() {
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
}

// Attaches console/pageerror collectors to page; returns the list they fill.
function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

module.exports = { launch, watchErrors, shot, SHOTS };
