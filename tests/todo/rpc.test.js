'use strict';
// todo.v1.TodoService through grpc-js against the real todo-svc: every unary
// RPC, update semantics, per-user isolation, idempotent create, pagination
// and filters. Error cases live in validation.test.js.
const { describe, it, before, after } = require('node:test');
const {
  assert, status, ms, sleep, uid, tracker, call, expectCode, tsMs, tsNs, tsFromMs,
} = require('./util');

const T = tracker();
let svc;
let c;

before(async () => {
  svc = await T.startTodo();
  c = T.todo(svc.addr);
});
after(() => T.cleanup());

const create = (user, todo, extra = {}) => call(c, 'CreateTodo', { user_id: user, todo, ...extra });
const get = (user, id) => call(c, 'GetTodo', { user_id: user, id });
const update = (user, todo, paths) => call(c, 'UpdateTodo', { user_id: user, todo, update_mask: { paths } });
const del = (user, id) => call(c, 'DeleteTodo', { user_id: user, id });
const list = (user, req = {}) => call(c, 'ListTodos', { user_id: user, ...req });

async function listAll(user, req = {}, pageSize = 50) {
  const all = [];
  const pages = [];
  let token = '';
  for (let i = 0; i < 100; i++) {
    const r = await list(user, { ...req, page_size: pageSize, page_token: token });
    pages.push(r);
    all.push(...r.todos);
    token = r.next_page_token;
    if (!token) return { all, pages };
  }
  throw new Error('more than 100 pages: next_page_token never became empty');
}

// The fields a client can set, as grpc-js gives them back.
function userFields(t) {
  return { id: t.id, title: t.title, notes: t.notes, done: t.done, priority: t.priority, due: tsMs(t.due), tags: t.tags };
}

describe('CreateTodo / GetTodo', () => {
  it('create returns the todo with an id, the given fields and server timestamps; get returns the same', async () => {
    const user = uid();
    const due = Date.UTC(2026, 11, 24, 17, 0, 0);
    const before = Date.now();
    const t = await create(user, { title: 'buy milk', notes: 'two litres', priority: 'PRIORITY_HIGH', due: tsFromMs(due), tags: ['home', 'shopping'] });
    assert.ok(t.id && typeof t.id === 'string', `id must be a non-empty string, got ${JSON.stringify(t.id)}`);
    assert.equal(t.title, 'buy milk');
    assert.equal(t.notes, 'two litres');
    assert.equal(t.done, false);
    assert.equal(t.priority, 'PRIORITY_HIGH');
    assert.equal(tsMs(t.due), due);
    assert.deepEqual(t.tags, ['home', 'shopping']);
    assert.ok(t.created_at, 'created_at must be set');
    assert.ok(t.updated_at, 'updated_at must be set');
    assert.equal(t.completed_at, null, 'completed_at must be unset for an open todo');
    assert.ok(Math.abs(tsMs(t.created_at) - before) < 60000, `created_at ${JSON.stringify(t.created_at)} should be close to now (${before})`);
    assert.ok(tsNs(t.updated_at) >= tsNs(t.created_at), 'updated_at >= created_at');

    const g = await get(user, t.id);
    assert.deepEqual(g, t, 'GetTodo returns exactly what CreateTodo returned');
  });

  it('a minimal todo (title only) has empty notes, no due, no tags, PRIORITY_UNSPECIFIED, not done', async () => {
    const user = uid();
    const t = await create(user, { title: 'x' });
    assert.equal(t.notes, '');
    assert.equal(t.due, null, 'unset due stays unset');
    assert.deepEqual(t.tags, []);
    assert.equal(t.priority, 'PRIORITY_UNSPECIFIED');
    assert.equal(t.done, false);
  });

  it('ids are unique across todos and users', async () => {
    const ids = new Set();
    const users = [uid(), uid()];
    for (const u of users) {
      for (let i = 0; i < 10; i++) ids.add((await create(u, { title: `t${i}` })).id);
    }
    assert.equal(ids.size, 20);
  });

  it('title is trimmed on create; UTF-8 titles round-trip byte for byte', async () => {
    const user = uid();
    const t = await create(user, { title: ' \t buy milk \n ' });
    assert.equal(t.title, 'buy milk');
    const u = await create(user, { title: 'Café ☕ 日本語 🧪' });
    assert.equal(u.title, 'Café ☕ 日本語 🧪');
    assert.equal((await get(user, u.id)).title, 'Café ☕ 日本語 🧪');
  });

  it('limits are inclusive: 500-byte title (also multi-byte), 20 tags, 50-byte tag, 10 000-byte notes are accepted', async () => {
    const user = uid();
    const t1 = await create(user, { title: 'a'.repeat(500) });
    assert.equal(Buffer.byteLength(t1.title), 500);
    const t2 = await create(user, { title: 'é'.repeat(250) }); // 500 bytes, 250 characters
    assert.equal(t2.title, 'é'.repeat(250));
    const t3 = await create(user, { title: `  ${'b'.repeat(500)}  ` }); // 500 bytes after trimming
    assert.equal(t3.title, 'b'.repeat(500));
    const tags = Array.from({ length: 20 }, (_, i) => `tag${i}`);
    tags[19] = 't'.repeat(50);
    const t4 = await create(user, { title: 'tags', tags });
    assert.deepEqual(t4.tags, tags);
    const t5 = await create(user, { title: 'notes', notes: 'n'.repeat(10000) });
    assert.equal(t5.notes.length, 10000);
    assert.equal((await get(user, t5.id)).notes, 'n'.repeat(10000));
  });
});

describe('idempotent create (request_id)', () => {
  it('same user_id + request_id returns the first todo and creates nothing', async () => {
    const user = uid();
    const a = await create(user, { title: 'pay rent' }, { request_id: 'req-1' });
    const b = await create(user, { title: 'pay rent' }, { request_id: 'req-1' });
    assert.deepEqual(b, a, 'the retry returns the first result');
    const r = await list(user);
    assert.equal(r.todos.length, 1, `one todo expected, got ${r.todos.map((t) => t.title)}`);
  });

  it('a retry with a different body still returns the first result', async () => {
    const user = uid();
    const a = await create(user, { title: 'first' }, { request_id: 'req-x' });
    const b = await create(user, { title: 'second', notes: 'changed' }, { request_id: 'req-x' });
    assert.equal(b.id, a.id);
    assert.equal(b.title, 'first');
    assert.equal((await list(user)).todos.length, 1);
  });

  it('the same request_id from another user creates a separate todo', async () => {
    const u1 = uid();
    const u2 = uid();
    const a = await create(u1, { title: 'mine' }, { request_id: 'shared-req' });
    const b = await create(u2, { title: 'yours' }, { request_id: 'shared-req' });
    assert.notEqual(b.id, a.id);
    assert.equal(b.title, 'yours');
    assert.equal((await list(u1)).todos.length, 1);
    assert.equal((await list(u2)).todos.length, 1);
    assert.equal((await get(u2, b.id)).title, 'yours');
  });

  it('different request_ids, or no request_id, create distinct todos', async () => {
    const user = uid();
    const a = await create(user, { title: 'same' }, { request_id: 'r-a' });
    const b = await create(user, { title: 'same' }, { request_id: 'r-b' });
    const x = await create(user, { title: 'same' });
    const y = await create(user, { title: 'same' });
    assert.equal(new Set([a.id, b.id, x.id, y.id]).size, 4, 'an empty request_id is not an idempotency key');
    assert.equal((await list(user)).todos.length, 4);
  });

  it('concurrent retries with one request_id all get the same todo and create one', async () => {
    const user = uid();
    const rs = await Promise.all(Array.from({ length: 16 }, () => create(user, { title: 'racy' }, { request_id: 'race-1' })));
    assert.equal(new Set(rs.map((t) => t.id)).size, 1, `all retries must return one id, got ${[...new Set(rs.map((t) => t.id))]}`);
    assert.equal((await list(user)).todos.length, 1);
  });

  it('a retry after the todo was deleted does not resurrect a second copy silently', async () => {
    // The contract only fixes "returns the first result and creates nothing".
    const user = uid();
    const a = await create(user, { title: 'gone' }, { request_id: 'del-req' });
    await del(user, a.id);
    try {
      const b = await create(user, { title: 'gone' }, { request_id: 'del-req' });
      assert.equal(b.id, a.id, 'a retry must return the first result, not a new todo');
    } catch (e) {
      // Acceptable too: the first result no longer exists.
      assert.ok([status.NOT_FOUND, status.ALREADY_EXISTS, status.FAILED_PRECONDITION].includes(e.code), `unexpected ${e.code} ${e.details}`);
    }
    assert.equal((await list(user)).todos.length, 0, 'the retry created nothing');
  });
});

describe('UpdateTodo', () => {
  it('updates only the fields in the mask', async () => {
    const user = uid();
    const t = await create(user, { title: 'old', notes: 'keep me', priority: 'PRIORITY_LOW', tags: ['a'] });
    const u = await update(user, { id: t.id, title: 'new', notes: 'ignored', priority: 'PRIORITY_HIGH', tags: ['z'] }, ['title']);
    assert.equal(u.title, 'new');
    assert.equal(u.notes, 'keep me', 'notes not in the mask must not change');
    assert.equal(u.priority, 'PRIORITY_LOW');
    assert.deepEqual(u.tags, ['a']);
    assert.equal(u.id, t.id);
    assert.deepEqual(u.created_at, t.created_at, 'created_at never changes');
    assert.deepEqual(await get(user, t.id), u, 'GetTodo sees the update');
  });

  it('each maskable path changes its field: notes, priority, tags, due, done, title', async () => {
    const user = uid();
    const t = await create(user, { title: 'x', tags: ['a', 'b'] });
    let u = await update(user, { id: t.id, notes: 'new notes' }, ['notes']);
    assert.equal(u.notes, 'new notes');
    u = await update(user, { id: t.id, priority: 'PRIORITY_MEDIUM' }, ['priority']);
    assert.equal(u.priority, 'PRIORITY_MEDIUM');
    u = await update(user, { id: t.id, tags: ['c'] }, ['tags']);
    assert.deepEqual(u.tags, ['c'], 'tags are replaced, not merged');
    u = await update(user, { id: t.id, tags: [] }, ['tags']);
    assert.deepEqual(u.tags, [], 'tags in the mask with none given clears them');
    const due = Date.UTC(2027, 0, 2, 3, 4, 5);
    u = await update(user, { id: t.id, due: tsFromMs(due) }, ['due']);
    assert.equal(tsMs(u.due), due);
    u = await update(user, { id: t.id, done: true }, ['done']);
    assert.equal(u.done, true);
    u = await update(user, { id: t.id, title: '  y  ' }, ['title']);
    assert.equal(u.title, 'y', 'title is trimmed on update');
    u = await update(user, { id: t.id, notes: '', priority: 'PRIORITY_UNSPECIFIED' }, ['notes', 'priority']);
    assert.equal(u.notes, '');
    assert.equal(u.priority, 'PRIORITY_UNSPECIFIED');
    const final = await get(user, t.id);
    assert.deepEqual(userFields(final), { id: t.id, title: 'y', notes: '', done: true, priority: 'PRIORITY_UNSPECIFIED', due, tags: [] });
  });

  it('several paths in one mask apply together', async () => {
    const user = uid();
    const t = await create(user, { title: 'x' });
    const due = Date.UTC(2027, 5, 1);
    const u = await update(user, { id: t.id, title: 'multi', notes: 'n', done: true, priority: 'PRIORITY_HIGH', due: tsFromMs(due), tags: ['k'] },
      ['title', 'notes', 'done', 'priority', 'due', 'tags']);
    assert.deepEqual(userFields(u), { id: t.id, title: 'multi', notes: 'n', done: true, priority: 'PRIORITY_HIGH', due, tags: ['k'] });
  });

  it('`due` in the mask with no due clears it', async () => {
    const user = uid();
    const t = await create(user, { title: 'dated', due: tsFromMs(Date.UTC(2026, 11, 1)) });
    assert.ok(t.due);
    const u = await update(user, { id: t.id }, ['due']);
    assert.equal(u.due, null, 'due must be cleared');
    assert.equal((await get(user, t.id)).due, null);
  });

  it('done=true sets completed_at, done=false clears it', async () => {
    const user = uid();
    const t = await create(user, { title: 'finish me' });
    const before = Date.now();
    const d = await update(user, { id: t.id, done: true }, ['done']);
    assert.equal(d.done, true);
    assert.ok(d.completed_at, 'completed_at must be set when done');
    assert.ok(Math.abs(tsMs(d.completed_at) - before) < 60000, 'completed_at is about now');
    assert.ok(tsNs(d.completed_at) >= tsNs(t.created_at), 'completed_at >= created_at');
    assert.deepEqual((await get(user, t.id)).completed_at, d.completed_at);
    const o = await update(user, { id: t.id, done: false }, ['done']);
    assert.equal(o.done, false);
    assert.equal(o.completed_at, null, 'completed_at must be cleared when reopened');
    assert.equal((await get(user, t.id)).completed_at, null);
  });

  it('a todo created done has completed_at set', async () => {
    const user = uid();
    const t = await create(user, { title: 'already done', done: true });
    if (t.done) assert.ok(t.completed_at, 'done todo without completed_at');
    else assert.equal(t.completed_at, null);
  });

  it('updated_at advances on every update; created_at does not', async () => {
    const user = uid();
    const t = await create(user, { title: 'clock' });
    await sleep(1100); // more than a second, so even whole-second clocks must move
    const u = await update(user, { id: t.id, notes: 'n' }, ['notes']);
    assert.ok(tsNs(u.updated_at) > tsNs(t.updated_at), `updated_at must advance: ${JSON.stringify(t.updated_at)} -> ${JSON.stringify(u.updated_at)}`);
    assert.deepEqual(u.created_at, t.created_at);
    await sleep(20);
    const v = await update(user, { id: t.id, notes: 'm' }, ['notes']);
    assert.ok(tsNs(v.updated_at) >= tsNs(u.updated_at), 'updated_at never goes back');
  });
});

describe('DeleteTodo', () => {
  it('delete returns Empty; the todo is gone from get and list; a second delete is NOT_FOUND', async () => {
    const user = uid();
    const a = await create(user, { title: 'a' });
    const b = await create(user, { title: 'b' });
    const r = await del(user, a.id);
    assert.deepEqual(r, {});
    await expectCode(get(user, a.id), status.NOT_FOUND);
    assert.deepEqual((await list(user)).todos.map((t) => t.id), [b.id]);
    await expectCode(del(user, a.id), status.NOT_FOUND);
    await expectCode(update(user, { id: a.id, title: 'z' }, ['title']), status.NOT_FOUND);
  });
});

describe('isolation between users', () => {
  it("another user's id is NOT_FOUND for get, update and delete, and nothing changes", async () => {
    const owner = uid('owner');
    const other = uid('other');
    const t = await create(owner, { title: 'private', notes: 'secret' });
    await create(other, { title: 'theirs' });
    await expectCode(get(other, t.id), status.NOT_FOUND);
    await expectCode(update(other, { id: t.id, title: 'hacked' }, ['title']), status.NOT_FOUND);
    await expectCode(update(other, { id: t.id, done: true }, ['done']), status.NOT_FOUND);
    await expectCode(del(other, t.id), status.NOT_FOUND);
    const still = await get(owner, t.id);
    assert.deepEqual(still, t, "the owner's todo is untouched");
  });

  it("the NOT_FOUND for another user's id looks like the one for a missing id (no leak)", async () => {
    const owner = uid();
    const other = uid();
    const t = await create(owner, { title: 'p' });
    const e1 = await expectCode(get(other, t.id), status.NOT_FOUND);
    const e2 = await expectCode(get(other, `${t.id}0`), status.NOT_FOUND);
    assert.notEqual(e1.code, status.PERMISSION_DENIED);
    assert.equal(e1.details.replaceAll(t.id, 'ID'), e2.details.replaceAll(`${t.id}0`, 'ID'), 'same message shape for both');
  });

  it('list shows only the caller’s todos, also with filters', async () => {
    const a = uid();
    const b = uid();
    for (let i = 0; i < 5; i++) await create(a, { title: `alpha ${i}`, tags: ['shared'] });
    for (let i = 0; i < 3; i++) await create(b, { title: `beta ${i}`, tags: ['shared'] });
    const la = (await list(a)).todos.map((t) => t.title).sort();
    const lb = (await list(b)).todos.map((t) => t.title).sort();
    assert.deepEqual(la, ['alpha 0', 'alpha 1', 'alpha 2', 'alpha 3', 'alpha 4']);
    assert.deepEqual(lb, ['beta 0', 'beta 1', 'beta 2']);
    assert.equal((await list(b, { tag: 'shared' })).todos.length, 3);
    assert.equal((await list(b, { query: 'alpha' })).todos.length, 0);
    assert.equal((await list(uid('nobody'))).todos.length, 0);
  });

  it('user ids are compared exactly (no case folding, no trimming, no prefix match)', async () => {
    const base = uid('Case');
    const t = await create(base, { title: 'exact' });
    for (const other of [base.toLowerCase(), base.toUpperCase(), `${base} `, base.slice(0, -1), `${base}x`]) {
      if (other === base) continue;
      await expectCode(get(other, t.id), status.NOT_FOUND);
      assert.equal((await list(other)).todos.length, 0, `user ${JSON.stringify(other)} sees nothing`);
    }
  });

  it("a page_token from one user's list does not reveal another user's todos", async () => {
    const a = uid();
    const b = uid();
    for (let i = 0; i < 4; i++) await create(a, { title: `a${i}` });
    const p = await list(a, { page_size: 2 });
    assert.ok(p.next_page_token);
    try {
      const r = await list(b, { page_size: 2, page_token: p.next_page_token });
      assert.equal(r.todos.length, 0, "another user's token must not list the first user's todos");
    } catch (e) {
      assert.equal(e.code, status.INVALID_ARGUMENT, `unexpected ${e.code} ${e.details}`);
    }
  });
});

describe('ListTodos pagination', () => {
  const user = uid('pager');
  const created = [];
  before(async () => {
    // 120 todos, 8 at a time.
    for (let i = 0; i < 120; i += 8) {
      const batch = await Promise.all(Array.from({ length: Math.min(8, 120 - i) }, (_, j) => create(user, { title: `item ${String(i + j).padStart(3, '0')}` })));
      created.push(...batch);
    }
  });

  it('120 todos in pages of 50: 50, 50, 20; every todo exactly once; last page has empty next_page_token', async () => {
    const { all, pages } = await listAll(user, {}, 50);
    assert.deepEqual(pages.map((p) => p.todos.length), [50, 50, 20]);
    assert.ok(pages[0].next_page_token && pages[1].next_page_token, 'non-final pages carry a token');
    assert.equal(pages[2].next_page_token, '');
    const ids = all.map((t) => t.id);
    assert.equal(new Set(ids).size, 120, 'no duplicates');
    assert.deepEqual([...ids].sort(), created.map((t) => t.id).sort(), 'every created todo exactly once');
  });

  it('the order is stable: listing again gives the same sequence, for any page size', async () => {
    const a = (await listAll(user, {}, 50)).all.map((t) => t.id);
    const b = (await listAll(user, {}, 50)).all.map((t) => t.id);
    const c7 = (await listAll(user, {}, 7)).all.map((t) => t.id);
    const one = (await list(user, { page_size: 500 })).todos.map((t) => t.id);
    assert.deepEqual(b, a);
    assert.deepEqual(c7, a, 'page size 7 yields the same sequence');
    assert.deepEqual(one, a, 'one page of 500 yields the same sequence');
  });

  it('page_size 0 means 50; page_size 500 is allowed; exact multiple ends with an empty token', async () => {
    const r0 = await list(user, { page_size: 0 });
    assert.equal(r0.todos.length, 50);
    assert.ok(r0.next_page_token);
    const r500 = await list(user, { page_size: 500 });
    assert.equal(r500.todos.length, 120);
    assert.equal(r500.next_page_token, '');
    const r120 = await list(user, { page_size: 120 });
    assert.equal(r120.todos.length, 120);
    if (r120.next_page_token) {
      const rest = await list(user, { page_size: 120, page_token: r120.next_page_token });
      assert.equal(rest.todos.length, 0);
      assert.equal(rest.next_page_token, '');
    }
  });

  it('a todo deleted between pages neither duplicates nor hides the others', async () => {
    const u = uid();
    const mine = [];
    for (let i = 0; i < 10; i++) mine.push(await create(u, { title: `d${i}` }));
    const p1 = await list(u, { page_size: 4 });
    await del(u, p1.todos[0].id); // already seen
    let token = p1.next_page_token;
    const seen = p1.todos.map((t) => t.id);
    while (token) {
      const p = await list(u, { page_size: 4, page_token: token });
      seen.push(...p.todos.map((t) => t.id));
      token = p.next_page_token;
    }
    assert.equal(new Set(seen).size, seen.length, 'no duplicates');
    assert.deepEqual([...seen].sort(), mine.map((t) => t.id).sort(), 'every todo seen once');
  });

  it('a malformed page_token is INVALID_ARGUMENT naming page_token', async () => {
    await expectCode(list(user, { page_token: 'not-a-token-%%%' }), status.INVALID_ARGUMENT, /page_token/);
  });
});

describe('ListTodos filters', () => {
  const user = uid('filter');
  const t = {};
  before(async () => {
    t.milk = await create(user, { title: 'Buy MILK', tags: ['home', 'shop'] });
    t.report = await create(user, { title: 'Write report', notes: 'quarterly Numbers for the board', tags: ['work'] });
    t.call = await create(user, { title: 'call mom', tags: ['home'] });
    t.pct = await create(user, { title: '100% done? under_score' });
    t.plain = await create(user, { title: '100 percent done', notes: 'underXscore' });
    await update(user, { id: t.call.id, done: true }, ['done']);
    await update(user, { id: t.report.id, done: true }, ['done']);
  });
  const titles = (r) => r.todos.map((x) => x.title).sort();

  it('status STATUS_OPEN / STATUS_DONE / STATUS_ANY', async () => {
    assert.deepEqual(titles(await list(user, { status: 'STATUS_DONE' })), ['Write report', 'call mom']);
    assert.deepEqual(titles(await list(user, { status: 'STATUS_OPEN' })), ['100 percent done', '100% done? under_score', 'Buy MILK']);
    assert.equal((await list(user, { status: 'STATUS_ANY' })).todos.length, 5);
  });

  it('query is a case-insensitive substring of the title', async () => {
    assert.deepEqual(titles(await list(user, { query: 'milk' })), ['Buy MILK']);
    assert.deepEqual(titles(await list(user, { query: 'BUY m' })), ['Buy MILK']);
    assert.deepEqual(titles(await list(user, { query: 'Mo' })), ['call mom']);
  });

  it('query also matches notes, case-insensitively', async () => {
    assert.deepEqual(titles(await list(user, { query: 'numbers FOR' })), ['Write report']);
  });

  it('query characters are literal (no LIKE/glob wildcards)', async () => {
    assert.deepEqual(titles(await list(user, { query: '%' })), ['100% done? under_score']);
    assert.deepEqual(titles(await list(user, { query: '100%' })), ['100% done? under_score']);
    assert.deepEqual(titles(await list(user, { query: 'under_score' })), ['100% done? under_score'], '_ must not match any character');
    assert.deepEqual(titles(await list(user, { query: '*' })), []);
    assert.deepEqual(titles(await list(user, { query: "'" })), []);
  });

  it('query with no match returns nothing and an empty token', async () => {
    const r = await list(user, { query: 'zzz-nothing' });
    assert.deepEqual(r.todos, []);
    assert.equal(r.next_page_token, '');
  });

  it('tag is an exact tag match', async () => {
    assert.deepEqual(titles(await list(user, { tag: 'home' })), ['Buy MILK', 'call mom']);
    assert.deepEqual(titles(await list(user, { tag: 'work' })), ['Write report']);
    assert.deepEqual(titles(await list(user, { tag: 'hom' })), [], 'no prefix match on tags');
    assert.deepEqual(titles(await list(user, { tag: 'nope' })), []);
  });

  it('filters combine (AND)', async () => {
    assert.deepEqual(titles(await list(user, { tag: 'home', status: 'STATUS_OPEN' })), ['Buy MILK']);
    assert.deepEqual(titles(await list(user, { tag: 'home', status: 'STATUS_DONE' })), ['call mom']);
    assert.deepEqual(titles(await list(user, { tag: 'home', query: 'mom' })), ['call mom']);
    assert.deepEqual(titles(await list(user, { query: 'done', status: 'STATUS_DONE' })), []);
  });

  it('filtered lists paginate over every match exactly once', async () => {
    const u = uid();
    const want = [];
    for (let i = 0; i < 25; i++) {
      const x = await create(u, { title: i % 2 ? `odd ${i}` : `even ${i}`, tags: i % 3 ? [] : ['three'] });
      if (i % 2) want.push(x.id);
    }
    const { all, pages } = await listAll(u, { query: 'ODD' }, 5);
    assert.deepEqual(all.map((x) => x.id).sort(), want.sort());
    assert.ok(pages.length >= 3);
    assert.equal(pages[pages.length - 1].next_page_token, '');
    const three = await listAll(u, { tag: 'three' }, 2);
    assert.equal(three.all.length, 9);
    assert.equal(new Set(three.all.map((x) => x.id)).size, 9);
  });
});

describe('concurrency', () => {
  it('parallel creates from several users are all stored, each under its own user', async () => {
    const users = [uid(), uid(), uid(), uid()];
    const per = 25;
    const results = await Promise.all(users.flatMap((u) => Array.from({ length: per }, (_, i) => create(u, { title: `${u} #${i}` }))));
    assert.equal(new Set(results.map((t) => t.id)).size, users.length * per);
    for (const u of users) {
      const r = await list(u, { page_size: 500 });
      assert.equal(r.todos.length, per);
      assert.ok(r.todos.every((t) => t.title.startsWith(`${u} `)));
    }
  });

  it('parallel updates of one todo leave it consistent and every call answers', async () => {
    const user = uid();
    const t = await create(user, { title: 'contended' });
    const rs = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => update(user, { id: t.id, title: `v${i}`, done: i % 2 === 0 }, ['title', 'done'])));
    const bad = rs.filter((r) => r.status === 'rejected');
    assert.equal(bad.length, 0, `updates failed: ${bad.map((r) => `${r.reason.code} ${r.reason.details}`)}`);
    const final = await get(user, t.id);
    assert.match(final.title, /^v\d+$/);
    assert.equal(!!final.completed_at, final.done, 'completed_at is set exactly when done');
  });
});

it('many todos of one user are served within the deadline', { timeout: ms(30000) }, async () => {
  const user = uid();
  await Promise.all(Array.from({ length: 50 }, (_, i) => create(user, { title: `load ${i}`, notes: 'x'.repeat(1000) })));
  const t0 = Date.now();
  const r = await list(user, { page_size: 500 });
  assert.equal(r.todos.length, 50);
  assert.ok(Date.now() - t0 < ms(2000), 'list of 50 todos takes under 2 s');
});

it('a user with many large todos can page through all of them with default client limits (4 MiB messages)', { timeout: ms(60000) }, async () => {
  // 450 todos with 10 000-byte notes are ~4.5 MB: page_size 500 (allowed) cannot fit in
  // one 4 MiB message, so the server must return fewer per page (AIP-158 allows it) or
  // the client cannot list at all.
  const user = uid('big');
  const notes = 'N'.repeat(10000);
  for (let i = 0; i < 450; i += 15) {
    await Promise.all(Array.from({ length: 15 }, (_, j) => create(user, { title: `big ${i + j}`, notes })));
  }
  const seen = new Set();
  let token = '';
  let pages = 0;
  do {
    const r = await list(user, { page_size: 500, page_token: token });
    r.todos.forEach((t) => seen.add(t.id));
    token = r.next_page_token;
    pages++;
  } while (token && pages < 100);
  assert.equal(seen.size, 450);
});

// Beyond the contract: what todo-svc/README.md promises a client.
describe('todo-svc README promises', () => {
  it('lists in creation order, oldest first', async () => {
    const user = uid();
    const made = [];
    for (let i = 0; i < 12; i++) made.push((await create(user, { title: `o${i}` })).id);
    const got = (await listAll(user, {}, 5)).all.map((t) => t.id);
    assert.deepEqual(got, made);
  });

  it('titles and tags are trimmed of Unicode white space; tags are deduplicated keeping the first', async () => {
    const user = uid();
    const t = await create(user, { title: '\u00a0\u3000 title \u2003\u2028', tags: ['\u00a0home ', 'work', 'home', ' work'] });
    assert.equal(t.title, 'title');
    assert.deepEqual(t.tags, ['home', 'work']);
    await expectCode(create(user, { title: '\u00a0\u2003\u3000' }), status.INVALID_ARGUMENT, /title/);
  });

  it('query folds case beyond ASCII (Latin-1, Greek, Cyrillic)', async () => {
    const user = uid();
    await create(user, { title: 'ÄPFEL kaufen' });
    await create(user, { title: 'ΑΘΗΝΑ trip' });
    await create(user, { title: 'позвонить МАМЕ' });
    const q = async (query) => (await list(user, { query })).todos.map((t) => t.title);
    assert.deepEqual(await q('äpfel'), ['ÄPFEL kaufen']);
    assert.deepEqual(await q('αθηνα'), ['ΑΘΗΝΑ trip']);
    assert.deepEqual(await q('маме'), ['позвонить МАМЕ']);
    assert.deepEqual(await q('ПОЗВОНИТЬ'), ['позвонить МАМЕ']);
  });

  it('a page_token reused with other filters is INVALID_ARGUMENT naming page_token', async () => {
    const user = uid();
    for (let i = 0; i < 6; i++) await create(user, { title: `f${i}`, tags: ['x'] });
    const p = await list(user, { page_size: 2, tag: 'x' });
    assert.ok(p.next_page_token);
    await expectCode(list(user, { page_size: 2, tag: 'y', page_token: p.next_page_token }), status.INVALID_ARGUMENT, /page_token/);
    await expectCode(list(user, { page_size: 2, status: 'STATUS_DONE', tag: 'x', page_token: p.next_page_token }), status.INVALID_ARGUMENT, /page_token/);
  });
});
