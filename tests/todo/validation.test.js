'use strict';
// Every input error of todo.v1.TodoService: INVALID_ARGUMENT with a message
// that names the field, nothing stored; NOT_FOUND for missing ids. Invalid
// UTF-8 is sent as hand-encoded protobuf (proto-loader would re-encode it).
const {
  describe, it, before, beforeEach, after,
} = require('node:test');
const protobuf = require('protobufjs');
const {
  assert, status, ms, uid, tracker, call, expectCode, rawUnary, h2Call,
} = require('./util');

const T = tracker();
let svc;
let c;
let raw;

before(async () => {
  svc = await T.startTodo();
  c = T.todo(svc.addr);
  raw = T.generic(svc.addr);
});
after(() => T.cleanup());

const create = (user, todo, extra = {}) => call(c, 'CreateTodo', { user_id: user, todo, ...extra });
const update = (user, todo, paths) => call(c, 'UpdateTodo', { user_id: user, todo, update_mask: paths === undefined ? undefined : { paths } });
const list = (user, req = {}) => call(c, 'ListTodos', { user_id: user, ...req });
const count = async (user) => (await list(user, { page_size: 500 })).todos.length;
const IA = status.INVALID_ARGUMENT;

// CreateTodoRequest{user_id=1, todo=2{title=2, notes=3, tags=7}} with raw bytes.
function encodeCreate(user, { title, notes, tags = [] }) {
  const w = protobuf.Writer.create();
  w.uint32((1 << 3) | 2).string(user);
  w.uint32((2 << 3) | 2).fork();
  if (title) w.uint32((2 << 3) | 2).bytes(title);
  if (notes) w.uint32((3 << 3) | 2).bytes(notes);
  for (const t of tags) w.uint32((7 << 3) | 2).bytes(t);
  w.ldelim();
  return Buffer.from(w.finish());
}

describe('user_id is required everywhere', () => {
  it('CreateTodo, GetTodo, ListTodos, UpdateTodo, DeleteTodo with empty user_id are INVALID_ARGUMENT naming user_id', async () => {
    const owner = uid();
    const t = await create(owner, { title: 'x' });
    await expectCode(create('', { title: 'x' }), IA, /user_id/);
    await expectCode(call(c, 'GetTodo', { user_id: '', id: t.id }), IA, /user_id/);
    await expectCode(list(''), IA, /user_id/);
    await expectCode(update('', { id: t.id, title: 'y' }, ['title']), IA, /user_id/);
    await expectCode(call(c, 'DeleteTodo', { user_id: '', id: t.id }), IA, /user_id/);
    assert.equal((await call(c, 'GetTodo', { user_id: owner, id: t.id })).title, 'x', 'nothing changed');
  });

  it('WatchTodos with empty user_id ends with INVALID_ARGUMENT naming user_id', async () => {
    const w = c.WatchTodos({ user_id: '' });
    const err = await new Promise((resolve) => {
      w.on('data', () => {});
      w.on('error', resolve);
      w.on('end', () => resolve(null));
    });
    assert.ok(err, 'the stream must fail, not end OK or stay open');
    assert.equal(err.code, IA, `got ${err.code} ${err.details}`);
    assert.match(err.details, /user_id/);
  });
});

describe('CreateTodo validation', () => {
  it('missing todo or empty title is INVALID_ARGUMENT naming title; nothing stored', async () => {
    const user = uid();
    await expectCode(call(c, 'CreateTodo', { user_id: user }), IA, /title|todo/);
    await expectCode(create(user, { title: '' }), IA, /title/);
    await expectCode(create(user, { notes: 'no title' }), IA, /title/);
    assert.equal(await count(user), 0);
  });

  it('whitespace-only title is INVALID_ARGUMENT naming title', async () => {
    const user = uid();
    for (const t of [' ', '   ', '\t', '\n\r\t ']) {
      await expectCode(create(user, { title: t }), IA, /title/);
    }
    assert.equal(await count(user), 0);
  });

  it('title over 500 bytes (after trimming) is INVALID_ARGUMENT naming title; bytes, not characters, count', async () => {
    const user = uid();
    await expectCode(create(user, { title: 'a'.repeat(501) }), IA, /title/);
    await expectCode(create(user, { title: '€'.repeat(167) }), IA, /title/); // 167 characters, 501 bytes
    await expectCode(create(user, { title: `${'é'.repeat(250)}x` }), IA, /title/); // 251 characters, 501 bytes
    await expectCode(create(user, { title: 'a'.repeat(100000) }), IA, /title/);
    assert.equal(await count(user), 0);
  });

  for (const [name, bytes] of [
    ['a lone continuation byte', Buffer.from([0x61, 0x80, 0x62])],
    ['a truncated 2-byte sequence', Buffer.from([0x61, 0xc3])],
    ['0xff', Buffer.from([0xff, 0x61])],
    ['an overlong encoding of "/"', Buffer.from([0xc0, 0xaf])],
    ['a UTF-16 surrogate (CESU)', Buffer.from([0xed, 0xa0, 0x80])],
    ['a code point above U+10FFFF', Buffer.from([0xf4, 0x90, 0x80, 0x80])],
  ]) {
    it(`title with invalid UTF-8 (${name}) is INVALID_ARGUMENT naming title`, async () => {
      const user = uid();
      await expectCode(rawUnary(raw, '/todo.v1.TodoService/CreateTodo', encodeCreate(user, { title: bytes })), IA, /title/);
      assert.equal(await count(user), 0);
    });
  }

  it('a hand-encoded valid request is accepted (the raw path itself works)', async () => {
    const user = uid();
    const resp = await rawUnary(raw, '/todo.v1.TodoService/CreateTodo', encodeCreate(user, { title: Buffer.from('héllo', 'utf8') }));
    assert.ok(resp.length > 0);
    assert.equal((await list(user)).todos[0].title, 'héllo');
  });

  it('21 tags is INVALID_ARGUMENT naming tags', async () => {
    const user = uid();
    await expectCode(create(user, { title: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }), IA, /tags?/);
    assert.equal(await count(user), 0);
  });

  it('a tag over 50 bytes, or an empty tag, is INVALID_ARGUMENT naming tags', async () => {
    const user = uid();
    await expectCode(create(user, { title: 'x', tags: ['ok', 't'.repeat(51)] }), IA, /tags?/);
    await expectCode(create(user, { title: 'x', tags: ['ü'.repeat(26)] }), IA, /tags?/); // 52 bytes
    await expectCode(create(user, { title: 'x', tags: [''] }), IA, /tags?/);
    assert.equal(await count(user), 0);
  });

  it('notes over 10 000 bytes is INVALID_ARGUMENT naming notes', async () => {
    const user = uid();
    await expectCode(create(user, { title: 'x', notes: 'n'.repeat(10001) }), IA, /notes/);
    await expectCode(create(user, { title: 'x', notes: 'ñ'.repeat(5001) }), IA, /notes/); // 10 002 bytes
    assert.equal(await count(user), 0);
  });

  it('a failed create with a request_id does not poison the request_id', async () => {
    const user = uid();
    await expectCode(create(user, { title: '' }, { request_id: 'r1' }), IA, /title/);
    const t = await create(user, { title: 'fixed' }, { request_id: 'r1' });
    assert.equal(t.title, 'fixed');
  });
});

describe('values a C implementation can get wrong', () => {
  it('an embedded NUL in title, notes or a tag is either rejected (INVALID_ARGUMENT naming the field) or kept exactly, never truncated', async () => {
    const problems = [];
    for (const [field, todo] of [
      ['title', { title: 'before\u0000after' }],
      ['notes', { title: 'nul notes', notes: 'line\u0000hidden' }],
      ['tags', { title: 'nul tag', tags: ['a\u0000b'] }],
    ]) {
      const user = uid();
      let t;
      try {
        t = await create(user, todo);
      } catch (e) {
        if (e.code !== IA || !new RegExp(field.replace(/s$/, 's?')).test(e.details)) problems.push(`${field}: rejected with ${e.code} ${JSON.stringify(e.details)}, want INVALID_ARGUMENT naming ${field}`);
        continue;
      }
      const got = await call(c, 'GetTodo', { user_id: user, id: t.id });
      if (JSON.stringify(got[field]) !== JSON.stringify(todo[field])) problems.push(`${field}: sent ${JSON.stringify(todo[field])}, accepted, got back ${JSON.stringify(got[field])}`);
    }
    assert.deepEqual(problems, [], 'embedded NUL silently changed the value');
  });

  // Every request string, not only title: proto3 strings must be valid UTF-8,
  // and a C server must not cut them at a NUL.
  const BAD = { nul: Buffer.from('a\u0000b'), utf8: Buffer.from([0x61, 0xff, 0x62]) };
  const ld = (w, field, bytes) => w.uint32((field << 3) | 2).bytes(bytes);
  const u = (s) => Buffer.from(s, 'utf8');
  for (const [kind, bad] of Object.entries(BAD)) {
    for (const [what, path, build, re] of [
      ['CreateTodo notes', 'CreateTodo', (w, user) => { ld(w, 1, u(user)); w.uint32(18).fork(); ld(w, 2, u('t')); ld(w, 3, bad); w.ldelim(); }, /notes/],
      ['CreateTodo tags', 'CreateTodo', (w, user) => { ld(w, 1, u(user)); w.uint32(18).fork(); ld(w, 2, u('t')); ld(w, 7, bad); w.ldelim(); }, /tags?/],
      ['CreateTodo request_id', 'CreateTodo', (w, user) => { ld(w, 1, u(user)); w.uint32(18).fork(); ld(w, 2, u('t')); w.ldelim(); ld(w, 3, bad); }, /request_id/],
      ['CreateTodo user_id', 'CreateTodo', (w) => { ld(w, 1, bad); w.uint32(18).fork(); ld(w, 2, u('t')); w.ldelim(); }, /user_id/],
      ['ListTodos query', 'ListTodos', (w, user) => { ld(w, 1, u(user)); ld(w, 5, bad); }, /query/],
      ['ListTodos tag', 'ListTodos', (w, user) => { ld(w, 1, u(user)); ld(w, 6, bad); }, /tag/],
      ['GetTodo id', 'GetTodo', (w, user) => { ld(w, 1, u(user)); ld(w, 2, bad); }, /\bid\b/],
    ]) {
      it(`${what} with ${kind === 'nul' ? 'an embedded NUL' : 'invalid UTF-8'} is INVALID_ARGUMENT naming the field`, async () => {
        const user = uid();
        const w = protobuf.Writer.create();
        build(w, user);
        await expectCode(rawUnary(raw, `/todo.v1.TodoService/${path}`, Buffer.from(w.finish())), IA, re);
        assert.equal(await count(user), 0, 'nothing stored');
      });
    }
  }

  it('due keeps its value (seconds exactly, nanos to the millisecond at least)', async () => {
    const user = uid();
    const due = { seconds: '1798761600', nanos: 123456789 };
    const t = await create(user, { title: 'precise', due });
    const got = await call(c, 'GetTodo', { user_id: user, id: t.id });
    for (const x of [t.due, got.due]) {
      assert.equal(x.seconds, due.seconds);
      assert.ok(Math.abs(x.nanos - due.nanos) < 1e6, `nanos ${x.nanos} vs ${due.nanos}`);
    }
  });

  it('extreme or malformed due timestamps are stored or rejected as INVALID_ARGUMENT naming due, and the server survives', async () => {
    const user = uid();
    for (const due of [
      { seconds: '9223372036854775807', nanos: 0 },
      { seconds: '-9223372036854775808', nanos: 0 },
      { seconds: '253402300800', nanos: 0 }, // 10000-01-01, beyond Timestamp's range
      { seconds: '-62135596801', nanos: 0 }, // before 0001-01-01
      { seconds: '0', nanos: -1 },
      { seconds: '0', nanos: 1000000000 },
    ]) {
      try {
        const t = await create(user, { title: 'weird due', due });
        const got = await call(c, 'GetTodo', { user_id: user, id: t.id });
        assert.deepEqual(got.due, t.due, 'what was accepted reads back the same');
      } catch (e) {
        if (e.code === undefined) throw e;
        assert.equal(e.code, IA, `due ${JSON.stringify(due)}: got ${e.code} ${e.details}`);
        assert.match(e.details, /due/);
      }
    }
    assert.ok((await list(user)).todos.length >= 0);
  });

  it('an out-of-range priority or status enum is rejected (INVALID_ARGUMENT) or handled, never a crash', async () => {
    const user = uid();
    // CreateTodoRequest{user_id, todo{title="p", priority=99}}
    const w = protobuf.Writer.create();
    w.uint32(10).string(user).uint32(18).fork().uint32(18).string('p').uint32(40).uint32(99).ldelim();
    try {
      await rawUnary(raw, '/todo.v1.TodoService/CreateTodo', Buffer.from(w.finish()));
    } catch (e) {
      assert.equal(e.code, IA, `got ${e.code} ${e.details}`);
      assert.match(e.details, /priority/);
    }
    // ListTodosRequest{user_id, status=7}
    const l = protobuf.Writer.create();
    l.uint32(10).string(user).uint32(32).uint32(7);
    try {
      await rawUnary(raw, '/todo.v1.TodoService/ListTodos', Buffer.from(l.finish()));
    } catch (e) {
      assert.equal(e.code, IA, `got ${e.code} ${e.details}`);
      assert.match(e.details, /status/);
    }
    assert.ok(await list(user));
  });

  it('a very long user_id or id is handled (no crash, a proper status)', async () => {
    const big = 'u'.repeat(200000);
    try {
      const t = await create(big, { title: 'big user' });
      assert.equal((await call(c, 'GetTodo', { user_id: big, id: t.id })).title, 'big user');
    } catch (e) {
      assert.equal(e.code, IA, `got ${e.code} ${e.details}`);
    }
    await expectCode(call(c, 'GetTodo', { user_id: uid(), id: 'i'.repeat(200000) }), [IA, status.NOT_FOUND]);
  });
});

describe('ListTodos validation', () => {
  it('page_size 501 is INVALID_ARGUMENT naming page_size', async () => {
    await expectCode(list(uid(), { page_size: 501 }), IA, /page_size/);
  });
  it('negative page_size is INVALID_ARGUMENT naming page_size', async () => {
    await expectCode(list(uid(), { page_size: -1 }), IA, /page_size/);
    await expectCode(list(uid(), { page_size: -2147483648 }), IA, /page_size/);
  });
  it('huge page_size is INVALID_ARGUMENT naming page_size', async () => {
    await expectCode(list(uid(), { page_size: 2147483647 }), IA, /page_size/);
  });
});

describe('UpdateTodo validation', () => {
  // Each test gets its own todo, so one failure cannot cascade into another.
  let user;
  let t;
  beforeEach(async () => {
    user = uid();
    t = await create(user, { title: 'orig', notes: 'n', tags: ['a'] });
  });
  const unchanged = async () => assert.deepEqual(await call(c, 'GetTodo', { user_id: user, id: t.id }), t, 'a rejected update changes nothing');

  it('empty update_mask is INVALID_ARGUMENT naming update_mask', async () => {
    await expectCode(update(user, { id: t.id, title: 'new' }, []), IA, /update_mask/);
    await expectCode(update(user, { id: t.id, title: 'new' }, undefined), IA, /update_mask/);
    await unchanged();
  });

  it('an unknown mask path is INVALID_ARGUMENT naming update_mask or the path', async () => {
    for (const p of ['bogus', 'id', 'created_at', 'updated_at', 'completed_at', 'user_id', 'Title', 'todo.title', '']) {
      await expectCode(update(user, { id: t.id, title: 'new' }, ['title', p]), IA, p ? new RegExp(`update_mask|${p.replace('.', '\\.')}`) : /update_mask/);
    }
    await unchanged();
  });

  it('update to an empty, whitespace-only, too long or invalid title is INVALID_ARGUMENT naming title', async () => {
    await expectCode(update(user, { id: t.id, title: '' }, ['title']), IA, /title/);
    await expectCode(update(user, { id: t.id, title: '  \t ' }, ['title']), IA, /title/);
    await expectCode(update(user, { id: t.id, title: 'a'.repeat(501) }, ['title']), IA, /title/);
    await unchanged();
  });

  it('update with invalid UTF-8 title is INVALID_ARGUMENT naming title', async () => {
    // UpdateTodoRequest{user_id=1, todo=2{id=1, title=2}, update_mask=3{paths=1}}
    const w = protobuf.Writer.create();
    w.uint32(10).string(user);
    w.uint32(18).fork().uint32(10).string(t.id).uint32(18).bytes(Buffer.from([0x66, 0xfe, 0x66])).ldelim();
    w.uint32(26).fork().uint32(10).string('title').ldelim();
    await expectCode(rawUnary(raw, '/todo.v1.TodoService/UpdateTodo', Buffer.from(w.finish())), IA, /title/);
    await unchanged();
  });

  it('update to 21 tags, a 51-byte tag or over-long notes is INVALID_ARGUMENT naming the field', async () => {
    await expectCode(update(user, { id: t.id, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ['tags']), IA, /tags?/);
    await expectCode(update(user, { id: t.id, tags: ['x'.repeat(51)] }, ['tags']), IA, /tags?/);
    await expectCode(update(user, { id: t.id, notes: 'n'.repeat(10001) }, ['notes']), IA, /notes/);
    await unchanged();
  });

  it('fields outside the mask are not validated (an over-long title with mask [notes] is fine)', async () => {
    const u = await create(user, { title: 'other' });
    const r = await update(user, { id: u.id, title: 'a'.repeat(600), notes: 'ok' }, ['notes']);
    assert.equal(r.title, 'other');
    assert.equal(r.notes, 'ok');
  });

  it('update of a missing id is NOT_FOUND; missing todo or empty id is INVALID_ARGUMENT or NOT_FOUND', async () => {
    await expectCode(update(user, { id: 'does-not-exist', title: 'x' }, ['title']), status.NOT_FOUND);
    // each call starts only when awaited: a second promise made up front can reject before
    // anything awaits it, which node:test reports as an unhandled rejection
    const calls = [() => update(user, { id: '', title: 'x' }, ['title']),
      () => call(c, 'UpdateTodo', { user_id: user, update_mask: { paths: ['title'] } })];
    for (const start of calls) {
      try {
        await start();
        assert.fail('must fail');
      } catch (e) {
        assert.ok([IA, status.NOT_FOUND].includes(e.code), `got ${e.code} ${e.details}`);
      }
    }
  });
});

describe('NOT_FOUND for missing ids', () => {
  it('GetTodo and DeleteTodo of an unknown id are NOT_FOUND', async () => {
    const user = uid();
    await create(user, { title: 'x' });
    for (const id of ['does-not-exist', '0', '-1', "1' OR '1'='1", 'x'.repeat(300)]) {
      await expectCode(call(c, 'GetTodo', { user_id: user, id }), status.NOT_FOUND);
      await expectCode(call(c, 'DeleteTodo', { user_id: user, id }), status.NOT_FOUND);
    }
    assert.equal(await count(user), 1);
  });
  it('empty id is INVALID_ARGUMENT or NOT_FOUND, never OK', async () => {
    for (const m of ['GetTodo', 'DeleteTodo']) {
      try {
        await call(c, m, { user_id: uid(), id: '' });
        assert.fail(`${m} with empty id succeeded`);
      } catch (e) {
        assert.ok([IA, status.NOT_FOUND].includes(e.code), `${m}: got ${e.code} ${e.details}`);
      }
    }
  });
});

describe('malformed requests', () => {
  it('bytes that are not a protobuf message get an error status, and the server keeps serving', async () => {
    for (const b of [Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), Buffer.from([0x0a, 0x50, 0x61]), Buffer.from([0x12, 0x05, 0x12, 0x10])]) {
      try {
        await rawUnary(raw, '/todo.v1.TodoService/CreateTodo', b);
        assert.fail('a malformed request was accepted');
      } catch (e) {
        assert.ok([IA, status.INTERNAL].includes(e.code), `got ${e.code} ${e.details}`);
      }
    }
    const user = uid();
    await create(user, { title: 'still alive' });
    assert.equal(await count(user), 1);
  });

  it('malformed gRPC framing (no message, truncated or oversized frame) gets an error status, not a hang or crash', async () => {
    const P = '/todo.v1.TodoService/CreateTodo';
    const one = Buffer.from([0, 0, 0, 0, 3, 10, 1, 97]);
    const cases = {
      'no message': Buffer.alloc(0),
      'truncated frame': Buffer.from([0, 0, 0, 0, 100, 10, 1, 97]),
      'declared length 2 GiB': Buffer.from([0, 0x7f, 0xff, 0xff, 0xff, 10, 1, 97]),
      'half a frame header': Buffer.from([0, 0, 0]),
      'two messages to a unary method': Buffer.concat([one, one]),
    };
    const got = {};
    for (const [name, rawBody] of Object.entries(cases)) {
      const r = await h2Call(svc.addr, P, null, { rawBody, giveUpMs: ms(3000) });
      got[name] = r.status;
      if (r.status === null || r.status === status.OK) assert.fail(`${name}: ${JSON.stringify({ why: r.why, status: r.status, message: r.message })}`);
    }
    const w = await h2Call(svc.addr, '/todo.v1.TodoService/WatchTodos', null, { rawBody: Buffer.alloc(0), giveUpMs: ms(3000) });
    assert.ok(w.status !== null && w.status !== status.OK, `WatchTodos with no request message: ${JSON.stringify({ why: w.why, status: w.status, message: w.message })}`);
    const user = uid();
    await create(user, { title: 'still serving' });
    assert.equal(await count(user), 1);
  });

  it('an unknown method is UNIMPLEMENTED', async () => {
    await expectCode(rawUnary(raw, '/todo.v1.TodoService/NoSuchMethod', Buffer.alloc(0)), status.UNIMPLEMENTED);
    await expectCode(rawUnary(raw, '/todo.v1.NoSuchService/GetTodo', Buffer.alloc(0)), status.UNIMPLEMENTED);
  });

  it('unknown fields in a request are ignored (forward compatibility)', async () => {
    const user = uid();
    const w = protobuf.Writer.create();
    w.uint32(10).string(user);
    w.uint32(18).fork().uint32(18).string('fwd').uint32((99 << 3) | 0).uint32(7).ldelim();
    w.uint32((42 << 3) | 2).string('future field');
    await rawUnary(raw, '/todo.v1.TodoService/CreateTodo', Buffer.from(w.finish()));
    assert.equal((await list(user)).todos[0].title, 'fwd');
  });
});
