'use strict';
// Every error of the contract: identity (401), routing (404/405), limits
// (413/415), bad input (400), and upstream failures (503/504). Errors are
// always {"error":{"code","message"}}.
const net = require('node:net');
const http = require('node:http');
const { describe, it, before, after } = require('node:test');
const { assert, ms, tracker, client, request, assertError } = require('./util');
const g = require('../lib/grpc');

const T = tracker();
let base;
let c;

before(async () => {
  ({ base } = await T.stack());
  c = client(base);
});
after(() => T.cleanup());

describe('401 unauthenticated', () => {
  const routes = [
    ['GET', '/api/todos'], ['POST', '/api/todos'], ['GET', '/api/todos/abc'],
    ['PATCH', '/api/todos/abc'], ['DELETE', '/api/todos/abc'], ['POST', '/api/chat'], ['GET', '/api/events'],
  ];
  it('every /api route without identity', async () => {
    for (const [method, path] of routes) {
      const body = method === 'POST' || method === 'PATCH' ? { title: 'x', message: 'x' } : undefined;
      assertError(await request(base, method, path, { body }), 401, 'unauthenticated');
    }
  });
  it('malformed tokens: too short, too long, bad characters, wrong scheme, bad cookie', async () => {
    const bad = ['Bearer short', `Bearer ${'a'.repeat(129)}`, 'Bearer abcdefghijklmnop!', 'Basic abcdefghijklmnop', 'Bearer', 'abcdefghijklmnopq'];
    for (const h of bad) {
      assertError(await request(base, 'GET', '/api/todos', { headers: { Authorization: h } }), 401, 'unauthenticated');
    }
    assertError(await request(base, 'GET', '/api/todos', { headers: { Cookie: 'sid=tooshort' } }), 401, 'unauthenticated');
    const ok16 = await request(base, 'GET', '/api/todos', { headers: { Authorization: `Bearer ${'a'.repeat(16)}` } });
    assert.equal(ok16.status, 200);
    const ok128 = await request(base, 'GET', '/api/todos', { headers: { Authorization: `Bearer A-Z.a_z~09${'x'.repeat(118)}` } });
    assert.equal(ok128.status, 200, ok128.text);
  });
});

describe('404 and 405', () => {
  it('unknown /api paths are 404 JSON', async () => {
    assertError(await c.get('/api/nothing'), 404, 'not_found');
    assertError(await c.get('/api/todos/a/b'), 404, 'not_found');
    assertError(await request(base, 'GET', '/no-such-file.js'), 404, 'not_found');
  });
  it('wrong methods are 405 JSON with Allow', async () => {
    let r = await c.req('PUT', '/api/todos', { body: { title: 'x' } });
    assertError(r, 405, 'method_not_allowed');
    assert.match(r.headers.allow, /GET/);
    assert.match(r.headers.allow, /POST/);
    r = await c.req('POST', '/api/todos/abc', { body: {} });
    assertError(r, 405, 'method_not_allowed');
    assert.match(r.headers.allow, /PATCH/);
    assertError(await c.get('/api/chat'), 405, 'method_not_allowed');
    assertError(await c.req('DELETE', '/healthz'), 405, 'method_not_allowed');
    assertError(await request(base, 'POST', '/', { body: 'x', headers: { 'Content-Type': 'text/plain' } }), 405, 'method_not_allowed');
  });
});

describe('413 payload_too_large', () => {
  it('a 65 KiB body on every JSON route', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(65 * 1024) });
    assertError(await c.post('/api/todos', big, { headers: { 'Content-Type': 'application/json' } }), 413, 'payload_too_large');
    assertError(await c.patch('/api/todos/abc', big, { headers: { 'Content-Type': 'application/json' } }), 413, 'payload_too_large');
    assertError(await c.post('/api/chat', JSON.stringify({ message: 'm'.repeat(65 * 1024) }), { headers: { 'Content-Type': 'application/json' } }), 413, 'payload_too_large');
  });
  it('exactly 64 KiB is read (and then judged on content)', async () => {
    const pad = 64 * 1024 - JSON.stringify({ title: '' }).length;
    const body = JSON.stringify({ title: 'y'.repeat(pad) });
    assert.equal(Buffer.byteLength(body), 64 * 1024);
    const r = await c.post('/api/todos', body, { headers: { 'Content-Type': 'application/json' } });
    assert.match(assertError(r, 400, 'invalid_argument'), /title/);
  });
  it('a chunked body that grows past 64 KiB', async () => {
    const u = new URL(base);
    const r = await new Promise((resolve, reject) => {
      const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: '/api/todos', agent: false,
        headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text, json: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.write('{"title":"');
      for (let i = 0; i < 70; i++) req.write('z'.repeat(1024));
      req.end('"}');
    });
    assertError(r, 413, 'payload_too_large');
  });
});

describe('415 unsupported_media_type', () => {
  it('bodies that are not application/json', async () => {
    assertError(await c.post('/api/todos', '{"title":"x"}', { headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
    assertError(await c.post('/api/todos', 'title=x', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
    assertError(await c.req('POST', '/api/todos', { body: Buffer.from('{"title":"x"}') }), 415, 'unsupported_media_type');
    assertError(await c.patch('/api/todos/abc', '{}', { headers: { 'Content-Type': 'application/jsonx' } }), 415, 'unsupported_media_type');
    assertError(await c.post('/api/chat', '{"message":"hi"}', { headers: { 'Content-Type': 'text/json' } }), 415, 'unsupported_media_type');
  });
  it('application/json with a charset parameter is fine', async () => {
    const r = await c.post('/api/todos', '{"title":"typed"}', { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    assert.equal(r.status, 201, r.text);
  });
});

describe('400 invalid_argument', () => {
  const post = (body) => c.post('/api/todos', body, { headers: { 'Content-Type': 'application/json' } });
  it('bad UTF-8, malformed JSON, non-objects, trailing data', async () => {
    assert.match(assertError(await post(Buffer.from([0x7b, 0x22, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400, 'invalid_argument'), /UTF-8/);
    assert.match(assertError(await post(Buffer.from('{"title":"\xc0\xaf"}', 'latin1')), 400, 'invalid_argument'), /UTF-8/);
    assert.match(assertError(await post('{"title": "x"'), 400, 'invalid_argument'), /JSON/);
    assertError(await post('{title: "x"}'), 400, 'invalid_argument');
    assertError(await post('["x"]'), 400, 'invalid_argument');
    assertError(await post('"x"'), 400, 'invalid_argument');
    assertError(await post(''), 400, 'invalid_argument');
    assertError(await post('{"title":"x"} {"title":"y"}'), 400, 'invalid_argument');
  });
  it('unknown fields and wrong types name the field', async () => {
    assert.match(assertError(await post({ title: 'x', owner: 'me' }), 400, 'invalid_argument'), /owner/);
    assert.match(assertError(await post({ title: 42 }), 400, 'invalid_argument'), /title/);
    assert.match(assertError(await post({ title: 'x', tags: [1] }), 400, 'invalid_argument'), /tags/);
    assert.match(assertError(await post({ title: 'x', due: 12 }), 400, 'invalid_argument'), /due/);
    assert.match(assertError(await post({ title: 'x', notes: null }), 400, 'invalid_argument'), /notes/);
    assert.match(assertError(await post({ title: 'x', id: 'mine' }), 400, 'invalid_argument'), /id/);
  });
  it('title limits: required, 1-500 bytes after trimming', async () => {
    assert.match(assertError(await post({}), 400, 'invalid_argument'), /title/);
    assert.match(assertError(await post({ title: '   ' }), 400, 'invalid_argument'), /title/);
    assert.match(assertError(await post({ title: 'é'.repeat(251) }), 400, 'invalid_argument'), /title/);
    assert.equal((await post({ title: 'é'.repeat(250) })).status, 201, '500 bytes is fine');
  });
  it('list query parameters', async () => {
    assert.match(assertError(await c.get('/api/todos?status=closed'), 400, 'invalid_argument'), /status/);
    assert.match(assertError(await c.get('/api/todos?limit=0'), 400, 'invalid_argument'), /limit/);
    assert.match(assertError(await c.get('/api/todos?limit=501'), 400, 'invalid_argument'), /limit/);
    assert.match(assertError(await c.get('/api/todos?limit=ten'), 400, 'invalid_argument'), /limit/);
  });
  it('chat message: required, 1-2000 bytes; known fields only', async () => {
    const chat = (b) => c.post('/api/chat', b);
    assert.match(assertError(await chat({}), 400, 'invalid_argument'), /message/);
    assert.match(assertError(await chat({ message: '' }), 400, 'invalid_argument'), /message/);
    assert.match(assertError(await chat({ message: 'm'.repeat(2001) }), 400, 'invalid_argument'), /message/);
    assert.match(assertError(await chat({ message: 'hi', mood: 'happy' }), 400, 'invalid_argument'), /mood/);
    assert.match(assertError(await chat({ message: 'hi', now: 'yesterday' }), 400, 'invalid_argument'), /now/);
    assert.match(assertError(await chat({ message: 'hi', timezone: 'Not a zone!' }), 400, 'invalid_argument'), /timezone/);
  });
});

describe('upstream failures', () => {
  it('a backend that is down: 503 unavailable (todos and chat)', async () => {
    const closed = await new Promise((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(`127.0.0.1:${p}`)); });
    });
    const gw = await T.gateway(closed, closed, ['--deadline-ms', String(ms(1500))]);
    const u = client(`http://${gw.addr}`);
    assertError(await u.get('/api/todos'), 503, 'unavailable');
    assertError(await u.post('/api/todos', { title: 'x' }), 503, 'unavailable');
    assertError(await u.post('/api/chat', { message: 'hi' }), 503, 'unavailable');
    assertError(await u.get('/api/events'), 503, 'unavailable');
    const r = await gw.stop();
    assert.equal(r.code, 0, 'exits 0 on SIGTERM');
  });

  it('a backend slower than the deadline: 504 deadline_exceeded, in about the deadline', async () => {
    const server = new g.grpc.Server();
    const never = () => { /* never answers */ };
    server.addService(g.pkgs.todo.v1.TodoService.service, {
      ListTodos: never, GetTodo: never, CreateTodo: never, UpdateTodo: never, DeleteTodo: never, WatchTodos: never,
    });
    const port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', g.grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    try {
      const gw = await T.gateway(`127.0.0.1:${port}`, `127.0.0.1:${port}`, ['--deadline-ms', '300']);
      const u = client(`http://${gw.addr}`);
      const t0 = Date.now();
      assertError(await u.get('/api/todos'), 504, 'deadline_exceeded');
      const took = Date.now() - t0;
      assert.ok(took >= 250 && took < ms(3000), `answered after ${took} ms with a 300 ms deadline`);
      assertError(await u.post('/api/todos', { title: 'x' }), 504, 'deadline_exceeded');
      const r = await gw.stop();
      assert.equal(r.code, 0, 'exits 0 on SIGTERM');
    } finally {
      server.forceShutdown();
    }
  });
});
