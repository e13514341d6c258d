'use strict';
// Recurring todos, reminders, sorting and filtering over REST and SSE:
// recurrence, time_zone and remind_at in and out (null clears), completing a
// recurring todo makes exactly one next occurrence, sort with cursor paging
// (a cursor belongs to its sort), due and priority filters, a list cache that
// never answers one sort or filter with another's list, and SSE
// event: reminder.
const { describe, it, before, after } = require('node:test');
const { assert, ms, sleep, tracker, client, assertError, openEvents, eventually, metric, request } = require('./util');

const T = tracker();
let stack;
let base;
let plain; // a second gateway on the same todo-svc without a list cache: todo-svc's truth

before(async () => {
  stack = await T.stack();
  base = stack.base;
  const gw2 = await T.gateway(stack.todo.addr, stack.chat.addr, ['--id-key', 'test-key', '--list-cache-mb', '0']);
  plain = `http://${gw2.addr}`;
  const live = async () => metric((await request(`http://${stack.gw.metricsAddr}`, 'GET', '/metrics')).text, 'gateway_list_cache_live') === 1;
  await eventually(live, ms(5000), 'the list cache going live');
});
after(() => T.cleanup());

const auth = (u) => ({ Authorization: `Bearer ${u.token}` });
const DAY = 86400000;
const iso = (t) => new Date(t).toISOString().replace('.000Z', 'Z');

// Every todo of a list query, following next_cursor page by page.
async function listAll(u, query, limit = 7) {
  const seen = [];
  let cursor = null;
  for (let pages = 0; pages < 100; pages++) {
    const q = `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await u.get(`/api/todos?${q}`);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    seen.push(...r.json.todos);
    cursor = r.json.next_cursor;
    if (!cursor) return seen;
  }
  throw new Error(`${query}: more than 100 pages`);
}

describe('recurrence, time_zone and remind_at over REST', () => {
  it('are stored by POST, read back by GET, and cleared by PATCH null', async () => {
    const u = client(base);
    const body = { title: 'gym', due: '2026-11-30T07:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=MO', time_zone: 'Europe/Berlin', remind_at: '2026-11-30T06:30:00Z' };
    const c = await u.post('/api/todos', body);
    assert.equal(c.status, 201, c.text);
    const got = (await u.get(`/api/todos/${c.json.id}`)).json;
    assert.equal(got.recurrence, body.recurrence);
    assert.equal(got.time_zone, 'Europe/Berlin');
    assert.equal(got.remind_at, body.remind_at);
    assert.equal(got.reminded_at, null);
    assert.deepEqual(got, c.json);

    const p = await u.patch(`/api/todos/${c.json.id}`, { recurrence: null, remind_at: null });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.recurrence, null);
    assert.equal(p.json.remind_at, null);
    assert.equal(p.json.time_zone, 'Europe/Berlin', 'untouched');
    assert.equal(p.json.due, body.due, 'untouched');
    const again = (await u.get(`/api/todos/${c.json.id}`)).json;
    assert.equal(again.recurrence, null);
    assert.equal(again.remind_at, null);

    const q = await u.patch(`/api/todos/${c.json.id}`, { recurrence: 'FREQ=DAILY', time_zone: 'Asia/Tokyo', remind_at: '2026-11-30T06:45:00+01:00' });
    assert.equal(q.status, 200, q.text);
    assert.equal(q.json.recurrence, 'FREQ=DAILY');
    assert.equal(q.json.time_zone, 'Asia/Tokyo');
    assert.equal(q.json.remind_at, '2026-11-30T05:45:00Z');
  });

  it('wrong types are 400 naming the field; todo-svc\'s verdict on a rule or zone comes back as 400', async () => {
    const u = client(base);
    const cases = [
      [{ title: 'a', recurrence: 5 }, /recurrence/],
      [{ title: 'a', time_zone: ['Europe/Berlin'] }, /time_zone/],
      [{ title: 'a', remind_at: 'in ten minutes' }, /remind_at/],
      [{ title: 'a', remind_at: 1795885200 }, /remind_at/],
      [{ title: 'a', reminded_at: '2026-11-30T06:30:00Z' }, /reminded_at/],
      [{ title: 'a', due: '2026-11-30T07:00:00Z', recurrence: 'FREQ=SOMETIMES' }, /recurrence|RRULE|FREQ/i],
      [{ title: 'a', due: '2026-11-30T07:00:00Z', recurrence: 'FREQ=DAILY', time_zone: 'Mars/Olympus_Mons' }, /time_zone/],
    ];
    for (const [body, re] of cases) {
      const msg = assertError(await u.post('/api/todos', body), 400, 'invalid_argument');
      assert.match(msg, re, JSON.stringify(body));
    }
    const t = (await u.post('/api/todos', { title: 'b' })).json;
    assert.match(assertError(await u.patch(`/api/todos/${t.id}`, { remind_at: true }), 400, 'invalid_argument'), /remind_at/);
    assert.match(assertError(await u.patch(`/api/todos/${t.id}`, { recurrence: {} }), 400, 'invalid_argument'), /recurrence/);
  });

  it('completing a recurring todo makes exactly one next occurrence', async () => {
    const u = client(base);
    const due = '2026-11-30T07:00:00Z';
    const t = (await u.post('/api/todos', { title: 'water plants', due, recurrence: 'FREQ=DAILY', time_zone: 'Europe/Berlin' })).json;
    const done = await u.patch(`/api/todos/${t.id}`, { done: true });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.json.done, true);
    // Completing it again (a retry) makes nothing more.
    assert.equal((await u.patch(`/api/todos/${t.id}`, { done: true })).status, 200);
    const all = (await u.get('/api/todos?status=all&q=water')).json.todos;
    assert.equal(all.length, 2, JSON.stringify(all));
    const next = all.find((x) => x.id !== t.id);
    assert.equal(next.done, false);
    assert.equal(next.due, iso(Date.parse(due) + DAY));
    assert.equal(next.recurrence, 'FREQ=DAILY');
    assert.equal(next.time_zone, 'Europe/Berlin');
    const open = (await u.get('/api/todos?status=open&q=water')).json.todos;
    assert.deepEqual(open.map((x) => x.id), [next.id]);
  });
});

describe('sort, due_before, due_after and priority on GET /api/todos', () => {
  let u;
  const todos = []; // in creation order
  const PRIOS = ['none', 'low', 'medium', 'high'];
  const T0 = Date.parse('2026-12-01T09:00:00Z');

  before(async () => {
    u = client(base);
    const words = ['kiwi', 'Apple', 'mango', 'banana', 'Cherry', 'date', 'elder', 'Fig', 'grape', 'honeydew'];
    for (let i = 0; i < 30; i++) {
      const body = { title: `${words[(i * 7) % 10]} ${String((i * 11) % 30).padStart(2, '0')}`, priority: PRIOS[Math.floor(i / 2) % 4] };
      if (i % 4 !== 3) body.due = iso(T0 + ((i * 13) % 17) * DAY + (i % 3) * 3600000);
      const r = await u.post('/api/todos', body);
      assert.equal(r.status, 201, r.text);
      todos.push(r.json);
    }
    // Updated order differs from creation order.
    for (const i of [20, 3, 11]) {
      await sleep(5);
      const r = await u.patch(`/api/todos/${todos[i].id}`, { notes: 'touched' });
      todos[i] = r.json;
    }
  });

  // The order todo-svc promises: key, then creation order; no due date last
  // either way; titles case-insensitive.
  const keyOf = {
    due: (t) => (t.due ? Date.parse(t.due) : null),
    priority: (t) => PRIOS.indexOf(t.priority),
    title: (t) => t.title.toLowerCase(),
    created: (t) => Date.parse(t.created_at),
    updated: (t) => Date.parse(t.updated_at),
  };
  function expected(list, key, desc) {
    const idx = new Map(todos.map((t, i) => [t.id, i]));
    return [...list].sort((a, b) => {
      const x = keyOf[key](a);
      const y = keyOf[key](b);
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * (desc ? -1 : 1);
      }
      return idx.get(a.id) - idx.get(b.id);
    }).map((t) => t.id);
  }

  for (const key of ['due', 'priority', 'title', 'created', 'updated']) {
    for (const desc of [false, true]) {
      it(`sort=${desc ? '-' : ''}${key}: every todo once, in order, across pages`, async () => {
        const got = await listAll(u, `status=all&sort=${desc ? '-' : ''}${key}`);
        const ids = got.map((t) => t.id);
        assert.equal(new Set(ids).size, 30, 'each todo exactly once');
        assert.deepEqual(ids, expected(todos, key, desc));
      });
    }
  }

  it('sorts by several keys', async () => {
    const got = (await u.get('/api/todos?status=all&sort=-priority,title&limit=100')).json.todos;
    const want = [...todos].sort((a, b) => (keyOf.priority(b) - keyOf.priority(a)) || (keyOf.title(a) < keyOf.title(b) ? -1 : keyOf.title(a) > keyOf.title(b) ? 1 : 0));
    assert.deepEqual(got.map((t) => t.id), want.map((t) => t.id));
  });

  it('a cursor of one sort is refused for another', async () => {
    const r = await u.get('/api/todos?status=all&sort=due&limit=5');
    assert.equal(typeof r.json.next_cursor, 'string');
    const c = encodeURIComponent(r.json.next_cursor);
    assertError(await u.get(`/api/todos?status=all&sort=title&limit=5&cursor=${c}`), 400, 'invalid_argument');
    assertError(await u.get(`/api/todos?status=all&sort=-due&limit=5&cursor=${c}`), 400, 'invalid_argument');
    assertError(await u.get(`/api/todos?status=all&limit=5&cursor=${c}`), 400, 'invalid_argument');
    assert.equal((await u.get(`/api/todos?status=all&sort=due&limit=5&cursor=${c}`)).status, 200);
  });

  it('due_before (exclusive), due_after (inclusive) and priority filter', async () => {
    const lo = T0 + 3 * DAY;
    const hi = T0 + 9 * DAY;
    const inRange = (t) => t.due && Date.parse(t.due) >= lo && Date.parse(t.due) < hi;
    const cases = [
      [`due_after=${iso(lo)}&due_before=${iso(hi)}`, inRange],
      [`due_before=${iso(hi)}`, (t) => t.due && Date.parse(t.due) < hi],
      [`due_after=${iso(lo)}`, (t) => t.due && Date.parse(t.due) >= lo],
      ['priority=high', (t) => t.priority === 'high'],
      ['priority=none,low', (t) => t.priority === 'none' || t.priority === 'low'],
      [`priority=medium,high&due_after=${iso(lo)}&due_before=${iso(hi)}`, (t) => inRange(t) && ['medium', 'high'].includes(t.priority)],
    ];
    for (const [q, pred] of cases) {
      const got = await listAll(u, `status=all&sort=due&${q}`, 4);
      const want = expected(todos.filter(pred), 'due', false);
      assert.ok(want.length > 0, `${q} selects something`);
      assert.deepEqual(got.map((t) => t.id), want, q);
    }
    // An offset time in the query: %2B, since a bare + is a space.
    const withOffset = await listAll(u, `status=all&sort=due&due_after=${encodeURIComponent(iso(lo).replace('Z', '+00:00'))}`);
    assert.deepEqual(withOffset.map((t) => t.id), expected(todos.filter((t) => t.due && Date.parse(t.due) >= lo), 'due', false));
  });

  it('unknown sort keys or priorities and bad times are 400 naming the parameter', async () => {
    const cases = [
      ['sort=size', /^sort: /], ['sort=due,due', /^sort: /], ['sort=due,', /^sort: /], ['sort=due%20desc', /^sort: /],
      ['sort=created_at', /^sort: /], ['sort=--due', /^sort: /],
      ['priority=urgent', /^priority: /], ['priority=high,,low', /^priority: /], ['priority=High', /^priority: /],
      ['due_before=tomorrow', /^due_before: /], ['due_after=2026-02-30T00:00:00Z', /^due_after: /],
      ['due_after=2026-12-01T09:00:00+01:00', /^due_after: /], // the + arrives as a space
    ];
    for (const [q, re] of cases) assert.match(assertError(await u.get(`/api/todos?${q}`), 400, 'invalid_argument'), re, q);
  });

  it('the list cache never answers one sort or filter with another\'s list', async () => {
    const truth = client(plain, u.token);
    const queries = ['sort=due', 'sort=-due', 'sort=due', 'sort=-due', 'sort=priority', 'sort=-priority',
      'priority=high', 'priority=low', 'priority=high', `due_before=${iso(T0 + 5 * DAY)}`, `due_after=${iso(T0 + 5 * DAY)}`,
      `due_before=${iso(T0 + 5 * DAY)}`, 'sort=title', 'sort=-title', 'sort=title', 'sort=due'];
    const hits = async () => metric((await request(`http://${stack.gw.metricsAddr}`, 'GET', '/metrics')).text, 'gateway_list_cache_lookups_total', 'result="hit"') || 0;
    const check = async () => {
      const h0 = await hits();
      for (const q of queries) {
        for (let i = 0; i < 2; i++) { // the second read is from the cache
          const got = await u.get(`/api/todos?status=all&limit=100&${q}`);
          const want = await truth.get(`/api/todos?status=all&limit=100&${q}`);
          assert.equal(got.status, 200, got.text);
          assert.equal(got.text, want.text, q);
        }
      }
      assert.ok(await hits() >= h0 + queries.length, 'the second read of each query came from the cache');
    };
    await check();
    // After a write through the gateway every cached order and filter goes.
    await u.patch(`/api/todos/${todos[0].id}`, { priority: 'high', due: iso(T0 - DAY) });
    await check();
  });
});

describe('SSE event: reminder', () => {
  it('arrives with {"todo": ...} when remind_at falls due', async () => {
    const u = client(base);
    const ev = await openEvents(base, auth(u));
    assert.equal(ev.status, 200);
    // The watch is live once a change comes through.
    await eventually(async () => {
      const p = (await u.post('/api/todos', { title: 'probe' })).json;
      await u.del(`/api/todos/${p.id}`);
      await sleep(100);
      return ev.events.some((e) => e.json && e.json.todo && e.json.todo.id === p.id);
    }, ms(8000), 'watch to be live');
    const remindAt = iso(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    const t = (await u.post('/api/todos', { title: 'call mum', remind_at: remindAt })).json;
    assert.equal(t.remind_at, remindAt);
    for (let i = 0; i < 2; i++) assert.equal((await u.get('/api/todos?status=open')).json.todos.find((y) => y.id === t.id).reminded_at, null);
    const hit = await ev.waitFor((s) => s.events.find((e) => e.event === 'reminder'), ms(10000), 'event: reminder');
    assert.ok(Date.now() >= Date.parse(remindAt) - 50, 'not before its time');
    assert.deepEqual(Object.keys(hit.json), ['todo']);
    assert.equal(hit.json.todo.id, t.id);
    assert.equal(hit.json.todo.remind_at, remindAt);
    assert.equal(typeof hit.json.todo.reminded_at, 'string');
    const after = (await u.get(`/api/todos/${t.id}`)).json;
    assert.equal(after.reminded_at, hit.json.todo.reminded_at);
    // The open list cached before the reminder (no write went through the
    // gateway since) shows reminded_at: the change reached the cache too.
    const fresh = (x) => x.json.todos.find((y) => y.id === t.id).reminded_at === after.reminded_at;
    await eventually(async () => fresh(await u.get('/api/todos?status=open')), ms(1000), 'the cached list to show reminded_at');
    await sleep(ms(1500));
    assert.equal(ev.events.filter((e) => e.event === 'reminder').length, 1, 'once');
    ev.close();
  });
});
