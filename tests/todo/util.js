'use strict';
// Helpers for the todo-svc interop suite. Process start-up and grpc-js clients
// come from ../lib; this file only adds what the todo tests share: tracking of
// started processes and clients (so every file ends with assertClean), status
// assertions, raw (hand-encoded) unary calls, and a WatchTodos event collector.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const proc = require('../lib/proc');
const g = require('../lib/grpc');
const lib = require('../lib/tracker');

const { grpc, status } = g;

const { SLOW, ms } = lib;

const sleep = (n) => new Promise((r) => setTimeout(r, n));

function uid(prefix = 'u') {
  return `${prefix}-${crypto.randomBytes(6).toString('hex')}`;
}

// ../lib/tracker's, plus gRPC clients closed at cleanup.
function tracker() {
  const t = lib.tracker();
  return Object.assign(t, {
    todo: (addr) => t.client(g.todoClient(addr)),
    health: (addr) => t.client(g.healthClient(addr)),
    reflection: (addr, v) => t.client(g.reflectionClient(addr, v)),
    generic: (addr) => t.client(new grpc.Client(addr, grpc.credentials.createInsecure())),
  });
}

// Two todo-svc processes on one database (`--db db`, a SQLite file or a
// PostgreSQL URI) started under tracker t, and a client of each: {a, b, ca, cb}.
async function startPair(t, db) {
  const a = await t.startTodo(['--db', db]);
  const b = await t.startTodo(['--db', db]);
  return { a, b, ca: t.todo(a.addr), cb: t.todo(b.addr) };
}

function call(c, method, req, opts = {}) {
  return g.call(c, method, req, { deadlineMs: ms(5000), ...opts });
}

// Awaits a call that must fail with `code` (or one of an array of codes);
// when fieldRe is given, the status message must match it (the contract: "a
// message that names the field"). Resolves with the error.
async function expectCode(p, code, fieldRe) {
  const codes = Array.isArray(code) ? code : [code];
  const name = (x) => Object.keys(status).find((k) => status[k] === x) || String(x);
  const want = codes.map(name).join(' or ');
  let resp;
  try {
    resp = await p;
  } catch (err) {
    if (err.code === undefined) throw err;
    assert.ok(codes.includes(err.code), `expected ${want}, got ${name(err.code)}: ${err.details}`);
    if (fieldRe) assert.match(err.details || '', fieldRe, `status message should name the field (${fieldRe}); got ${JSON.stringify(err.details)}`);
    return err;
  }
  const shown = Buffer.isBuffer(resp) ? `${resp.length} response bytes: ${JSON.stringify(resp.toString('latin1')).slice(0, 200)}` : JSON.stringify(resp).slice(0, 300);
  assert.fail(`expected ${want}, but the call succeeded with ${shown}`);
}

// Timestamp {seconds: '123', nanos: n} (longs as strings) -> ms since epoch, or null.
function tsMs(t) {
  if (!t) return null;
  return Number(t.seconds) * 1000 + Math.floor((t.nanos || 0) / 1e6);
}
// Comparable BigInt nanoseconds, for strict ordering of timestamps.
function tsNs(t) {
  if (!t) return null;
  return BigInt(t.seconds) * 1000000000n + BigInt(t.nanos || 0);
}
function tsFromMs(m) {
  return { seconds: String(Math.floor(m / 1000)), nanos: (m % 1000) * 1e6 };
}

// A unary call with hand-encoded request bytes (Buffer) and a raw Buffer
// response: lets a test send what proto-loader would refuse to encode
// (invalid UTF-8, malformed messages, unknown methods).
function rawUnary(client, path, buf, { deadlineMs = ms(5000) } = {}) {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(path, (b) => b, (b) => b, buf, new grpc.Metadata(),
      { deadline: new Date(Date.now() + deadlineMs) }, (err, resp) => (err ? reject(err) : resolve(resp)));
  });
}

// A gRPC call over plain node:http2, with no client-side deadline: lets a
// test send a `grpc-timeout` header and see what the *server* does with it.
// rawBody replaces the framed message with exact bytes; headers adds or
// overrides request headers. Resolves {status (number), message, ms, body, why}.
function h2Call(addr, path, msgBytes, { grpcTimeout, giveUpMs = ms(5000), rawBody, headers: extra = {} } = {}) {
  const http2 = require('node:http2');
  return new Promise((resolve) => {
    const sess = http2.connect(`http://${addr}`);
    sess.on('error', () => {});
    const t0 = Date.now();
    const headers = { ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' };
    if (grpcTimeout) headers['grpc-timeout'] = grpcTimeout;
    Object.assign(headers, extra);
    const req = sess.request(headers);
    let body = Buffer.alloc(0);
    let hdrs = {};
    let done = false;
    const fin = (why, tr) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const h = { ...hdrs, ...(tr || {}) };
      resolve({ why, ms: Date.now() - t0, status: h['grpc-status'] === undefined ? null : Number(h['grpc-status']), message: h['grpc-message'], body });
      req.close();
      sess.close();
    };
    const timer = setTimeout(() => fin('client gave up'), giveUpMs);
    req.on('response', (h) => { hdrs = h; });
    req.on('data', (d) => { body = Buffer.concat([body, d]); });
    req.on('trailers', (tr) => fin('trailers', tr));
    req.on('end', () => fin('end'));
    req.on('error', (e) => fin(`error ${e.message}`));
    if (rawBody) {
      req.end(rawBody);
      return;
    }
    const frame = Buffer.alloc(5 + msgBytes.length);
    frame.writeUInt32BE(msgBytes.length, 1);
    msgBytes.copy(frame, 5);
    req.end(frame);
  });
}

// Opens WatchTodos and collects its events.
// Returns {call, events, error, ended, waitFor(pred, timeoutMs), cancel()}.
function openWatch(client, userId, opts = {}) {
  const callOpts = {};
  if (opts.deadlineMs) callOpts.deadline = new Date(Date.now() + opts.deadlineMs);
  const c = client.WatchTodos({ user_id: userId }, callOpts);
  const w = { call: c, events: [], error: null, ended: false, waiters: [] };
  const poke = () => {
    for (const x of [...w.waiters]) x();
  };
  c.on('data', (ev) => { w.events.push(ev); poke(); });
  c.on('error', (e) => { w.error = e; poke(); });
  c.on('end', () => { w.ended = true; poke(); });
  c.on('status', () => { w.ended = true; poke(); });
  // Resolves with the first event index >= from satisfying pred.
  w.waitFor = (pred, timeoutMs = ms(3000), from = 0) => new Promise((resolve, reject) => {
    const check = () => {
      for (let i = from; i < w.events.length; i++) {
        if (pred(w.events[i])) { done(); resolve(i); return true; }
      }
      if (w.error || w.ended) {
        done();
        reject(new Error(`watch for ${userId} ended before the awaited event (${w.error ? `${w.error.code} ${w.error.details}` : 'end'}); got ${JSON.stringify(w.events.map(brief))}`));
        return true;
      }
      return false;
    };
    const timer = setTimeout(() => { done(); reject(new Error(`timed out waiting for a watch event for ${userId}; got ${JSON.stringify(w.events.map(brief))}`)); }, timeoutMs);
    const done = () => { clearTimeout(timer); w.waiters = w.waiters.filter((x) => x !== check); };
    if (!check()) w.waiters.push(check);
  });
  w.cancel = () => c.cancel();
  return w;
}

// A watcher's events from index `from` on as 'TYPE:title', to compare orders.
function eventSeq(w, from) {
  return w.events.slice(from).map((e) => `${e.type}:${e.todo && e.todo.title}`);
}

function brief(ev) {
  return `${ev.type}:${ev.todo ? `${ev.todo.id}:${ev.todo.title}` : '-'}`;
}

// Makes sure the watchers (all for userId) are live: creates a marker todo
// until each watcher has seen its EVENT_CREATED (the contract says events flow
// "from the moment of the call", but a client cannot see that moment, so the
// first marker may race the server-side registration). Returns, per watcher,
// the index just after the marker event; later events start there.
async function syncWatchers(client, userId, watchers, label = 'sync') {
  const deadline = Date.now() + ms(8000);
  for (let attempt = 0; ; attempt++) {
    const marker = await call(client, 'CreateTodo', { user_id: userId, todo: { title: `${label}-${attempt}` } });
    try {
      const wait = ms(Math.min(1000, 50 * 2 ** attempt)); // a late marker event is harmless: it precedes the next one
      const idx = await Promise.all(watchers.map((w) => w.waitFor((e) => e.type === 'EVENT_CREATED' && e.todo && e.todo.id === marker.id, wait)));
      return { marker, from: idx.map((i) => i + 1) };
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}

module.exports = {
  assert, grpc, status, g, proc, SLOW, ms, sleep, uid, tracker, call, expectCode,
  tsMs, tsNs, tsFromMs, rawUnary, h2Call, openWatch, syncWatchers, brief, startPair, eventSeq,
};
