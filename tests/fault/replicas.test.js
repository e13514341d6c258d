'use strict';
// Two todo-svc replicas behind the gateway (one multi-address target,
// round robin): stopping one with SIGTERM under load costs zero failed client
// requests. Both replicas open the same SQLite file (WAL mode, busy timeout),
// so a read answers the same whichever replica serves it and a todo created
// through one is read back through the other: the test checks the data, not
// only the status codes.
const { it, after } = require('node:test');
const path = require('node:path');
const {
  assert, proc, ms, sleep, token, freePort, tracker, request, until, HAVE_CHAT,
} = require('./stack');

const T = tracker();
after(() => T.cleanup());

// Sum of grpc_server_handled_total for todo.v1.TodoService on one replica.
async function handled(metricsAddr) {
  const r = await request(metricsAddr, 'GET', '/metrics');
  assert.equal(r.status, 200, `metrics of ${metricsAddr}`);
  let n = 0;
  for (const line of r.text.split('\n')) {
    if (line.startsWith('grpc_server_handled_total{') && line.includes('todo.v1.TodoService')) n += Number(line.split(' ').pop());
  }
  return n;
}

it('SIGTERM of one of two replicas under load fails no client request', { timeout: ms(90000) }, async (t) => {
  const db = path.join(proc.tmpDir('tc-fault-replicas-'), 'todos.db');
  const env = { SHUTDOWN_GRACE_MS: String(ms(5000)) };
  const mA = `127.0.0.1:${await freePort()}`;
  const mB = `127.0.0.1:${await freePort()}`;
  const a = await T.todo(['--db', db, '--metrics-listen', mA], { env });
  const b = await T.todo(['--db', db, '--metrics-listen', mB], { env });
  const target = `ipv4:${a.addr},${b.addr}`;
  const chat = HAVE_CHAT ? await T.chat(target) : null;
  const gw = await T.gateway(target, chat ? chat.addr : a.addr, ['--deadline-ms', String(ms(3000))]);

  const toks = [token(), token(), token(), token()];
  const created = toks.map(() => []);
  const failures = [];
  let ok = 0;
  let stop = false;
  const worker = async (w) => {
    const tok = toks[w % toks.length];
    for (let i = 0; !stop && i < 20000; i++) {
      let r;
      const op = i % 3;
      try {
        if (op === 0) {
          r = await request(gw.addr, 'POST', '/api/todos', { tok, body: { title: `replica ${w}/${i}` } });
          if (r.status === 201) created[w % toks.length].push(r.json.id);
        } else if (op === 1) {
          r = await request(gw.addr, 'GET', '/api/todos?status=all&limit=20', { tok });
        } else {
          const ids = created[w % toks.length];
          r = ids.length ? await request(gw.addr, 'GET', `/api/todos/${ids[ids.length - 1]}`, { tok }) : { status: 200 };
        }
      } catch (e) {
        failures.push(`${w}/${i}: ${e.message}`);
        continue;
      }
      if (r.status >= 200 && r.status < 300) ok++;
      else failures.push(`${w}/${i} op ${op}: ${r.status} ${r.text}`);
    }
  };
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  await until(() => ok >= 300, ms(20000), 10);
  const [ha, hb] = [await handled(mA), await handled(mB)];
  assert.ok(ha > 20 && hb > 20, `round robin spreads the load over both replicas (A ${ha}, B ${hb})`);

  const okAtStop = ok;
  const r = await a.stop('SIGTERM', ms(20000));
  assert.equal(r.code, 0, `replica A exits 0 after SIGTERM under load: ${JSON.stringify({ code: r.code, signal: r.signal })}\n${r.stderr.slice(-1500)}`);
  // Keep the load on the survivor for a while.
  await until(() => ok >= okAtStop + 300, ms(20000), 10);
  await sleep(ms(300));
  stop = true;
  await Promise.all(workers);
  t.diagnostic(`${ok} requests ok, ${failures.length} failed; A handled ${ha} before its stop, B ${await handled(mB)} in total`);
  assert.deepEqual(failures.slice(0, 20), [], `failed client requests (${failures.length} in all)`);

  // Everything created is readable through the survivor.
  for (let k = 0; k < toks.length; k++) {
    for (const id of created[k]) {
      const g = await request(gw.addr, 'GET', `/api/todos/${id}`, { tok: toks[k] });
      assert.equal(g.status, 200, `todo ${id} created before/after the stop reads back: ${g.text}`);
    }
  }
});
