'use strict';
// Durability: with a file DB, every acknowledged write survives SIGKILL and a
// restart on the same file, with all its fields intact.
const { it, after } = require('node:test');
const path = require('node:path');
const {
  assert, ms, uid, tracker, call, tsFromMs, proc,
} = require('./util');

const T = tracker();
after(() => T.cleanup());

async function listAll(c, user) {
  const all = [];
  let token = '';
  do {
    const p = await call(c, 'ListTodos', { user_id: user, page_size: 100, page_token: token });
    all.push(...p.todos);
    token = p.next_page_token;
  } while (token);
  return all;
}

it('todos written to a file DB are all there, intact, after SIGKILL and restart', { timeout: ms(60000) }, async () => {
  const dir = proc.tmpDir('tc-todo-restart-');
  const db = path.join(dir, 'todos.db');
  const N = 60;
  const users = [uid('r1'), uid('r2')];

  const s1 = await T.startTodo(['--db', db]);
  const c1 = T.todo(s1.addr);
  const want = new Map(); // id -> todo as last acknowledged
  const deleted = [];
  for (let i = 0; i < N; i++) {
    const user = users[i % 2];
    const t = await call(c1, 'CreateTodo', {
      user_id: user,
      request_id: `req-${i}`,
      todo: {
        title: `todo ${i} ✓`,
        notes: i % 3 ? `notes for ${i}\nline two` : '',
        priority: ['PRIORITY_UNSPECIFIED', 'PRIORITY_LOW', 'PRIORITY_MEDIUM', 'PRIORITY_HIGH'][i % 4],
        due: i % 5 ? tsFromMs(Date.UTC(2027, 0, 1 + i, 9, 30, 0, 250)) : undefined,
        tags: i % 2 ? ['home', `t${i}`] : [],
      },
    });
    want.set(t.id, { user, todo: t });
  }
  // Some updates (done with completed_at, cleared due) and deletes, each acknowledged.
  const ids = [...want.keys()];
  for (let i = 0; i < 10; i++) {
    const { user } = want.get(ids[i]);
    const u = await call(c1, 'UpdateTodo', { user_id: user, todo: { id: ids[i], done: true, title: `done ${i}` }, update_mask: { paths: ['done', 'title', 'due'] } });
    want.set(ids[i], { user, todo: u });
  }
  for (let i = 10; i < 15; i++) {
    await call(c1, 'DeleteTodo', { user_id: want.get(ids[i]).user, id: ids[i] });
    deleted.push(ids[i]);
    want.delete(ids[i]);
  }

  const k = await s1.kill();
  assert.equal(k.signal, 'SIGKILL');

  const s2 = await T.startTodo(['--db', db]);
  const c2 = T.todo(s2.addr);
  for (const [id, { user, todo }] of want) {
    const got = await call(c2, 'GetTodo', { user_id: user, id });
    assert.deepEqual(got, todo, `todo ${id} after restart`);
  }
  for (const id of deleted) {
    for (const user of users) {
      await assert.rejects(call(c2, 'GetTodo', { user_id: user, id }), (e) => e.code === 5, `deleted ${id} stays deleted`);
    }
  }
  for (const user of users) {
    const l = await listAll(c2, user);
    const mine = [...want.values()].filter((x) => x.user === user).map((x) => x.todo.id).sort();
    assert.deepEqual(l.map((t) => t.id).sort(), mine, `list of ${user} after restart`);
  }
  // Isolation survives too.
  const [someId, some] = [...want.entries()][0];
  const other = users.find((u) => u !== some.user);
  await assert.rejects(call(c2, 'GetTodo', { user_id: other, id: someId }), (e) => e.code === 5);

  // Idempotency survives the restart: a retry returns the first result.
  const first = [...want.values()].find((x) => x.todo.title === 'todo 20 ✓');
  const retry = await call(c2, 'CreateTodo', { user_id: first.user, request_id: 'req-20', todo: { title: 'todo 20 ✓' } });
  assert.equal(retry.id, first.todo.id, 'a create retried after a restart returns the first result');
  assert.equal((await listAll(c2, first.user)).length, [...want.values()].filter((x) => x.user === first.user).length, 'the retry created nothing');

  // New writes after the restart get fresh ids and persist across a second crash.
  const fresh = await call(c2, 'CreateTodo', { user_id: users[0], todo: { title: 'after restart' } });
  assert.ok(!want.has(fresh.id) && !deleted.includes(fresh.id), 'ids are not reused after a restart');
  await s2.kill();
  const s3 = await T.startTodo(['--db', db]);
  const c3 = T.todo(s3.addr);
  assert.deepEqual(await call(c3, 'GetTodo', { user_id: users[0], id: fresh.id }), fresh);
  assert.equal((await listAll(c3, users[0])).length + (await listAll(c3, users[1])).length, want.size + 1);
});

it('a graceful stop (SIGTERM) and restart keeps everything too', { timeout: ms(30000) }, async () => {
  const dir = proc.tmpDir('tc-todo-restart2-');
  const db = path.join(dir, 'todos.db');
  const user = uid();
  const s1 = await T.startTodo(['--db', db]);
  const c1 = T.todo(s1.addr);
  const made = [];
  for (let i = 0; i < 10; i++) made.push(await call(c1, 'CreateTodo', { user_id: user, todo: { title: `g${i}` } }));
  const r = await s1.stop('SIGTERM');
  assert.equal(r.code, 0);
  const s2 = await T.startTodo(['--db', db]);
  const c2 = T.todo(s2.addr);
  const l = await listAll(c2, user);
  assert.deepEqual(l.map((t) => t.id).sort(), made.map((t) => t.id).sort());
});

it('a page_token handed out before a restart still works after it', { timeout: ms(30000) }, async () => {
  const dir = proc.tmpDir('tc-todo-restart3-');
  const db = path.join(dir, 'todos.db');
  const user = uid();
  const s1 = await T.startTodo(['--db', db]);
  const c1 = T.todo(s1.addr);
  const made = [];
  for (let i = 0; i < 6; i++) made.push((await call(c1, 'CreateTodo', { user_id: user, todo: { title: `k${i}` } })).id);
  const p1 = await call(c1, 'ListTodos', { user_id: user, page_size: 3 });
  assert.ok(p1.next_page_token);
  await s1.kill();
  const s2 = await T.startTodo(['--db', db]);
  const c2 = T.todo(s2.addr);
  const p2 = await call(c2, 'ListTodos', { user_id: user, page_size: 3, page_token: p1.next_page_token });
  assert.deepEqual([...p1.todos, ...p2.todos].map((t) => t.id), made);
  assert.equal(p2.next_page_token, '');
});
