'use strict';
// The page's part of recurring todos, reminders, sorting and filtering, in
// real Chromium against the real three binaries: the Sort control orders the
// list and is remembered after a reload; a quick filter narrows it; a
// reminder that falls due shows a Notification (permission asked only on a
// click) and a message in the page; the chat's messages and context survive a
// reload and "Clear chat" empties them; the edit form sets due date and time,
// priority, tags, recurrence and reminder by keyboard alone and the item
// shows them; a screenshot of all of it in light mode.
const { describe, it, before, after } = require('node:test');
const {
  assert, ms, tracker, eventually,
} = require('../gateway/util');
const B = require('./browser');
const { launch, shot } = B;

const T = tracker();
let base;
let browser;
const TZ = 'Europe/Paris';
const HOUR = 3600e3;
const DAY = 24 * HOUR;

before(async () => {
  base = (await T.stack()).base;
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  await T.cleanup();
});

// A fresh browser profile = a fresh sid cookie = a fresh user.
const openPage = (opts = {}, init) =>
  B.openPage(browser, base, { timezoneId: TZ, viewport: { width: 1280, height: 900 }, ...opts }, init);
const say = (page, text) => B.say(page, text, ms(10000));

async function post(page, body) {
  const r = await page.request.post(`${base}/api/todos`, { data: body });
  assert.equal(r.status(), 201, await r.text());
  return r.json();
}

async function serverTodos(page, status = 'all') {
  const r = await page.request.get(`${base}/api/todos?status=${status}`);
  assert.equal(r.status(), 200);
  return (await r.json()).todos;
}

// The titles in the list, top to bottom.
function titles(page) {
  return page.locator('#todos li.todo .title').allTextContents();
}

// Records what the page does with the Notification API: a stand-in that
// starts at "default" and turns "granted" when asked.
function recordNotifications() {
  const calls = { requested: 0, shown: [] };
  window.__notifications = calls;
  let permission = 'default';
  class FakeNotification {
    constructor(title, options = {}) {
      calls.shown.push({ title, body: options.body || '', tag: options.tag || '' });
      this.title = title;
    }
    static get permission() { return permission; }
    static requestPermission() {
      calls.requested += 1;
      permission = 'granted';
      return Promise.resolve(permission);
    }
    close() {}
  }
  Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true, writable: true });
}

describe('sorting, filters, reminders, a chat that survives a reload, the edit form', () => {
  it('Sort orders the list (due date, priority, title, when added) and is remembered after a reload', async () => {
    const { ctx, page, errors } = await openPage();
    const now = Date.now();
    await post(page, { title: 'banana', due: new Date(now + 3 * DAY).toISOString(), priority: 'low' });
    await post(page, { title: 'Apple', due: new Date(now + 1 * DAY).toISOString() });
    await post(page, { title: 'cherry', priority: 'high' });
    await post(page, { title: 'date', due: new Date(now + 2 * DAY).toISOString(), priority: 'medium' });
    await page.reload();
    await page.getByRole('checkbox', { name: 'date' }).waitFor({ timeout: ms(5000) });

    const sort = page.getByRole('combobox', { name: 'Sort' });
    const requests = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/todos') requests.push(new URL(r.url()).searchParams.get('sort')); });
    const expect = async (label, want) => {
      await sort.selectOption({ label });
      await eventually(async () => JSON.stringify(await titles(page)) === JSON.stringify(want), ms(5000),
        `${label}: ${want} (got ${await titles(page)})`);
    };
    await expect('Due date', ['Apple', 'date', 'banana', 'cherry']);
    await expect('Priority', ['cherry', 'date', 'banana', 'Apple']);
    await expect('Title', ['Apple', 'banana', 'cherry', 'date']);
    await expect('Newest added', ['date', 'cherry', 'Apple', 'banana']);
    await expect('Oldest added', ['banana', 'Apple', 'cherry', 'date']);
    assert.ok(requests.includes('-priority,due') && requests.includes('title') && requests.includes('-created'),
      `sort goes to the API: ${requests}`);

    await expect('Priority', ['cherry', 'date', 'banana', 'Apple']);
    await page.reload();
    await page.getByRole('checkbox', { name: 'date' }).waitFor({ timeout: ms(5000) });
    assert.equal(await sort.inputValue(), '-priority,due', 'remembered in this browser');
    assert.deepEqual(await titles(page), ['cherry', 'date', 'banana', 'Apple']);
    // a todo that arrives live takes its place in the chosen order
    await post(page, { title: 'elderberry', priority: 'high' });
    await eventually(async () => JSON.stringify(await titles(page)) === JSON.stringify(['cherry', 'elderberry', 'date', 'banana', 'Apple']),
      ms(5000), 'live todo sorted in');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('quick filters narrow the list: overdue, due today, due this week, high priority', async () => {
    const { ctx, page, errors } = await openPage();
    await page.getByText('Live').waitFor({ timeout: ms(5000) });
    const now = Date.now();
    await post(page, { title: 'late fee', due: new Date(now - 2 * DAY).toISOString() });
    await post(page, { title: 'in a while', due: new Date(now + 30 * DAY).toISOString(), priority: 'high' });
    await post(page, { title: 'no date' });
    await page.getByRole('checkbox', { name: 'no date' }).waitFor({ timeout: ms(5000) });
    const count = () => page.locator('#todos li.todo').count();
    assert.equal(await count(), 3);

    const params = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/todos') params.push(new URL(r.url()).searchParams); });
    const overdue = page.getByRole('button', { name: 'Overdue' });
    await overdue.click();
    assert.equal(await overdue.getAttribute('aria-pressed'), 'true');
    await eventually(async () => (await count()) === 1, ms(5000), 'only the overdue todo');
    assert.equal(await page.getByRole('checkbox', { name: 'late fee' }).count(), 1);
    await eventually(() => params.some((p) => p.get('due_before')), ms(5000), 'due_before sent');

    await page.getByRole('button', { name: 'High priority' }).click();
    assert.equal(await overdue.getAttribute('aria-pressed'), 'false', 'one quick filter at a time');
    await eventually(async () => (await count()) === 1 && (await page.getByRole('checkbox', { name: 'in a while' }).count()) === 1,
      ms(5000), 'only the high priority todo');
    assert.ok(params.some((p) => p.get('priority') === 'high'));
    // live: a new overdue todo does not show under "High priority"
    await post(page, { title: 'also late', due: new Date(now - DAY).toISOString() });
    await post(page, { title: 'urgent', priority: 'high' });
    await page.getByRole('checkbox', { name: 'urgent' }).waitFor({ timeout: ms(5000) });
    assert.equal(await page.getByRole('checkbox', { name: 'also late' }).count(), 0);

    await page.getByRole('button', { name: 'Due this week' }).click();
    await eventually(async () => (await count()) === 0, ms(5000), 'nothing due this week');
    await page.getByRole('button', { name: 'Due this week' }).click(); // off again
    await eventually(async () => (await count()) === 5, ms(5000), 'all open todos back');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('a reminder that falls due: permission asked only on a click, then a Notification and a message in the page', async () => {
    const { ctx, page, errors } = await openPage({}, recordNotifications);
    await ctx.grantPermissions(['notifications'], { origin: base });
    await page.getByText('Live').waitFor({ timeout: ms(5000) });
    assert.equal(await page.evaluate(() => window.__notifications.requested), 0, 'never asked on load');
    const enable = page.getByRole('button', { name: 'Enable reminders' });
    await enable.click();
    await enable.waitFor({ state: 'hidden', timeout: ms(5000) });
    assert.equal(await page.evaluate(() => window.__notifications.requested), 1);

    // the watch is registered a moment after the stream opens
    await eventually(async () => {
      const t = await post(page, { title: `probe ${Date.now()}` });
      return (await page.getByRole('checkbox', { name: t.title }).count()) > 0;
    }, ms(8000), 'live');
    const remindAt = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000).toISOString();
    const todo = await post(page, { title: 'call mum', due: new Date(Date.parse(remindAt) + 30 * 60e3).toISOString(), remind_at: remindAt });
    const item = page.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'call mum' }) });
    await item.waitFor({ timeout: ms(5000) });
    assert.match(await item.textContent(), /reminds \d{1,2}:\d\d/);

    const message = page.getByRole('status').filter({ hasText: 'Reminder: call mum' });
    await message.waitFor({ timeout: ms(10000) });
    assert.ok(Date.now() >= Date.parse(remindAt) - 50, 'not before its time');
    await eventually(() => page.evaluate(() => window.__notifications.shown.length > 0), ms(5000), 'notification shown');
    const shown = await page.evaluate(() => window.__notifications.shown);
    assert.equal(shown.length, 1, 'once');
    assert.equal(shown[0].title, 'Reminder: call mum');
    assert.equal(shown[0].tag, `reminder-${todo.id}`);
    await eventually(async () => /reminded \d{1,2}:\d\d/.test(await item.textContent()), ms(5000), 'the item says it reminded');
    await shot(page, 'reminder-due');

    // Dismiss takes the message away
    await page.getByRole('button', { name: 'Dismiss reminder: call mum' }).click();
    assert.equal(await message.count(), 0);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('without permission a reminder still shows in the page, and no Notification', async () => {
    const { ctx, page, errors } = await openPage({}, recordNotifications);
    await page.getByText('Live').waitFor({ timeout: ms(5000) });
    await eventually(async () => {
      const t = await post(page, { title: `probe ${Date.now()}` });
      return (await page.getByRole('checkbox', { name: t.title }).count()) > 0;
    }, ms(8000), 'live');
    await post(page, { title: 'stretch', remind_at: new Date(Date.now() + 1500).toISOString() });
    await page.getByRole('status').filter({ hasText: 'Reminder: stretch' }).waitFor({ timeout: ms(10000) });
    const calls = await page.evaluate(() => window.__notifications);
    assert.deepEqual(calls, { requested: 0, shown: [] });
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('a reload keeps the chat and its context ("delete it" still works); Clear chat empties both', async () => {
    const { ctx, page, errors } = await openPage();
    await say(page, 'add buy milk');
    await page.getByRole('checkbox', { name: /buy milk/ }).waitFor({ timeout: ms(5000) });
    const before = await page.locator('#chat-log .msg').allTextContents();
    assert.ok(before.length >= 3);

    await page.reload();
    await page.getByRole('checkbox', { name: /buy milk/ }).waitFor({ timeout: ms(5000) });
    assert.deepEqual(await page.locator('#chat-log .msg').allTextContents(), before, 'the messages are back');
    const bodies = [];
    page.on('request', (r) => { if (r.url().endsWith('/api/chat')) bodies.push(JSON.parse(r.postData())); });
    await say(page, 'delete it');
    assert.ok(bodies[0].context, 'the kept context goes with the next turn');
    await eventually(async () => !(await serverTodos(page)).some((t) => /buy milk/.test(t.title)), ms(5000), '"it" was buy milk');
    await page.getByRole('checkbox', { name: /buy milk/ }).waitFor({ state: 'detached', timeout: ms(5000) });

    // only the last 100 messages are kept
    await page.evaluate(() => {
      const saved = JSON.parse(localStorage.getItem('todo-chat.chat'));
      for (let i = 0; i < 120; i++) saved.messages.push({ kind: i % 2 ? 'bot' : 'user', text: `m${i}` });
      localStorage.setItem('todo-chat.chat', JSON.stringify(saved));
    });
    await page.reload();
    await page.getByRole('list', { name: 'Todos' }).waitFor({ state: 'attached' });
    const kept = await page.locator('#chat-log .msg').allTextContents();
    assert.equal(kept.length, 101, 'the greeting and 100 messages');
    assert.equal(kept[kept.length - 1], 'm119');

    await page.getByRole('button', { name: 'Clear chat' }).click();
    assert.equal(await page.locator('#chat-log .msg').count(), 1, 'only the greeting');
    assert.equal(await page.evaluate(() => localStorage.getItem('todo-chat.chat')), null);
    await page.reload();
    await page.getByRole('list', { name: 'Todos' }).waitFor({ state: 'attached' });
    assert.equal(await page.locator('#chat-log .msg').count(), 1, 'still empty after a reload');
    bodies.length = 0;
    await say(page, 'hello');
    assert.equal(bodies[0].context, undefined, 'no context after Clear chat');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  it('the edit form sets due date and time, priority, tags, recurrence and reminder by keyboard alone; the item shows them', async () => {
    const { ctx, page, errors } = await openPage();
    await page.getByText('Live').waitFor({ timeout: ms(5000) });
    const t = await post(page, { title: 'gym' });
    await page.getByRole('checkbox', { name: 'gym' }).waitFor({ timeout: ms(5000) });

    // Tab from the checkbox reaches the item's Edit button; Enter opens the form.
    await page.getByRole('checkbox', { name: 'gym' }).focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Edit gym');
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Edit gym' });
    await form.waitFor({ timeout: ms(5000) });
    const focusedLabel = () => page.evaluate(() => {
      const a = document.activeElement;
      return (a.labels && a.labels[0] && a.labels[0].textContent) || a.getAttribute('aria-label') || a.textContent;
    });
    assert.equal(await focusedLabel(), 'Title', 'focus goes into the form');
    // Tab to the next field (Tab also walks the parts of a date or time input).
    const tabTo = async (label) => {
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        if (await focusedLabel() === label) return;
      }
      assert.equal(await focusedLabel(), label);
    };

    // Escape closes without saving, focus back on Edit
    await page.keyboard.type(' later');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Edit gym');
    await page.keyboard.press('Enter');
    await form.waitFor();

    // a Monday two weeks ahead, 08:30 in the browser's zone
    const d = new Date(Date.now() + 14 * DAY);
    const monday = new Date(d.getTime() + ((8 - d.getUTCDay()) % 7) * DAY);
    const mm = String(monday.getUTCMonth() + 1).padStart(2, '0');
    const dd = String(monday.getUTCDate()).padStart(2, '0');
    await tabTo('Due date');
    await page.keyboard.type(`${mm}${dd}${monday.getUTCFullYear()}`);
    await tabTo('Due time');
    await page.keyboard.type('0830AM');
    await tabTo('Priority');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // none → low → medium → high
    await tabTo('Tags');
    await page.keyboard.type('health, morning');
    await tabTo('Repeats');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown'); // daily, weekdays, weekly
    await tabTo('Reminder');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown'); // at due time, 10, 30 min before
    const patches = [];
    page.on('request', (r) => { if (r.method() === 'PATCH') patches.push(JSON.parse(r.postData())); });
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached', timeout: ms(5000) });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Edit gym', 'focus back on Edit');

    const due = new Date(`${monday.toISOString().slice(0, 10)}T08:30:00+02:00`);
    // Paris is +01:00 in winter, +02:00 in summer
    const dueParis = [due, new Date(due.getTime() + HOUR)].find((x) => new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit' }).format(x) === '08:30');
    assert.deepEqual(patches[0], {
      due: dueParis.toISOString(),
      priority: 'high',
      tags: ['health', 'morning'],
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      time_zone: TZ,
      remind_at: new Date(dueParis.getTime() - 30 * 60e3).toISOString(),
    });
    const saved = (await serverTodos(page)).find((x) => x.id === t.id);
    assert.equal(saved.recurrence, 'FREQ=WEEKLY;BYDAY=MO');
    assert.equal(saved.time_zone, TZ);
    assert.equal(saved.priority, 'high');
    const item = page.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'gym' }) });
    await eventually(async () => /every Monday/.test(await item.textContent()), ms(5000), 'recurrence shown');
    const text = await item.textContent();
    assert.match(text, /08:30/, 'due time');
    assert.match(text, /high priority/);
    assert.match(text, /reminds 8:00/);
    assert.match(text, /#health/);

    // reopen: the form shows what is set; clearing recurrence and reminder sends null
    await page.keyboard.press('Enter');
    await form.waitFor();
    assert.equal(await form.getByRole('combobox', { name: 'Repeats' }).inputValue(), 'weekly');
    assert.equal(await form.getByRole('combobox', { name: 'Reminder' }).inputValue(), '30');
    assert.equal(await form.getByRole('combobox', { name: 'Priority' }).inputValue(), 'high');
    await form.getByRole('combobox', { name: 'Repeats' }).focus();
    await page.keyboard.press('Home');
    await form.getByRole('combobox', { name: 'Reminder' }).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached', timeout: ms(5000) });
    assert.deepEqual(patches[1], { recurrence: null, remind_at: null });
    await eventually(async () => !/every Monday|reminds/.test(await item.textContent()), ms(5000), 'cleared on the item');

    // a custom rule and an exact reminder time
    await page.keyboard.press('Enter');
    await form.waitFor();
    await form.getByRole('combobox', { name: 'Repeats' }).focus();
    await page.keyboard.press('End');
    await tabTo('Rule (RRULE)');
    await page.keyboard.type('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH');
    await page.keyboard.press('Tab');
    await page.keyboard.press('End'); // "At a date and time"
    await tabTo('Remind at');
    await page.keyboard.type(`${mm}${dd}${monday.getUTCFullYear()}`);
    await page.keyboard.press('Tab'); // from the year on to the hour
    await page.keyboard.type('0715AM');
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached', timeout: ms(5000) });
    assert.equal(patches[2].recurrence, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH');
    assert.equal(patches[2].remind_at, new Date(dueParis.getTime() - 75 * 60e3).toISOString());
    await eventually(async () => /every other Monday and Thursday/.test(await item.textContent()), ms(5000), 'custom rule in words');
    assert.match(await item.textContent(), /reminds 7:15/);

    // a rule the server refuses: the form stays open and says why
    await page.keyboard.press('Enter');
    await form.waitFor();
    const rule = form.getByRole('textbox', { name: 'Rule (RRULE)' });
    await rule.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('FREQ=SOMETIMES');
    await page.keyboard.press('Enter');
    await form.getByRole('alert').filter({ hasText: /recurrence/i }).waitFor({ timeout: ms(5000) });
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
    await ctx.close();
  });

  it('screenshot: todos with recurrence and reminders, light mode', async () => {
    const { ctx, page, errors } = await openPage();
    // times of day in the browser's zone
    const at = (days, h, m) => page.evaluate(([a, b, c]) => {
      const n = new Date();
      return new Date(n.getFullYear(), n.getMonth(), n.getDate() + a, b, c).toISOString();
    }, [days, h, m]);
    await post(page, { title: 'gym', due: await at(1, 8, 30), recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', time_zone: TZ, remind_at: await at(1, 8, 0), priority: 'medium', tags: ['health'] });
    await post(page, { title: 'stand-up', due: await at(1, 9, 30), recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', time_zone: TZ, remind_at: await at(1, 9, 20) });
    await post(page, { title: 'pay rent', due: await at(5, 12, 0), recurrence: 'FREQ=MONTHLY', time_zone: TZ, priority: 'high', tags: ['home'] });
    await post(page, { title: 'water plants', due: await at(-1, 18, 0), recurrence: 'FREQ=DAILY', time_zone: TZ });
    await post(page, { title: 'call the bank', remind_at: await at(2, 10, 0) });
    await page.reload();
    await page.getByRole('checkbox', { name: 'call the bank' }).waitFor({ timeout: ms(5000) });
    await say(page, 'add buy milk tomorrow at 5pm');
    await page.getByRole('button', { name: 'Edit gym' }).click();
    await page.getByRole('form', { name: 'Edit gym' }).waitFor();
    await page.mouse.move(0, 0);
    const text = await page.locator('#todos').textContent();
    for (const s of ['every Monday, Wednesday and Friday', 'every weekday', 'monthly', 'daily', 'reminds 8:00', 'reminds 9:20']) {
      assert.ok(text.includes(s), `${s} in ${text}`);
    }
    await shot(page, 'recurrence-reminders-light');
    // WCAG AA for the new parts
    const ratios = await page.evaluate(() => {
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
      return ['.recur', '.remind', '#sort', '.quick button', '#enable-reminders', '#clear-chat', '.edit-form label', '.edit-form select']
        .map((sel) => document.querySelector(sel)).filter(Boolean)
        .map((el) => {
          const a = lum(rgb(getComputedStyle(el).color));
          const b = lum(rgb(bg(el)));
          return [el.className || el.id || el.tagName, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
        });
    });
    assert.ok(ratios.length >= 7, JSON.stringify(ratios));
    for (const [sel, r] of ratios) assert.ok(r >= 4.5, `${sel} contrast ${r.toFixed(2)} < 4.5`);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
});
