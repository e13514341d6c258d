'use strict';
// `todo-svc --copy-from SOURCE --db TARGET` (todo-svc/store_copy.h): moving an
// install from SQLite to PostgreSQL loses nothing. The source is the previous
// release's database file (data/legacy-v5.db, schema version 5: migrated in
// a private snapshot, never in place); the target a real PostgreSQL server
// the test starts (tests/lib/pg.js). Afterwards a todo-svc on PostgreSQL
// serves every todo through gRPC with every field as a todo-svc on the
// SQLite file does; the file is byte for byte as it was (the fallback); a
// second run copies nothing new; a missing source is one line and exit 1.
// Without a PostgreSQL server installed the file is skipped, saying why.
const { describe, it, before, after } = require('node:test');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const pg = require('../lib/pg');
const { assert, proc, tracker, call, ms } = require('./util');

const server = pg.start('tc-todo-copy-');
const SKIP = server.skip;
if (SKIP) console.log(`# SKIP todo_integration_copy: ${SKIP}`);
const T = tracker();
const dir = proc.tmpDir('tc-copy-');
const legacy = path.join(dir, 'todos.db');
const want = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'legacy-v5.json'), 'utf8'));
const USERS = [...new Set(want.map((w) => w.user_id))];

before(() => fs.copyFileSync(path.join(__dirname, 'data', 'legacy-v5.db'), legacy));
after(async () => {
  try {
    await T.cleanup();
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Runs todo-svc in its one-shot copy mode; resolves with {code, stdout, stderr}.
function copy(args, env = {}) {
  return new Promise((resolve) => {
    execFile(proc.bin('todo-svc'), args, { env: { ...process.env, ...env }, timeout: ms(60000) },
      (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
  });
}
// The summary line's counts: {users, todos, todos_skipped, request_ids, ...}.
function counts(stdout) {
  const line = stdout.split('\n').find((l) => l.startsWith('copied '));
  assert.ok(line, `a summary line in ${JSON.stringify(stdout)}`);
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
}
const sha = (f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

async function listAll(cl, user) {
  const todos = [];
  let token = '';
  do {
    const p = await call(cl, 'ListTodos', { user_id: user, page_size: 3, page_token: token });
    todos.push(...p.todos);
    token = p.next_page_token;
  } while (token);
  return todos;
}

describe('todo-svc --copy-from: the previous release\'s SQLite file into PostgreSQL', { skip: SKIP }, () => {
  it('copies every todo, leaves the file as it was, and a second run copies nothing', async () => {
    const before = sha(legacy);
    const r = await copy(['--copy-from', legacy, '--db', server.uri]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(counts(r.stdout), {
      users: USERS.length, todos: want.length, todos_skipped: 0, request_ids: 0, request_ids_skipped: 0, conflicts: 0,
    });
    assert.equal(sha(legacy), before, 'the SQLite file is a fallback: never written');
    assert.ok(!fs.existsSync(`${legacy}-wal`) && !fs.existsSync(`${legacy}-shm`), 'nothing written beside it');
    // Again, through the environment variable this time.
    const again = await copy(['--db', server.uri], { TODO_COPY_FROM: legacy });
    assert.equal(again.code, 0, again.stderr);
    const c = counts(again.stdout);
    assert.equal(c.todos, 0);
    assert.equal(c.todos_skipped, want.length);
  });

  it('todo-svc on PostgreSQL serves them with every field, as todo-svc on the file does', async () => {
    const onPg = T.todo((await T.startTodo(['--db', server.uri])).addr);
    const upgraded = path.join(dir, 'upgraded.db');
    fs.copyFileSync(legacy, upgraded);
    const onFile = T.todo((await T.startTodo(['--db', upgraded])).addr);
    for (const user of USERS) {
      const got = await listAll(onPg, user);
      const mine = want.filter((w) => w.user_id === user).map((w) => w.todo);
      assert.deepEqual(got.map((t) => t.id), mine.map((t) => t.id), `${user}: every todo, in creation order`);
      for (const w of mine) {
        const g = got.find((x) => x.id === w.id);
        for (const k of Object.keys(w)) assert.deepEqual(g[k], w[k], `${w.id}.${k}`);
      }
      // Every field, the newer ones (recurrence, reminders ...) included.
      assert.deepEqual(got, await listAll(onFile, user));
    }
  });

  it('a source that does not exist is one line on stderr and exit 1, not an empty copy', async () => {
    const r = await copy(['--copy-from', path.join(dir, 'nope.db'), '--db', server.uri]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /copy-from.*nope\.db/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.ok(!fs.existsSync(path.join(dir, 'nope.db')));
  });
});
