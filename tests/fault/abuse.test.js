'use strict';
// Abusive clients on every port: garbage bytes, 300 idle connections, slow
// senders (slowloris), slow bodies and clients that never read. Throughout,
// every service keeps serving: /healthz and gRPC health answer within a
// second and real API requests succeed.
const { before, describe, it, after } = require('node:test');
const crypto = require('node:crypto');
const {
  HAVE_CHAT, assert, ms, sleep, token, freePort, tracker, request, assertHealthy, assertGrpcHealthy, connect,
} = require('./stack');

const T = tracker();
let S; // {todo, chat, gw, ports: {name: addr}, tok}
const open = new Set();
after(async () => {
  for (const s of open) s.destroy();
  await T.cleanup();
});

function track(sock) { open.add(sock); sock.on('close', () => open.delete(sock)); return sock; }

before(async () => {
  const mTodo = `127.0.0.1:${await freePort()}`;
  const mChat = `127.0.0.1:${await freePort()}`;
  const todo = await T.todo(['--metrics-listen', mTodo]);
  const chat = HAVE_CHAT ? await T.chat(todo.addr, ['--metrics-listen', mChat]) : null;
  const gw = await T.gateway(todo.addr, chat ? chat.addr : todo.addr);
  const ports = { gateway: gw.addr, 'todo-svc': todo.addr, 'todo-svc metrics': mTodo };
  if (chat) Object.assign(ports, { 'chat-svc': chat.addr, 'chat-svc metrics': mChat });
  S = { todo, chat, gw, ports, tok: token(), todoHealth: T.grpcHealth(todo.addr), chatHealth: chat && T.grpcHealth(chat.addr) };
  const r = await request(gw.addr, 'POST', '/api/todos', { tok: S.tok, body: { title: 'survivor' } });
  assert.equal(r.status, 201);
});

// Everything a user or an orchestrator would notice: health within a second,
// the API answering, metrics served.
async function assertServing(what) {
  await assertHealthy(S.gw.addr, ms(1000), what);
  await assertGrpcHealthy(S.todoHealth, ms(1000), `todo-svc ${what}`);
  if (S.chatHealth) await assertGrpcHealthy(S.chatHealth, ms(1000), `chat-svc ${what}`);
  const l = await request(S.gw.addr, 'GET', '/api/todos', { tok: S.tok, timeoutMs: ms(2000) });
  assert.equal(l.status, 200, `GET /api/todos ${what}: ${l.status}`);
  assert.ok(l.json.todos.some((t) => t.title === 'survivor'), `list ${what} still has the todo`);
  for (const [name, addr] of Object.entries(S.ports)) {
    if (!name.endsWith('metrics')) continue;
    const m = await request(addr, 'GET', '/metrics', { timeoutMs: ms(2000) });
    assert.equal(m.status, 200, `${name} ${what}`);
  }
}

const GARBAGE = [
  () => crypto.randomBytes(1 + crypto.randomInt(4096)),
  () => Buffer.from('\x00'.repeat(100)),
  () => Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' + '\xff'.repeat(300), 'latin1'), // h2 preface, then junk frames
  () => Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0x40, 0, 4, 0, 0, 0, 0, 0]), crypto.randomBytes(2000)]),
  () => Buffer.from(`GET /${'a'.repeat(70000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
  () => Buffer.from(`GET / HTTP/1.1\r\n${'X-Junk: y\r\n'.repeat(5000)}\r\n`),
  () => Buffer.from('POST /api/todos HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'),
  () => Buffer.from('POST /api/todos HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n'),
  () => Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' + 'A'.repeat(200), 'latin1'), // TLS ClientHello-ish
  () => Buffer.from('GET / HTTP/9.9\r\n\r\n\r\n\r\n'),
];

describe('garbage bytes on every port', () => {
  it('no port is hurt by junk, truncated requests or bogus HTTP/2 frames', { timeout: ms(60000) }, async () => {
    for (const [name, addr] of Object.entries(S.ports)) {
      const socks = [];
      for (let round = 0; round < 3; round++) {
        for (const make of GARBAGE) {
          const s = track(await connect(addr));
          s.write(make());
          socks.push(s);
        }
      }
      await sleep(ms(200));
      // Half of them hang up abruptly, half stay open half-written.
      socks.forEach((s, i) => (i % 2 ? s.destroy() : s.end()));
      await assertServing(`after garbage on ${name}`);
    }
  });
});

describe('300 idle connections', () => {
  it('idle connections neither block the gateway nor the gRPC servers', { timeout: ms(60000) }, async () => {
    const idle = [];
    for (let i = 0; i < 300; i++) idle.push(track(await connect(S.gw.addr)));
    for (let i = 0; i < 100; i++) idle.push(track(await connect(S.todo.addr)));
    if (S.chat) for (let i = 0; i < 100; i++) idle.push(track(await connect(S.chat.addr)));
    await sleep(ms(300));
    await assertServing('with 300 idle HTTP and 100 idle gRPC connections per server');
    // A burst of real requests on top of them.
    const rs = await Promise.all(Array.from({ length: 50 }, () => request(S.gw.addr, 'GET', '/api/todos', { tok: S.tok })));
    assert.deepEqual(rs.map((r) => r.status).filter((s) => s !== 200), [], 'a burst of 50 lists while 300 are idle');
    for (const s of idle) s.destroy();
  });
});

describe('slow clients', () => {
  it('slowloris headers, trickled bodies and clients that never read do not starve others', { timeout: ms(60000) }, async () => {
    // Clients that never read: big responses (the UI page, a long list) into paused sockets.
    for (let i = 0; i < 30; i++) {
      const r = await request(S.gw.addr, 'POST', '/api/todos', { tok: S.tok, body: { title: `long ${i} ${'x'.repeat(400)}`, notes: 'n'.repeat(5000) } });
      assert.equal(r.status, 201);
    }
    const stuck = [];
    for (let i = 0; i < 40; i++) {
      const s = track(await connect(S.gw.addr));
      s.pause();
      const req = i % 2 ? `GET /api/todos?limit=500 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${S.tok}\r\n\r\n`.repeat(20)
        : 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(20);
      s.write(req);
      stuck.push(s);
    }
    // Slowloris: 60 connections sending one header byte every 50 ms.
    const loris = [];
    const line = 'GET /api/todos HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'z'.repeat(200);
    for (let i = 0; i < 60; i++) loris.push(track(await connect(S.gw.addr)));
    // Trickled bodies: a POST that promises 4000 bytes and sends 1 every 50 ms.
    const trickle = [];
    for (let i = 0; i < 30; i++) {
      const s = track(await connect(S.gw.addr));
      s.write(`POST /api/todos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${S.tok}\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"title":"`);
      trickle.push(s);
    }
    let k = 0;
    const timer = setInterval(() => {
      for (const s of loris) if (!s.isClosed()) s.write(line[k % line.length]);
      for (const s of trickle) if (!s.isClosed()) s.write('a');
      k++;
    }, 50);
    try {
      const t0 = Date.now();
      while (Date.now() - t0 < ms(3000)) {
        await assertServing('while slow clients hold connections');
        await sleep(200);
      }
    } finally {
      clearInterval(timer);
    }
    for (const s of [...stuck, ...loris, ...trickle]) s.destroy();
    await assertServing('after the slow clients left');
  });
});
