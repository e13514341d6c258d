'use strict';
// Mixed-load soak against a running gateway (bench/soak.sh starts the stack):
// USERS simulated people, each with an open SSE stream (reopened now and
// then), listing, creating, toggling and chatting with think times. Prints,
// per interval: requests, errors, p50/p99/max latency, SSE events, and each
// process's RSS. Exits non-zero on any error or when memory keeps growing
// after warm-up. Only talks to the loopback address it is given.
//
//   node bench/soak.js GATEWAY_ADDR SECONDS USERS INTERVAL_S name=pid...
const http = require('node:http');
const fs = require('node:fs');

const [addr, secondsArg, usersArg, intervalArg, ...procArgs] = process.argv.slice(2);
if (!addr || !/^127\.|^\[::1\]|^localhost/.test(addr)) {
  console.error('usage: soak.js 127.0.0.1:PORT SECONDS USERS INTERVAL_S name=pid ...');
  process.exit(2);
}
const SECONDS = Number(secondsArg || 300);
const USERS = Number(usersArg || 100);
const INTERVAL = Number(intervalArg || 60);
const procs = procArgs.map((a) => { const [name, pid] = a.split('='); return { name, pid: Number(pid) }; });
const [host, port] = addr.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: USERS * 2 });
const end = Date.now() + SECONDS * 1000;
const sleep = (n) => new Promise((r) => setTimeout(r, n));
const rand = (n) => Math.floor(Math.random() * n);

let bucket = { lat: [], errors: 0, events: 0 };
const errorsSeen = [];
const history = [];

function rss(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch { return NaN; }
}

function req(tok, method, path, body) {
  const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const headers = { authorization: `Bearer ${tok}` };
  if (data) { headers['content-type'] = 'application/json'; headers['content-length'] = data.length; }
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => {
    const r = http.request({ host, port: Number(port), method, path, headers, agent, timeout: 10000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        bucket.lat.push(ms);
        let json;
        try { json = JSON.parse(Buffer.concat(chunks).toString()); } catch { json = undefined; }
        if (res.statusCode >= 300) fail(`${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`);
        resolve({ status: res.statusCode, json });
      });
    });
    r.on('timeout', () => r.destroy(new Error('no answer within 10 s')));
    r.on('error', (e) => { fail(`${method} ${path}: ${e.message}`); resolve({ status: 0 }); });
    if (data) r.write(data);
    r.end();
  });
}

function fail(msg) {
  bucket.errors++;
  if (errorsSeen.length < 20) errorsSeen.push(msg);
}

// One SSE stream per user; closing it ourselves is not an error, the server
// closing it before the end is.
function openEvents(tok) {
  const s = { closedByUs: false };
  s.req = http.get({ host, port: Number(port), path: '/api/events', headers: { authorization: `Bearer ${tok}` } }, (res) => {
    if (res.statusCode !== 200) fail(`GET /api/events: ${res.statusCode}`);
    res.on('data', (d) => { bucket.events += (d.toString().match(/^event: todo/gm) || []).length; });
    res.on('end', () => { if (!s.closedByUs && Date.now() < end) fail('SSE stream ended by the server'); });
  });
  s.req.on('error', (e) => { if (!s.closedByUs && Date.now() < end) fail(`SSE: ${e.message}`); });
  s.close = () => { s.closedByUs = true; s.req.destroy(); };
  return s;
}

const MESSAGES = ["what's on my list?", 'remind me to call mum tomorrow at 6pm', "what's due this week?",
  'add water the plants #home', 'mark the plants one done', 'show my open todos', 'hello'];

async function user(i) {
  const tok = `soakuser${String(i).padStart(4, '0')}-0123456789abcdef`;
  let sse = openEvents(tok);
  let sseAt = Date.now();
  const mine = [];
  let ctx = '';
  await sleep(rand(1000));
  while (Date.now() < end) {
    const dice = rand(100);
    if (dice < 40) {
      const r = await req(tok, 'GET', '/api/todos?status=all&limit=50');
      if (r.json && r.json.todos) { mine.length = 0; mine.push(...r.json.todos.map((t) => t.id)); }
    } else if (dice < 60) {
      const r = await req(tok, 'POST', '/api/todos', { title: `soak ${i} ${Date.now()}`, tags: ['soak'], priority: 'low' });
      if (r.json && r.json.id) mine.push(r.json.id);
      if (mine.length > 40) { // people also clean up: keep each list person-sized
        const id = mine.shift();
        await req(tok, 'DELETE', `/api/todos/${id}`);
      }
    } else if (dice < 80) {
      if (mine.length) await req(tok, 'PATCH', `/api/todos/${mine[rand(mine.length)]}`, { done: rand(2) === 1 });
    } else {
      const r = await req(tok, 'POST', '/api/chat', { message: MESSAGES[rand(MESSAGES.length)], context: ctx || undefined, timezone: 'Europe/Berlin' });
      if (r.json && typeof r.json.context === 'string') ctx = r.json.context;
    }
    if (Date.now() - sseAt > 30000 + rand(30000)) { // reopen the event stream now and then
      sse.close();
      sse = openEvents(tok);
      sseAt = Date.now();
    }
    await sleep(100 + rand(200));
  }
  sse.close();
}

function pct(a, p) {
  if (!a.length) return 0;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function report(n) {
  const b = bucket;
  bucket = { lat: [], errors: 0, events: 0 };
  const mem = procs.map((p) => `${p.name} ${rss(p.pid).toFixed(1)}`).join(', ');
  const row = { n, reqs: b.lat.length, errors: b.errors, p50: pct(b.lat, 50), p99: pct(b.lat, 99), max: pct(b.lat, 100), events: b.events, rss: procs.map((p) => rss(p.pid)) };
  history.push(row);
  console.log(`[${String(n * INTERVAL).padStart(5)} s] ${String(row.reqs).padStart(6)} req (${(row.reqs / INTERVAL).toFixed(0)}/s), errors ${row.errors}, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, max ${row.max.toFixed(1)} ms, SSE events ${row.events}, RSS MiB: ${mem}`);
}

(async () => {
  console.log(`soak: ${USERS} users for ${SECONDS} s against ${addr}, a line every ${INTERVAL} s`);
  let n = 0;
  const timer = setInterval(() => report(++n), INTERVAL * 1000);
  await Promise.all(Array.from({ length: USERS }, (_, i) => user(i)));
  clearInterval(timer);
  if (bucket.lat.length) report(++n);
  agent.destroy();
  const errors = history.reduce((a, r) => a + r.errors, 0);
  // Flat memory: after the first interval (warm-up), no process's RSS grows
  // by more than 10 % + 4 MiB between the first post-warm-up interval and the end.
  const growth = [];
  if (history.length >= 3) {
    procs.forEach((p, k) => {
      const a = history[1].rss[k];
      const b = history[history.length - 1].rss[k];
      if (b > a * 1.1 + 4) growth.push(`${p.name} ${a.toFixed(1)} -> ${b.toFixed(1)} MiB`);
    });
  }
  console.log(`soak: ${history.reduce((a, r) => a + r.reqs, 0)} requests, ${errors} errors, p99 per interval: ${history.map((r) => r.p99.toFixed(1)).join(' ')} ms`);
  if (errorsSeen.length) console.log(`soak: first errors:\n  ${errorsSeen.join('\n  ')}`);
  if (growth.length) console.log(`soak: memory grew after warm-up: ${growth.join(', ')}`);
  else if (history.length >= 3) console.log('soak: memory flat after warm-up');
  console.log(errors || growth.length ? 'soak: FAILED' : 'soak: OK');
  process.exit(errors || growth.length ? 1 : 0);
})();
