'use strict';
// Issue 13 through grpc-js against the real todo-svc: recurring todos
// (completing makes the next occurrence exactly once), reminders (once, only
// while someone watches, across a restart), order_by with the due and priority
// filters paging over 120+ todos, page tokens that belong to their order, and
// a todos.db written by the previous release opening with every field.
const { describe, it, before, after } = require('node:test');
const fs = require('node:fs');
const path = require('node:path');
const proc = require('../lib/proc');
const {
  assert, status, ms, sleep, uid, tracker, call, expectCode, tsMs, tsFromMs, openWatch,
} = require('./util');

const T = tracker();
let svc;
let c;
before(async () => {
  svc = await T.startTodo();
  c = T.todo(svc.addr);
});
after(() => T.cleanup());

const ts = (iso) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });
const create = (cl, user, todo) => call(cl, 'CreateTodo', { user_id: user, todo });
const update = (cl, user, todo, paths) => call(cl, 'UpdateTodo', { user_id: user, todo, update_mask: { paths } });
const listAll = async (cl, user, req = {}, size = 25) => {
  const all = [];
  let token = '';
  for (let i = 0; i < 200; i++) {
    const r = await call(cl, 'ListTodos', { user_id: user, page_size: size, page_token: token, ...req });
    all.push(...r.todos);
    token = r.next_page_token;
    if (!token) return all;
  }
  throw new Error('too many pages');
};

describe('recurrence', () => {
  it('completing makes the next occurrence once, even when reopened and completed again', async () => {
    const u = uid();
    const t = await create(c, u, {
      title: 'standup', recurrence: 'FREQ=WEEKLY;BYDAY=MO', time_zone: 'Europe/Berlin',
      due: ts('2026-03-23T07:00:00Z'), remind_at: ts('2026-03-23T06:45:00Z'), tags: ['work'], priority: 'PRIORITY_HIGH',
    });
    assert.equal(t.recurrence, 'FREQ=WEEKLY;BYDAY=MO');
    assert.equal(t.time_zone, 'Europe/Berlin');
    for (const done of [true, false, true, false, true]) {
      await update(c, u, { id: t.id, done }, ['done']);
    }
    const all = await listAll(c, u);
    assert.equal(all.length, 2, JSON.stringify(all.map((x) => x.title)));
    const next = all.find((x) => x.id !== t.id);
    // Monday 08:00 Berlin after the spring DST change is 06:00Z.
    assert.equal(tsMs(next.due), Date.parse('2026-03-30T06:00:00Z'));
    assert.equal(tsMs(next.remind_at), Date.parse('2026-03-30T05:45:00Z'));
    assert.equal(next.done, false);
    assert.deepEqual([next.title, next.recurrence, next.time_zone, next.priority, next.tags],
      ['standup', t.recurrence, 'Europe/Berlin', 'PRIORITY_HIGH', ['work']]);
  });

  it('next_occurrence_id (an extension) names the next occurrence and survives a restart', async () => {
    const dir = proc.tmpDir('tc-nextocc-');
    const db = path.join(dir, 'todos.db');
    const u = uid();
    const s1 = await T.startTodo(['--db', db]);
    const c1 = T.todo(s1.addr);
    const t = await create(c1, u, { title: 'water plants', recurrence: 'FREQ=DAILY', due: ts('2026-05-04T07:00:00Z') });
    assert.equal(t.next_occurrence_id, '');
    const done = await update(c1, u, { id: t.id, done: true }, ['done']);
    const next = (await listAll(c1, u)).find((x) => x.id !== t.id);
    assert.equal(done.next_occurrence_id, next.id);
    assert.equal(next.next_occurrence_id, '');
    // Made by this very completion, unchanged since: what a chat undo checks.
    assert.equal(tsMs(next.created_at), tsMs(done.updated_at));
    assert.equal(tsMs(next.updated_at), tsMs(next.created_at));
    c1.close();
    assert.equal((await s1.stop('SIGTERM')).code, 0);
    const s2 = await T.startTodo(['--db', db]);
    const c2 = T.todo(s2.addr);
    assert.equal((await call(c2, 'GetTodo', { user_id: u, id: t.id })).next_occurrence_id, next.id);
    // A reopen keeps it; it cannot be written.
    const open = await update(c2, u, { id: t.id, done: false, next_occurrence_id: 'x' }, ['done']);
    assert.equal(open.next_occurrence_id, next.id);
  });

  it('deleting an unused next occurrence of a reopened one lets completing make it again; otherwise once', async () => {
    const u = uid();
    const t = await create(c, u, { title: 'stretch', recurrence: 'FREQ=DAILY', due: ts('2026-05-04T07:00:00Z') });
    const first = (await update(c, u, { id: t.id, done: true }, ['done'])).next_occurrence_id;
    // A chat undo: reopen, then delete the next one it made.
    await update(c, u, { id: t.id, done: false }, ['done']);
    await call(c, 'DeleteTodo', { user_id: u, id: first });
    const again = await update(c, u, { id: t.id, done: true }, ['done']);
    assert.ok(again.next_occurrence_id && again.next_occurrence_id !== first);
    assert.equal((await listAll(c, u)).length, 2);
    // Deleted while the completed one stays done: completing again makes none.
    await call(c, 'DeleteTodo', { user_id: u, id: again.next_occurrence_id });
    await update(c, u, { id: t.id, done: false }, ['done']);
    const third = await update(c, u, { id: t.id, done: true }, ['done']);
    assert.equal(third.next_occurrence_id, again.next_occurrence_id);
    assert.equal((await listAll(c, u)).length, 1);
  });

  it('a rule that has ended (COUNT) makes none', async () => {
    const u = uid();
    const t = await create(c, u, { title: 'twice', recurrence: 'FREQ=DAILY;COUNT=2', due: ts('2026-01-01T09:00:00Z') });
    await update(c, u, { id: t.id, done: true }, ['done']);
    let all = await listAll(c, u, { status: 'STATUS_OPEN' });
    assert.equal(all.length, 1);
    await update(c, u, { id: all[0].id, done: true }, ['done']);
    all = await listAll(c, u);
    assert.equal(all.length, 2);
  });

  it('an invalid rule or zone is INVALID_ARGUMENT naming the field; recurrence needs due', async () => {
    const u = uid();
    await expectCode(create(c, u, { title: 'x', recurrence: 'FREQ=SOMETIMES', due: ts('2026-01-01T00:00:00Z') }), status.INVALID_ARGUMENT, /recurrence/);
    await expectCode(create(c, u, { title: 'x', recurrence: 'FREQ=DAILY', time_zone: 'Mars/Base', due: ts('2026-01-01T00:00:00Z') }), status.INVALID_ARGUMENT, /time_zone/);
    await expectCode(create(c, u, { title: 'x', recurrence: 'FREQ=DAILY' }), status.INVALID_ARGUMENT, /recurrence/);
    const t = await create(c, u, { title: 'x', recurrence: 'FREQ=DAILY', due: ts('2026-01-01T00:00:00Z') });
    await expectCode(update(c, u, { id: t.id }, ['due']), status.INVALID_ARGUMENT, /recurrence/);
    const cleared = await update(c, u, { id: t.id }, ['recurrence', 'due']);
    assert.equal(cleared.recurrence, '');
    assert.equal(cleared.due, null);
  });
});

describe('reminders', () => {
  it('is delivered once, to every stream of the user, and changing remind_at re-arms it', async () => {
    const u = uid();
    const w1 = openWatch(c, u);
    const w2 = openWatch(c, u);
    await sleep(ms(200));
    const at = Date.now() + ms(800);
    const t = await create(c, u, { title: 'tea', remind_at: tsFromMs(at) });
    const i = await w1.waitFor((e) => e.type === 'EVENT_REMINDER', ms(5000));
    const delay = Date.now() - at;
    await w2.waitFor((e) => e.type === 'EVENT_REMINDER', ms(2000));
    assert.equal(w1.events[i].todo.id, t.id);
    assert.ok(w1.events[i].todo.reminded_at, 'reminded_at set');
    console.log(`# reminder delivery delay: ${delay} ms`);
    assert.ok(delay < ms(1500), `delivered ${delay} ms late`);
    await sleep(ms(1500));
    assert.equal(w1.events.filter((e) => e.type === 'EVENT_REMINDER').length, 1);
    const got = await call(c, 'GetTodo', { user_id: u, id: t.id });
    assert.ok(got.reminded_at);
    await update(c, u, { id: t.id, remind_at: tsFromMs(Date.now() + ms(300)) }, ['remind_at']);
    await w1.waitFor((e) => e.type === 'EVENT_REMINDER', ms(5000), i + 1);
    w1.cancel();
    w2.cancel();
  });

  it('stays pending while nobody watches, then goes out within 5 s of the next watch', async () => {
    const u = uid();
    const t = await create(c, u, { title: 'pending', remind_at: tsFromMs(Date.now() - 1000) });
    await sleep(ms(1500));
    const got = await call(c, 'GetTodo', { user_id: u, id: t.id });
    assert.equal(got.reminded_at, null, 'not delivered to nobody');
    const t0 = Date.now();
    const w = openWatch(c, u);
    await w.waitFor((e) => e.type === 'EVENT_REMINDER' && e.todo.id === t.id, ms(5000));
    console.log(`# pending reminder delivered ${Date.now() - t0} ms after WatchTodos`);
    w.cancel();
  });

  it('survives a restart: delivered once by the new process, not again after', async () => {
    const dir = proc.tmpDir('tc-remind-');
    const db = path.join(dir, 'todos.db');
    const u = uid();
    let s1 = await T.startTodo(['--db', db]);
    let c1 = T.todo(s1.addr);
    const t = await create(c1, u, { title: 'after restart', remind_at: tsFromMs(Date.now() + ms(1500)) });
    c1.close();
    await s1.stop('SIGTERM');
    const s2 = await T.startTodo(['--db', db]);
    const c2 = T.todo(s2.addr);
    const w = openWatch(c2, u);
    await w.waitFor((e) => e.type === 'EVENT_REMINDER' && e.todo.id === t.id, ms(6000));
    w.cancel();
    c2.close();
    await s2.stop('SIGTERM');
    const s3 = await T.startTodo(['--db', db]);
    const c3 = T.todo(s3.addr);
    const w3 = openWatch(c3, u);
    await sleep(ms(2000));
    assert.equal(w3.events.filter((e) => e.type === 'EVENT_REMINDER').length, 0);
    w3.cancel();
  });
});

describe('order_by and filters', () => {
  const u = uid('sort');
  const N = 130;
  const prios = ['PRIORITY_UNSPECIFIED', 'PRIORITY_LOW', 'PRIORITY_MEDIUM', 'PRIORITY_HIGH'];
  before(async () => {
    const base = Date.parse('2026-06-01T00:00:00Z');
    for (let i = 0; i < N; i++) {
      const todo = { title: `t${String((i * 37) % N).padStart(3, '0')}`, priority: prios[i % 4] };
      if (i % 5 !== 0) todo.due = tsFromMs(base + ((i * 53) % 97) * 3600000);
      await create(c, u, todo);
    }
  });

  const dueKey = (t) => (t.due ? tsMs(t.due) : Infinity);
  const num = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  const check = (all, cmp) => {
    assert.equal(new Set(all.map((t) => t.id)).size, all.length, 'no duplicates');
    for (let i = 1; i < all.length; i++) assert.ok(cmp(all[i - 1], all[i]) <= 0, `order broken at ${i}`);
  };

  it('due (undated last), due desc, priority desc + title, title desc: every todo once, in order', async () => {
    let all = await listAll(c, u, { order_by: 'due' }, 17);
    assert.equal(all.length, N);
    check(all, (a, b) => num(dueKey(a), dueKey(b)));
    assert.equal(all[N - 1].due, null);
    all = await listAll(c, u, { order_by: 'due desc' }, 17);
    assert.equal(all.length, N);
    const desc = all.filter((t) => t.due);
    check(desc, (a, b) => num(dueKey(b), dueKey(a)));
    assert.equal(all[N - 1].due, null, 'undated last for desc too');
    all = await listAll(c, u, { order_by: 'priority desc, title' }, 17);
    assert.equal(all.length, N);
    const pv = (t) => prios.indexOf(t.priority);
    check(all, (a, b) => (pv(b) - pv(a)) || a.title.localeCompare(b.title));
    all = await listAll(c, u, { order_by: 'title desc' }, 17);
    check(all, (a, b) => b.title.localeCompare(a.title));
  });

  it('due_before (exclusive), due_after (inclusive) and priorities filter, and page', async () => {
    const after = Date.parse('2026-06-02T00:00:00Z');
    const before = Date.parse('2026-06-04T00:00:00Z');
    const all = await listAll(c, u, {
      order_by: 'due', due_after: tsFromMs(after), due_before: tsFromMs(before), priorities: ['PRIORITY_HIGH', 'PRIORITY_LOW'],
    }, 5);
    const every = await listAll(c, u, {}, 500);
    const want = every.filter((t) => t.due && tsMs(t.due) >= after && tsMs(t.due) < before
      && ['PRIORITY_HIGH', 'PRIORITY_LOW'].includes(t.priority));
    assert.ok(want.length > 5);
    assert.deepEqual(all.map((t) => t.id).sort(), want.map((t) => t.id).sort());
    check(all, (a, b) => num(dueKey(a), dueKey(b)));
  });

  it('a token of one order is refused for another, and unknown fields are refused', async () => {
    const r = await call(c, 'ListTodos', { user_id: u, page_size: 10, order_by: 'due' });
    assert.ok(r.next_page_token);
    await expectCode(call(c, 'ListTodos', { user_id: u, page_size: 10, order_by: 'title', page_token: r.next_page_token }), status.INVALID_ARGUMENT, /page_token/);
    await expectCode(call(c, 'ListTodos', { user_id: u, page_size: 10, page_token: r.next_page_token }), status.INVALID_ARGUMENT, /page_token/);
    await expectCode(call(c, 'ListTodos', { user_id: u, order_by: 'colour' }), status.INVALID_ARGUMENT, /order_by/);
    await expectCode(call(c, 'ListTodos', { user_id: u, order_by: 'due,due' }), status.INVALID_ARGUMENT, /order_by/);
  });
});

describe('upgrade', () => {
  it('a todos.db of the previous release opens with every todo and every field', async () => {
    const dir = proc.tmpDir('tc-upgrade-');
    const db = path.join(dir, 'todos.db');
    fs.copyFileSync(path.join(__dirname, 'data', 'legacy-v5.db'), db);
    const want = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'legacy-v5.json'), 'utf8'));
    const s = await T.startTodo(['--db', db]);
    const cl = T.todo(s.addr);
    for (const user of new Set(want.map((w) => w.user_id))) {
      const got = await listAll(cl, user);
      const mine = want.filter((w) => w.user_id === user).map((w) => w.todo);
      assert.equal(got.length, mine.length);
      for (const w of mine) {
        const g = got.find((x) => x.id === w.id);
        assert.ok(g, `todo ${w.id} kept`);
        for (const k of Object.keys(w)) assert.deepEqual(g[k], w[k], `${w.id}.${k}`);
        assert.equal(g.recurrence, '');
        assert.equal(g.remind_at, null);
      }
    }
    // And it takes the new fields.
    const t = await create(cl, 'legacy-alice', { title: 'new', recurrence: 'FREQ=DAILY', due: ts('2026-12-10T08:00:00Z') });
    assert.equal(t.recurrence, 'FREQ=DAILY');
  });
});
