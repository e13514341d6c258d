'use strict';
// ListTodos page tokens are opaque and authenticated (todo-svc/page_token.h):
// paging through 120 todos gives each exactly once; a token shows no row
// counter (base64url of high-entropy bytes, no hex run, no sequence number
// in any encoding); it keeps working across a restart and on a second
// process on the same database file; a changed token, another user's or
// another query's is INVALID_ARGUMENT naming page_token.
const { it, before, after } = require('node:test');
const path = require('node:path');
const {
  assert, status, ms, uid, tracker, call, expectCode, proc,
} = require('./util');

const T = tracker();
after(() => T.cleanup());

const N = 120;
let db;
let svc;
let c;
const alice = uid('alice');
const bob = uid('bob');
const made = []; // alice's ids in creation order

const list = (client, user, req = {}) => call(client, 'ListTodos', { user_id: user, page_size: 50, ...req });

// Pages through user's list from token; returns {ids, tokens}.
async function pageAll(client, user, token = '', req = {}) {
  const ids = [];
  const tokens = [];
  for (let i = 0; i < 20; i++) {
    const p = await list(client, user, { ...req, page_token: token });
    ids.push(...p.todos.map((t) => t.id));
    token = p.next_page_token;
    if (!token) return { ids, tokens };
    tokens.push(token);
  }
  throw new Error('next_page_token never became empty');
}

function b64urlDecode(s) {
  assert.match(s, /^[A-Za-z0-9_-]+$/, `token ${s} is base64url without padding`);
  return Buffer.from(s, 'base64url');
}

// Shannon entropy in bits per byte of buf.
function entropy(buf) {
  const counts = new Array(256).fill(0);
  for (const b of buf) counts[b]++;
  let h = 0;
  for (const n of counts) {
    if (n) h -= (n / buf.length) * Math.log2(n / buf.length);
  }
  return h;
}

// Every 4- and 8-byte encoding of n, either byte order.
function encodings(n) {
  const out = [];
  for (const size of [4, 8]) {
    const be = Buffer.alloc(size);
    const le = Buffer.alloc(size);
    if (size === 4) { be.writeUInt32BE(n); le.writeUInt32LE(n); } else { be.writeBigUInt64BE(BigInt(n)); le.writeBigUInt64LE(BigInt(n)); }
    out.push(be, le);
  }
  return out;
}

before(async () => {
  db = path.join(proc.tmpDir('tc-page-token-'), 'todos.db');
  svc = await T.startTodo(['--db', db]);
  c = T.todo(svc.addr);
  // Interleaved with another user, one at a time: in a fresh file alice's
  // i-th todo is row 2i+1, so page ends fall on known sequence numbers.
  for (let i = 0; i < N; i++) {
    made.push((await call(c, 'CreateTodo', { user_id: alice, todo: { title: `a${i}` } })).id);
    await call(c, 'CreateTodo', { user_id: bob, todo: { title: `b${i}` } });
  }
});

it('120 todos in pages of 50 come once each, in creation order', async () => {
  const { ids, tokens } = await pageAll(c, alice);
  assert.deepEqual(ids, made);
  assert.equal(tokens.length, 2, 'pages of 50, 50, 20');
});

it('a token shows nothing: base64url of high-entropy bytes, no hex run, no sequence number', async () => {
  const { tokens } = await pageAll(c, alice);
  // Rows 99 and 199 end the first two pages (alice's 50th and 100th todo).
  for (const [tok, seq] of [[tokens[0], 99], [tokens[1], 199]]) {
    const raw = b64urlDecode(tok);
    assert.ok(!/[0-9a-f]{12}/i.test(tok), `no long hex run in ${tok} (the old token was 24 hex digits)`);
    assert.ok(!tok.includes(seq.toString(16).padStart(16, '0')), `${tok} does not spell row ${seq} in hex`);
    for (const enc of encodings(seq)) assert.equal(raw.indexOf(enc), -1, `row ${seq} is not in ${raw.toString('hex')}`);
    assert.equal(raw.indexOf(Buffer.from(alice)), -1, 'the user id is not in the token');
  }
  // The same position sealed 40 times: 40 different tokens whose bytes
  // (after the version byte) look random.
  const same = [];
  for (let i = 0; i < 40; i++) same.push((await list(c, alice)).next_page_token);
  assert.equal(new Set(same).size, same.length, 'a fresh nonce each time');
  const bytes = Buffer.concat(same.map((t) => b64urlDecode(t).subarray(1)));
  const h = entropy(bytes);
  assert.ok(h > 7.5, `${h.toFixed(2)} bits per byte over ${bytes.length} bytes; random is about 7.9`);
});

it('a changed token, a cut one, another user\'s, another query\'s or an old-style one is INVALID_ARGUMENT naming page_token', async () => {
  const tok = (await list(c, alice)).next_page_token;
  const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  for (const i of [0, 1, 10, Math.floor(tok.length / 2), tok.length - 2]) {
    await expectCode(list(c, alice, { page_token: flip(tok, i) }), status.INVALID_ARGUMENT, /page_token/);
  }
  await expectCode(list(c, alice, { page_token: tok.slice(0, -4) }), status.INVALID_ARGUMENT, /page_token/);
  await expectCode(list(c, bob, { page_token: tok }), status.INVALID_ARGUMENT, /page_token/);
  await expectCode(list(c, alice, { page_token: tok, status: 'STATUS_OPEN' }), status.INVALID_ARGUMENT, /page_token/);
  await expectCode(list(c, alice, { page_token: tok, query: 'a' }), status.INVALID_ARGUMENT, /page_token/);
  await expectCode(list(c, alice, { page_token: tok, tag: 'x' }), status.INVALID_ARGUMENT, /page_token/);
  await expectCode(list(c, alice, { page_token: '0000000000000063deadbeef' }), status.INVALID_ARGUMENT, /page_token/);
  // The page size is not part of the query: it may change between pages.
  const p = await list(c, alice, { page_token: tok, page_size: 7 });
  assert.deepEqual(p.todos.map((t) => t.id), made.slice(50, 57));
});

it('a token works after a restart on the same file, and on a second process sharing it', { timeout: ms(60000) }, async () => {
  const first = await list(c, alice);
  assert.deepEqual(first.todos.map((t) => t.id), made.slice(0, 50));
  const r = await svc.stop('SIGTERM');
  assert.equal(r.code, 0);

  svc = await T.startTodo(['--db', db]);
  c = T.todo(svc.addr);
  const rest = await pageAll(c, alice, first.next_page_token);
  assert.deepEqual([...first.todos.map((t) => t.id), ...rest.ids], made, 'every todo once, across the restart');

  const replica = await T.startTodo(['--db', db]);
  const c2 = T.todo(replica.addr);
  const p2 = await list(c, alice, { page_token: first.next_page_token });
  const onReplica = await pageAll(c2, alice, p2.next_page_token);
  assert.deepEqual(onReplica.ids, made.slice(100), 'the replica continues where the other left off');
});
