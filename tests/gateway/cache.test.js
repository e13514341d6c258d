'use strict';
// The gateway's list cache: a list nobody changed is answered without
// todo-svc, and nobody can tell otherwise. Writes through the gateway show
// at once; writes elsewhere (another gateway replica) arrive through
// todo-svc's WatchChanges within a second; users never share lists; a dead
// todo-svc is never hidden behind cached 200s; --list-cache-mb 0 turns it off.
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { assert, ms, sleep, tracker, client, request, assertError, eventually, metric, proc } = require('./util');

const T = tracker();
let todo;
let chat;
let gw;
let base;
let db;

const titles = (r) => {
  assert.equal(r.status, 200, r.text);
  return r.json.todos.map((t) => t.title).sort();
};
// Metrics come from a gateway's own metrics port (g: a started gateway).
const metrics = async (g = gw) => (await request(`http://${g.metricsAddr}`, 'GET', '/metrics')).text;
const hits = async (g = gw) => metric(await metrics(g), 'gateway_list_cache_lookups_total', 'result="hit"') || 0;
const live = async (g = gw) => metric(await metrics(g), 'gateway_list_cache_live') === 1;

before(async () => {
  db = path.join(proc.tmpDir('tc-cache-'), 'todos.db');
  todo = await T.todo(['--db', db]);
  chat = await T.chat(todo.addr);
  gw = await T.gateway(todo.addr, chat.addr, ['--id-key', 'cache-key']);
  base = `http://${gw.addr}`;
  await eventually(() => live(), ms(5000), 'the list cache going live');
});
after(() => T.cleanup());

describe('list cache', () => {
  it('a list nobody changed comes from the cache, the same bytes as from todo-svc', async () => {
    const c = client(base);
    for (const t of ['one', 'two', 'three']) assert.equal((await c.post('/api/todos', { title: t })).status, 201);
    const first = await c.get('/api/todos?status=all');
    const h0 = await hits();
    const second = await c.get('/api/todos?status=all');
    assert.equal(await hits(), h0 + 1, 'the second read is a hit');
    assert.equal(second.text, first.text);
    assert.equal(second.headers['content-type'], 'application/json');
    assert.equal(second.headers['cache-control'], 'no-store');
    assert.deepEqual(titles(second), ['one', 'three', 'two']);
    // Other queries are other entries.
    const limited = await c.get('/api/todos?status=all&limit=1');
    assert.equal(limited.json.todos.length, 1);
    assert.equal(typeof limited.json.next_cursor, 'string', limited.text);
  });

  it('every write through the gateway shows in the very next read', async () => {
    const c = client(base);
    const a = (await c.post('/api/todos', { title: 'alpha' })).json;
    for (let i = 0; i < 2; i++) await c.get('/api/todos?status=open'); // cached now
    assert.equal((await c.post('/api/todos', { title: 'beta' })).status, 201);
    assert.deepEqual(titles(await c.get('/api/todos?status=open')), ['alpha', 'beta']);
    assert.equal((await c.patch(`/api/todos/${a.id}`, { done: true })).status, 200);
    assert.deepEqual(titles(await c.get('/api/todos?status=open')), ['beta']);
    assert.deepEqual(titles(await c.get('/api/todos?status=done')), ['alpha']);
    assert.equal((await c.del(`/api/todos/${a.id}`)).status, 204);
    assert.deepEqual(titles(await c.get('/api/todos?status=done')), []);
    const r = await c.post('/api/chat', { message: 'add buy oat milk' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(titles(await c.get('/api/todos?status=open')), ['beta', 'buy oat milk']);
  });

  it('users never see each other\'s cached lists', async () => {
    const a = client(base);
    const b = client(base);
    await a.post('/api/todos', { title: 'only a' });
    await b.post('/api/todos', { title: 'only b' });
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(titles(await a.get('/api/todos')), ['only a']);
      assert.deepEqual(titles(await b.get('/api/todos')), ['only b']);
    }
    assertError(await request(base, 'GET', '/api/todos'), 401, 'unauthenticated');
  });

  it('a write through another gateway replica reaches this one\'s cached list within a second', async () => {
    const other = await T.gateway(todo.addr, chat.addr, ['--id-key', 'cache-key']);
    const c = client(base);
    const c2 = client(`http://${other.addr}`, c.token); // the same user on the other replica
    await c.post('/api/todos', { title: 'here' });
    for (let i = 0; i < 2; i++) assert.deepEqual(titles(await c.get('/api/todos')), ['here']);
    assert.equal((await c2.post('/api/todos', { title: 'there' })).status, 201);
    const t0 = Date.now();
    await eventually(async () => titles(await c.get('/api/todos')).includes('there'), ms(1000), 'the other replica\'s write');
    const took = Date.now() - t0;
    assert.ok(took < ms(1000), `seen after ${took} ms`);
  });

  it('writers on two replicas at once: each reads its own writes at once, and both replicas agree within a second', { timeout: ms(60000) }, async () => {
    const other = await T.gateway(todo.addr, chat.addr, ['--id-key', 'cache-key']);
    const tok = client(base).token;
    const sides = [client(base, tok), client(`http://${other.addr}`, tok)];
    const all = new Set();
    const stale = [];
    // 3 writers per replica, each: create, then read (a fresh list must hold
    // it), toggle one of its own, read again; readers in between keep the
    // caches filled with lists that the writes make stale.
    const writer = async (side, w) => {
      const c = sides[side];
      const mine = [];
      for (let i = 0; i < 15; i++) {
        const title = `r${side}w${w}i${i}`;
        const r = await c.post('/api/todos', { title });
        assert.equal(r.status, 201, r.text);
        mine.push(r.json);
        all.add(title);
        const l = await c.get('/api/todos?status=all&limit=500');
        if (!titles(l).includes(title)) stale.push(`${title} missing from its writer's next read`);
        if (i % 3 === 2) {
          const t = mine[i - 1];
          assert.equal((await c.patch(`/api/todos/${t.id}`, { done: true })).status, 200);
          const open = await c.get('/api/todos?status=open&limit=500');
          if (titles(open).includes(t.title)) stale.push(`${t.title} still open after its writer closed it`);
        }
      }
    };
    const reader = async (side, stop) => {
      while (!stop.done) {
        await sides[side].get('/api/todos?status=all&limit=500');
        await sides[side].get('/api/todos?status=open&limit=500');
      }
    };
    const stop = { done: false };
    const readers = [reader(0, stop), reader(1, stop)];
    await Promise.all([0, 1, 2, 3, 4, 5].map((k) => writer(k % 2, k)));
    stop.done = true;
    await Promise.all(readers);
    assert.deepEqual(stale, [], 'a client always reads its own writes through its gateway');
    const want = [...all].sort();
    for (const c of sides) {
      await eventually(async () => JSON.stringify(titles(await c.get('/api/todos?status=all&limit=500'))) === JSON.stringify(want), ms(1000), 'the replicas agreeing');
      const open = titles(await c.get('/api/todos?status=open&limit=500'));
      assert.equal(open.length, want.length - 30, `30 closed, the rest open: ${open.length}`);
    }
  });

  it('todo-svc killed: 503, never a cached 200; back by itself when todo-svc returns', { timeout: ms(60000) }, async () => {
    const c = client(base);
    await c.post('/api/todos', { title: 'survives' });
    for (let i = 0; i < 2; i++) assert.deepEqual(titles(await c.get('/api/todos')), ['survives']);
    const port = todo.port;
    assert.equal((await todo.kill()).signal, 'SIGKILL');
    await eventually(async () => (await c.get('/api/todos')).status === 503, ms(2000), 'a 503 after the kill');
    for (let i = 0; i < 3; i++) assertError(await c.get('/api/todos'), 503, 'unavailable');
    assert.equal(await live(), false, 'the cache is off while todo-svc is down');
    todo = await T.todo(['--db', db, '--listen', `127.0.0.1:${port}`]);
    await eventually(async () => (await c.get('/api/todos')).status === 200, ms(5000), 'lists again');
    assert.deepEqual(titles(await c.get('/api/todos')), ['survives']);
    await eventually(() => live(), ms(8000), 'the cache live again');
    const h0 = await hits();
    await c.get('/api/todos');
    await c.get('/api/todos');
    assert.ok(await hits() > h0, 'hits again');
  });

  it('--list-cache-mb 0: no cache, same answers', async () => {
    const off = await T.gateway(todo.addr, chat.addr, ['--id-key', 'cache-key', '--list-cache-mb', '0']);
    const b = `http://${off.addr}`;
    const c = client(b);
    await c.post('/api/todos', { title: 'uncached' });
    for (let i = 0; i < 3; i++) assert.deepEqual(titles(await c.get('/api/todos')), ['uncached']);
    const text = await metrics(off);
    assert.equal(metric(text, 'gateway_list_cache_live'), undefined);
    assert.ok(!text.includes('gateway_list_cache_lookups_total{'), 'no cache metrics');
    await sleep(0);
  });
});
