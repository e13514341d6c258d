'use strict';
// Helpers for the fault tests: start the real binaries (tests/lib/proc.js),
// track them so every test file ends by checking exit codes and sanitizer /
// valgrind reports, plain HTTP against the gateway (../lib/http), raw
// sockets, and free loopback ports. All traffic stays on 127.0.0.1.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const net = require('node:net');
const proc = require('../lib/proc');
const g = require('../lib/grpc');
const lib = require('../lib/tracker');
const { request } = require('../lib/http');

const { SLOW, ms } = lib;
const sleep = (n) => new Promise((r) => setTimeout(r, n));

const HAVE_CHAT = require('node:fs').existsSync(proc.bin('chat-svc'));

// A bearer token (16-128 chars of A-Za-z0-9._~-): one user.
const token = () => `tok-${crypto.randomBytes(12).toString('hex')}`;

// A loopback port nothing listens on right now (the kernel's pick).
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ../lib/tracker's, plus the three services on free ports and gRPC health
// clients.
function tracker() {
  const t = lib.tracker();
  return Object.assign(t, {
    // opts.listen: HOST:PORT instead of a free port (for a restart on the same address).
    todo(extra = [], opts = {}) {
      return t.start('todo-svc', ['--listen', opts.listen || '127.0.0.1:0', '--metrics-listen', 'off',
        ...(extra.includes('--db') ? [] : ['--db', ':memory:']), ...extra], opts);
    },
    chat(todoAddr, extra = [], opts = {}) {
      return t.start('chat-svc', ['--listen', '127.0.0.1:0', '--metrics-listen', 'off', '--todo-addr', todoAddr, ...extra], opts);
    },
    gateway(todoAddr, chatAddr, extra = [], opts = {}) {
      return t.start('gateway', ['--listen', '127.0.0.1:0', '--todo-addr', todoAddr, '--chat-addr', chatAddr,
        '--ui-dir', `${proc.SOURCE_DIR}/ui`, '--metrics-listen', '127.0.0.1:0', ...extra], opts);
    },
    // todo-svc + chat-svc + gateway, each on a free port. Without a built
    // chat-svc the gateway's chat target is todo-svc (whose health check
    // answers the same way) and chat is null: chat tests then skip.
    async stack({ db = ':memory:', gwArgs = [], todoArgs = [], env } = {}) {
      const todo = await t.todo(['--db', db, ...todoArgs], { env });
      const chat = HAVE_CHAT ? await t.chat(todo.addr, [], { env }) : null;
      const gw = await t.gateway(todo.addr, chat ? chat.addr : todo.addr, gwArgs, { env });
      return { todo, chat, gw };
    },
    grpcHealth: (addr) => t.client(g.healthClient(addr)),
  });
}

// GET /healthz must answer 200 within limitMs (a fresh connection each time).
async function assertHealthy(addr, limitMs = ms(1000), what = '') {
  const r = await request(addr, 'GET', '/healthz', { timeoutMs: limitMs });
  assert.equal(r.status, 200, `/healthz ${what}: status ${r.status}`);
  assert.ok(r.ms <= limitMs, `/healthz ${what} answered in ${r.ms} ms (limit ${limitMs})`);
  return r;
}

// gRPC health Check ("" service) must say SERVING within limitMs.
async function assertGrpcHealthy(client, limitMs = ms(1000), what = '') {
  const t0 = Date.now();
  const r = await g.call(client, 'Check', { service: '' }, { deadlineMs: limitMs });
  assert.equal(r.status, 'SERVING', `gRPC health ${what}`);
  assert.ok(Date.now() - t0 <= limitMs, `gRPC health ${what} answered in ${Date.now() - t0} ms`);
}

// A raw TCP connection; resolves once connected. sock.received() is what came back.
function connect(addr) {
  const [host, port] = addr.split(':');
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port: Number(port) });
    let got = Buffer.alloc(0);
    let closed = false;
    sock.on('data', (d) => { got = Buffer.concat([got, d]); });
    sock.on('close', () => { closed = true; });
    sock.on('error', () => { /* the peer may reset us: that is fine */ });
    sock.received = () => got;
    sock.isClosed = () => closed;
    sock.once('connect', () => resolve(sock));
    sock.once('error', reject);
  });
}

// Every todo of a user (status=all), following next_cursor page by page.
async function listAll(addr, tok) {
  const all = [];
  let cursor = null;
  for (let page = 0; page < 200; page++) {
    const q = `/api/todos?status=all&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await request(addr, 'GET', q, { tok });
    assert.equal(r.status, 200, `list: ${r.status} ${r.text}`);
    all.push(...r.json.todos);
    cursor = r.json.next_cursor;
    if (!cursor) return all;
  }
  throw new Error('list did not end within 200 pages');
}

// Waits until fn() resolves truthy, polling every stepMs, up to limitMs.
// Resolves with the elapsed ms; rejects with the last error/falsy outcome.
async function until(fn, limitMs, stepMs = 100) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try {
      if (await fn()) return Date.now() - t0;
      last = 'condition false';
    } catch (e) { last = e.message; }
    if (Date.now() - t0 > limitMs) throw new Error(`not within ${limitMs} ms: ${last}`);
    await sleep(stepMs);
  }
}

module.exports = {
  HAVE_CHAT, assert, proc, g, SLOW, ms, sleep, token, freePort, tracker, request, listAll, assertHealthy, assertGrpcHealthy, connect, until,
};
