'use strict';
// Two todo-svc replicas on ONE database behind the gateway (target
// `ipv4:A,B`, round robin) and chat-svc: under load from several workers
// mixing creates (no Idempotency-Key: the request id is the one the gateway
// makes), lists, gets, patches and chat "add" turns, replica A is killed
// with SIGKILL; once it is back, B is. The gateway and chat-svc retry on the
// survivor what is safe to retry (lib/rpc/rpc_client.h says what and how),
// so a client notices nothing: 0 failed requests; afterwards every acknowledged create is there
// exactly once and nothing else is (titles created vs listed, through the
// API), every patched todo holds its last acknowledged patch, and each
// user's event stream (reopened like a browser's EventSource when its
// replica died) still brings news of a create.
//
// Runs on SQLite (one file shared in WAL mode) and on a real PostgreSQL
// server the test starts (tests/lib/pg.js; where none is installed that
// case is skipped with the reason printed).
const { describe, it, after } = require('node:test');
const http = require('node:http');
const path = require('node:path');
const pg = require('../lib/pg');
const {
  HAVE_CHAT, assert, proc, ms, token, freePort, tracker, request, listAll, until,
} = require('./stack');

const T = tracker();
after(() => T.cleanup());

const USERS = 4;
const WORKERS = 8; // REST workers; plus one chat worker per user when chat-svc is built
const OPS_BEFORE = 1000; // successful requests before the first kill
const OPS_AFTER = 1000; // and after each kill, on the survivor

// A real PostgreSQL server for the second case, or {skip: why} (not installed).
const PG = pg.start('tc-fault-k9r-pg-');
after(() => PG.stop());

// Sum of grpc_server_handled_total for todo.v1.TodoService on one replica.
async function handled(metricsAddr) {
  const r = await request(metricsAddr, 'GET', '/metrics');
  if (r.status !== 200) return NaN;
  let n = 0;
  for (const line of r.text.split('\n')) {
    if (line.startsWith('grpc_server_handled_total{') && line.includes('todo.v1.TodoService')) n += Number(line.split(' ').pop());
  }
  return n;
}

// The load: REST workers and chat workers over USERS users. Every request
// is counted; anything but the expected 2xx answer is a failure.
function startLoad(gw, label) {
  const users = Array.from({ length: USERS }, () => ({ tok: token(), created: [], patched: new Map() }));
  const s = { ok: 0, failures: [], byOp: {}, stop: false };
  const count = (op, good, what) => {
    const o = s.byOp[op] || (s.byOp[op] = { ok: 0, failed: 0 });
    if (good) { o.ok++; s.ok++; } else { o.failed++; s.failures.push(`${op}: ${what}`); }
  };
  const pick = (a) => a[Math.floor(Math.random() * a.length)];
  const steps = {
    async create(u, w, i, mine) {
      const title = `${label} w${w} #${i}`;
      const r = await request(gw.addr, 'POST', '/api/todos', { tok: u.tok, body: { title, tags: ['k9r'] } });
      const good = r.status === 201 && r.json.title === title;
      if (good) { u.created.push({ title, id: r.json.id }); mine.push(r.json.id); }
      return [good, r];
    },
    async list(u) {
      const r = await request(gw.addr, 'GET', '/api/todos?status=all&limit=20', { tok: u.tok });
      return [r.status === 200 && Array.isArray(r.json.todos), r];
    },
    async get(u, w, i, mine) {
      if (!mine.length) return steps.list(u);
      const id = pick(mine);
      const r = await request(gw.addr, 'GET', `/api/todos/${id}`, { tok: u.tok });
      return [r.status === 200 && r.json.id === id, r];
    },
    async patch(u, w, i, mine) {
      if (!mine.length) return steps.list(u);
      const id = pick(mine);
      const notes = `patch w${w} #${i}`;
      const r = await request(gw.addr, 'PATCH', `/api/todos/${id}`, { tok: u.tok, body: { notes, priority: pick(['low', 'high']) } });
      const good = r.status === 200 && r.json.notes === notes;
      if (good) u.patched.set(id, notes);
      return [good, r];
    },
  };
  const mix = ['create', 'list', 'get', 'create', 'patch', 'list', 'create', 'get', 'patch', 'create'];
  const rest = async (w) => {
    const u = users[w % USERS];
    const mine = [];
    for (let i = 0; !s.stop; i++) {
      const op = mix[i % mix.length];
      try {
        const [good, r] = await steps[op](u, w, i, mine);
        count(op, good, `w${w} #${i}: ${r.status} ${r.text.slice(0, 200)}`);
      } catch (e) { count(op, false, `w${w} #${i}: ${e.message}`); }
    }
  };
  // "add <words>": chat-svc's create through its own todo-svc client. The
  // title is what the reply's todo says; words only, so no date is read.
  const word = (n) => n.toString(26).split('').map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('');
  const chat = async (c) => {
    const u = users[c];
    for (let i = 0; !s.stop; i++) {
      const message = `add ${label.replace(/[^a-z]/g, '')} parcel ${word(c * 100000 + i + 26)}`;
      try {
        const r = await request(gw.addr, 'POST', '/api/chat', { tok: u.tok, body: { message } });
        const t = r.status === 200 && r.json.intent === 'add_todo' && r.json.todos.length === 1 ? r.json.todos[0] : null;
        if (t) u.created.push({ title: t.title, id: t.id });
        count('chat add', !!t, `c${c} #${i} "${message}": ${r.status} ${r.text.slice(0, 200)}`);
      } catch (e) { count('chat add', false, `c${c} #${i}: ${e.message}`); }
    }
  };
  const t0 = Date.now();
  const running = [...Array.from({ length: WORKERS }, (_, w) => rest(w)), ...(HAVE_CHAT ? users.map((_, c) => chat(c)) : [])];
  s.finish = async () => { s.stop = true; await Promise.all(running); s.ms = Date.now() - t0; };
  s.users = users;
  return s;
}

// Every acknowledged create exactly once, nothing else, patches kept. Two
// chat turns may make the same title (chat reads the words its way), so
// titles are counted: as many todos of a title as creates acknowledged it.
async function checkData(gw, users) {
  let todos = 0;
  const count = (m, k) => m.set(k, (m.get(k) || 0) + 1);
  for (const u of users) {
    const all = await listAll(gw.addr, u.tok);
    todos += all.length;
    const byId = new Map(all.map((t) => [t.id, t]));
    const acked = new Map();
    const listed = new Map();
    u.created.forEach((c) => count(acked, c.title));
    all.forEach((t) => count(listed, t.title));
    const missing = u.created.filter((c) => !byId.has(c.id) || byId.get(c.id).title !== c.title);
    const doubled = [...listed].filter(([title, n]) => n > (acked.get(title) || 0));
    const unknown = doubled.filter(([title]) => !acked.has(title));
    assert.deepEqual(missing.slice(0, 10), [], `acknowledged creates lost (${missing.length} of ${u.created.length})`);
    assert.deepEqual(unknown.slice(0, 10), [], `todos nobody got a 2xx for (${unknown.length})`);
    assert.deepEqual(doubled.slice(0, 10), [], `creates applied twice (${doubled.length})`);
    for (const [id, notes] of u.patched) assert.equal(byId.get(id).notes, notes, `todo ${id} holds its last acknowledged patch`);
  }
  return todos;
}

// A browser's EventSource, reduced: GET /api/events, and again 100 ms after
// the stream ends. Records refusals (anything but a 200 stream), how often a
// stream ended, and the titles of the todos its 'created' events named.
function watch(gw, tok) {
  const [host, port] = gw.addr.split(':');
  const w = { opens: 0, ends: 0, refused: [], titles: new Set(), stop: false };
  const open = () => {
    if (w.stop) return;
    let done = false;
    const again = () => { if (!done) { done = true; if (!w.stop) setTimeout(open, 100); } };
    const req = http.request({ host, port: Number(port), path: '/api/events', headers: { authorization: `Bearer ${tok}` }, agent: false }, (res) => {
      if (res.statusCode !== 200) { w.refused.push(`status ${res.statusCode}`); res.resume(); again(); return; }
      w.opens++;
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const data = buf.slice(0, i).split('\n').find((l) => l.startsWith('data: '));
          buf = buf.slice(i + 2);
          try {
            const ev = data && JSON.parse(data.slice(6));
            if (ev && ev.type === 'created') w.titles.add(ev.todo.title);
          } catch { /* a heartbeat or partial line */ }
        }
      });
      res.on('close', () => { if (!w.stop) w.ends++; again(); });
    });
    req.on('error', (e) => { if (!w.stop) w.refused.push(e.message); again(); });
    w.req = req;
    req.end();
  };
  w.close = () => { w.stop = true; if (w.req) w.req.destroy(); };
  open();
  return w;
}

// Kills `victim` with SIGKILL once it and the other replica have both
// served calls since `since`, then lets the load run OPS_AFTER more
// requests on the survivor.
async function killMidLoad(load, victim, other, since) {
  await until(async () => (await handled(victim.m)) > since[0] + 50 && (await handled(other.m)) > since[1] + 50, ms(60000), 20);
  const k = await victim.svc.kill();
  assert.equal(k.signal, 'SIGKILL');
  const okAtKill = load.ok;
  await until(() => load.ok >= okAtKill + OPS_AFTER, ms(60000), 10);
}

// Replica A killed, then started again on its address, then B killed: both
// replicas die once under load, and a restarted one takes work again.
async function killUnderLoad(t, engine, db) {
  const replica = async () => {
    const r = { listen: `127.0.0.1:${await freePort()}`, m: `127.0.0.1:${await freePort()}` };
    r.start = async () => { r.svc = await T.todo(['--db', db, '--metrics-listen', r.m], { listen: r.listen }); };
    await r.start();
    return r;
  };
  const a = await replica();
  const b = await replica();
  const target = `ipv4:${a.listen},${b.listen}`;
  const chat = HAVE_CHAT ? await T.chat(target) : null;
  const gw = await T.gateway(target, chat ? chat.addr : b.listen, ['--deadline-ms', String(ms(3000))]);

  const load = startLoad(gw, `k9r ${engine}`);
  const watchers = load.users.map((u) => watch(gw, u.tok));
  try {
    await until(() => load.ok >= OPS_BEFORE, ms(60000), 10);
    await killMidLoad(load, a, b, [0, 0]);
    await a.start();
    await killMidLoad(load, b, a, [0, await handled(b.m)]);
  } finally {
    await load.finish();
  }
  // Live updates still reach every user: a create now shows on its stream
  // (reopened on the survivor if it had been on a killed replica).
  for (const [k, u] of load.users.entries()) {
    const title = `${engine} after the kills ${k}`;
    const r = await request(gw.addr, 'POST', '/api/todos', { tok: u.tok, body: { title } });
    assert.equal(r.status, 201, `create after the kills: ${r.text}`);
    u.created.push({ title, id: r.json.id });
    await until(() => watchers[k].titles.has(title), ms(5000), 20);
  }
  watchers.forEach((w) => w.close());
  const fails = load.failures.length;
  const total = load.ok + fails;
  const ops = Object.entries(load.byOp).map(([op, o]) => `${op} ${o.ok + o.failed}`).join(', ');
  const todos = await checkData(gw, load.users);
  const ends = watchers.reduce((n, w) => n + w.ends, 0);
  const refused = watchers.flatMap((w) => w.refused);
  const line = `${engine}: ${total} requests (${ops}) in ${(load.ms / 1000).toFixed(1)} s, ${fails} failed, 2 replicas killed; `
    + `${todos} todos listed afterwards, each acknowledged create exactly once; `
    + `${watchers.length} event streams: ${ends} ended by a kill and reopened, ${refused.length} reopenings refused`;
  t.diagnostic(line);
  console.log(`kill9_replicas ${line}`);
  assert.deepEqual(load.failures.slice(0, 20), [], `failed requests (${fails} of ${total})`);
  assert.deepEqual(refused, [], 'event streams reopen on the survivor');
}

describe('SIGKILL of one of two todo-svc replicas under load', () => {
  it('SQLite (one file, WAL): 0 failed, 0 lost, 0 duplicated', { timeout: ms(100000) }, async (t) => {
    await killUnderLoad(t, 'sqlite', path.join(proc.tmpDir('tc-fault-k9r-'), 'todos.db'));
  });
  it('PostgreSQL: 0 failed, 0 lost, 0 duplicated', { timeout: ms(100000), skip: PG.skip }, async (t) => {
    await killUnderLoad(t, 'postgresql', PG.uri);
  });
});
