'use strict';
// WatchTodos: one event per change of the caller's todos, in order, to every
// watcher of that user and to no other user.
const { describe, it, before, after } = require('node:test');
const { spawn } = require('node:child_process');
const {
  assert, status, ms, sleep, uid, tracker, call, openWatch, syncWatchers, brief, eventSeq: seq,
} = require('./util');

const T = tracker();
let svc;
let c;

before(async () => {
  svc = await T.startTodo();
  c = T.todo(svc.addr);
});
after(() => T.cleanup());

const create = (user, todo, extra = {}) => call(c, 'CreateTodo', { user_id: user, todo, ...extra });
const update = (user, todo, paths) => call(c, 'UpdateTodo', { user_id: user, todo, update_mask: { paths } });
const del = (user, id) => call(c, 'DeleteTodo', { user_id: user, id });

describe('WatchTodos', () => {
  it('delivers created, updated, deleted for the own user, in order, with the todo', async () => {
    const user = uid();
    const earlier = await create(user, { title: 'before the watch' });
    const w = openWatch(c, user);
    const { from: [from] } = await syncWatchers(c, user, [w]);
    assert.ok(!w.events.some((e) => e.todo && e.todo.id === earlier.id), 'changes before the call are not replayed');
    const t = await create(user, { title: 'watch me', tags: ['w'] });
    const u = await update(user, { id: t.id, title: 'watched', done: true }, ['title', 'done']);
    await del(user, t.id);
    await w.waitFor((e) => e.type === 'EVENT_DELETED' && e.todo.id === t.id, ms(3000), from);
    const evs = w.events.slice(from);
    assert.deepEqual(evs.map((e) => e.type), ['EVENT_CREATED', 'EVENT_UPDATED', 'EVENT_DELETED'], `got ${evs.map(brief)}`);
    assert.deepEqual(evs[0].todo, t, 'the created event carries the created todo');
    assert.deepEqual(evs[1].todo, u, 'the updated event carries the todo after the update');
    assert.equal(evs[2].todo.id, t.id, 'the deleted event names the deleted todo');
    assert.equal(evs[2].todo.title, 'watched', 'the deleted event carries the todo as it was');
    w.cancel();
  });

  it('keeps the order of many sequential changes', async () => {
    const user = uid();
    const w = openWatch(c, user);
    const { from: [from] } = await syncWatchers(c, user, [w]);
    const want = [];
    const t = await create(user, { title: 'n0' });
    want.push('EVENT_CREATED:n0');
    for (let i = 1; i <= 20; i++) {
      await update(user, { id: t.id, title: `n${i}` }, ['title']);
      want.push(`EVENT_UPDATED:n${i}`);
    }
    await del(user, t.id);
    want.push('EVENT_DELETED:n20');
    await w.waitFor((e) => e.type === 'EVENT_DELETED', ms(3000), from);
    assert.deepEqual(seq(w, from), want);
    w.cancel();
  });

  it('one event per change: no event for rejected calls, reads, or idempotent retries', async () => {
    const user = uid();
    const w = openWatch(c, user);
    const { from: [from] } = await syncWatchers(c, user, [w]);
    const t = await create(user, { title: 'once' }, { request_id: 'rq' });
    await create(user, { title: 'once' }, { request_id: 'rq' }); // retry: creates nothing
    await call(c, 'GetTodo', { user_id: user, id: t.id });
    await call(c, 'ListTodos', { user_id: user });
    await call(c, 'UpdateTodo', { user_id: user, todo: { id: t.id, title: '' }, update_mask: { paths: ['title'] } }).catch(() => {});
    await call(c, 'UpdateTodo', { user_id: user, todo: { id: t.id, title: 'x' }, update_mask: { paths: ['nope'] } }).catch(() => {});
    await call(c, 'CreateTodo', { user_id: user, todo: { title: ' ' } }).catch(() => {});
    await call(c, 'DeleteTodo', { user_id: user, id: 'missing' }).catch(() => {});
    const end = await create(user, { title: 'end marker' });
    await w.waitFor((e) => e.todo && e.todo.id === end.id, ms(3000), from);
    assert.deepEqual(seq(w, from), ['EVENT_CREATED:once', 'EVENT_CREATED:end marker']);
    w.cancel();
  });

  it("a watcher sees only its own user's changes", async () => {
    const a = uid('a');
    const b = uid('b');
    const wa = openWatch(c, a);
    const wb = openWatch(c, b);
    const { from: [fa] } = await syncWatchers(c, a, [wa]);
    const { from: [fb] } = await syncWatchers(c, b, [wb]);
    const ta = await create(a, { title: 'a-only' });
    await update(a, { id: ta.id, done: true }, ['done']);
    await del(a, ta.id);
    // Attempts by b on a's todo fail and must not leak events either way.
    await call(c, 'UpdateTodo', { user_id: b, todo: { id: ta.id, title: 'x' }, update_mask: { paths: ['title'] } }).catch(() => {});
    const endB = await create(b, { title: 'b end' });
    const endA = await create(a, { title: 'a end' });
    await wb.waitFor((e) => e.todo && e.todo.id === endB.id, ms(3000), fb);
    await wa.waitFor((e) => e.todo && e.todo.id === endA.id, ms(3000), fa);
    await sleep(ms(100));
    assert.deepEqual(seq(wb, fb), ['EVENT_CREATED:b end'], "b's watcher must not see a's events");
    assert.deepEqual(seq(wa, fa), ['EVENT_CREATED:a-only', 'EVENT_UPDATED:a-only', 'EVENT_DELETED:a-only', 'EVENT_CREATED:a end']);
    wa.cancel();
    wb.cancel();
  });

  it('concurrent writes: exactly one event per change, none lost or duplicated', async () => {
    const user = uid();
    const w = openWatch(c, user);
    const { from: [from] } = await syncWatchers(c, user, [w]);
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) => create(user, { title: `par ${i}` })));
    await Promise.all(made.slice(0, 20).map((t) => update(user, { id: t.id, done: true }, ['done'])));
    await Promise.all(made.slice(20, 30).map((t) => del(user, t.id)));
    const end = await create(user, { title: 'par end' });
    await w.waitFor((e) => e.todo && e.todo.id === end.id, ms(5000), from);
    const evs = w.events.slice(from, -1);
    const key = (e) => `${e.type}:${e.todo.id}`;
    const want = [...made.map((t) => `EVENT_CREATED:${t.id}`), ...made.slice(0, 20).map((t) => `EVENT_UPDATED:${t.id}`), ...made.slice(20, 30).map((t) => `EVENT_DELETED:${t.id}`)];
    assert.deepEqual(evs.map(key).sort(), want.sort());
    // Per todo, created comes before its update or delete.
    for (const t of made.slice(0, 30)) {
      const i = evs.findIndex((e) => e.type === 'EVENT_CREATED' && e.todo.id === t.id);
      const j = evs.findIndex((e) => e.type !== 'EVENT_CREATED' && e.todo.id === t.id);
      assert.ok(i < j, `created before changed for ${t.id}`);
    }
    w.cancel();
  });

  it('two watchers of one user both receive every event, in the same order', async () => {
    const user = uid();
    const w1 = openWatch(c, user);
    const w2 = openWatch(c, user);
    const { from } = await syncWatchers(c, user, [w1, w2]);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await create(user, { title: `both ${i}` })).id);
    await update(user, { id: ids[0], notes: 'n' }, ['notes']);
    await del(user, ids[1]);
    for (const [k, w] of [w1, w2].entries()) {
      await w.waitFor((e) => e.type === 'EVENT_DELETED' && e.todo.id === ids[1], ms(3000), from[k]);
    }
    const want = ['EVENT_CREATED:both 0', 'EVENT_CREATED:both 1', 'EVENT_CREATED:both 2', 'EVENT_CREATED:both 3', 'EVENT_CREATED:both 4', 'EVENT_UPDATED:both 0', 'EVENT_DELETED:both 1'];
    assert.deepEqual(seq(w1, from[0]), want);
    assert.deepEqual(seq(w2, from[1]), want);
    w1.cancel();
    w2.cancel();
  });

  it('watchers on separate connections of one user both receive', async () => {
    const user = uid();
    const c2 = T.todo(svc.addr);
    const w1 = openWatch(c, user);
    const w2 = openWatch(c2, user);
    const { from } = await syncWatchers(c, user, [w1, w2]);
    const t = await create(user, { title: 'two conns' });
    await w1.waitFor((e) => e.todo && e.todo.id === t.id, ms(3000), from[0]);
    await w2.waitFor((e) => e.todo && e.todo.id === t.id, ms(3000), from[1]);
    w1.cancel();
    w2.cancel();
  });

  it('cancelling one watch does not disturb the others; the cancelled one gets nothing more', async () => {
    const user = uid();
    const w1 = openWatch(c, user);
    const w2 = openWatch(c, user);
    const w3 = openWatch(c, user);
    const { from } = await syncWatchers(c, user, [w1, w2, w3]);
    w2.cancel();
    await sleep(ms(100));
    const n2 = w2.events.length;
    const ts = [];
    for (let i = 0; i < 3; i++) ts.push(await create(user, { title: `after cancel ${i}` }));
    for (const [k, w] of [[0, w1], [2, w3]]) {
      await w.waitFor((e) => e.todo && e.todo.id === ts[2].id, ms(3000), from[k]);
      assert.deepEqual(seq(w, from[k]), ['EVENT_CREATED:after cancel 0', 'EVENT_CREATED:after cancel 1', 'EVENT_CREATED:after cancel 2']);
    }
    assert.equal(w2.events.length, n2, 'a cancelled watch receives nothing');
    assert.equal(w2.error && w2.error.code, status.CANCELLED);
    w1.cancel();
    w3.cancel();
  });

  it('a watcher whose connection is closed is dropped cleanly; changes keep working', async () => {
    const user = uid();
    const gone = T.todo(svc.addr);
    const w = openWatch(gone, user);
    const stay = openWatch(c, user);
    const { from } = await syncWatchers(c, user, [w, stay]);
    gone.close();
    // A hard transport close: grpc-js cancels the call with the channel.
    w.cancel();
    await sleep(ms(100));
    const ts = [];
    for (let i = 0; i < 10; i++) ts.push(await create(user, { title: `post close ${i}` }));
    await stay.waitFor((e) => e.todo && e.todo.id === ts[9].id, ms(3000), from[1]);
    assert.equal(seq(stay, from[1]).length, 10);
    stay.cancel();
  });

  it('a watcher whose client process dies (SIGKILL, no RST from grpc) is dropped; others keep receiving', async () => {
    const user = uid();
    const stay = openWatch(c, user);
    // A separate node process holds a watch; we kill it mid-stream.
    const child = spawn(process.execPath, ['-e', `
      const g = require(${JSON.stringify(require.resolve('../lib/grpc'))});
      const c = g.todoClient(process.argv[1]);
      const w = c.WatchTodos({ user_id: process.argv[2] });
      w.on('data', (e) => process.stdout.write(e.todo.id + '\\n'));
      w.on('error', () => {});
    `, svc.addr, user], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    child.stdout.on('data', (d) => { seen += d; });
    try {
      const t0 = Date.now();
      let marker;
      let from;
      for (;;) {
        ({ marker, from: [from] } = await syncWatchers(c, user, [stay]));
        await sleep(ms(100));
        if (seen.includes(marker.id)) break;
        assert.ok(Date.now() - t0 < ms(10000), 'child watcher never received an event');
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const ts = [];
      for (let i = 0; i < 20; i++) ts.push(await create(user, { title: `after kill ${i}`, notes: 'x'.repeat(4000) }));
      await stay.waitFor((e) => e.todo && e.todo.id === ts[19].id, ms(3000), from);
      assert.equal(seq(stay, from).filter((x) => x.startsWith('EVENT_CREATED:after kill')).length, 20);
    } finally {
      child.kill('SIGKILL');
      stay.cancel();
    }
  });

  it('many watchers opened and cancelled in a burst leave the server healthy', async () => {
    const user = uid();
    const ws = Array.from({ length: 30 }, () => openWatch(c, user));
    await syncWatchers(c, user, ws);
    for (const w of ws.slice(0, 29)) w.cancel();
    const last = ws[29];
    const t = await create(user, { title: 'after burst' });
    await last.waitFor((e) => e.todo && e.todo.id === t.id);
    last.cancel();
    // Watchers opened and cancelled at once, before any event.
    for (let i = 0; i < 20; i++) openWatch(c, user).cancel();
    await sleep(ms(200));
    assert.equal((await call(c, 'GetTodo', { user_id: user, id: t.id })).title, 'after burst');
  });

  it('churn: watchers opening and cancelling while writers change todos (no crash, no lost events for a steady watcher)', { timeout: ms(30000) }, async () => {
    const user = uid('churn');
    const steady = openWatch(c, user);
    const { from: [from] } = await syncWatchers(c, user, [steady]);
    const stopAt = Date.now() + 1500;
    let writes = 0;
    const writer = async () => {
      while (Date.now() < stopAt) {
        const t = await create(user, { title: 'churn' });
        await update(user, { id: t.id, done: true }, ['done']);
        await del(user, t.id);
        writes += 3;
      }
    };
    const churner = async () => {
      while (Date.now() < stopAt) {
        const w = openWatch(c, user);
        await sleep(Math.floor(Math.random() * 20));
        w.cancel();
      }
    };
    await Promise.all([writer(), writer(), churner(), churner(), churner()]);
    const end = await create(user, { title: 'churn end' });
    await steady.waitFor((e) => e.todo && e.todo.id === end.id, ms(5000), from);
    assert.equal(steady.events.length - from, writes + 1, 'the steady watcher got every event');
    steady.cancel();
  });

  it('a watch with a deadline ends with DEADLINE_EXCEEDED at that deadline', async () => {
    const user = uid();
    const t0 = Date.now();
    const w = openWatch(c, user, { deadlineMs: 700 });
    await new Promise((resolve) => {
      const poll = setInterval(() => { if (w.error || w.ended) { clearInterval(poll); resolve(); } }, 20);
    });
    assert.equal(w.error && w.error.code, status.DEADLINE_EXCEEDED, `got ${w.error && w.error.code}`);
    assert.ok(Date.now() - t0 < 700 + ms(3000), 'ends near its deadline');
    // The server still delivers to later watchers.
    const w2 = openWatch(c, user);
    await syncWatchers(c, user, [w2]);
    w2.cancel();
  });

  it('a slow reader does not block writers or other watchers', async () => {
    const user = uid();
    const slow = openWatch(c, user);
    const fast = openWatch(c, user);
    const { from } = await syncWatchers(c, user, [slow, fast]);
    slow.call.pause(); // stop reading: flow control backs up on the server side
    const t0 = Date.now();
    const notes = 'p'.repeat(9000);
    let last;
    for (let i = 0; i < 200; i++) last = await create(user, { title: `flood ${i}`, notes });
    assert.ok(Date.now() - t0 < ms(20000), 'writes are not held up by a watcher that does not read');
    await fast.waitFor((e) => e.todo && e.todo.id === last.id, ms(5000), from[1]);
    assert.equal(fast.events.length - from[1], 200);
    slow.cancel();
    fast.cancel();
  });
});

describe('WatchChanges', () => {
  it('says it is live first, then names the user, type, id and done state of every change of every user, without content', async () => {
    const got = [];
    let error = null;
    const s = c.WatchChanges({});
    s.on('data', (m) => got.push(m));
    s.on('error', (e) => { error = e; });
    const until = async (pred, what) => {
      const deadline = Date.now() + ms(3000);
      while (!pred()) {
        assert.ok(!error || error.code === status.CANCELLED, `stream failed: ${error && error.details}`);
        assert.ok(Date.now() < deadline, `timed out waiting for ${what}; got ${JSON.stringify(got)}`);
        await sleep(10);
      }
    };
    await until(() => got.length >= 1, 'the live message');
    assert.equal(got[0].user_id, '', 'the first message has no user: the stream is live');
    const a = uid();
    const b = uid();
    const t = await create(a, { title: 'secret title', notes: 'secret notes' });
    await update(a, { id: t.id, done: true }, ['done']);
    const u = await create(b, { title: 'other user' });
    await del(a, t.id);
    await until(() => got.filter((m) => m.user_id === a || m.user_id === b).length >= 4, 'four changes');
    const mine = got.slice(1).filter((m) => m.user_id === a || m.user_id === b)
      .map((m) => `${m.user_id === a ? 'a' : 'b'}:${m.type}:${m.id === t.id ? 't' : m.id === u.id ? 'u' : m.id}:${m.done ? 'done' : 'open'}`);
    // done: the state after the change (before it, for a delete)
    assert.deepEqual(mine, ['a:EVENT_CREATED:t:open', 'a:EVENT_UPDATED:t:done', 'b:EVENT_CREATED:u:open', 'a:EVENT_DELETED:t:done']);
    assert.ok(!JSON.stringify(got).includes('secret'), 'a change carries no todo content');
    s.cancel();
  });
});
