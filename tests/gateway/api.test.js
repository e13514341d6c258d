'use strict';
// Every REST route of the contract against the real three binaries: shapes,
// status codes, Location, Idempotency-Key, pagination, per-user isolation and
// the cookie identity that GET / hands out.
const { describe, it, before, after } = require('node:test');
const { assert, tracker, client, request, assertError, token } = require('./util');

const T = tracker();
let base;

before(async () => {
  ({ base } = await T.stack());
});
after(() => T.cleanup());

const TODO_KEYS = ['id', 'title', 'notes', 'done', 'priority', 'due', 'tags', 'created_at', 'updated_at', 'completed_at',
  'recurrence', 'time_zone', 'remind_at', 'reminded_at'];
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function assertTodoShape(t) {
  assert.deepEqual(Object.keys(t).sort(), [...TODO_KEYS].sort());
  assert.equal(typeof t.id, 'string');
  assert.ok(t.id.length > 0);
  assert.ok(['none', 'low', 'medium', 'high'].includes(t.priority), t.priority);
  assert.ok(Array.isArray(t.tags));
  assert.match(t.created_at, RFC3339_UTC);
  assert.match(t.updated_at, RFC3339_UTC);
  assert.ok(t.due === null || RFC3339_UTC.test(t.due), `due ${t.due}`);
  assert.ok(t.completed_at === null || RFC3339_UTC.test(t.completed_at));
}

describe('POST /api/todos', () => {
  it('creates a todo: 201, Location, the contract shape, nulls for unset times', async () => {
    const c = client(base);
    const r = await c.post('/api/todos', { title: '  buy milk  ' });
    assert.equal(r.status, 201, r.text);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assertTodoShape(r.json);
    assert.equal(r.json.title, 'buy milk', 'title is trimmed');
    assert.equal(r.json.notes, '');
    assert.equal(r.json.done, false);
    assert.equal(r.json.priority, 'none');
    assert.equal(r.json.due, null);
    assert.equal(r.json.completed_at, null);
    assert.deepEqual(r.json.tags, []);
    assert.equal(r.headers.location, `/api/todos/${r.json.id}`);
  });

  it('keeps every optional field: notes, due (as UTC), priority, tags', async () => {
    const c = client(base);
    const r = await c.post('/api/todos', { title: 'dentist', notes: 'bring card', due: '2026-11-28T18:00:00+01:00', priority: 'high', tags: ['health', 'town'] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.notes, 'bring card');
    assert.equal(r.json.due, '2026-11-28T17:00:00Z');
    assert.equal(r.json.priority, 'high');
    assert.deepEqual(r.json.tags, ['health', 'town']);
  });

  it('honours Idempotency-Key: a retry returns the first todo and creates nothing', async () => {
    const c = client(base);
    const key = `k-${token()}`;
    const a = await c.post('/api/todos', { title: 'once' }, { headers: { 'Idempotency-Key': key } });
    const b = await c.post('/api/todos', { title: 'once' }, { headers: { 'Idempotency-Key': key } });
    assert.equal(a.status, 201, a.text);
    assert.ok(b.status === 201 || b.status === 200, b.text);
    assert.equal(b.json.id, a.json.id);
    const l = await c.get('/api/todos?status=all');
    assert.equal(l.json.todos.filter((t) => t.title === 'once').length, 1);
    const d = await c.post('/api/todos', { title: 'once' }, { headers: { 'Idempotency-Key': `${key}-2` } });
    assert.notEqual(d.json.id, a.json.id, 'another key creates another todo');
  });
});

describe('GET /api/todos and /api/todos/ID', () => {
  it('gets one todo by id and 404s an unknown id', async () => {
    const c = client(base);
    const made = (await c.post('/api/todos', { title: 'read book', tags: ['home'] })).json;
    const r = await c.get(`/api/todos/${made.id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, made);
    assertError(await c.get('/api/todos/doesnotexist'), 404, 'not_found');
  });

  it('lists with status open|done|all, q and tag filters', async () => {
    const c = client(base);
    const a = (await c.post('/api/todos', { title: 'walk dog', tags: ['pets'] })).json;
    const b = (await c.post('/api/todos', { title: 'feed cat', notes: 'wet food', tags: ['pets'] })).json;
    const x = (await c.post('/api/todos', { title: 'pay rent' })).json;
    await c.patch(`/api/todos/${b.id}`, { done: true });
    const ids = async (qs) => {
      const r = await c.get(`/api/todos${qs}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.json).sort(), ['next_cursor', 'todos']);
      r.json.todos.forEach(assertTodoShape);
      return r.json.todos.map((t) => t.id).sort();
    };
    assert.deepEqual(await ids('?status=open'), [a.id, x.id].sort());
    assert.deepEqual(await ids('?status=done'), [b.id]);
    assert.deepEqual(await ids('?status=all'), [a.id, b.id, x.id].sort());
    assert.deepEqual(await ids(''), [a.id, b.id, x.id].sort(), 'no status means all');
    assert.deepEqual(await ids('?status=all&q=WET'), [b.id], 'q searches notes case-insensitively');
    assert.deepEqual(await ids('?q=rent'), [x.id]);
    assert.deepEqual(await ids('?tag=pets&status=open'), [a.id]);
  });

  it('pages with limit and cursor; the last page has next_cursor null', async () => {
    const c = client(base);
    for (let i = 0; i < 5; i++) await c.post('/api/todos', { title: `item ${i}` });
    const seen = new Set();
    let cursor = null;
    let pages = 0;
    do {
      const r = await c.get(`/api/todos?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.todos.length <= 2);
      r.json.todos.forEach((t) => seen.add(t.id));
      cursor = r.json.next_cursor;
      assert.ok(cursor === null || (typeof cursor === 'string' && cursor.length > 0));
      pages++;
    } while (cursor && pages < 10);
    assert.equal(seen.size, 5);
    assert.ok(pages >= 3);
  });

  it('next_cursor is opaque: 120 todos in pages of 50 once each; no counter in it; another user cannot use it', async () => {
    const c = client(base);
    const made = [];
    for (let i = 0; i < 120; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => c.post('/api/todos', { title: `p${i + j}` })));
      made.push(...batch.map((r) => r.json.id));
    }
    const seen = [];
    const cursors = [];
    let cursor = null;
    do {
      const r = await c.get(`/api/todos?status=all&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200, r.text);
      seen.push(...r.json.todos.map((t) => t.id));
      cursor = r.json.next_cursor;
      if (cursor) cursors.push(cursor);
    } while (cursor && cursors.length < 10);
    assert.equal(cursors.length, 2, 'pages of 50, 50, 20');
    assert.equal(new Set(seen).size, 120, 'no duplicates');
    assert.deepEqual([...seen].sort(), [...made].sort(), 'every todo once');
    for (const k of cursors) {
      assert.match(k, /^[A-Za-z0-9_-]+$/, 'base64url');
      assert.ok(!/[0-9a-f]{12}/i.test(k), `no long hex run in ${k}`);
    }
    const other = client(base);
    assertError(await other.get(`/api/todos?status=all&limit=50&cursor=${encodeURIComponent(cursors[0])}`), 400, 'invalid_argument');
    assertError(await c.get(`/api/todos?status=open&limit=50&cursor=${encodeURIComponent(cursors[0])}`), 400, 'invalid_argument');
  });
});

describe('PATCH /api/todos/ID', () => {
  it('updates only the fields sent; done sets completed_at; due null clears', async () => {
    const c = client(base);
    const t = (await c.post('/api/todos', { title: 'call mum', due: '2026-12-01T10:00:00Z', priority: 'low', tags: ['family'] })).json;
    let r = await c.patch(`/api/todos/${t.id}`, { done: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.done, true);
    assert.match(r.json.completed_at, RFC3339_UTC);
    assert.equal(r.json.title, 'call mum');
    assert.equal(r.json.due, '2026-12-01T10:00:00Z');
    r = await c.patch(`/api/todos/${t.id}`, { due: null, title: 'call mum back', priority: 'medium', tags: [], notes: 'n' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.due, null);
    assert.equal(r.json.title, 'call mum back');
    assert.equal(r.json.priority, 'medium');
    assert.deepEqual(r.json.tags, []);
    assert.equal(r.json.notes, 'n');
    assert.equal(r.json.done, true);
    r = await c.patch(`/api/todos/${t.id}`, { done: false });
    assert.equal(r.json.completed_at, null);
    assert.deepEqual((await c.get(`/api/todos/${t.id}`)).json, r.json);
  });

  it('rejects an empty patch, unknown fields, wrong types and an unknown id', async () => {
    const c = client(base);
    const t = (await c.post('/api/todos', { title: 'x' })).json;
    assertError(await c.patch(`/api/todos/${t.id}`, {}), 400, 'invalid_argument');
    assert.match(assertError(await c.patch(`/api/todos/${t.id}`, { colour: 'red' }), 400, 'invalid_argument'), /colour/);
    assert.match(assertError(await c.patch(`/api/todos/${t.id}`, { done: 'yes' }), 400, 'invalid_argument'), /done/);
    assert.match(assertError(await c.patch(`/api/todos/${t.id}`, { priority: 'urgent' }), 400, 'invalid_argument'), /priority/);
    assert.match(assertError(await c.patch(`/api/todos/${t.id}`, { due: 'tomorrow' }), 400, 'invalid_argument'), /due/);
    assert.match(assertError(await c.patch(`/api/todos/${t.id}`, { tags: 'a' }), 400, 'invalid_argument'), /tags/);
    assertError(await c.patch('/api/todos/nope', { done: true }), 404, 'not_found');
  });
});

describe('DELETE /api/todos/ID', () => {
  it('deletes: 204 with no body, then 404', async () => {
    const c = client(base);
    const t = (await c.post('/api/todos', { title: 'temp' })).json;
    const r = await c.del(`/api/todos/${t.id}`);
    assert.equal(r.status, 204);
    assert.equal(r.body.length, 0);
    assertError(await c.get(`/api/todos/${t.id}`), 404, 'not_found');
    assertError(await c.del(`/api/todos/${t.id}`), 404, 'not_found');
  });
});

describe('identity', () => {
  it('one user never sees or changes another user\'s todos (404, not 403)', async () => {
    const alice = client(base);
    const bob = client(base);
    const t = (await alice.post('/api/todos', { title: 'secret' })).json;
    assert.deepEqual((await bob.get('/api/todos?status=all')).json.todos, []);
    assertError(await bob.get(`/api/todos/${t.id}`), 404, 'not_found');
    assertError(await bob.patch(`/api/todos/${t.id}`, { done: true }), 404, 'not_found');
    assertError(await bob.del(`/api/todos/${t.id}`), 404, 'not_found');
    assert.equal((await alice.get(`/api/todos/${t.id}`)).json.done, false);
  });

  it('GET / issues an HttpOnly SameSite=Strict sid cookie that identifies the user', async () => {
    const r = await request(base, 'GET', '/');
    assert.equal(r.status, 200);
    const cookie = [].concat(r.headers['set-cookie'] || [])[0];
    assert.ok(cookie, 'Set-Cookie on GET /');
    const m = cookie.match(/^sid=([A-Za-z0-9._~-]+);/);
    assert.ok(m, cookie);
    assert.ok(m[1].length >= 22, 'at least 128 random bits');
    assert.match(cookie, /;\s*HttpOnly/i);
    assert.match(cookie, /;\s*SameSite=Strict/i);
    assert.match(cookie, /;\s*Path=\//);
    const sid = m[1];
    const again = await request(base, 'GET', '/', { headers: { Cookie: `sid=${sid}` } });
    assert.equal(again.headers['set-cookie'], undefined, 'no new cookie while one is valid');
    const other = (await request(base, 'GET', '/')).headers['set-cookie'][0];
    assert.notEqual(other.match(/^sid=([^;]+)/)[1], sid, 'each browser gets its own');

    const viaCookie = (p, opts = {}) => request(base, opts.method || 'GET', p, { ...opts, headers: { Cookie: `sid=${sid}`, ...(opts.headers || {}) } });
    const made = await viaCookie('/api/todos', { method: 'POST', body: { title: 'from the browser' } });
    assert.equal(made.status, 201, made.text);
    const list = await viaCookie('/api/todos');
    assert.deepEqual(list.json.todos.map((t) => t.id), [made.json.id]);
    // the cookie value is a token: the same user through a bearer header
    const bearer = client(base, sid);
    assert.deepEqual((await bearer.get('/api/todos')).json.todos.map((t) => t.id), [made.json.id]);
  });
});
