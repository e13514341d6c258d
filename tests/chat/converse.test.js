'use strict';
// chat.v1.ChatService/Converse as a client sees it: the real chat-svc and
// todo-svc processes, grpc-js. Validation (INVALID_ARGUMENT naming the
// field), polite answers to junk, the context across turns and replicas,
// todo-svc down (UNAVAILABLE), deadlines, health, reflection, flags and
// SIGTERM; and correctness at any size (thousands of todos, bulk confirms,
// replayed undos).
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const proc = require('../lib/proc');
const { grpc, todoClient, chatClient, healthClient, reflectionClient, call, status } = require('../lib/grpc');

const KEY = 'converse-test-key-0123456789';
const NOW = { seconds: String(Date.parse('2026-11-27T15:00:00Z') / 1000), nanos: 0 };
let todo;
let chatA;
let chatB;
let a;
let b;
let todos;
const started = [];

before(async () => {
  todo = await proc.startTodo();
  started.push(todo);
  chatA = await proc.startChat(todo.addr, ['--context-key', KEY]);
  chatB = await proc.startChat(todo.addr, [], { env: { CHAT_CONTEXT_KEY: KEY } });
  started.push(chatA, chatB);
  a = chatClient(chatA.addr);
  b = chatClient(chatB.addr);
  todos = todoClient(todo.addr);
});

after(async () => {
  for (const c of [a, b, todos]) c && c.close();
  for (const s of started.reverse()) {
    const r = await s.stop();
    s.assertClean();
    assert.equal(r.code, 0, `${s.name} exits 0 on SIGTERM: ${JSON.stringify({ code: r.code, signal: r.signal })}`);
  }
});

let n = 0;
const user = () => `conv-${process.pid}-${++n}`;
const say = (client, user_id, message, context = '', extra = {}) => call(client, 'Converse', {
  user_id, message, context, timezone: 'Europe/Berlin', now: NOW, ...extra,
});

async function expectCode(p, code, field) {
  await assert.rejects(p, (e) => {
    assert.equal(e.code, code, `${e.code} ${e.details}`);
    if (field) assert.match(e.details, new RegExp(field), `message names ${field}: ${e.details}`);
    return true;
  });
}

describe('validation', () => {
  it('empty message, over-long message, empty user_id and a bad timezone are INVALID_ARGUMENT naming the field', async () => {
    const u = user();
    await expectCode(say(a, u, ''), status.INVALID_ARGUMENT, 'message');
    await expectCode(say(a, u, 'x'.repeat(2001)), status.INVALID_ARGUMENT, 'message');
    await expectCode(say(a, '', 'hi'), status.INVALID_ARGUMENT, 'user_id');
    await expectCode(say(a, u, 'hi', '', { timezone: 'Mars/Olympus' }), status.INVALID_ARGUMENT, 'timezone');
    await expectCode(say(a, u, 'hi', '', { timezone: '../../etc/passwd' }), status.INVALID_ARGUMENT, 'timezone');
  });

  it('exactly 2000 bytes is accepted; junk, emoji, right-to-left text and run-ons get a polite unknown', async () => {
    const u = user();
    const inputs = ['blah '.repeat(400), '🙂'.repeat(500), 'שלום עולם מה שלומך', '\u0001\u0002\u0003\u007f', 'ü'.repeat(1000)];
    for (const m of inputs) {
      assert.ok(Buffer.byteLength(m) <= 2000);
      const r = await say(a, u, m);
      assert.equal(r.intent, 'unknown', `intent for ${JSON.stringify(m.slice(0, 20))}`);
      assert.ok(r.reply.length > 0);
      assert.ok(r.suggestions.length > 0);
    }
    const list = await call(todos, 'ListTodos', { user_id: u });
    assert.equal(list.todos.length, 0, 'junk creates nothing');
  });

  it('timezone empty means UTC and now unset means the server clock', async () => {
    const u = user();
    const r = await call(a, 'Converse', { user_id: u, message: 'add ping bob in 1 hour' });
    assert.equal(r.intent, 'add_todo');
    const due = Number(r.todos[0].due.seconds) * 1000;
    assert.ok(Math.abs(due - (Date.now() + 3600e3)) < 120e3, `due ${new Date(due).toISOString()} is about an hour from now`);
  });
});

describe('conversation', () => {
  it('adds with the due date resolved in the request zone, and returns the todo', async () => {
    const u = user();
    const r = await say(a, u, 'remind me to call mom tomorrow at 5pm', '', { timezone: 'America/New_York' });
    assert.equal(r.intent, 'add_todo');
    assert.equal(r.todos.length, 1);
    assert.equal(r.todos[0].title, 'call mom');
    assert.equal(new Date(Number(r.todos[0].due.seconds) * 1000).toISOString(), '2026-11-28T22:00:00.000Z');
    const stored = await call(todos, 'GetTodo', { user_id: u, id: r.todos[0].id });
    assert.equal(stored.title, 'call mom');
  });

  it('a bulk delete asks first and any replica with the same key can carry on (confirm, undo)', async () => {
    const u = user();
    for (const t of ['a', 'b', 'c']) await say(a, u, `add ${t}`);
    const ask = await say(a, u, 'delete everything');
    assert.equal(ask.intent, 'delete_todo');
    assert.equal((await call(todos, 'ListTodos', { user_id: u })).todos.length, 3, 'nothing deleted before confirm');
    assert.deepEqual(ask.suggestions, ['yes', 'no']);
    const yes = await say(b, u, 'yes', ask.context); // the other replica
    assert.equal(yes.intent, 'confirm');
    assert.equal((await call(todos, 'ListTodos', { user_id: u })).todos.length, 0);
    const undo = await say(a, u, 'undo', yes.context);
    assert.equal(undo.intent, 'undo');
    assert.equal((await call(todos, 'ListTodos', { user_id: u })).todos.length, 3);
  });

  it('cancel drops a pending delete', async () => {
    const u = user();
    for (const t of ['a', 'b']) await say(a, u, `add ${t}`);
    const ask = await say(a, u, 'delete everything');
    const no = await say(a, u, 'no', ask.context);
    assert.equal(no.intent, 'cancel');
    const after = await say(a, u, 'yes', no.context);
    assert.equal(after.intent, 'confirm');
    assert.equal((await call(todos, 'ListTodos', { user_id: u })).todos.length, 2);
  });

  it('a forged, garbled or foreign context is a fresh conversation, never an error', async () => {
    const u = user();
    for (const t of ['a', 'b']) await say(a, u, `add ${t}`);
    const ask = await say(a, u, 'delete everything');
    const c = ask.context;
    const forged = c.slice(0, 10) + (c[10] === 'A' ? 'B' : 'A') + c.slice(11);
    for (const ctx of [forged, c.slice(0, c.length - 3), 'c1.' + 'A'.repeat(5000), '🙂', 'x'.repeat(40000)]) {
      const r = await say(a, u, 'yes', ctx);
      assert.equal(r.intent, 'confirm');
    }
    const other = await say(a, user(), 'yes', c); // someone else's context
    assert.equal(other.intent, 'confirm');
    assert.equal((await call(todos, 'ListTodos', { user_id: u })).todos.length, 2);
  });

  it('an ambiguous reference asks which one, offering the candidates', async () => {
    const u = user();
    await say(a, u, 'add buy milk');
    await say(a, u, 'add buy oat milk');
    const ask = await say(a, u, 'delete milk');
    assert.equal(ask.intent, 'delete_todo');
    assert.deepEqual([...ask.suggestions].sort(), ['buy milk', 'buy oat milk']);
    const pick = await say(a, u, 'buy oat milk', ask.context);
    assert.equal(pick.intent, 'delete_todo');
    const left = (await call(todos, 'ListTodos', { user_id: u })).todos.map((t) => t.title);
    assert.deepEqual(left, ['buy milk']);
  });
});

describe('at any size', () => {
  const count = async (u, status = 'STATUS_ANY') => {
    let n = 0;
    let page_token = '';
    do {
      const r = await call(todos, 'ListTodos', { user_id: u, status, page_size: 500, page_token });
      n += r.todos.length;
      page_token = r.next_page_token;
    } while (page_token);
    return n;
  };
  // Creates todos straight at todo-svc, 50 at a time.
  async function seed(u, n, make) {
    for (let i = 0; i < n; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) =>
        call(todos, 'CreateTodo', { user_id: u, todo: make(i + k) })));
    }
  }
  const at = (iso) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });
  const slow = { deadlineMs: 60000 };

  it('questions and bulk changes cover every todo: 1,230 todos, the 30 due today are found, all 1,230 get done', async () => {
    const u = user();
    await seed(u, 1200, (i) => ({ title: `later task ${i}`, due: at('2026-12-28T09:00:00Z') }));
    await seed(u, 30, (i) => ({ title: `today task ${i}`, due: at('2026-11-27T17:00:00Z') }));
    const r = await say(a, u, "what's due today?");
    assert.equal(r.intent, 'list_todos');
    assert.match(r.reply, /^You have 30 open todos: /, r.reply);
    assert.equal(r.todos.length, 30);
    const all = await say(b, u, "what's on my list?");
    assert.match(all.reply, /^You have 1230 open todos: .*and 1220 more\.$/, all.reply);
    assert.ok(all.todos.length <= 1000, 'the todos returned are capped');
    const done = await call(b, 'Converse', { user_id: u, message: 'mark everything as done', context: all.context,
      timezone: 'Europe/Berlin', now: NOW }, slow);
    assert.equal(done.intent, 'complete_todo');
    assert.equal(await count(u, 'STATUS_OPEN'), 0, done.reply);
    assert.equal(await count(u, 'STATUS_DONE'), 1230);
  });

  it('a confirmed "delete everything" removes all 120, and not a todo added after the question', async () => {
    const u = user();
    await seed(u, 120, (i) => ({ title: `item ${i}` }));
    const ask = await say(a, u, 'delete everything');
    assert.equal(ask.intent, 'delete_todo');
    assert.match(ask.reply, /120 todos/, ask.reply);
    assert.equal(await count(u), 120, 'nothing deleted before confirm');
    await new Promise((r) => setTimeout(r, 5));
    await call(todos, 'CreateTodo', { user_id: u, todo: { title: 'added after the question' } });
    const yes = await call(b, 'Converse', { user_id: u, message: 'yes', context: ask.context,
      timezone: 'Europe/Berlin', now: NOW }, slow);
    assert.equal(yes.intent, 'confirm');
    const left = await call(todos, 'ListTodos', { user_id: u });
    assert.deepEqual(left.todos.map((t) => t.title), ['added after the question'], yes.reply);
  });

  it('an undo replayed with the same context undoes once (a delete, a bulk clear, a completion)', async () => {
    const u = user();
    await say(a, u, 'add pay rent friday');
    const del = await say(a, u, 'delete pay rent');
    assert.equal(del.intent, 'delete_todo');
    const first = await say(a, u, 'undo', del.context);
    const again = await say(b, u, 'undo', del.context); // the client replays it, to the other replica
    assert.equal(again.intent, 'undo');
    assert.equal(await count(u), 1, `${first.reply} / ${again.reply}`);
    assert.deepEqual(again.todos.map((t) => t.id), first.todos.map((t) => t.id));

    await seed(u, 3, (i) => ({ title: `finished ${i}`, done: true }));
    const ask = await say(a, u, 'clear completed');
    const yes = await say(a, u, 'yes', ask.context);
    assert.equal(await count(u), 1);
    await say(a, u, 'undo', yes.context);
    await say(b, u, 'undo', yes.context);
    assert.equal(await count(u, 'STATUS_DONE'), 3);
    assert.equal(await count(u), 4);

    const comp = await say(a, u, 'mark pay rent done');
    assert.equal(comp.intent, 'complete_todo');
    await say(a, u, 'undo', comp.context);
    const [rent] = (await call(todos, 'ListTodos', { user_id: u, query: 'pay rent' })).todos;
    assert.equal(rent.done, false);
    // done again elsewhere; the replayed undo leaves it so
    await call(todos, 'UpdateTodo', { user_id: u, todo: { id: rent.id, done: true }, update_mask: { paths: ['done'] } });
    await say(b, u, 'undo', comp.context);
    assert.equal((await call(todos, 'GetTodo', { user_id: u, id: rent.id })).done, true);
  });
});

describe('load', () => {
  it('40 concurrent conversations (200 turns over two replicas) keep their own todos and contexts', async () => {
    const users = Array.from({ length: 40 }, () => user());
    await Promise.all(users.map(async (u, i) => {
      let ctx = '';
      for (const m of [`add call person ${i} alpha`, `add call person ${i} beta`, 'delete everything', 'no', 'what is on my list?']) {
        const r = await say(i % 2 ? a : b, u, m, ctx);
        ctx = r.context;
        if (m.startsWith('what')) {
          assert.deepEqual(r.todos.map((t) => t.title).sort(), [`call person ${i} alpha`, `call person ${i} beta`]);
        }
      }
    }));
  });
});

describe('list cache', () => {
  const titlesOf = (r) => r.todos.map((t) => t.title).sort();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const scale = proc.VALGRIND ? proc.VALGRIND_SLOW : (process.env.TC_BUILD_TYPE === 'Asan' ? 4 : 1);
  async function eventually(fn, what, timeoutMs = 1000 * scale) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (await fn()) return;
      assert.ok(Date.now() < until, `${what} within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  it('a list answered from the cache still shows changes made straight at todo-svc, and the turn\'s own writes', async () => {
    const u = user();
    await call(todos, 'CreateTodo', { user_id: u, todo: { title: 'first' } });
    assert.deepEqual(titlesOf(await say(a, u, "what's on my list?")), ['first']);
    assert.deepEqual(titlesOf(await say(a, u, "what's on my list?")), ['first']); // cached now
    await call(todos, 'CreateTodo', { user_id: u, todo: { title: 'second' } });
    await eventually(async () => titlesOf(await say(a, u, "what's on my list?")).includes('second'), 'the direct create shown');
    const added = await say(a, u, 'add third');
    assert.equal(added.intent, 'add_todo');
    assert.deepEqual(titlesOf(await say(a, u, "what's on my list?")), ['first', 'second', 'third']);
    // The other replica never cached this user's lists and agrees.
    assert.deepEqual(titlesOf(await say(b, u, "what's on my list?")), ['first', 'second', 'third']);
  });

  it('adding a title that is done elsewhere reopens it, though the done list was cached before', async () => {
    const u = user();
    const r = await say(a, u, 'add water the plants'); // fetches (and caches) the done list
    assert.equal(r.intent, 'add_todo');
    const id = r.todos[0].id;
    await say(a, u, 'add feed the cat'); // the cached done list served this one
    await call(todos, 'UpdateTodo', { user_id: u, todo: { id, done: true }, update_mask: { paths: ['done'] } });
    // The change reaches chat-svc on todo-svc's WatchChanges stream: the
    // done list it caches gets dropped (an open-only list would not show it).
    await eventually(async () => {
      const l = await call(todos, 'ListTodos', { user_id: u, status: 'STATUS_DONE' });
      return l.todos.length === 1;
    }, 'todo-svc has it done');
    await sleep(200 * scale);
    const again = await say(a, u, 'add water the plants');
    assert.equal(again.intent, 'reopen_todo', `reply: ${again.reply}`);
    const all = await call(todos, 'ListTodos', { user_id: u, status: 'STATUS_ANY' });
    assert.deepEqual(all.todos.map((t) => `${t.title}:${t.done}`).sort(), ['feed the cat:false', 'water the plants:false']);
  });
});

describe('todo-svc down', () => {
  it('turns that need todos are UNAVAILABLE with a clear message; others still answer', async () => {
    const dead = await proc.startTodo();
    const addr = dead.addr;
    await dead.stop();
    const lonely = await proc.startChat(addr, ['--context-key', KEY]);
    started.push(lonely);
    const c = chatClient(lonely.addr);
    try {
      await expectCode(say(c, user(), "what's on my list?"), status.UNAVAILABLE, 'todo-svc');
      await expectCode(say(c, user(), 'add buy milk'), status.UNAVAILABLE, 'todo-svc');
      const hi = await say(c, user(), 'hello');
      assert.equal(hi.intent, 'greeting');
    } finally {
      c.close();
    }
  });

  it('the caller deadline reaches the todo-svc call (a silent todo-svc costs the caller deadline, not 5 s)', async () => {
    const net = require('node:net');
    const socks = [];
    const silent = net.createServer((s) => socks.push(s)); // accepts, never speaks HTTP/2
    await new Promise((r) => silent.listen(0, '127.0.0.1', r));
    const s = await proc.startChat(`127.0.0.1:${silent.address().port}`, ['--context-key', KEY]);
    started.push(s);
    const c = chatClient(s.addr);
    try {
      const t0 = Date.now();
      await assert.rejects(call(c, 'Converse', { user_id: user(), message: "what's on my list?", now: NOW }, { deadlineMs: 800 }),
        (e) => e.code === status.DEADLINE_EXCEEDED);
      assert.ok(Date.now() - t0 < 2500);
      // chat-svc itself gave up at the caller's deadline: its log says so long before 5 s
      await new Promise((r) => setTimeout(r, 1200));
      assert.match(s.stderr(), /"turn failed".*EDEADLINE|EDEADLINE.*"turn failed"/, s.stderr());
    } finally {
      c.close();
      socks.forEach((x) => x.destroy());
      silent.close();
    }
  });
});

describe('server', () => {
  it('answers grpc health SERVING for "" and chat.v1.ChatService', async () => {
    const h = healthClient(chatA.addr);
    assert.equal((await call(h, 'Check', { service: '' })).status, 'SERVING');
    assert.equal((await call(h, 'Check', { service: 'chat.v1.ChatService' })).status, 'SERVING');
    h.close();
  });

  it('serves reflection (v1 and v1alpha) listing chat.v1.ChatService', async () => {
    for (const v of ['v1', 'v1alpha']) {
      const r = reflectionClient(chatA.addr, v);
      const names = await new Promise((resolve, reject) => {
        const s = r.ServerReflectionInfo();
        s.on('data', (m) => { resolve(m.list_services_response.service.map((x) => x.name)); s.end(); });
        s.on('error', reject);
        s.write({ list_services: '' });
      });
      assert.ok(names.includes('chat.v1.ChatService'), `${v}: ${names}`);
      r.close();
    }
  });

  it('--probe exits 0 against a serving chat-svc and 1 against nothing', () => {
    const ok = spawnSync(proc.bin('chat-svc'), ['--probe', '--listen', chatA.addr], { timeout: 10000 });
    assert.equal(ok.status, 0, String(ok.stderr));
    const bad = spawnSync(proc.bin('chat-svc'), ['--probe', '--listen', '127.0.0.1:1'], { timeout: 10000 });
    assert.equal(bad.status, 1);
  });

  it('--help and --version exit 0; a bad flag exits non-zero with one line', () => {
    const help = spawnSync(proc.bin('chat-svc'), ['--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    for (const f of ['--listen', '--todo-addr', '--metrics-listen', '--context-key']) assert.match(help.stdout, new RegExp(f));
    const ver = spawnSync(proc.bin('chat-svc'), ['--version'], { encoding: 'utf8' });
    assert.equal(ver.status, 0);
    const bad = spawnSync(proc.bin('chat-svc'), ['--nope'], { encoding: 'utf8' });
    assert.notEqual(bad.status, 0);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    const port = spawnSync(proc.bin('chat-svc'), ['--listen', 'nonsense'], { encoding: 'utf8' });
    assert.notEqual(port.status, 0);
    assert.equal(port.stderr.trim().split('\n').length, 1, port.stderr);
  });

  it('prints exactly "listening on HOST:PORT" and JSON lines otherwise; warns without a key', async () => {
    const s = await proc.startChat(todo.addr, [], { env: { CHAT_CONTEXT_KEY: '' } });
    started.push(s);
    await new Promise((r) => setTimeout(r, 200));
    const lines = s.stderr().trim().split('\n');
    assert.ok(lines.some((l) => /^listening on 127\.0\.0\.1:\d+$/.test(l)), lines.join('\n'));
    for (const l of lines.filter((x) => !x.startsWith('listening on '))) JSON.parse(l);
    assert.ok(lines.some((l) => /CHAT_CONTEXT_KEY/.test(l) && JSON.parse(l).level === 'warn'));
  });
});
