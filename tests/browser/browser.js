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

// A fresh browser profile (so a fresh sid cookie, a fresh user) on the page at
// base, with opts for the context and an optional init script; resolves once
// the Todos list is there. {ctx, page, errors}.
async function openPage(browser, base, opts = {}, init) {
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 }, ...opts });
  if (init) await ctx.addInitScript(init);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(`${base}/`);
  await page.getByRole('list', { name: 'Todos' }).waitFor({ state: 'attached' });
  return { ctx, page, errors };
}

// Sends text through the Message box and returns the bot's answer to it.
async function say(page, text, timeoutMs = 10000) {
  const box = page.getByRole('textbox', { name: 'Message' });
  const replies = await page.locator('#chat-log .msg.bot').count();
  await box.fill(text);
  await box.press('Enter');
  await page.locator('#chat-log .msg.bot:not(.pending)').nth(replies).waitFor({ timeout: timeoutMs });
  return page.locator('#chat-log .msg.bot').last().textContent();
}

module.exports = { launch, watchErrors, shot, SHOTS, openPage, say };
