'use strict';
// PostgreSQL down under load: two todo-svc replicas on one real PostgreSQL
// server behind the gateway, workers mixing creates, lists, gets and
// patches. While the server is down, crashed (connections drop) or frozen
// (SIGSTOP: connections stay open, nothing answers, as in a partition),
// every request gets JSON 503 `unavailable` within about a second (the
// gateway's retry on the other replica included: the database is down for
// it too), none hangs or gets another error. Once PostgreSQL is back,
// requests succeed again without restarting anything, and every create
// acknowledged before, during or after the outage is there exactly once.
const { describe, it, after } = require('node:test');
const pg = require('../lib/pg');
const {
  assert, ms, sleep, token, tracker, request, listAll, until,
} = require('./stack');

const T = tracker();
after(() => T.cleanup());

const PG = pg.start('tc-fault-pgdown-');
after(() => PG.stop());

const WORKERS = 4;
const LIMIT = ms(1000) + ms(300); // the contract's second, plus HTTP and scheduling
const OUTAGE = ms(3000);

// One worker per user: create, list, get, patch in turn. Every answer is
// kept with the time it was sent and received.
function startLoad(gw, label) {
  const s = { answers: [], stop: false, users: [] };
  const run = async (w) => {
    const u = { tok: token(), created: [] };
    s.users.push(u);
    for (let i = 0; !s.stop; i++) {
      const last = u.created[u.created.length - 1];
      const [method, path, body] = [
        ['POST', '/api/todos', { title: `${label} w${w} #${i}` }],
        ['GET', '/api/todos?status=all&limit=20'],
        ['GET', last ? `/api/todos/${last.id}` : '/api/todos'],
        ['PATCH', last ? `/api/todos/${last.id}` : '/api/todos', { notes: `n${i}` }],
      ][i % 4];
      if (method === 'PATCH' && !last) continue;
      const t0 = Date.now();
      let r;
      try {
        r = await request(gw.addr, method, path, { tok: u.tok, body, timeoutMs: ms(10000) });
      } catch (e) { r = { status: 0, text: e.message }; }
      s.answers.push({ what: `${method} ${path.split('?')[0]}`, t0, t1: Date.now(), status: r.status, code: r.json && r.json.error && r.json.error.code, text: r.text });
      if (method === 'POST' && r.status === 201) u.created.push({ title: body.title, id: r.json.id });
      if (r.status === 503) await sleep(20); // a client's pause before trying again
    }
  };
  const running = Array.from({ length: WORKERS }, (_, w) => run(w));
  s.finish = async () => { s.stop = true; await Promise.all(running); };
  return s;
}

const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function outage(t, mode, down, up) {
  const db = await PG.createDb(`outage_${mode}`);
  const a = await T.todo(['--db', db]);
  const b = await T.todo(['--db', db]);
  const gw = await T.gateway(`ipv4:${a.addr},${b.addr}`, b.addr, ['--deadline-ms', String(ms(2000))]);
  const load = startLoad(gw, `pgdown ${mode}`);
  let tDown;
  let tUp;
  let recovered;
  try {
    await until(() => load.answers.filter((x) => x.status < 300).length >= 200, ms(20000), 10);
    await down();
    tDown = Date.now();
    await sleep(OUTAGE);
    tUp = Date.now();
    await up();
    // Back: every worker's requests succeed again, nothing restarted.
    recovered = await until(() => load.answers.filter((x) => x.t0 > tUp && x.status < 300).length >= 200, ms(15000), 20);
  } finally {
    await load.finish();
  }
  [a, b, gw].forEach((p) => assert.equal(p.exited(), null, `${p.name} still running: nothing was restarted`));

  // Sent while down: answered within LIMIT; and if answered before it was
  // back, with a 503.
  const sent = load.answers.filter((x) => x.t0 > tDown + ms(100) && x.t0 < tUp);
  const during = sent.filter((x) => x.t1 < tUp);
  const odd = load.answers.filter((x) => !(x.status >= 200 && x.status < 300) && !(x.status === 503 && x.code === 'unavailable'));
  const slow = sent.filter((x) => x.t1 - x.t0 > LIMIT);
  const msDuring = during.map((x) => x.t1 - x.t0);
  const line = `${mode}: ${load.answers.length} requests; ${during.length} answered while PostgreSQL was down, all JSON 503: `
    + `p50 ${pct(msDuring, 0.5)} ms, max ${Math.max(...sent.map((x) => x.t1 - x.t0))} ms; first 200 successes ${recovered} ms after it was back`;
  t.diagnostic(line);
  console.log(`pg_down ${line}`);
  assert.ok(during.length >= WORKERS, `requests were answered during the outage (${during.length})`);
  assert.deepEqual(odd.slice(0, 10).map((x) => `${x.what} sent ${x.t0 - tDown} ms after the outage began (it lasted ${tUp - tDown} ms): ${x.status} after ${x.t1 - x.t0} ms ${x.text.slice(0, 160)}`), [], 'only 2xx and JSON 503 unavailable');
  assert.deepEqual(during.filter((x) => x.status !== 503).map((x) => `${x.what}: ${x.status} after ${x.t0 - tDown} ms`), [], 'every request while down is a 503');
  assert.deepEqual(slow.slice(0, 10).map((x) => `${x.what}: ${x.t1 - x.t0} ms`), [], `503s within ${LIMIT} ms`);

  for (const u of load.users) {
    const all = await listAll(gw.addr, u.tok);
    const ids = new Set(all.map((x) => x.id));
    assert.deepEqual(u.created.filter((c) => !ids.has(c.id)), [], 'acknowledged creates all there');
    assert.equal(new Set(all.map((x) => x.title)).size, all.length, 'no create applied twice');
  }
}

describe('PostgreSQL down under load, two replicas behind the gateway', { skip: PG.skip }, () => {
  it('crashed (connections drop): JSON 503 within about 1 s, back without a restart', { timeout: ms(90000) }, async (t) => {
    await outage(t, 'crashed', () => PG.pause('immediate'), () => PG.resume());
  });
  // A call in flight when PostgreSQL freezes waits out one statement
  // deadline (1 s) and nothing more: a failed connection sends no ROLLBACK,
  // and callers queued for a connection give up at the same deadline.
  it('frozen (nothing answers): JSON 503 within about 1 s, back without a restart', {
    timeout: ms(90000),
  }, async (t) => {
    await outage(t, 'frozen', () => PG.freeze(), () => PG.thaw());
  });
});
