'use strict';
// GET /api/events: Server-Sent Events fed by WatchTodos. Delivery of every
// change to the owner only, the retry hint, heartbeats, clean teardown when
// the browser goes away or the backend ends the watch, and many open streams
// not starving the request threads.
const { describe, it, before, after } = require('node:test');
const { assert, ms, sleep, tracker, client, request, eventually, metric, openEvents } = require('./util');

const T = tracker();
let base;
let stack;

before(async () => {
  // A short heartbeat so that teardown of vanished clients is quick to observe.
  stack = await T.stack(['--sse-heartbeat-ms', '300', '--threads', '2']);
  base = stack.base;
});
after(() => T.cleanup());

const auth = (u) => ({ Authorization: `Bearer ${u.token}` });

// The stream is live once the backend has registered the watch; probe with a
// throwaway change until one arrives.
async function primed(u, ev) {
  await eventually(async () => {
    const t = (await u.post('/api/todos', { title: 'probe' })).json;
    await u.del(`/api/todos/${t.id}`);
    await sleep(100);
    return ev.events.some((e) => e.json && e.json.todo && e.json.todo.id === t.id);
  }, ms(8000), 'watch to be live');
  ev.events.length = 0;
}

describe('GET /api/events', () => {
  it('is text/event-stream with a retry hint, and delivers created, updated and deleted', async () => {
    const u = client(base);
    const ev = await openEvents(base, auth(u));
    assert.equal(ev.status, 200);
    assert.match(ev.headers['content-type'], /^text\/event-stream/);
    await ev.waitFor((s) => s.retry !== null, ms(3000), 'retry hint');
    assert.ok(ev.retry > 0 && ev.retry <= 30000, `retry: ${ev.retry}`);
    await primed(u, ev);

    const t = (await u.post('/api/todos', { title: 'live one', tags: ['x'] })).json;
    await u.patch(`/api/todos/${t.id}`, { done: true });
    await u.del(`/api/todos/${t.id}`);
    await ev.waitFor((s) => s.events.length >= 3, ms(5000), 'three events');
    const [a, b, c] = ev.events;
    for (const e of [a, b, c]) {
      assert.equal(e.event, 'todo');
      assert.deepEqual(Object.keys(e.json).sort(), ['todo', 'type']);
      assert.equal(e.json.todo.id, t.id);
    }
    assert.equal(a.json.type, 'created');
    assert.deepEqual(a.json.todo, t, 'the same JSON shape as the REST API');
    assert.equal(b.json.type, 'updated');
    assert.equal(b.json.todo.done, true);
    assert.equal(c.json.type, 'deleted');
    ev.close();
  });

  it('a change made through chat shows up as well', async () => {
    const u = client(base);
    const ev = await openEvents(base, auth(u));
    await primed(u, ev);
    const r = await u.post('/api/chat', { message: 'add water the plants', timezone: 'Europe/Paris' });
    assert.equal(r.status, 200, r.text);
    await ev.waitFor((s) => s.events.some((e) => e.json.type === 'created' && /plants/.test(e.json.todo.title)), ms(5000), 'created via chat');
    ev.close();
  });

  it('only the owner\'s changes: another user\'s stream stays quiet', async () => {
    const alice = client(base);
    const bob = client(base);
    const evA = await openEvents(base, auth(alice));
    const evB = await openEvents(base, auth(bob));
    await primed(alice, evA);
    await primed(bob, evB);
    await alice.post('/api/todos', { title: 'alice only' });
    await evA.waitFor((s) => s.events.length >= 1, ms(5000));
    await sleep(ms(300));
    assert.equal(evB.events.length, 0, `bob saw ${JSON.stringify(evB.events)}`);
    evA.close();
    evB.close();
  });

  it('sends heartbeat comments while idle', async () => {
    const u = client(base);
    const ev = await openEvents(base, auth(u));
    const before = ev.comments.length;
    await ev.waitFor((s) => s.comments.length >= before + 2, ms(3000), 'two heartbeats (300 ms apart)');
    ev.close();
  });

  it('many open streams do not starve the request threads (2 threads, 60 streams)', async () => {
    const users = Array.from({ length: 60 }, () => client(base));
    const streams = await Promise.all(users.map((u) => openEvents(base, auth(u))));
    for (const s of streams) assert.equal(s.status, 200);
    const t0 = Date.now();
    const r = await users[0].get('/api/todos');
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 < ms(2000), `list took ${Date.now() - t0} ms with 60 open streams`);
    const m = await request(`http://${stack.gw.metricsAddr}`, 'GET', '/metrics');
    assert.ok(metric(m.text, 'gateway_sse_streams_open') >= 60);
    for (const s of streams) s.close();
    // Vanished clients are noticed within about a second and their watches end.
    await eventually(async () => metric((await request(`http://${stack.gw.metricsAddr}`, 'GET', '/metrics')).text, 'gateway_sse_streams_open') === 0,
      ms(8000), 'every stream torn down');
  });

  it('ends the stream when the backend goes away (the browser then reconnects)', async () => {
    const u = client(base);
    const ev = await openEvents(base, auth(u));
    await primed(u, ev);
    const port = stack.todo.port;
    const r = await stack.todo.stop();
    assert.equal(r.code, 0);
    await ev.waitFor((s) => s.ended, ms(8000), 'end of stream');
    stack.todo = await T.todo(['--listen', `127.0.0.1:${port}`]);
    // A new stream works once the backend is back.
    await eventually(async () => {
      const e2 = await openEvents(base, auth(u));
      const ok = e2.status === 200;
      e2.close();
      return ok;
    }, ms(15000), 'a new stream after the backend returned');
  });
});
