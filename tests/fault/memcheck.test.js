'use strict';
// A representative whole-stack workload: every HTTP route with its success
// and error paths, chat turns that carry context (add, list, complete,
// bulk delete with confirmation, undo), SSE, the static UI, health, metrics,
// and gRPC health, reflection and WatchTodos straight at the services; then
// SIGTERM on each binary. Labelled `valgrind`: the valgrind phase runs it
// with every binary under memcheck (TC_VALGRIND=1), where the tracker's
// cleanup fails on any memcheck error or definitely lost block. It also runs
// in the normal and ASan integration phases.
const { it, after } = require('node:test');
const http = require('node:http');
const path = require('node:path');
const {
  HAVE_CHAT, assert, proc, g, ms, sleep, token, tracker, request, until,
} = require('./stack');

const T = tracker();
after(() => T.cleanup());

function reflectList(addr) {
  const c = g.reflectionClient(addr);
  return new Promise((resolve, reject) => {
    const call = c.ServerReflectionInfo();
    call.on('data', (r) => { call.end(); c.close(); resolve(r.list_services_response.service.map((s) => s.name)); });
    call.on('error', (e) => { c.close(); reject(e); });
    call.write({ list_services: '' });
  });
}

function sse(addr, tok) {
  const [host, port] = addr.split(':');
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port: Number(port), path: '/api/events', headers: { authorization: `Bearer ${tok}` } }, (res) => {
      const s = { status: res.statusCode, text: '', close: () => req.destroy() };
      res.on('data', (d) => { s.text += d; });
      res.on('error', () => {});
      resolve(s);
    });
    req.on('error', reject);
  });
}

it('the whole API, chat, SSE, UI and gRPC surface, then a clean shutdown', { timeout: ms(300000) }, async () => {
  const db = path.join(proc.tmpDir('tc-memcheck-'), 'todos.db');
  const todo = await T.todo(['--db', db]);
  const chat = HAVE_CHAT ? await T.chat(todo.addr) : null;
  const gw = await T.gateway(todo.addr, chat ? chat.addr : todo.addr, ['--deadline-ms', String(ms(3000))]);
  const A = gw.addr;
  const tok = token();
  const to = { timeoutMs: ms(20000) };
  const api = (method, p, body, extra = {}) => request(A, method, p, { tok, body, ...to, ...extra });

  // Static UI, with and without gzip; health and metrics.
  let r = await request(A, 'GET', '/', { ...to, headers: { 'accept-encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.match(String(r.headers['set-cookie'] || ''), /sid=/);
  assert.equal((await request(A, 'GET', '/app.css', to)).status, 200);
  assert.equal((await request(A, 'GET', '/no-such-file.js', to)).status, 404);
  assert.equal((await request(A, 'GET', '/healthz', to)).status, 200);
  const ready = await until(async () => (await request(A, 'GET', '/readyz', to)).status === 200, ms(10000), 200);
  assert.ok(ready >= 0);

  // An SSE stream that sees the creates below.
  const events = await sse(A, tok);
  assert.equal(events.status, 200);

  // Creates with every field, then list with filters and paging.
  const ids = [];
  for (let i = 0; i < 12; i++) {
    r = await api('POST', '/api/todos', {
      title: ` todo ${i} ✓ `, notes: i % 2 ? `notes ${i}` : undefined, priority: ['none', 'low', 'medium', 'high'][i % 4],
      due: i % 3 ? `2026-12-${String(i + 1).padStart(2, '0')}T09:30:00+01:00` : null, tags: i % 2 ? ['home', `t${i}`] : [],
    }, { headers: { 'idempotency-key': `mem-${i}` } });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.id);
  }
  r = await api('POST', '/api/todos', { title: 'again' }, { headers: { 'idempotency-key': 'mem-0' } });
  assert.ok(r.status === 200 || r.status === 201);
  assert.equal(r.json.id, ids[0], 'a retried create returns the first');
  r = await api('GET', '/api/todos?status=all&limit=5');
  assert.equal(r.status, 200);
  assert.equal(r.json.todos.length, 5);
  r = await api('GET', `/api/todos?status=all&limit=5&cursor=${encodeURIComponent(r.json.next_cursor)}`);
  assert.equal(r.status, 200);
  assert.equal((await api('GET', '/api/todos?status=open&q=todo&tag=home')).status, 200);
  assert.equal((await api('GET', `/api/todos/${ids[1]}`)).status, 200);

  // Updates, deletes and every error path.
  assert.equal((await api('PATCH', `/api/todos/${ids[1]}`, { done: true, title: 'renamed', due: null, tags: ['x'] })).status, 200);
  assert.equal((await api('PATCH', `/api/todos/${ids[2]}`, { priority: 'high', notes: 'n' })).status, 200);
  assert.equal((await api('DELETE', `/api/todos/${ids[3]}`)).status, 204);
  assert.equal((await api('GET', `/api/todos/${ids[3]}`)).status, 404);
  assert.equal((await api('PATCH', `/api/todos/${ids[4]}`, {})).status, 400);
  assert.equal((await api('POST', '/api/todos', '{"title":', { headers: { 'content-type': 'application/json' } })).status, 400);
  assert.equal((await api('POST', '/api/todos', { title: 'x', bogus: 1 })).status, 400);
  assert.equal((await api('POST', '/api/todos', 'title=x', { headers: { 'content-type': 'text/plain' } })).status, 415);
  assert.equal((await api('POST', '/api/todos', { title: 'x'.repeat(70000) })).status, 413);
  assert.equal((await request(A, 'GET', '/api/todos', to)).status, 401);
  assert.equal((await api('PUT', '/api/todos')).status, 405);
  assert.equal((await api('GET', '/api/nope')).status, 404);

  // Chat turns that carry their context.
  if (chat) {
    let ctx;
    const say = async (message) => {
      const c = await api('POST', '/api/chat', { message, context: ctx, timezone: 'Europe/Berlin', now: '2026-11-27T10:00:00Z' });
      assert.equal(c.status, 200, `${message}: ${c.text}`);
      ctx = c.json.context;
      return c.json;
    };
    await say('hello');
    await say('remind me to call mum tomorrow at 6pm');
    await say("what's on my list?");
    await say('mark it done');
    await say('undo');
    await say('add buy milk #errands and eggs');
    await say('delete all the todos tagged home');
    await say('yes');
    await say('what is due this week?');
    assert.equal((await api('POST', '/api/chat', { message: '' })).status, 400);
  }

  // gRPC straight at the services: health, reflection, a WatchTodos stream.
  const h = T.grpcHealth(todo.addr);
  assert.equal((await g.call(h, 'Check', { service: '' }, { deadlineMs: ms(5000) })).status, 'SERVING');
  assert.ok((await reflectList(todo.addr)).includes('todo.v1.TodoService'));
  if (chat) assert.ok((await reflectList(chat.addr)).includes('chat.v1.ChatService'));
  const tc = g.todoClient(todo.addr);
  const watch = tc.WatchTodos({ user_id: 'memcheck-user' });
  const seen = [];
  watch.on('data', (e) => seen.push(e));
  watch.on('error', () => {});
  await sleep(ms(200));
  await g.call(tc, 'CreateTodo', { user_id: 'memcheck-user', todo: { title: 'watched' } }, { deadlineMs: ms(5000) });
  await until(() => seen.length >= 1, ms(5000), 50);
  watch.cancel();
  tc.close();

  // The SSE stream saw the creates; metrics are served.
  await until(() => (events.text.match(/event: todo/g) || []).length >= 12, ms(10000), 100);
  events.close();
  r = await request(gw.metricsAddr, 'GET', '/metrics', to);
  assert.equal(r.status, 200);
  assert.match(r.text, /# TYPE/);

  // SIGTERM each binary: exit 0, and (under valgrind) no memcheck report.
  for (const s of [gw, chat, todo].filter(Boolean)) {
    const x = await s.stop('SIGTERM', ms(15000));
    assert.equal(x.code, 0, `${s.name} exit: ${JSON.stringify({ code: x.code, signal: x.signal })}\n${(x.valgrind || x.stderr).slice(-3000)}`);
    s.assertClean();
  }
});
