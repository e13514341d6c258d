'use strict';
// kill -9 todo-svc while creates are in flight through the gateway: every
// create the gateway acknowledged (201) is there after todo-svc restarts on
// the same SQLite file, the failures in between are 503/504 JSON errors (not
// hangs or 500s), and retrying a failed create with its Idempotency-Key after
// the restart makes exactly one todo, even when the first attempt had been
// committed before its answer was lost.
const { it, after } = require('node:test');
const path = require('node:path');
const {
  HAVE_CHAT, assert, proc, ms, sleep, token, freePort, tracker, request, listAll, until,
} = require('./stack');

const T = tracker();
after(() => T.cleanup());

it('every acknowledged create survives kill -9 of todo-svc mid-write', { timeout: ms(90000) }, async (t) => {
  const dir = proc.tmpDir('tc-fault-kill9-');
  const db = path.join(dir, 'todos.db');
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  const todo1 = await T.todo(['--db', db], { listen });
  const chat = HAVE_CHAT ? await T.chat(listen) : null;
  const gw = await T.gateway(`ipv4:${listen}`, chat ? chat.addr : listen, ['--deadline-ms', String(ms(2000))]);
  const tok = token();

  const acked = new Map(); // idempotency key -> todo as acknowledged
  const failed = new Map(); // key -> body of a request that got 503/504
  const bad = []; // anything else
  let phase = 'before';
  let stop = false;
  let seq = 0;
  const worker = async (w) => {
    for (let i = 0; !stop && i < 2000; i++) {
      const key = `k9-${w}-${i}`;
      const body = { title: `kill9 ${w}/${i} ✓`, notes: `seq ${seq++}`, tags: ['fault'], priority: ['low', 'high'][i % 2] };
      let r;
      try {
        r = await request(gw.addr, 'POST', '/api/todos', { tok, body, headers: { 'idempotency-key': key }, timeoutMs: ms(10000) });
      } catch (e) {
        bad.push(`${key} (${phase}): ${e.message}`);
        continue;
      }
      if (r.status === 201) acked.set(key, r.json);
      else if ((r.status === 503 || r.status === 504) && r.json && r.json.error) {
        failed.set(key, body);
        await sleep(20);
      } else bad.push(`${key} (${phase}): ${r.status} ${r.text.slice(0, 200)}`);
    }
  };
  const workers = [0, 1, 2, 3, 4, 5].map(worker);

  await until(() => acked.size >= 60, ms(20000), 5);
  const k = await todo1.kill();
  assert.equal(k.signal, 'SIGKILL');
  phase = 'down';
  const ackedAtKill = acked.size;
  await sleep(ms(700));
  const todo2 = await T.todo(['--db', db], { listen });
  phase = 'after';
  // The gateway reconnects by itself; creates succeed again.
  const tUp = Date.now();
  const firstMs = await until(() => acked.size > ackedAtKill, ms(15000), 5);
  const recoverMs = await until(() => acked.size >= ackedAtKill + 60, ms(15000), 20);
  t.diagnostic(`acked at kill ${ackedAtKill}, failed ${failed.size}, first ack ${firstMs} ms, 60 more acks ${recoverMs} ms after restart (${Date.now() - tUp})`);
  stop = true;
  await Promise.all(workers);
  assert.deepEqual(bad, [], 'requests during the crash fail only with 503/504 JSON errors');

  // Retrying the failed ones with their keys: exactly one todo per key.
  for (const [key, body] of failed) {
    const r = await request(gw.addr, 'POST', '/api/todos', { tok, body, headers: { 'idempotency-key': key } });
    assert.ok(r.status === 201 || r.status === 200, `retry of ${key} after restart: ${r.status} ${r.text}`);
    acked.set(key, r.json);
  }

  const all = await listAll(gw.addr, tok);
  const byId = new Map(all.map((x) => [x.id, x]));
  const missing = [];
  for (const [key, t] of acked) {
    const got = byId.get(t.id);
    if (!got) missing.push(key);
    else assert.deepEqual(got, t, `todo of ${key} as acknowledged`);
  }
  assert.deepEqual(missing, [], `acknowledged creates missing after kill -9 (${acked.size} acknowledged)`);
  const titles = all.map((x) => x.title);
  assert.equal(new Set(titles).size, titles.length, 'no create was applied twice');
  assert.equal(all.length, acked.size, 'no todo exists that was not acknowledged or retried');
  assert.ok(todo2.addr);
});
