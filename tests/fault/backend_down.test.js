'use strict';
// Backend down: the gateway answers 503 JSON errors within its deadline,
// /readyz says 503 while /healthz stays 200, and it recovers by itself within
// seconds when todo-svc comes back (also under a steady stream of failing
// requests). A backend that accepts connections but never answers costs a
// client at most the deadline, too.
const { describe, it, after } = require('node:test');
const net = require('node:net');
const {
  HAVE_CHAT, assert, ms, sleep, token, freePort, tracker, request, until,
} = require('./stack');

const T = tracker();
after(() => T.cleanup());

const DEADLINE = ms(1000);
// What a client may wait for an answer beyond the deadline (HTTP and scheduling).
const SLACK = ms(700);

function assertError(r, statuses, what) {
  assert.ok(statuses.includes(r.status), `${what}: status ${r.status} (want ${statuses.join(' or ')}): ${r.text}`);
  assert.match(r.headers['content-type'] || '', /application\/json/, `${what}: JSON content type`);
  assert.ok(r.json && r.json.error && typeof r.json.error.code === 'string' && typeof r.json.error.message === 'string',
    `${what}: body is {"error":{"code","message"}}: ${r.text}`);
  const want = { 503: 'unavailable', 504: 'deadline_exceeded' }[r.status];
  assert.equal(r.json.error.code, want, `${what}: error code`);
  assert.ok(r.ms <= DEADLINE + SLACK, `${what}: answered in ${r.ms} ms, deadline ${DEADLINE} ms`);
}

describe('todo-svc down', () => {
  it('503 JSON within the deadline, /readyz 503, /healthz 200, then recovers by itself', { timeout: ms(60000) }, async (t) => {
    const port = await freePort();
    const todoAddr = `127.0.0.1:${port}`;
    const chat = HAVE_CHAT ? await T.chat(todoAddr) : null;
    const gw = await T.gateway(`ipv4:${todoAddr}`, chat ? chat.addr : todoAddr, ['--deadline-ms', String(DEADLINE)]);
    const tok = token();

    const check = async (phase) => {
      assertError(await request(gw.addr, 'GET', '/api/todos', { tok }), [503], `${phase}: GET /api/todos`);
      assertError(await request(gw.addr, 'POST', '/api/todos', { tok, body: { title: 'while down' } }), [503], `${phase}: POST /api/todos`);
      assertError(await request(gw.addr, 'PATCH', '/api/todos/t123', { tok, body: { done: true } }), [503], `${phase}: PATCH`);
      if (chat) {
        assertError(await request(gw.addr, 'POST', '/api/chat', { tok, body: { message: 'show my todos' } }), [503, 504], `${phase}: POST /api/chat`);
      }
      const ready = await request(gw.addr, 'GET', '/readyz', { timeoutMs: ms(2000) });
      assert.equal(ready.status, 503, `${phase}: /readyz ${ready.status} ${ready.text}`);
      assert.ok(ready.ms <= ms(1000), `${phase}: /readyz answered in ${ready.ms} ms`);
      const health = await request(gw.addr, 'GET', '/healthz', { timeoutMs: ms(1000) });
      assert.equal(health.status, 200, `${phase}: /healthz ${health.status}`);
      assert.ok(health.ms <= ms(1000), `${phase}: /healthz answered in ${health.ms} ms`);
    };

    await check('never started');

    // Clients keep creating while it is down and while it comes back.
    let stop = false;
    const seen = [];
    const worker = async () => {
      for (let i = 0; !stop && i < 5000; i++) {
        const r = await request(gw.addr, 'POST', '/api/todos', { tok, body: { title: `load ${i}` } }).catch((e) => ({ status: e.message }));
        seen.push(r.status);
        if (r.status !== 201) await sleep(10);
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await sleep(ms(500));

    const todo = await T.todo([], { listen: todoAddr });
    const upAt = Date.now();
    // Only the (not retried) creates talk to the gateway now: they alone must
    // bring it back, within 3 s.
    const createMs = await until(() => seen.length >= 4 && seen.slice(-4).every((s) => s === 201), ms(3000), 20);
    t.diagnostic(`creates under load succeed ${createMs} ms after todo-svc started`);
    const apiMs = await until(async () => (await request(gw.addr, 'GET', '/api/todos', { tok })).status === 200, ms(3000), 50);
    const readyMs = await until(async () => (await request(gw.addr, 'GET', '/readyz')).status === 200, ms(3000), 50);
    t.diagnostic(`then: API 200 in ${apiMs} ms, /readyz 200 in ${readyMs} ms (${Date.now() - upAt} ms after start)`);
    stop = true;
    await Promise.all(workers);
    const odd = seen.filter((s) => s !== 201 && s !== 503);
    assert.deepEqual(odd, [], 'while down and recovering, creates get 201 or 503, nothing else');

    // Down again after having been connected: same answers, then back again.
    const k = await todo.kill();
    assert.equal(k.signal, 'SIGKILL');
    await until(async () => (await request(gw.addr, 'GET', '/readyz')).status === 503, ms(3000), 50);
    await check('killed');
    await T.todo([], { listen: todoAddr });
    const againMs = await until(async () => (await request(gw.addr, 'POST', '/api/todos', { tok, body: { title: 'back' } })).status === 201, ms(3000), 50);
    t.diagnostic(`restarted todo-svc: creates succeed after ${againMs} ms`);
    await until(async () => (await request(gw.addr, 'GET', '/readyz')).status === 200, ms(3000), 50);
  });
});

describe('todo-svc hangs', () => {
  // More concurrent clients than the gateway has worker threads (8 by
  // default): each must still get its answer within the deadline, and
  // /healthz must not queue behind them (a liveness probe that waits for a
  // hung backend gets a healthy gateway restarted).
  it('a backend that accepts but never answers costs each of 12 concurrent clients at most the deadline; /healthz stays fast', { timeout: ms(60000) }, async () => {
    const sockets = new Set();
    const hole = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); s.on('close', () => sockets.delete(s)); });
    await new Promise((r) => hole.listen(0, '127.0.0.1', r));
    T.onCleanup(() => { for (const s of sockets) s.destroy(); hole.close(); });
    const holeAddr = `127.0.0.1:${hole.address().port}`;
    const gw = await T.gateway(`ipv4:${holeAddr}`, holeAddr, ['--deadline-ms', String(DEADLINE)]);
    const tok = token();
    const kinds = [
      () => request(gw.addr, 'GET', '/api/todos', { tok }),
      () => request(gw.addr, 'POST', '/api/todos', { tok, body: { title: 'into the void' } }),
      () => request(gw.addr, 'GET', '/api/todos/t1', { tok }),
    ];
    const pending = Array.from({ length: 12 }, (_, i) => kinds[i % 3]());
    await sleep(ms(200));
    const health = await request(gw.addr, 'GET', '/healthz', { timeoutMs: ms(5000) * 3 });
    const rs = await Promise.all(pending);
    const late = rs.map((r, i) => `#${i} ${r.status} in ${r.ms} ms`).filter((x, i) => rs[i].ms > DEADLINE + SLACK || ![503, 504].includes(rs[i].status));
    assert.deepEqual(late, [], `every client answered 503/504 within the ${DEADLINE} ms deadline (+${SLACK} ms); /healthz meanwhile: ${health.status} in ${health.ms} ms`);
    rs.forEach((r, i) => assertError(r, [503, 504], `request ${i} to a hung backend`));
    assert.equal(health.status, 200);
    assert.ok(health.ms <= ms(1000), `/healthz while 12 requests wait on a hung backend answered in ${health.ms} ms`);
    const ready = await request(gw.addr, 'GET', '/readyz', { timeoutMs: ms(10000) });
    assert.equal(ready.status, 503, `/readyz with a hung backend: ${ready.status}`);
  });
});
