'use strict';
// Two todo-svc processes on one SQLite file (replicas sharing a volume, as
// todo-svc/README.md promises): shared data, idempotency across processes,
// and WatchTodos delivering changes made through the other process.
const { describe, it, before, after } = require('node:test');
const path = require('node:path');
const {
  assert, status, ms, uid, tracker, call, openWatch, syncWatchers, proc, startPair, eventSeq: seq,
} = require('./util');

const T = tracker();
let b; // the second process (stopped by the last test)
let ca;
let cb;

before(async () => {
  const db = path.join(proc.tmpDir('tc-todo-replicas-'), 'todos.db');
  ({ b, ca, cb } = await startPair(T, db));
});
after(() => T.cleanup());

describe('two processes on one file', () => {
  it('a todo written through one is read, listed, updated and deleted through the other', async () => {
    const user = uid();
    const t = await call(ca, 'CreateTodo', { user_id: user, todo: { title: 'shared', tags: ['x'] } });
    assert.deepEqual(await call(cb, 'GetTodo', { user_id: user, id: t.id }), t);
    assert.deepEqual((await call(cb, 'ListTodos', { user_id: user })).todos.map((x) => x.id), [t.id]);
    const u = await call(cb, 'UpdateTodo', { user_id: user, todo: { id: t.id, done: true }, update_mask: { paths: ['done'] } });
    assert.deepEqual(await call(ca, 'GetTodo', { user_id: user, id: t.id }), u);
    await call(ca, 'DeleteTodo', { user_id: user, id: t.id });
    await assert.rejects(call(cb, 'GetTodo', { user_id: user, id: t.id }), (e) => e.code === status.NOT_FOUND);
  });

  it('a create retried through the other process returns the first todo', async () => {
    const user = uid();
    const t = await call(ca, 'CreateTodo', { user_id: user, request_id: 'cross', todo: { title: 'once' } });
    const r = await call(cb, 'CreateTodo', { user_id: user, request_id: 'cross', todo: { title: 'once' } });
    assert.equal(r.id, t.id);
    assert.equal((await call(ca, 'ListTodos', { user_id: user })).todos.length, 1);
  });

  it('concurrent writes through both processes all land (or fail retryably), none lost', { timeout: ms(30000) }, async () => {
    const user = uid();
    const rs = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => call(i % 2 ? ca : cb, 'CreateTodo', { user_id: user, request_id: `c${i}`, todo: { title: `c${i}` } }, { deadlineMs: ms(15000) })));
    const bad = rs.filter((r) => r.status === 'rejected' && r.reason.code !== status.UNAVAILABLE);
    assert.deepEqual(bad.map((r) => `${r.reason.code} ${r.reason.details}`), []);
    const ok = rs.filter((r) => r.status === 'fulfilled').map((r) => r.value.id);
    const listed = (await call(ca, 'ListTodos', { user_id: user, page_size: 500 })).todos.map((t) => t.id);
    assert.deepEqual([...listed].sort(), [...new Set(ok)].sort(), 'exactly the acknowledged creates are stored');
  });

  it("a watcher on one process receives the other process's changes, in order", { timeout: ms(30000) }, async () => {
    const user = uid();
    const wb = openWatch(cb, user);
    const { from: [fb] } = await syncWatchers(ca, user, [wb], 'cross-sync'); // marker written through a
    const t = await call(ca, 'CreateTodo', { user_id: user, todo: { title: 'via a' } });
    await call(ca, 'UpdateTodo', { user_id: user, todo: { id: t.id, title: 'via a, edited' }, update_mask: { paths: ['title'] } });
    await call(ca, 'DeleteTodo', { user_id: user, id: t.id });
    await wb.waitFor((e) => e.type === 'EVENT_DELETED' && e.todo.id === t.id, ms(5000), fb);
    assert.deepEqual(seq(wb, fb), ['EVENT_CREATED:via a', 'EVENT_UPDATED:via a, edited', 'EVENT_DELETED:via a, edited']);
    wb.cancel();
  });

  it("watchers on both processes see every change exactly once, whichever process made it; other users' changes stay out", { timeout: ms(30000) }, async () => {
    const user = uid();
    const other = uid();
    const wa = openWatch(ca, user);
    const wb = openWatch(cb, user);
    const { from: [fa] } = await syncWatchers(cb, user, [wa], 'sync-b');
    const { from: [fb] } = await syncWatchers(ca, user, [wb], 'sync-a');
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await call(i % 2 ? ca : cb, 'CreateTodo', { user_id: user, todo: { title: `m${i}` } }));
    await call(ca, 'CreateTodo', { user_id: other, todo: { title: 'not yours' } });
    await call(cb, 'CreateTodo', { user_id: other, todo: { title: 'not yours either' } });
    const end = await call(ca, 'CreateTodo', { user_id: user, todo: { title: 'end' } });
    const want = new Set([...made.map((t) => t.id), end.id]);
    for (const [w, from] of [[wa, fa], [wb, fb]]) {
      // Changes from the other process arrive through its poll, possibly after
      // local ones: wait for all of them.
      for (const id of want) await w.waitFor((e) => e.todo && e.todo.id === id, ms(5000), from);
      const mine = w.events.slice(from).filter((e) => /^m\d$|^end$/.test(e.todo.title)).map((e) => e.todo.title);
      assert.deepEqual([...mine].sort(), ['end', 'm0', 'm1', 'm2', 'm3', 'm4', 'm5'], 'each change once');
      assert.ok(!w.events.some((e) => e.todo && e.todo.title.startsWith('not yours')), "no other user's events");
    }
    wa.cancel();
    wb.cancel();
  });

  it('changes to one todo made through both processes reach a watcher in commit order', { timeout: ms(30000) }, async () => {
    // README: "every watcher of a user sees that user's changes in commit
    // order". Update through b, then delete through a: a watcher on a must
    // not see the delete before the update (a client applying events in order
    // would resurrect the deleted todo).
    const user = uid();
    const wa = openWatch(ca, user);
    await syncWatchers(cb, user, [wa], 'sync-b');
    const { from: [fa] } = await syncWatchers(ca, user, [wa], 'sync-a');
    const problems = [];
    for (let i = 0; i < 5; i++) {
      const t = await call(ca, 'CreateTodo', { user_id: user, todo: { title: `o${i}` } });
      await call(cb, 'UpdateTodo', { user_id: user, todo: { id: t.id, title: `o${i} via b` }, update_mask: { paths: ['title'] } });
      await call(ca, 'DeleteTodo', { user_id: user, id: t.id });
      await wa.waitFor((e) => e.type === 'EVENT_UPDATED' && e.todo.id === t.id, ms(5000), fa);
      await wa.waitFor((e) => e.type === 'EVENT_DELETED' && e.todo.id === t.id, ms(5000), fa);
      const order = wa.events.slice(fa).filter((e) => e.todo.id === t.id).map((e) => e.type.replace('EVENT_', ''));
      if (order.join() !== 'CREATED,UPDATED,DELETED') problems.push(`o${i}: ${order.join(' -> ')}`);
    }
    assert.deepEqual(problems, [], 'events for one todo out of commit order');
    wa.cancel();
  });

  it('a page_token from one process works on the other (load-balanced clients page across replicas)', async () => {
    const user = uid();
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await call(ca, 'CreateTodo', { user_id: user, todo: { title: `p${i}` } })).id);
    const seen = [];
    let token = '';
    for (let i = 0; ; i++) {
      const r = await call(i % 2 ? ca : cb, 'ListTodos', { user_id: user, page_size: 2, page_token: token });
      seen.push(...r.todos.map((t) => t.id));
      token = r.next_page_token;
      if (!token) break;
      assert.ok(i < 10, 'pagination ends');
    }
    assert.deepEqual(seen, made);
  });

  it('after one process stops, the other carries on alone', async () => {
    const user = uid();
    const t = await call(cb, 'CreateTodo', { user_id: user, todo: { title: 'before stop' } });
    const r = await b.stop('SIGTERM', ms(15000));
    assert.equal(r.code, 0);
    assert.equal((await call(ca, 'GetTodo', { user_id: user, id: t.id })).title, 'before stop');
    const w = openWatch(ca, user);
    await syncWatchers(ca, user, [w]);
    w.cancel();
  });
});
