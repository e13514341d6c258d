'use strict';
// SIGTERM on each binary: it stops taking new work, lets the work in flight
// finish (a request already accepted gets its real answer), ends streams,
// and exits 0 within the grace period.
const { describe, it, after } = require('node:test');
const net = require('node:net');
const http = require('node:http');
const path = require('node:path');
const {
  HAVE_CHAT, assert, proc, ms, sleep, token, freePort, tracker, request, until,
} = require('./stack');

const T = tracker();
after(() => T.cleanup());

const GRACE = ms(5000);
const env = { SHUTDOWN_GRACE_MS: String(GRACE) };

// A TCP server that accepts and never answers: makes an upstream call last
// exactly the gateway's deadline.
async function blackHole() {
  const socks = new Set();
  const srv = net.createServer((s) => { socks.add(s); s.on('error', () => {}); s.on('close', () => socks.delete(s)); });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  T.onCleanup(() => { for (const s of socks) s.destroy(); srv.close(); });
  return `127.0.0.1:${srv.address().port}`;
}

// Opens GET /api/events and resolves once the stream is established;
// .ended tells whether the server closed it.
function openEvents(addr, tok) {
  const [host, port] = addr.split(':');
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port: Number(port), path: '/api/events', headers: { authorization: `Bearer ${tok}` } }, (res) => {
      const st = { res, status: res.statusCode, ended: false, data: '' };
      res.on('data', (d) => { st.data += d; });
      res.on('end', () => { st.ended = true; });
      res.on('close', () => { st.ended = true; });
      res.on('error', () => { st.ended = true; });
      resolve(st);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gateway', () => {
  it('answers the request in flight, ends SSE streams, exits 0', { timeout: ms(40000) }, async () => {
    const todo = await T.todo([], { env });
    const hole = await blackHole();
    const deadline = ms(1500);
    const gw = await T.gateway(todo.addr, hole, ['--deadline-ms', String(deadline)], { env });
    const tok = token();
    const streams = await Promise.all([0, 1, 2].map(() => openEvents(gw.addr, tok)));
    streams.forEach((s) => assert.equal(s.status, 200, 'SSE stream open'));
    // A chat request that will take the whole deadline (chat-svc never answers).
    const slow = request(gw.addr, 'POST', '/api/chat', { tok, body: { message: 'hello' }, timeoutMs: ms(10000) });
    await sleep(ms(300));
    const t0 = Date.now();
    const stopped = gw.stop('SIGTERM', GRACE + ms(5000));
    const r = await slow;
    assert.equal(r.status, 504, `the request in flight at SIGTERM gets its real answer: ${r.status} ${r.text}`);
    assert.equal(r.json.error.code, 'deadline_exceeded');
    const x = await stopped;
    assert.equal(x.code, 0, `gateway exit after SIGTERM: ${JSON.stringify({ code: x.code, signal: x.signal })}\n${x.stderr.slice(-1500)}`);
    assert.ok(Date.now() - t0 < GRACE + ms(2000), `exits within the grace period (${Date.now() - t0} ms)`);
    await sleep(100);
    streams.forEach((s, i) => assert.ok(s.ended, `SSE stream ${i} was ended by the shutdown`));
    await assert.rejects(request(gw.addr, 'GET', '/healthz', { timeoutMs: 1000 }), 'nothing listens after exit');
  });
});

describe('todo-svc', () => {
  it('under load through the gateway: exits 0, in-flight creates are answered and on disk', { timeout: ms(60000) }, async () => {
    const db = path.join(proc.tmpDir('tc-fault-term-'), 'todos.db');
    const listen = `127.0.0.1:${await freePort()}`;
    const todo = await T.todo(['--db', db], { env, listen });
    const gw = await T.gateway(`ipv4:${listen}`, listen, ['--deadline-ms', String(ms(3000))], { env });
    const tok = token();
    const acked = [];
    const other = [];
    let stop = false;
    const worker = async (w) => {
      for (let i = 0; !stop && i < 5000; i++) {
        const r = await request(gw.addr, 'POST', '/api/todos', { tok, body: { title: `term ${w}/${i}` } });
        if (r.status === 201) acked.push(r.json);
        else if (r.status === 503) await sleep(20);
        else other.push(`${r.status} ${r.text}`);
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await until(() => acked.length >= 50, ms(20000), 5);
    const t0 = Date.now();
    const x = await todo.stop('SIGTERM', GRACE + ms(5000));
    const took = Date.now() - t0;
    stop = true;
    await Promise.all(workers);
    assert.equal(x.code, 0, `todo-svc exit after SIGTERM under load: ${JSON.stringify({ code: x.code, signal: x.signal })}\n${x.stderr.slice(-1500)}`);
    assert.ok(took < GRACE + ms(2000), `exits within the grace period (${took} ms)`);
    assert.deepEqual(other, [], 'creates get 201 or, once it is gone, 503');
    // Back on the same file and address: the same gateway (same user key)
    // lists every acknowledged create.
    await T.todo(['--db', db], { listen });
    await until(async () => (await request(gw.addr, 'GET', '/api/todos', { tok })).status === 200, ms(5000), 50);
    const r = await request(gw.addr, 'GET', '/api/todos?status=all&limit=500', { tok });
    const have = new Set(r.json.todos.map((t) => t.id));
    let cursor = r.json.next_cursor;
    while (cursor) {
      const p = await request(gw.addr, 'GET', `/api/todos?status=all&limit=500&cursor=${encodeURIComponent(cursor)}`, { tok });
      p.json.todos.forEach((t) => have.add(t.id));
      cursor = p.json.next_cursor;
    }
    const missing = acked.filter((t) => !have.has(t.id)).map((t) => t.title);
    assert.deepEqual(missing, [], `acknowledged creates lost by a graceful stop (${acked.length} acknowledged)`);
  });
});

describe('chat-svc', { skip: !HAVE_CHAT && 'chat-svc is not built' }, () => {
  it('under chat load: exits 0, turns in flight are answered', { timeout: ms(60000) }, async () => {
    const todo = await T.todo([], { env });
    const chat = await T.chat(todo.addr, [], { env });
    const gw = await T.gateway(todo.addr, chat.addr, ['--deadline-ms', String(ms(3000))], { env });
    const tok = token();
    let ok = 0;
    const other = [];
    let stop = false;
    const msgs = ['add buy milk tomorrow', 'show my todos', 'mark the milk one done', 'what is due this week?'];
    const worker = async (w) => {
      for (let i = 0; !stop && i < 5000; i++) {
        const r = await request(gw.addr, 'POST', '/api/chat', { tok, body: { message: msgs[(w + i) % msgs.length] } });
        if (r.status === 200) ok++;
        else if (r.status === 503) await sleep(20);
        else other.push(`${r.status} ${r.text}`);
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await until(() => ok >= 40, ms(20000), 5);
    const t0 = Date.now();
    const x = await chat.stop('SIGTERM', GRACE + ms(5000));
    const took = Date.now() - t0;
    await sleep(ms(300));
    stop = true;
    await Promise.all(workers);
    assert.equal(x.code, 0, `chat-svc exit after SIGTERM under load: ${JSON.stringify({ code: x.code, signal: x.signal })}\n${x.stderr.slice(-1500)}`);
    assert.ok(took < GRACE + ms(2000), `exits within the grace period (${took} ms)`);
    assert.deepEqual(other, [], 'chat turns get 200 or, once it is gone, 503');
  });
});
