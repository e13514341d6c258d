'use strict';
// todo-svc on PostgreSQL (issue 14): replicas started with the same
// `--db postgresql://…` share one real PostgreSQL database (tests/lib/pg.js
// starts a throwaway server). Through grpc-js, the way clients see it:
// - a todo written on replica A is read, listed, updated and deleted on B, and
//   B's WatchTodos streams get A's changes in commit order with their content;
// - idempotent create across replicas (one after the other, and at once);
// - page tokens made on A work on B; changed ones are INVALID_ARGUMENT;
// - users are isolated; a reminder goes out once across the replicas;
// - completing a recurring todo on both at once makes one next occurrence;
// - search (`query`), order_by and filters give the same answers as SQLite;
// - replicas started at the same moment on an empty database all come up;
// - a restarted todo-svc keeps every field of every todo;
// - with PostgreSQL down, calls are UNAVAILABLE within about a second, and
//   when it is back they succeed again without restarting todo-svc.
// Without a PostgreSQL server installed the whole file is skipped, saying why.
const { describe, it, before, after } = require('node:test');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const pg = require('../lib/pg');
const {
  assert, status, proc, ms, sleep, uid, tracker, call, expectCode, tsMs, tsFromMs, openWatch,
  syncWatchers, brief, startPair, eventSeq: seq,
} = require('./util');

const server = pg.start('tc-todo-pg-');
const SKIP = server.skip;
if (SKIP) console.log(`# SKIP todo_integration_postgres: ${SKIP}`);
const servers = [server];
const scratch = []; // folders removed at the end

const T = tracker();
let ca; // clients of two replicas on server's database
let cb;

before(async () => {
  if (SKIP) return;
  ({ ca, cb } = await startPair(T, server.uri));
});
after(async () => {
  try {
    await T.cleanup();
  } finally {
    for (const s of servers) await s.stop();
    for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
  }
});

const create = (c, user, todo, extra = {}) => call(c, 'CreateTodo', { user_id: user, todo, ...extra });
const get = (c, user, id) => call(c, 'GetTodo', { user_id: user, id });
const update = (c, user, todo, paths) => call(c, 'UpdateTodo', { user_id: user, todo, update_mask: { paths } });
const del = (c, user, id) => call(c, 'DeleteTodo', { user_id: user, id });
const rand = () => crypto.randomBytes(4).toString('hex');

// Pages through a user's list, page i from clients[i % clients.length].
// Returns {todos, tokens}.
async function pageAll(clients, user, req = {}, size = 50, token = '') {
  const todos = [];
  const tokens = [];
  for (let i = 0; i < 100; i++) {
    const p = await call(clients[i % clients.length], 'ListTodos', { user_id: user, page_size: size, ...req, page_token: token });
    todos.push(...p.todos);
    token = p.next_page_token;
    if (!token) return { todos, tokens };
    tokens.push(token);
  }
  throw new Error('next_page_token never became empty');
}
const ids = (todos) => todos.map((t) => t.id);

describe('two replicas on one PostgreSQL database', { skip: SKIP }, () => {
  it('a todo created on A is read, listed, updated and deleted on B', async () => {
    const user = uid();
    const t = await create(ca, user, {
      title: 'shared', notes: 'über\nnotes', tags: ['x', 'y'], priority: 'PRIORITY_MEDIUM', due: { seconds: '1795885200', nanos: 123456789 },
    });
    assert.deepEqual(await get(cb, user, t.id), t, 'B reads what A wrote');
    assert.deepEqual((await call(cb, 'ListTodos', { user_id: user })).todos, [t], 'B lists it');
    const u = await update(cb, user, { id: t.id, title: 'shared, edited', done: true, tags: ['z'] }, ['title', 'done', 'tags']);
    assert.equal(u.title, 'shared, edited');
    assert.equal(u.done, true);
    assert.ok(u.completed_at, 'completed_at set by done');
    assert.deepEqual(u.tags, ['z']);
    assert.deepEqual(await get(ca, user, t.id), u, 'A reads what B changed');
    await del(cb, user, t.id);
    await expectCode(get(ca, user, t.id), status.NOT_FOUND);
    await expectCode(del(ca, user, t.id), status.NOT_FOUND);
    assert.deepEqual((await call(ca, 'ListTodos', { user_id: user })).todos, []);
  });

  it("WatchTodos on B sees A's create, update and delete in order, with the todo", { timeout: ms(30000) }, async () => {
    const user = uid();
    const wb = openWatch(cb, user);
    const { from: [fb] } = await syncWatchers(ca, user, [wb], 'sync-a'); // marker written through A
    const t = await create(ca, user, { title: 'via a', notes: 'n', tags: ['w'] });
    const u = await update(ca, user, { id: t.id, title: 'via a, edited', done: true }, ['title', 'done']);
    await del(ca, user, t.id);
    await wb.waitFor((e) => e.type === 'EVENT_DELETED' && e.todo.id === t.id, ms(5000), fb);
    const evs = wb.events.slice(fb);
    assert.deepEqual(evs.map((e) => e.type), ['EVENT_CREATED', 'EVENT_UPDATED', 'EVENT_DELETED'], `got ${evs.map(brief)}`);
    assert.deepEqual(evs[0].todo, t, 'the created event carries the created todo');
    assert.deepEqual(evs[1].todo, u, 'the updated event carries the todo after the update');
    assert.equal(evs[2].todo.id, t.id);
    assert.equal(evs[2].todo.title, 'via a, edited', 'the deleted event carries the todo as it was');
    wb.cancel();
  });

  it('watchers on both replicas see every change once, in commit order, whichever replica made it', { timeout: ms(30000) }, async () => {
    const user = uid();
    const wa = openWatch(ca, user);
    const wb = openWatch(cb, user);
    // Markers (titled sync-*) are left out of the sequences compared below.
    const { from: [fa] } = await syncWatchers(cb, user, [wa], 'sync-b');
    const { from: [fb] } = await syncWatchers(ca, user, [wb], 'sync-a');
    const t = await create(ca, user, { title: 'n0' });
    const want = ['EVENT_CREATED:n0'];
    for (let i = 1; i <= 12; i++) {
      await update(i % 2 ? cb : ca, user, { id: t.id, title: `n${i}` }, ['title']);
      want.push(`EVENT_UPDATED:n${i}`);
    }
    await del(cb, user, t.id);
    want.push('EVENT_DELETED:n12');
    for (const [w, from, name] of [[wa, fa, 'A'], [wb, fb, 'B']]) {
      await w.waitFor((e) => e.type === 'EVENT_DELETED' && e.todo.id === t.id, ms(5000), from);
      const mine = seq(w, from).filter((s) => !/:sync-/.test(s));
      assert.deepEqual(mine, want, `watcher on ${name}`);
    }
    wa.cancel();
    wb.cancel();
  });

  it('a create retried on B with the same user_id + request_id returns the first todo and creates nothing', async () => {
    const user = uid();
    const t = await create(ca, user, { title: 'once', tags: ['k'] }, { request_id: 'cross-1' });
    const r = await create(cb, user, { title: 'a different title' }, { request_id: 'cross-1' });
    assert.deepEqual(r, t, 'the retry returns the first result');
    const again = await create(ca, user, { title: 'once' }, { request_id: 'cross-1' });
    assert.equal(again.id, t.id);
    assert.deepEqual(ids((await pageAll([ca], user)).todos), [t.id]);
  });

  it('the same create sent to A and B at once creates one todo (20 keys, both replicas racing)', { timeout: ms(30000) }, async () => {
    const user = uid();
    const w = openWatch(ca, user);
    const { from } = await syncWatchers(ca, user, [w], 'sync');
    const keys = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    const rs = await Promise.allSettled(keys.flatMap((k) => [ca, cb].map((c) => create(c, user, { title: k }, { request_id: k }))));
    const failed = rs.filter((r) => r.status === 'rejected').map((r) => `${r.reason.code} ${r.reason.details}`);
    assert.deepEqual(failed, [], 'every racing create succeeds (a lost race returns the winner)');
    const got = rs.map((r) => r.value);
    for (let i = 0; i < keys.length; i++) {
      assert.equal(got[2 * i].id, got[2 * i + 1].id, `${keys[i]}: A and B answered with the same todo`);
    }
    const listed = (await pageAll([cb], user)).todos.filter((t) => t.title.startsWith('race-'));
    assert.deepEqual(listed.map((t) => t.title).sort(), [...keys].sort(), 'one todo per request_id');
    const end = await create(cb, user, { title: 'end' });
    await w.waitFor((e) => e.todo && e.todo.id === end.id, ms(5000), from[0]);
    const created = w.events.slice(from[0]).filter((e) => e.type === 'EVENT_CREATED' && e.todo.title.startsWith('race-'));
    assert.equal(created.length, keys.length, `one EVENT_CREATED per key, got ${created.map(brief)}`);
    w.cancel();
  });

  it('completing a recurring todo on A and B at once makes one next occurrence (15 todos, 4 racing completions each)', { timeout: ms(30000) }, async () => {
    const user = uid();
    const made = [];
    for (let i = 0; i < 15; i++) made.push(await create(ca, user, { title: `r${i}`, due: tsFromMs(Date.parse('2026-06-01T08:00:00Z')), recurrence: 'FREQ=DAILY' }));
    const rs = await Promise.allSettled(made.flatMap((t) => [ca, cb, ca, cb].map((c) => update(c, user, { id: t.id, done: true }, ['done']))));
    assert.deepEqual(rs.filter((r) => r.status === 'rejected').map((r) => `${r.reason.code} ${r.reason.details}`), []);
    const per = {};
    for (const t of (await pageAll([cb], user, {}, 500)).todos) per[t.title] = (per[t.title] || 0) + 1;
    assert.deepEqual(per, Object.fromEntries(made.map((t) => [t.title, 2])), 'each todo and exactly one next occurrence');
  });

  it("users are isolated: another user's todo is NOT_FOUND on either replica, and never listed or watched", { timeout: ms(30000) }, async () => {
    const alice = uid('alice');
    const bob = uid('bob');
    const wbob = openWatch(cb, bob);
    const { from: [fb] } = await syncWatchers(cb, bob, [wbob], 'bob-sync');
    const t = await create(ca, alice, { title: 'alice only', notes: 'secret' }, { request_id: 'shared-key' });
    const missing = `${t.id.slice(0, -1)}${t.id.endsWith('0') ? '1' : '0'}`;
    const norm = (e, id) => String(e.details).split(id).join('<id>');
    for (const c of [ca, cb]) {
      const theirs = await expectCode(get(c, bob, t.id), status.NOT_FOUND);
      const none = await expectCode(get(c, bob, missing), status.NOT_FOUND);
      assert.equal(norm(theirs, t.id), norm(none, missing), "another user's id reads like a missing one");
      await expectCode(update(c, bob, { id: t.id, title: 'mine now' }, ['title']), status.NOT_FOUND);
      await expectCode(del(c, bob, t.id), status.NOT_FOUND);
      assert.deepEqual((await call(c, 'ListTodos', { user_id: bob, query: 'alice' })).todos, []);
    }
    const own = await create(cb, bob, { title: 'bob own' }, { request_id: 'shared-key' });
    assert.notEqual(own.id, t.id, "request_id is per user: bob's create is his own todo");
    assert.deepEqual(await get(ca, alice, t.id), t, "alice's todo unchanged");
    const end = await create(ca, bob, { title: 'bob end' });
    await wbob.waitFor((e) => e.todo && e.todo.id === end.id, ms(5000), fb);
    assert.deepEqual(seq(wbob, fb), ['EVENT_CREATED:bob own', 'EVENT_CREATED:bob end'], "bob's stream has only bob's changes");
    wbob.cancel();
  });
});

describe('connections', { skip: SKIP }, () => {
  it('300 concurrent calls on the two replicas all succeed, over a bounded number of connections', { timeout: ms(60000) }, async () => {
    const user = uid();
    const countSql = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, Number(await server.sql(countSql)));
        await sleep(50);
      }
    })();
    const t0 = Date.now();
    const rs = await Promise.allSettled(Array.from({ length: 300 }, (_, i) => {
      const c = i % 2 ? ca : cb;
      if (i % 3 === 0) return create(c, user, { title: `p${i}` }, { request_id: `p${i}` });
      if (i % 3 === 1) return call(c, 'ListTodos', { user_id: user, query: 'p1' });
      return call(c, 'ListTodos', { user_id: user, page_size: 10 });
    }));
    const took = Date.now() - t0;
    sampling = false;
    await sampler;
    const failed = rs.filter((r) => r.status === 'rejected').map((r) => `${r.reason.code} ${r.reason.details}`);
    const after1 = Number(await server.sql(countSql));
    console.log(`# 300 concurrent calls in ${took} ms; connections to the database: peak ${peak}, after ${after1}`);
    assert.deepEqual(failed, [], 'no call fails');
    assert.equal((await pageAll([ca], user)).todos.length, 100);
    const max = Number(await server.sql('SHOW max_connections'));
    assert.ok(peak < max / 2, `two replicas held ${peak} of the server's ${max} connections: the pool is not bounded well below it`);
  });
});

describe('page tokens across replicas', { skip: SKIP }, () => {
  const N = 120;
  const alice = uid('alice');
  const bob = uid('bob');
  const made = [];
  before(async () => {
    if (SKIP) return;
    // Written alternately through both replicas, interleaved with another user.
    for (let i = 0; i < N; i++) {
      made.push((await create(i % 2 ? cb : ca, alice, { title: `a${i}` })).id);
      if (i % 3 === 0) await create(i % 2 ? ca : cb, bob, { title: `b${i}` });
    }
  });

  it('120 todos in pages of 50, pages alternating between A and B: each once, in creation order', async () => {
    for (const order of [[ca, cb], [cb, ca]]) {
      const { todos, tokens } = await pageAll(order, alice);
      assert.deepEqual(ids(todos), made);
      assert.equal(tokens.length, 2, 'pages of 50, 50, 20');
    }
  });

  it('a token is opaque: base64url, no hex run, a fresh one each time for the same position', async () => {
    const toks = [];
    for (let i = 0; i < 6; i++) toks.push((await call(i % 2 ? ca : cb, 'ListTodos', { user_id: alice, page_size: 50 })).next_page_token);
    for (const tok of toks) {
      assert.match(tok, /^[A-Za-z0-9_-]+$/, `token ${tok} is base64url`);
      assert.ok(!/[0-9a-f]{12}/i.test(tok), `no long hex run (a visible row number) in ${tok}`);
      assert.equal(Buffer.from(tok, 'base64url').indexOf(Buffer.from(alice)), -1, 'the user id is not in the token');
    }
    assert.equal(new Set(toks).size, toks.length, 'the same position sealed twice gives two tokens');
  });

  it("a changed, cut, another user's or another filter's token is INVALID_ARGUMENT naming page_token on the other replica", async () => {
    const tok = (await call(ca, 'ListTodos', { user_id: alice, page_size: 50 })).next_page_token;
    const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const list = (user, req) => call(cb, 'ListTodos', { user_id: user, page_size: 50, ...req });
    for (const i of [0, 1, Math.floor(tok.length / 2), tok.length - 1]) {
      await expectCode(list(alice, { page_token: flip(tok, i) }), status.INVALID_ARGUMENT, /page_token/);
    }
    await expectCode(list(alice, { page_token: tok.slice(0, -3) }), status.INVALID_ARGUMENT, /page_token/);
    await expectCode(list(alice, { page_token: 'not a token' }), status.INVALID_ARGUMENT, /page_token/);
    await expectCode(list(bob, { page_token: tok }), status.INVALID_ARGUMENT, /page_token/);
    await expectCode(list(alice, { page_token: tok, status: 'STATUS_DONE' }), status.INVALID_ARGUMENT, /page_token/);
    await expectCode(list(alice, { page_token: tok, query: 'a1' }), status.INVALID_ARGUMENT, /page_token/);
    const p = await list(alice, { page_token: tok });
    assert.deepEqual(ids(p.todos), made.slice(50, 100), 'the untouched token still works on B');
  });

  it('deletes and inserts through B between pages neither duplicate nor skip', async () => {
    const p1 = await call(ca, 'ListTodos', { user_id: alice, page_size: 50 });
    assert.deepEqual(ids(p1.todos), made.slice(0, 50));
    await del(cb, alice, made[10]); // on a page already read
    await del(cb, alice, made[60]); // on a page not yet read
    const added = await create(cb, alice, { title: 'added between pages' });
    const rest = await pageAll([cb, ca], alice, {}, 50, p1.next_page_token);
    assert.deepEqual(ids(rest.todos), [...made.slice(50, 60), ...made.slice(61), added.id]);
  });
});

describe('reminders across replicas', { skip: SKIP }, () => {
  it('a reminder due soon goes out exactly once to every stream of the user, on both replicas', { timeout: ms(30000) }, async () => {
    const user = uid();
    const ws = [openWatch(ca, user), openWatch(ca, user), openWatch(cb, user), openWatch(cb, user)];
    await syncWatchers(ca, user, ws, 'sync-a');
    await syncWatchers(cb, user, ws, 'sync-b');
    const at = Date.now() + ms(1000);
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await create(i % 2 ? cb : ca, user, { title: `remind ${i}`, remind_at: tsFromMs(at + i * 100) }));
    let worst = 0;
    for (const w of ws) {
      for (const t of made) {
        await w.waitFor((e) => e.type === 'EVENT_REMINDER' && e.todo.id === t.id, ms(6000));
        worst = Math.max(worst, Date.now() - tsMs(t.remind_at));
      }
    }
    console.log(`# slowest reminder reached its last stream ${worst} ms after remind_at`);
    await sleep(ms(1000)); // a second delivery (by the other replica) would come about when the first did
    for (const [i, w] of ws.entries()) {
      const per = made.map((t) => w.events.filter((e) => e.type === 'EVENT_REMINDER' && e.todo.id === t.id).length);
      assert.deepEqual(per, made.map(() => 1), `stream ${i} (${i < 2 ? 'A' : 'B'}): reminders per todo`);
      const ev = w.events.find((e) => e.type === 'EVENT_REMINDER' && e.todo.id === made[0].id);
      assert.equal(ev.todo.title, 'remind 0');
      assert.ok(ev.todo.reminded_at, 'the reminder event carries reminded_at');
    }
    for (const t of made) {
      const [ga, gb] = [await get(ca, user, t.id), await get(cb, user, t.id)];
      assert.ok(ga.reminded_at, 'reminded_at stored');
      assert.deepEqual(ga, gb);
    }
    ws.forEach((w) => w.cancel());
  });

  it('a reminder that fell due with no stream open goes out once, on the replica the user next watches', { timeout: ms(30000) }, async () => {
    const user = uid();
    const t = await create(ca, user, { title: 'pending', remind_at: tsFromMs(Date.now() - 1000) });
    await sleep(ms(1000));
    assert.equal((await get(cb, user, t.id)).reminded_at, null, 'not delivered to nobody');
    const t0 = Date.now();
    const wb = openWatch(cb, user);
    await wb.waitFor((e) => e.type === 'EVENT_REMINDER' && e.todo.id === t.id, ms(5000));
    console.log(`# pending reminder delivered ${Date.now() - t0} ms after WatchTodos on B`);
    await sleep(ms(500)); // A has heard of the delivery by now; a stream opened later must not get it
    const wa = openWatch(ca, user);
    await syncWatchers(ca, user, [wa, wb]);
    await sleep(ms(1000));
    const count = (w) => w.events.filter((e) => e.type === 'EVENT_REMINDER').length;
    assert.deepEqual([count(wa), count(wb)], [0, 1], 'reminders on a later stream on A, and on the stream on B');
    wa.cancel();
    wb.cancel();
  });
});

// The same todos and queries against the SQLite engine and PostgreSQL: the
// answers must be the same, and also what a plain case-insensitive substring
// match computes here (so two engines agreeing on a wrong answer still fail).
describe('search, order and filters give the same answers as the SQLite engine', { skip: SKIP }, () => {
  const DATA = [
    { title: 'Buy milk', notes: '2 litres, semi-skimmed', tags: ['shop'] },
    { title: 'MILKSHAKE recipe', notes: '' },
    { title: 'call Bob', notes: 'about the milk bill', priority: 'PRIORITY_HIGH' },
    { title: 'Café au lait', notes: 'at the CAFÉ corner' },
    { title: 'ÉCOLE registration', notes: 'école primaire' },
    { title: 'Łódź trip', notes: 'visit ŁÓDŹ old town', tags: ['travel'] },
    { title: 'ΔΕΛΤΑ report', notes: 'the δελτα notes' },
    { title: 'Привет team', notes: 'ПРИВЕТ again' },
    { title: '50% off sale', notes: 'discount' },
    { title: '50 percent', notes: 'no sign' },
    { title: 'snake_case names', notes: '' },
    { title: 'snakeXcase', notes: 'not an underscore' },
    { title: 'back\\slash path', notes: 'C:\\temp' },
    { title: "it's done", notes: "O'Brien" },
    { title: 'ab', notes: 'xy' },
    { title: 'tagged home', notes: 'at HOME', tags: ['home'] },
    { title: 'done milk', notes: 'finished', done: true },
    { title: 'straße', notes: 'STRASSE' },
    { title: '  padded title  ', notes: 'trailing space ' },
    { title: 'emoji 🥛 milk', notes: 'glass 🥛' },
  ];
  // Extra todos so that some queries need several pages.
  for (let i = 0; i < 12; i++) DATA.push({ title: `Milk run ${i}`, notes: i % 2 ? 'weekly' : '', done: i % 3 === 0, tags: i % 2 ? ['home'] : [] });
  const QUERIES = ['milk', 'MILK', 'Milk', 'ilk b', 'café', 'CAFÉ', 'é', 'É', 'école', 'ÉCOLE', 'łódź', 'ŁÓDŹ', 'ź', 'δελτα',
    'ΔΕΛΤΑ', 'привет', 'ПРИВЕТ', '%', '50%', '_', 'snake_case', '\\', 'back\\slash', "'", "it's", 'ab', 'a', 'x', 'zzz-no-match',
    'STRASSE', 'ß', '2 litres', 'semi-skimmed', 'e', '🥛', 'title', 'run 1', 'weekly'];
  const FILTERS = [{}, { status: 'STATUS_OPEN' }, { status: 'STATUS_DONE' }, { tag: 'home' }];
  const user = uid('search');
  let sq; // a todo-svc on a SQLite file
  const fold = (s) => s.toLowerCase();
  const norm = (t) => ({ ...t, id: '', created_at: null, updated_at: null, completed_at: t.completed_at ? 'set' : null });

  before(async () => {
    if (SKIP) return;
    const dir = proc.tmpDir('tc-todo-pg-sqlite-');
    scratch.push(dir);
    const db = path.join(dir, 'todos.db');
    sq = T.todo((await T.startTodo(['--db', db])).addr);
    for (const [i, d] of DATA.entries()) {
      const { done, ...todo } = d;
      const results = [];
      for (const c of [sq, i % 2 ? cb : ca]) {
        let t = await create(c, user, todo);
        if (done) t = await update(c, user, { id: t.id, done: true }, ['done']);
        results.push(norm(t));
      }
      assert.deepEqual(results[1], results[0], `"${d.title}" is stored the same on PostgreSQL as on SQLite`);
    }
  });

  it(`${QUERIES.length} queries x ${FILTERS.length} filters: PostgreSQL (on both replicas) answers as SQLite does, and as expected`, { timeout: ms(40000) }, async () => {
    const diffs = [];
    let n = 0;
    for (const q of QUERIES) {
      for (const f of FILTERS) {
        const req = { query: q, ...f };
        const titles = async (clients) => (await pageAll(clients, user, req, 4)).todos.map((t) => t.title);
        const want = DATA.filter((d) => fold(d.title.trim()).includes(fold(q)) || fold(d.notes).includes(fold(q)))
          .filter((d) => !f.status || (f.status === 'STATUS_DONE') === !!d.done)
          .filter((d) => !f.tag || (d.tags || []).includes(f.tag))
          .map((d) => d.title.trim());
        const [lite, onA, onB] = [await titles([sq]), await titles([ca, cb]), await titles([cb, ca])];
        n++;
        const label = JSON.stringify(req);
        if (JSON.stringify(onA) !== JSON.stringify(lite) || JSON.stringify(onB) !== JSON.stringify(lite)) {
          diffs.push(`${label}: SQLite ${JSON.stringify(lite)}, PostgreSQL via A ${JSON.stringify(onA)}, via B ${JSON.stringify(onB)}`);
        } else if (JSON.stringify(lite) !== JSON.stringify(want)) {
          diffs.push(`${label}: both engines ${JSON.stringify(lite)}, expected ${JSON.stringify(want)}`);
        }
      }
    }
    console.log(`# ${n} searches compared, ${diffs.length} differ`);
    assert.deepEqual(diffs, []);
  });

  it('order_by and the due and priority filters order and pick as SQLite does (titles in several cases and scripts)', async () => {
    const u = uid('order');
    const names = ['Café', 'call', 'ÉCOLE', 'apple', 'Apple', 'zebra', 'Zebra', 'école', '_under', '10 items', '9 items', 'Ärger', 'ärger',
      'b', 'B', 'émile', 'Łódź', 'lodz', 'привет', 'Привет', 'ΔΕΛΤΑ', 'δελτα', 'a-b', 'ab', 'a b'];
    const base = Date.parse('2026-06-01T00:00:00Z');
    const prios = ['PRIORITY_UNSPECIFIED', 'PRIORITY_LOW', 'PRIORITY_MEDIUM', 'PRIORITY_HIGH'];
    for (const [i, title] of names.entries()) {
      const todo = { title, priority: prios[i % 4] };
      if (i % 3) todo.due = tsFromMs(base + ((i * 7) % 5) * 3600000);
      for (const c of [sq, i % 2 ? ca : cb]) await create(c, u, todo);
    }
    const reqs = [{ order_by: 'title' }, { order_by: 'title desc' }, { order_by: 'due' }, { order_by: 'due desc' }, { order_by: 'priority' },
      { order_by: 'priority desc, title' }, { order_by: 'due, priority desc, title' }, { order_by: 'created_at desc' }, { order_by: 'updated_at' },
      { due_before: tsFromMs(base + 2 * 3600000) }, { due_after: tsFromMs(base + 2 * 3600000), order_by: 'due desc' },
      { priorities: ['PRIORITY_HIGH', 'PRIORITY_UNSPECIFIED'], order_by: 'title' }];
    const diffs = [];
    for (const r of reqs) {
      const titles = async (clients) => (await pageAll(clients, u, r, 5)).todos.map((t) => t.title);
      const [lite, onPg] = [await titles([sq]), await titles([ca, cb])];
      if (JSON.stringify(onPg) !== JSON.stringify(lite)) diffs.push(`${JSON.stringify(r)}: SQLite ${JSON.stringify(lite)}, PostgreSQL ${JSON.stringify(onPg)}`);
    }
    assert.deepEqual(diffs, []);
  });
});

describe('schema and restarts', { skip: SKIP }, () => {
  it('three replicas started at the same moment on an empty database all come up and serve (twice)', { timeout: ms(60000) }, async () => {
    for (let round = 0; round < 2; round++) {
      const uri = await server.createDb(`fresh_${round}_${rand()}`);
      const t0 = Date.now();
      const rs = await Promise.allSettled([0, 1, 2].map(() => T.startTodo(['--db', uri])));
      const failed = rs.filter((r) => r.status === 'rejected').map((r) => r.reason.message.slice(0, 600));
      assert.deepEqual(failed, [], `round ${round}: every replica starts`);
      console.log(`# round ${round}: 3 replicas up on an empty database in ${Date.now() - t0} ms`);
      const reps = rs.map((r) => r.value);
      const cs = reps.map((r) => T.todo(r.addr));
      const user = uid();
      const w = openWatch(cs[2], user);
      await syncWatchers(cs[0], user, [w]);
      const t = await create(cs[1], user, { title: `round ${round}` }, { request_id: 'r' });
      for (const c of cs) assert.deepEqual(await get(c, user, t.id), t);
      assert.equal((await create(cs[0], user, { title: 'x' }, { request_id: 'r' })).id, t.id);
      for (const r of reps) {
        const st = await r.stop('SIGTERM', ms(15000));
        assert.equal(st.code, 0, `SIGTERM exit; stderr tail: ${st.stderr.slice(-500)}`);
      }
    }
  });

  it('a todo-svc restarted on the same database keeps every todo with every field, its request ids, page tokens and delivered reminders', { timeout: ms(60000) }, async () => {
    const uri = await server.createDb(`restart_${rand()}`);
    const s1 = await T.startTodo(['--db', uri]);
    const c1 = T.todo(s1.addr);
    const user = uid();
    const due = { seconds: '1795885200', nanos: 123456789 };
    const full = await create(c1, user, {
      title: 'everything', notes: 'line 1\nline 2 — ü 🥛', priority: 'PRIORITY_HIGH', due, tags: ['b', 'a', 'ü'],
      recurrence: 'FREQ=WEEKLY;BYDAY=MO', time_zone: 'Europe/Berlin', remind_at: tsFromMs(Date.parse('2030-11-30T06:30:00Z')),
    }, { request_id: 'keep-me' });
    assert.deepEqual(full.due, due, 'due keeps its nanos exactly');
    assert.deepEqual(full.tags, ['b', 'a', 'ü']);
    const done = await create(c1, user, { title: 'finished', priority: 'PRIORITY_LOW' });
    await update(c1, user, { id: done.id, done: true }, ['done']);
    const rec = await create(c1, user, { title: 'daily', due: { seconds: '1795885200', nanos: 0 }, recurrence: 'FREQ=DAILY;COUNT=5', time_zone: 'Asia/Tokyo' });
    const recDone = await update(c1, user, { id: rec.id, done: true }, ['done']);
    assert.ok(recDone.completed_at);
    await create(c1, user, { title: 'minimal' });
    const w1 = openWatch(c1, user);
    const reminded = await create(c1, user, { title: 'reminded', remind_at: tsFromMs(Date.now() - 500) });
    await w1.waitFor((e) => e.type === 'EVENT_REMINDER' && e.todo.id === reminded.id, ms(6000));
    w1.cancel();
    const before1 = (await pageAll([c1], user, {}, 500)).todos;
    assert.equal(before1.length, 6, 'five created plus the next occurrence of the completed recurring one');
    assert.ok(before1.find((t) => t.id === reminded.id).reminded_at, 'reminded_at set before the restart');
    const page1 = await call(c1, 'ListTodos', { user_id: user, page_size: 2 });
    c1.close();
    const st = await s1.stop('SIGTERM', ms(15000));
    assert.equal(st.code, 0);

    const s2 = await T.startTodo(['--db', uri]);
    const c2 = T.todo(s2.addr);
    const w2 = openWatch(c2, user);
    const after1 = (await pageAll([c2], user, {}, 500)).todos;
    assert.deepEqual(after1, before1, 'every todo, every field, after the restart');
    for (const t of before1) assert.deepEqual(await get(c2, user, t.id), t);
    assert.deepEqual(await create(c2, user, { title: 'again' }, { request_id: 'keep-me' }), before1.find((t) => t.id === full.id), 'request ids survive');
    const rest = await pageAll([c2], user, {}, 2, page1.next_page_token);
    assert.deepEqual(ids([...page1.todos, ...rest.todos]), ids(before1), 'a page token from before the restart continues');
    await syncWatchers(c2, user, [w2]);
    await sleep(ms(1500));
    assert.equal(w2.events.filter((e) => e.type === 'EVENT_REMINDER').length, 0, 'a delivered reminder is not sent again');
    w2.cancel();
  });

  it('an unreachable database or a missing one: todo-svc exits non-zero with one clear line', { timeout: ms(40000) }, async () => {
    const closed = `postgresql://todo@127.0.0.1:${await freePort()}/todos`;
    const missing = `postgresql://todo@127.0.0.1:${server.port}/no_such_db_${rand()}`;
    for (const uri of [closed, missing]) {
      const t0 = Date.now();
      const r = await runToExit(['--listen', '127.0.0.1:0', '--metrics-listen', 'off', '--db', uri], ms(20000));
      const lines = r.stderr.trim().split('\n').filter(Boolean);
      console.log(`# --db ${uri}: exit ${r.code} after ${Date.now() - t0} ms: ${lines.join(' | ').slice(0, 300)}`);
      assert.ok(r.code !== 0 && r.code !== null, `exits non-zero (got ${JSON.stringify(r)})`);
      assert.ok(!/listening on/.test(r.stderr), 'never listened');
      assert.equal(lines.length, 1, `one line on stderr, got: ${r.stderr}`);
    }
  });
});

function freePort() {
  return new Promise((resolve) => {
    const srv = require('node:net').createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Runs todo-svc to its exit (killed after timeoutMs): {code, signal, stderr}.
function runToExit(args, timeoutMs) {
  return new Promise((resolve) => {
    const p = spawn(proc.bin('todo-svc'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stderr }); });
  });
}

describe('PostgreSQL down and back', { skip: SKIP }, () => {
  let down; // a server of its own, so the outage touches no other test
  let cx;
  let cy;
  let hx;
  before(async () => {
    if (SKIP) return;
    down = pg.start('tc-todo-pgdown-');
    servers.push(down);
    let x;
    ({ a: x, ca: cx, cb: cy } = await startPair(T, down.uri));
    hx = T.health(x.addr);
  });

  // Every kind of call, on both replicas, must fail UNAVAILABLE; returns the slowest.
  async function allUnavailable(user, id, round) {
    const tries = [
      ['GetTodo', cx, { user_id: user, id }],
      ['ListTodos', cy, { user_id: user }],
      ['CreateTodo', cx, { user_id: user, request_id: `during-${round}`, todo: { title: 'during the outage' } }],
      ['UpdateTodo', cy, { user_id: user, todo: { id, title: 'changed during' }, update_mask: { paths: ['title'] } }],
      ['DeleteTodo', cx, { user_id: user, id }],
      ['ListTodos', cx, { user_id: user, query: 'before' }],
      ['GetTodo', cy, { user_id: user, id }],
    ];
    const took = [];
    for (const [m, c, req] of tries) {
      const t0 = Date.now();
      await expectCode(call(c, m, req, { deadlineMs: ms(10000) }), status.UNAVAILABLE);
      took.push(`${m} ${Date.now() - t0} ms`);
    }
    console.log(`# round ${round}, PostgreSQL down: ${took.join(', ')}`);
    return Math.max(...took.map((s) => Number(s.split(' ')[1])));
  }

  // Polls until a GetTodo succeeds on both replicas; returns ms taken.
  async function untilServing(user, id) {
    const t0 = Date.now();
    for (;;) {
      const rs = await Promise.allSettled([cx, cy].map((c) => get(c, user, id)));
      if (rs.every((r) => r.status === 'fulfilled')) return Date.now() - t0;
      const bad = rs.find((r) => r.status === 'rejected').reason;
      assert.ok(Date.now() - t0 < ms(10000), `still failing 10 s after PostgreSQL came back: ${bad.code} ${bad.details}`);
      assert.equal(bad.code, status.UNAVAILABLE, `while recovering: ${bad.details}`);
      await sleep(100);
    }
  }

  it('calls answer UNAVAILABLE within about a second while it is down, and succeed again once it is back, without a restart', { timeout: ms(60000) }, async () => {
    const user = uid();
    const t = await create(cx, user, { title: 'before the outage' });
    const old = openWatch(cx, user); // a stream open through the outage
    await syncWatchers(cy, user, [old], 'before'); // fed by the other replica's writes

    await down.pause();
    const worst = await allUnavailable(user, t.id, 1);
    assert.ok(worst < ms(3000), `slowest UNAVAILABLE took ${worst} ms (the contract says within 1 s)`);
    await sleep(ms(500));
    const worst2 = await allUnavailable(user, t.id, 2); // still fast once the pool knows
    assert.ok(worst2 < ms(3000), `slowest UNAVAILABLE took ${worst2} ms on the second round`);
    const health = await call(hx, 'Check', { service: '' }).then((r) => r.status, (e) => `error ${e.code}`);
    const during = openWatch(cx, user);
    await sleep(ms(500));
    console.log(`# while down: health '' is ${health}; a WatchTodos opened then: ${during.error ? `ended ${during.error.code} ${during.error.details}` : 'open'}`);

    await down.resume();
    console.log(`# both replicas serve again ${await untilServing(user, t.id)} ms after PostgreSQL accepted connections`);
    assert.deepEqual(await get(cy, user, t.id), t, 'nothing changed by the failed calls');
    const listed = (await pageAll([cx], user)).todos.map((x) => x.title);
    assert.ok(!listed.includes('during the outage'), 'a create answered UNAVAILABLE did not happen');
    const retried = await create(cy, user, { title: 'during the outage' }, { request_id: 'during-1' });
    assert.equal((await create(cx, user, { title: 'during the outage' }, { request_id: 'during-1' })).id, retried.id);

    // A new stream on x gets what y writes: x listens for the other replicas again.
    const fresh = openWatch(cx, user);
    const { from: [ff] } = await syncWatchers(cy, user, [fresh], 'after');
    const u = await update(cy, user, { id: t.id, title: 'after the outage' }, ['title']);
    await fresh.waitFor((e) => e.type === 'EVENT_UPDATED' && e.todo.id === t.id, ms(5000), ff);
    assert.deepEqual(fresh.events.find((e) => e.type === 'EVENT_UPDATED' && e.todo.id === t.id).todo, u);

    // The stream open through the outage either still delivers or has ended
    // with an error the client can act on (re-open); it must not go quiet.
    try {
      await old.waitFor((e) => e.type === 'EVENT_UPDATED' && e.todo.id === t.id, ms(5000));
      console.log('# the stream opened before the outage still delivers');
    } catch (e) {
      assert.ok(old.error || old.ended, `the stream opened before the outage went quiet without ending: ${e.message}`);
      console.log(`# the stream opened before the outage ended: ${old.error ? `${old.error.code} ${old.error.details}` : 'end'}`);
    }
    old.cancel();
    during.cancel();
    fresh.cancel();
  });

  it('a server that stops answering (frozen, connections open): UNAVAILABLE within about a second, serving again once it answers', { timeout: ms(60000) }, async () => {
    const user = uid();
    const t = await create(cx, user, { title: 'frozen' });
    await down.freeze();
    let results;
    try {
      results = await Promise.all([
        ['GetTodo', cx, { user_id: user, id: t.id }],
        ['ListTodos', cy, { user_id: user }],
        ['CreateTodo', cy, { user_id: user, request_id: 'frozen', todo: { title: 'during the freeze' } }],
        ['UpdateTodo', cx, { user_id: user, todo: { id: t.id, done: true }, update_mask: { paths: ['done'] } }],
      ].map(async ([m, c, req]) => {
        const t0 = Date.now();
        const r = await call(c, m, req, { deadlineMs: ms(10000) }).then(() => 'OK', (e) => Object.keys(status).find((k) => status[k] === e.code));
        return { m, r, took: Date.now() - t0 };
      }));
    } finally {
      await down.thaw();
    }
    console.log(`# PostgreSQL frozen: ${results.map((x) => `${x.m} ${x.r} after ${x.took} ms`).join(', ')}`);
    for (const x of results) {
      assert.equal(x.r, 'UNAVAILABLE', `${x.m} while the server does not answer`);
      assert.ok(x.took < ms(3000), `${x.m} answered after ${x.took} ms (the contract says within 1 s)`);
    }
    console.log(`# serving again ${await untilServing(user, t.id)} ms after the thaw`);
    const w = openWatch(cx, user);
    await syncWatchers(cy, user, [w], 'after-freeze');
    w.cancel();
  });

  it('a second outage, a clean shutdown this time: UNAVAILABLE, then serving again', { timeout: ms(40000) }, async () => {
    const user = uid();
    const t = await create(cy, user, { title: 'second' });
    await down.pause('fast');
    const worst = await allUnavailable(user, t.id, 3);
    assert.ok(worst < ms(3000), `slowest UNAVAILABLE took ${worst} ms`);
    await down.resume();
    console.log(`# serving again ${await untilServing(user, t.id)} ms after the second restart`);
    const w = openWatch(cx, user);
    await syncWatchers(cy, user, [w], 'after-2');
    w.cancel();
  });
});
