'use strict';
// Makes tests/todo/data/legacy-v5.db: a todos.db written by todo-svc at schema
// version 5 (commit 347250e, before recurrence and reminders), so that
// upgrade.test.js can check a newer todo-svc opens it and loses nothing.
// Kept for the record; rerunning it with today's binary would make a database
// of today's version instead. Usage:
//   TC_BIN_DIR=OLD_BUILD/bin node tests/todo/data/make_legacy_db.js OUT.db
// It prints the todos it made as JSON (legacy-v5.json is that output).
const fs = require('node:fs');
const proc = require('../../lib/proc');
const g = require('../../lib/grpc');

const out = process.argv[2];
const ts = (iso) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });

const TODOS = [
  ['legacy-alice', { title: 'buy milk', notes: 'semi-skimmed', priority: 'PRIORITY_LOW', due: ts('2026-11-28T17:00:00Z'), tags: ['home', 'shop'] }, false],
  ['legacy-alice', { title: 'file taxes', priority: 'PRIORITY_HIGH', due: { seconds: '1798761600', nanos: 123456789 }, tags: ['admin'] }, true],
  ['legacy-alice', { title: 'call mum', notes: 'Sunday évening ☎', tags: [] }, false],
  ['legacy-alice', { title: 'water plants', priority: 'PRIORITY_MEDIUM', due: ts('2026-03-29T08:00:00Z'), tags: ['home'] }, true],
  ['legacy-bob', { title: 'ship release', notes: 'v1.2', priority: 'PRIORITY_HIGH', due: ts('2026-12-01T09:30:00Z'), tags: ['work', 'urgent'] }, false],
  ['legacy-bob', { title: 'read book', tags: ['fun'] }, true],
  ['legacy-bob', { title: 'Ünïcode title', priority: 'PRIORITY_MEDIUM', tags: ['x'] }, false],
];

async function main() {
  fs.rmSync(out, { force: true });
  const svc = await proc.startTodo(['--db', out]);
  const c = g.todoClient(svc.addr);
  const made = [];
  for (const [user, todo, done] of TODOS) {
    let t = await g.call(c, 'CreateTodo', { user_id: user, todo });
    if (done) {
      t = await g.call(c, 'UpdateTodo', { user_id: user, todo: { id: t.id, done: true }, update_mask: { paths: ['done'] } });
    }
    made.push({ user_id: user, todo: t });
  }
  c.close();
  await svc.stop('SIGTERM');
  process.stdout.write(`${JSON.stringify(made, null, 1)}\n`);
}
main().catch((e) => { console.error(e); process.exit(1); });
