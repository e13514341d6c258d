'use strict';
// The web page in real Chromium against the real todo-svc, chat-svc and
// gateway: chat adds a todo, toggling, inline edit, delete and undo, live
// updates in a second tab (also across a gateway restart), phone width,
// keyboard-only use, dark mode, a todo-svc restart while the page is open,
// and no console errors anywhere.
const { describe, it, before, after } = require('node:test');
const path = require('node:path');
const {
  assert, ms, sleep, tracker, eventually, proc,
} = require('../gateway/util');
const B = require('./browser');
const { launch, watchErrors, shot } = B;

const T = tracker();
let stack;
let base;
let browser;
const TZ = 'Europe/Paris';

before(async () => {
  stack = await T.stack();
  base = stack.base;
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  await T.cleanup();
});

// A fresh browser profile = a fresh sid cookie = a fresh user.
const openPage = (opts = {}) =>
  B.openPage(browser, base, { timezoneId: TZ, viewport: { width: 1280, height: 800 }, ...opts });
const say = (page, text) => B.say(page, text, ms(10000));

async function serverTodos(page, status = 'all') {
  const r = await page.request.get(`${base}/api/todos?status=${status}`);
  assert.equal(r.status(), 200);
  return (await r.json()).todos;
}

// WCAG contrast ratio of text against its (first opaque ancestor's)
// background for a few representative elements: [[selector, ratio, bodyLum]].
function contrastRatios(page) {
  return page.evaluate(() => {
    const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const bg = (el) => {
      for (; el; el = el.parentElement) {
        const c = getComputedStyle(el).backgroundColor;
        if (!/rgba\(0, 0, 0, 0\)|transparent/.test(c)) return c;
      }
      return 'rgb(255, 255, 255)';
    };
    const pairs = [];
    for (const sel of ['body', '.title', '.due', '.prio', '.tag', '.msg.bot', '.msg.user', '.count', '#message',
      'button.delete', 'button.edit', '.filters button[aria-pressed=true]', '.filters button[aria-pressed=false]', '.live', '.chip']) {
      const el = document.querySelector(sel);
      if (!el) continue;
      const a = lum(rgb(getComputedStyle(el).color));
      const b = lum(rgb(bg(el)));
      pairs.push([sel, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), lum(rgb(bg(document.body)))]);
    }
    return pairs;
  });
}

describe('web UI', () => {
  it('empty list says how to start; chat adds a todo with a relative due date, chips and context', async () => {
    const { ctx, page, errors } = await openPage();
    await assert.doesNotReject(page.getByText(/No todos yet/).waitFor({ timeout: ms(5000) }));
    await shot(page, 'empty-desktop');

    const chatBodies = [];
    const chatReplies = [];
    page.on('request', (r) => { if (r.url().endsWith('/api/chat')) chatBodies.push(JSON.parse(r.postData())); });
    page.on('response', async (r) => {
      if (r.url().endsWith('/api/chat')) chatReplies.push(await r.json().catch(() => ({})));
    });

    const reply = await say(page, 'add buy milk tomorrow at 5pm');
    assert.ok(reply && reply.length > 0 && reply !== '…', `bot reply: ${reply}`);
    const box = page.getByRole('checkbox', { name: /buy milk/ });
    await box.waitFor({ timeout: ms(5000) });
    assert.equal(await box.isChecked(), false);
    assert.equal(page.url(), `${base}/`, 'no reload or navigation');
    const item = page.getByRole('listitem').filter({ has: box });
    assert.match(await item.textContent(), /tomorrow 17:00/, 'due shown relatively in the browser zone');

    assert.equal(chatBodies[0].timezone, TZ, 'sends the IANA time zone');
    assert.equal(chatBodies[0].message, 'add buy milk tomorrow at 5pm');
    const sugg = chatReplies[0].suggestions || [];
    const chips = page.locator('#chips button');
    assert.equal(await chips.count(), sugg.length);
    for (const [sel, r] of await contrastRatios(page)) assert.ok(r >= 4.5, `light: ${sel} contrast ${r.toFixed(2)} < 4.5`);
    await shot(page, 'chat-added-desktop');

    await say(page, 'show my todos');
    assert.equal(chatBodies[1].context || '', chatReplies[0].context || '', 'the last context goes back');
    if (sugg.length) {
      // a chip sends its text as the next message
      const label = (await chips.first().textContent()).trim();
      const n = chatBodies.length;
      await chips.first().click();
      await eventually(() => chatBodies.length > n, ms(5000), 'chip sent');
      assert.equal(chatBodies[n].message, label);
    }
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('toggle done, inline edit, delete and undo, all reaching the server', async () => {
    const { ctx, page, errors } = await openPage();
    await page.getByText('Live').waitFor({ timeout: ms(5000) });
    await page.request.post(`${base}/api/todos`, { data: { title: 'water plants', priority: 'high', tags: ['home'] } });
    await page.request.post(`${base}/api/todos`, { data: { title: 'pay rent' } });
    const plants = page.getByRole('checkbox', { name: 'water plants' });
    await plants.waitFor({ timeout: ms(5000) });
    const plantsItem = page.getByRole('listitem').filter({ has: plants });
    assert.match(await plantsItem.textContent(), /high priority/);
    assert.match(await plantsItem.textContent(), /#home/);
    for (const [sel, r] of await contrastRatios(page)) assert.ok(r >= 4.5, `light: ${sel} contrast ${r.toFixed(2)} < 4.5`);

    // toggle: leaves the Open view, shows ticked under Done
    await plants.click(); // (check() would wait for a box that leaves the Open view)
    await page.getByRole('checkbox', { name: 'water plants' }).waitFor({ state: 'detached', timeout: ms(5000) });
    assert.equal((await serverTodos(page)).find((t) => t.title === 'water plants').done, true);
    await page.getByRole('button', { name: 'Done' }).click();
    const doneBox = page.getByRole('checkbox', { name: 'water plants' });
    await doneBox.waitFor({ timeout: ms(5000) });
    assert.equal(await doneBox.isChecked(), true);
    await shot(page, 'done-filter');
    await doneBox.click();
    await eventually(async () => !(await serverTodos(page)).find((t) => t.title === 'water plants').done, ms(5000), 'reopened on the server');
    await page.getByRole('button', { name: 'All' }).click();

    // inline edit
    await page.getByRole('button', { name: 'Edit pay rent' }).click();
    const input = page.getByRole('textbox', { name: 'New title for pay rent' });
    await input.fill('pay rent by Friday');
    await input.press('Enter');
    await page.getByRole('checkbox', { name: 'pay rent by Friday' }).waitFor({ timeout: ms(5000) });
    await eventually(async () => (await serverTodos(page)).some((t) => t.title === 'pay rent by Friday'), ms(5000), 'rename on the server');
    // Escape cancels an edit
    await page.getByRole('button', { name: 'Edit pay rent by Friday' }).click();
    await page.getByRole('textbox', { name: 'New title for pay rent by Friday' }).fill('nope');
    await page.keyboard.press('Escape');
    await page.getByRole('checkbox', { name: 'pay rent by Friday' }).waitFor();
    assert.ok((await serverTodos(page)).some((t) => t.title === 'pay rent by Friday'));

    // delete, then undo
    await page.getByRole('button', { name: 'Delete pay rent by Friday' }).click();
    await page.getByRole('checkbox', { name: 'pay rent by Friday' }).waitFor({ state: 'detached', timeout: ms(5000) });
    assert.ok(!(await serverTodos(page)).some((t) => t.title === 'pay rent by Friday'), 'deleted on the server');
    await shot(page, 'deleted-undo-offered');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Undo', 'Undo is focused, one key away');
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: 'pay rent by Friday' }).waitFor({ timeout: ms(5000) });
    assert.ok((await serverTodos(page)).some((t) => t.title === 'pay rent by Friday'), 'restored on the server');

    // search
    await page.getByRole('searchbox', { name: 'Search' }).fill('plants');
    await page.getByRole('checkbox', { name: 'pay rent by Friday' }).waitFor({ state: 'detached', timeout: ms(5000) });
    assert.equal(await page.getByRole('checkbox', { name: 'water plants' }).count(), 1);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('live update in a second tab, and again after the gateway restarts', async () => {
    const { ctx, page, errors } = await openPage();
    const second = await ctx.newPage();
    const errors2 = watchErrors(second);
    await second.goto(`${base}/`);
    await second.getByText('Live').waitFor({ timeout: ms(5000) });
    await page.getByText('Live').waitFor({ timeout: ms(5000) });
    // the watch is registered shortly after the stream opens
    await eventually(async () => {
      const t = await (await page.request.post(`${base}/api/todos`, { data: { title: `probe ${Date.now()}` } })).json();
      const seen = await second.getByRole('checkbox', { name: t.title }).count();
      return seen > 0;
    }, ms(8000), 'second tab live');

    await say(page, 'add call the bank');
    await second.getByRole('checkbox', { name: /call the bank/ }).waitFor({ timeout: ms(5000) });
    await shot(second, 'second-tab-live');
    assert.deepEqual(errors, []);
    assert.deepEqual(errors2, []);

    // The gateway goes away and comes back on the same port: the page
    // reconnects by itself and keeps receiving changes.
    const port = stack.gw.port;
    assert.equal((await stack.gw.stop()).code, 0);
    await second.getByText('Reconnecting…').waitFor({ timeout: ms(10000) });
    stack.gw = await T.gateway(stack.todo.addr, stack.chat.addr, ['--id-key', 'test-key', '--listen', `127.0.0.1:${port}`]);
    await second.getByText('Live').waitFor({ timeout: ms(40000) });
    await page.request.post(`${base}/api/todos`, { data: { title: 'after the restart' } });
    await second.getByRole('checkbox', { name: 'after the restart' }).waitFor({ timeout: ms(8000) });
    await ctx.close();
  });

  it('while todo-svc restarts the page says "Reconnecting…" and retries, then the list comes back without a reload', async () => {
    // A stack of its own on a database file: todo-svc stops, the gateway
    // stays (503s), and todo-svc comes back on the same port and file.
    const db = path.join(proc.tmpDir('tc-ui-outage-'), 'todos.db');
    let todo = await T.todo(['--db', db]);
    const chat = await T.chat(todo.addr);
    const gw = await T.gateway(todo.addr, chat.addr, ['--id-key', 'test-key']);
    const gbase = `http://${gw.addr}`;
    const ctx = await browser.newContext({ timezoneId: TZ, locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`${gbase}/`);
    await page.getByText('Live').waitFor({ timeout: ms(5000) });
    for (const title of ['alpha', 'beta', 'gamma']) await page.request.post(`${gbase}/api/todos`, { data: { title } });
    await page.getByRole('checkbox', { name: 'gamma' }).waitFor({ timeout: ms(5000) });
    await page.evaluate(() => { window.sameDocument = true; });
    const reconnecting = (p) => p.getByRole('status').filter({ hasText: 'Reconnecting…' });
    assert.equal(await reconnecting(page).count(), 0, 'no outage status while all is well');

    assert.equal((await todo.stop('SIGTERM')).code, 0);
    await reconnecting(page).waitFor({ timeout: ms(10000) });
    await shot(page, 'outage-reconnecting');
    // A tab opened during the outage gets the page and the status, no list
    // and no error alert; it retries the list with a growing backoff.
    const second = await ctx.newPage();
    const errors2 = watchErrors(second);
    const loads = [];
    second.on('request', (r) => { if (new URL(r.url()).pathname === '/api/todos') loads.push(Date.now()); });
    await second.goto(`${gbase}/`);
    await reconnecting(second).waitFor({ timeout: ms(10000) });
    assert.equal(await second.getByRole('checkbox').count(), 0);
    await sleep(ms(4000));
    assert.equal(await second.getByRole('alert').count(), 0, 'the outage is a status, not an error alert');
    const gaps = loads.slice(1).map((t, i) => t - loads[i]);
    assert.ok(gaps.length >= 2, `the list load is retried (requests at ${loads.map((t) => t - loads[0])} ms)`);
    assert.ok(gaps[0] >= 800 && gaps[1] > gaps[0] * 1.5, `with a growing backoff: gaps ${gaps} ms`);

    todo = await T.todo(['--db', db, '--listen', todo.addr]);
    for (const p of [page, second]) {
      await reconnecting(p).waitFor({ state: 'hidden', timeout: ms(30000) });
      for (const title of ['alpha', 'beta', 'gamma']) await p.getByRole('checkbox', { name: title }).waitFor({ timeout: ms(10000) });
      await p.getByText('Live').waitFor({ timeout: ms(15000) });
    }
    assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was not reloaded');
    await page.request.post(`${gbase}/api/todos`, { data: { title: 'after the outage' } });
    await second.getByRole('checkbox', { name: 'after the outage' }).waitFor({ timeout: ms(8000) });
    // The browser itself logs each refused request; nothing else may appear.
    const other = [...errors, ...errors2].filter((e) => !/Failed to load resource|EventSource/.test(e));
    assert.deepEqual(other, []);
    await ctx.close();
  });

  it('phone width: stacked, no horizontal scrolling, usable', async () => {
    const { ctx, page, errors } = await openPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await say(page, 'add book a table for two at the Italian place on the corner tomorrow at 8pm');
    await page.getByRole('checkbox', { name: /book a table/ }).waitFor({ timeout: ms(5000) });
    const [scrollW, innerW] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scrollW <= innerW, `page is ${scrollW}px wide in a ${innerW}px viewport`);
    const chat = await page.getByRole('textbox', { name: 'Message' }).boundingBox();
    const list = await page.getByRole('list', { name: 'Todos' }).boundingBox();
    assert.ok(list.y > chat.y, 'panels are stacked');
    assert.ok(chat.x >= 0 && chat.x + chat.width <= 390);
    await shot(page, 'phone');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('keyboard only: Tab to the message box, Enter sends, Space toggles, focus is visible', async () => {
    const { ctx, page, errors } = await openPage();
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'message'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    }
    assert.equal(focused, 'message', 'the message box is reachable by Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.type('add keyboard test');
    await page.keyboard.press('Enter');
    const box = page.getByRole('checkbox', { name: /keyboard test/ });
    await box.waitFor({ timeout: ms(10000) });
    await box.focus();
    await page.keyboard.press('Space');
    await eventually(async () => (await serverTodos(page)).some((t) => /keyboard test/.test(t.title) && t.done), ms(5000), 'toggled by Space');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('dark mode follows the system setting with readable contrast', async () => {
    const { ctx, page, errors } = await openPage({ colorScheme: 'dark', viewport: { width: 390, height: 844 } });
    await page.request.post(`${base}/api/todos`, { data: { title: 'night owl', due: new Date(Date.now() - 3600e3).toISOString() } });
    await page.getByRole('checkbox', { name: 'night owl' }).waitFor({ timeout: ms(5000) });
    const item = page.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'night owl' }) });
    assert.match(await item.textContent(), /overdue/);
    const ratio = await contrastRatios(page);
    for (const [sel, r] of ratio) assert.ok(r >= 4.5, `${sel} contrast ${r.toFixed(2)} < 4.5`);
    assert.ok(ratio[0][2] < 0.05, 'dark background');
    await shot(page, 'phone-dark');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
