'use strict';
// Helpers for the gateway's HTTP integration tests: start the real three
// binaries (through ../lib/proc), make HTTP requests (../lib/http) with full
// control of headers and bodies, and read Server-Sent Events.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');
const proc = require('../lib/proc');
const lib = require('../lib/tracker');
const { request } = require('../lib/http');

const { ms } = lib;
const sleep = (n) => new Promise((r) => setTimeout(r, n));

// A fresh valid bearer token (one per simulated user).
function token() {
  return `t-${crypto.randomBytes(12).toString('hex')}`;
}

// ../lib/tracker's, plus todo-svc + chat-svc + gateway as in production.
function tracker() {
  const t = lib.tracker();
  return Object.assign(t, {
    todo: (extra = []) => t.startTodo(extra),
    chat: (todoAddr, extra = []) => t.startChat(todoAddr, extra),
    gateway: (todoAddr, chatAddr, extra = [], opts = {}) => t.startGateway(todoAddr, chatAddr, extra, opts),
    async stack(gwExtra = []) {
      const todo = await t.todo();
      const chat = await t.chat(todo.addr);
      const gw = await t.gateway(todo.addr, chat.addr, ['--id-key', 'test-key', ...gwExtra]);
      return { todo, chat, gw, base: `http://${gw.addr}` };
    },
  });
}

// An API client for one user.
function client(base, tok = token()) {
  const auth = { Authorization: `Bearer ${tok}` };
  const c = {
    token: tok,
    req: (method, path, opts = {}) => request(base, method, path, { ...opts, headers: { ...auth, ...(opts.headers || {}) } }),
    get: (path, opts) => c.req('GET', path, opts),
    post: (path, body, opts = {}) => c.req('POST', path, { ...opts, body }),
    patch: (path, body, opts = {}) => c.req('PATCH', path, { ...opts, body }),
    del: (path, opts) => c.req('DELETE', path, opts),
  };
  return c;
}

// Asserts the contract's error shape and returns the message.
function assertError(res, status, code) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.ok(res.json && res.json.error, `error body: ${res.text}`);
  assert.equal(res.json.error.code, code);
  assert.equal(typeof res.json.error.message, 'string');
  assert.ok(res.json.error.message.length > 0);
  assert.deepEqual(Object.keys(res.json), ['error']);
  return res.json.error.message;
}

// Opens GET /api/events and parses the stream: {status, headers, events
// [{event, data}], comments [], retry, raw, waitFor(pred, ms), close()}.
function openEvents(base, headers) {
  return new Promise((resolve, reject) => {
    const u = new URL('/api/events', base);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, headers: { Accept: 'text/event-stream', ...headers }, agent: false });
    req.on('error', (e) => { if (!s.closed) reject(e); });
    const s = { events: [], comments: [], retry: null, raw: '', closed: false, ended: false, waiters: [] };
    const check = () => {
      s.waiters = s.waiters.filter((w) => {
        const hit = w.pred(s);
        if (hit) { clearTimeout(w.timer); w.resolve(hit); }
        return !hit;
      });
    };
    s.waitFor = (pred, timeoutMs = ms(5000), what = 'event') => new Promise((res2, rej2) => {
      const hit = pred(s);
      if (hit) return res2(hit);
      const w = { pred, resolve: res2 };
      w.timer = setTimeout(() => {
        s.waiters = s.waiters.filter((x) => x !== w);
        rej2(new Error(`no ${what} within ${timeoutMs} ms; stream so far:\n${s.raw.slice(-2000)}`));
      }, timeoutMs);
      s.waiters.push(w);
    });
    s.close = () => { s.closed = true; req.destroy(); };
    req.on('response', (res) => {
      s.status = res.statusCode;
      s.headers = res.headers;
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        s.raw += d;
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = { event: 'message', data: [] };
          let isEvent = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) s.comments.push(line.slice(1).trim());
            else if (line.startsWith('retry:')) s.retry = Number(line.slice(6).trim());
            else if (line.startsWith('event:')) { ev.event = line.slice(6).trim(); isEvent = true; }
            else if (line.startsWith('data:')) { ev.data.push(line.slice(5).replace(/^ /, '')); isEvent = true; }
          }
          if (isEvent) {
            ev.data = ev.data.join('\n');
            try { ev.json = JSON.parse(ev.data); } catch { ev.json = undefined; }
            s.events.push(ev);
          }
        }
        check();
      });
      res.on('end', () => { s.ended = true; check(); });
      res.on('error', () => { s.ended = true; check(); });
      resolve(s);
    });
    req.end();
  });
}

// Polls fn until it returns truthy (or throws after timeoutMs).
async function eventually(fn, timeoutMs = ms(5000), what = 'condition') {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`${what} not reached within ${timeoutMs} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(50);
  }
}

// The value of a metric line (name + exact label set) in Prometheus text.
function metric(text, name, labels = '') {
  const want = labels ? `${name}{${labels}}` : name;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const sp = line.lastIndexOf(' ');
    if (line.slice(0, sp) === want) return Number(line.slice(sp + 1));
  }
  return undefined;
}

module.exports = { assert, ms, sleep, token, tracker, request, client, assertError, openEvents, eventually, metric, proc };
