'use strict';
// todo-svc as a process: --help/--version, bad flags, busy port, unusable
// --db, env fallbacks, SIGTERM/SIGINT exit 0 (idle, with an open WatchTodos
// stream, during in-flight calls), and deadlines.
const {
  describe, it, before, after,
} = require('node:test');
const { spawn } = require('node:child_process');
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');
const {
  assert, status, ms, sleep, uid, tracker, call, openWatch, syncWatchers, proc, h2Call, SLOW,
} = require('./util');
const protobuf = require('protobufjs');

const T = tracker();
after(() => T.cleanup());

// Runs todo-svc to completion (for flags that make it exit on its own).
function run(args, { env = {}, timeoutMs = ms(10000) } = {}) {
  return new Promise((resolve) => {
    const p = spawn(proc.bin('todo-svc'), args, {
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:exitcode=66', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1:exitcode=67', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Counts as a started process for the sanitizer check at the end.
      T.adopt({ name: `todo-svc ${args.join(' ')}`, exited: () => true, assertClean() { if (proc.SANITIZER_RE.test(err)) throw new Error(`todo-svc ${args.join(' ')}: sanitizer report:\n${err}`); } });
      resolve({ code, signal, stdout: out, stderr: err, lines: err.split('\n').filter((l) => l.trim() !== '') });
    });
  });
}

function holdPort() {
  return new Promise((resolve) => {
    const s = net.createServer(() => {});
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

const oneLine = (r, re) => {
  assert.notEqual(r.code, 0, `must exit non-zero; got ${JSON.stringify({ code: r.code, signal: r.signal })}`);
  assert.equal(r.signal, null, `must exit, not die by ${r.signal}`);
  assert.equal(r.lines.length, 1, `exactly one line on stderr, got ${r.lines.length}:\n${r.stderr}`);
  if (re) assert.match(r.lines[0], re);
};

describe('flags', () => {
  it('--help exits 0 and documents every flag with its env variable', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0, r.stderr);
    const text = r.stdout + r.stderr;
    for (const f of ['--listen', '--db', '--metrics-listen', '--help', '--version', 'TODO_LISTEN', 'TODO_DB', 'TODO_METRICS_LISTEN']) {
      assert.ok(text.includes(f), `--help mentions ${f}`);
    }
    assert.ok(r.stdout.length > 0, '--help prints to stdout');
  });

  it('--version exits 0 and prints a version', async () => {
    const r = await run(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\d+\.\d+\.\d+/);
  });

  for (const [what, args, re] of [
    ['an unknown flag', ['--no-such-flag'], /no-such-flag/],
    ['a flag missing its value', ['--listen'], /listen/],
    ['a positional argument', ['stray'], /stray/],
    ['a malformed --listen', ['--listen', 'not-an-address', '--db', ':memory:', '--metrics-listen', 'off'], /listen|not-an-address/],
    ['a --listen port out of range', ['--listen', '127.0.0.1:70000', '--db', ':memory:', '--metrics-listen', 'off'], /listen|70000/],
  ]) {
    it(`${what} exits non-zero with one line on stderr`, async () => {
      oneLine(await run(args), re);
    });
  }

  it('TODO_LISTEN and TODO_DB are used when the flags are absent', async () => {
    const dir = proc.tmpDir('tc-todo-env-');
    const db = path.join(dir, 'env.db');
    const s = await T.start('todo-svc', ['--metrics-listen', 'off'], { env: { TODO_LISTEN: '127.0.0.1:0', TODO_DB: db } });
    assert.equal(s.host, '127.0.0.1');
    const c = T.todo(s.addr);
    await call(c, 'CreateTodo', { user_id: uid(), todo: { title: 'env' } });
    assert.ok(fs.existsSync(db), 'TODO_DB names the database file');
    const r = await s.stop();
    assert.equal(r.code, 0);
  });

  it('a flag wins over its environment variable', async () => {
    const dir = proc.tmpDir('tc-todo-env-');
    const s = await T.start('todo-svc', ['--listen', '127.0.0.1:0', '--db', ':memory:', '--metrics-listen', 'off'],
      { env: { TODO_LISTEN: 'bogus:address:here', TODO_DB: path.join(dir, 'no', 'such', 'dir', 'x.db'), TODO_METRICS_LISTEN: 'bogus' } });
    const c = T.todo(s.addr);
    await call(c, 'CreateTodo', { user_id: uid(), todo: { title: 'flag wins' } });
    assert.deepEqual(fs.readdirSync(dir), [], 'TODO_DB was not used');
  });

  it('port 0 prints `listening on 127.0.0.1:PORT` with the real port', async () => {
    const s = await T.startTodo();
    assert.match(s.stderr(), /listening on 127\.0\.0\.1:\d+/);
    assert.ok(s.port > 0);
    const c = T.todo(s.addr);
    const h = T.health(s.addr);
    assert.equal((await call(h, 'Check', { service: '' })).status, 'SERVING');
    assert.ok(c);
  });

  it('--listen 0.0.0.0:0 prints `listening on 0.0.0.0:PORT` and serves on loopback', async () => {
    const s = await T.start('todo-svc', ['--listen', '0.0.0.0:0', '--db', ':memory:', '--metrics-listen', 'off']);
    assert.match(s.stderr(), /listening on 0\.0\.0\.0:\d+/);
    const h = T.health(`127.0.0.1:${s.port}`);
    assert.equal((await call(h, 'Check', { service: '' })).status, 'SERVING');
  });

  it('--listen [::1]:0 (IPv6) prints `listening on [::1]:PORT` and serves', async (t) => {
    const hasV6 = Object.values(require('node:os').networkInterfaces()).flat().some((i) => i.address === '::1');
    if (!hasV6) { t.skip('no IPv6 loopback on this machine'); return; }
    const s = await T.start('todo-svc', ['--listen', '[::1]:0', '--db', ':memory:', '--metrics-listen', 'off']);
    assert.match(s.stderr(), /listening on \[::1\]:\d+/);
    const h = T.health(`[::1]:${s.port}`);
    assert.equal((await call(h, 'Check', { service: '' })).status, 'SERVING');
  });

  it('a fixed port also prints `listening on HOST:PORT`', async () => {
    const held = await holdPort();
    const port = held.address().port;
    await new Promise((r) => held.close(r));
    const s = await T.start('todo-svc', ['--listen', `127.0.0.1:${port}`, '--db', ':memory:', '--metrics-listen', 'off']);
    assert.equal(s.port, port);
  });
});

describe('--probe (todo-svc/README.md)', () => {
  it('exits 0 when the server at --listen is SERVING, non-zero when nothing listens there', async () => {
    const s = await T.startTodo();
    const ok = await run(['--probe', '--listen', s.addr]);
    assert.equal(ok.code, 0, `probe of a serving todo-svc: ${JSON.stringify({ code: ok.code, signal: ok.signal })} ${ok.stderr}`);
    const held = await holdPort();
    const port = held.address().port;
    await new Promise((r) => held.close(r));
    const bad = await run(['--probe', '--listen', `127.0.0.1:${port}`], { timeoutMs: ms(15000) });
    assert.notEqual(bad.code, 0, 'probe of a closed port must fail');
    assert.equal(bad.signal, null, 'the probe gives up by itself');
  });
});

describe('metrics (--metrics-listen)', () => {
  const get = (port) => new Promise((resolve, reject) => {
    require('node:http').get(`http://127.0.0.1:${port}/metrics`, (res) => {
      let b = '';
      res.on('data', (d) => { b += d; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body: b }));
    }).on('error', reject);
  });
  let m;
  before(async () => {
    const held = await holdPort();
    const port = held.address().port;
    await new Promise((r) => held.close(r));
    const s = await T.start('todo-svc', ['--listen', '127.0.0.1:0', '--db', ':memory:', '--metrics-listen', `127.0.0.1:${port}`]);
    const c = T.todo(s.addr);
    const user = uid();
    for (let i = 0; i < 3; i++) await call(c, 'CreateTodo', { user_id: user, todo: { title: `m${i}` } });
    await call(c, 'CreateTodo', { user_id: '', todo: { title: 'x' } }).catch(() => {});
    await call(c, 'GetTodo', { user_id: user, id: 'missing' }).catch(() => {});
    m = await get(port);
  });
  const value = (re) => {
    const line = m.body.split('\n').find((l) => re.test(l));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };

  it('serves Prometheus text with request counts by method and code and a latency histogram', () => {
    assert.equal(m.status, 200);
    assert.match(m.type, /^text\/plain/);
    assert.equal(value(/^grpc_server_handled_total\{.*grpc_method="CreateTodo".*grpc_code="OK"/), 3);
    assert.equal(value(/^grpc_server_handled_total\{.*grpc_method="CreateTodo".*grpc_code="INVALID_ARGUMENT"/), 1);
    assert.equal(value(/^grpc_server_handled_total\{.*grpc_method="GetTodo".*grpc_code="NOT_FOUND"/), 1);
    assert.equal(value(/^grpc_server_handling_seconds_count\{.*grpc_method="CreateTodo"/), 4);
    assert.match(m.body, /^build_info\{[^}]*\} 1$/m);
  });

  it('exposes an in-flight gauge (architecture.md: "request counts by method and code, latency histograms, in-flight gauge, build info")', () => {
    const types = m.body.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.slice(7));
    assert.ok(types.some((t) => /in_?flight.* gauge$/i.test(t)) || types.includes('grpc_server_started_total counter'),
      `no in-flight gauge among: ${JSON.stringify(types)}`);
  });
});

describe('start-up failures', () => {
  it('a busy port (held by another program) exits non-zero with one line on stderr', async () => {
    const held = await holdPort();
    try {
      const port = held.address().port;
      oneLine(await run(['--listen', `127.0.0.1:${port}`, '--db', ':memory:', '--metrics-listen', 'off']), new RegExp(`${port}|listen|address`));
    } finally {
      held.close();
    }
  });

  it('a busy port (held by another todo-svc) exits non-zero: no silent SO_REUSEPORT sharing', async () => {
    const first = await T.startTodo();
    const r = await run(['--listen', `127.0.0.1:${first.port}`, '--db', ':memory:', '--metrics-listen', 'off'], { timeoutMs: ms(750) });
    if (r.signal === 'SIGKILL') assert.fail(`second todo-svc on busy port ${first.port} kept running (it shares the port); stderr:\n${r.stderr}`);
    oneLine(r, new RegExp(`${first.port}|listen|address`));
  });

  it('--db naming a directory exits non-zero with one line on stderr', async () => {
    const dir = proc.tmpDir('tc-todo-dbdir-');
    oneLine(await run(['--listen', '127.0.0.1:0', '--db', dir, '--metrics-listen', 'off'], { timeoutMs: ms(5000) }), /db|database|directory|sqlite/i);
  });

  it('--db in a missing folder exits non-zero with one line on stderr', async () => {
    const dir = proc.tmpDir('tc-todo-dbmiss-');
    oneLine(await run(['--listen', '127.0.0.1:0', '--db', path.join(dir, 'missing', 'todos.db'), '--metrics-listen', 'off'], { timeoutMs: ms(5000) }), /db|database|missing|sqlite/i);
  });

  it('--db that is not a SQLite database exits non-zero with one line on stderr', async () => {
    const dir = proc.tmpDir('tc-todo-dbbad-');
    const f = path.join(dir, 'garbage.db');
    fs.writeFileSync(f, 'this is not a sqlite database, just text '.repeat(200));
    oneLine(await run(['--listen', '127.0.0.1:0', '--db', f, '--metrics-listen', 'off'], { timeoutMs: ms(5000) }), /db|database|sqlite|garbage/i);
  });

  it('a database from a newer schema version is refused with one line on stderr', async () => {
    const dir = proc.tmpDir('tc-todo-dbnew-');
    const db = path.join(dir, 'todos.db');
    const s = await T.startTodo(['--db', db]);
    await call(T.todo(s.addr), 'CreateTodo', { user_id: uid(), todo: { title: 'x' } });
    assert.equal((await s.stop()).code, 0);
    // After a clean close the WAL is checkpointed; PRAGMA user_version is the
    // big-endian 32-bit integer at offset 60 of the file header.
    for (const f of fs.readdirSync(dir)) if (f !== 'todos.db') fs.rmSync(path.join(dir, f));
    const fd = fs.openSync(db, 'r+');
    const b = Buffer.alloc(4);
    b.writeUInt32BE(999999);
    fs.writeSync(fd, b, 0, 4, 60);
    fs.closeSync(fd);
    oneLine(await run(['--listen', '127.0.0.1:0', '--db', db, '--metrics-listen', 'off'], { timeoutMs: ms(5000) }), /db|database|schema|version|newer/i);
  });
});

describe('shutdown', () => {
  for (const sig of ['SIGTERM', 'SIGINT']) {
    it(`${sig} when idle exits 0 promptly`, async () => {
      const s = await T.startTodo();
      const c = T.todo(s.addr);
      await call(c, 'CreateTodo', { user_id: uid(), todo: { title: 'x' } });
      const t0 = Date.now();
      const r = await s.stop(sig, ms(15000));
      assert.equal(r.code, 0, `exit after ${sig}: ${JSON.stringify({ code: r.code, signal: r.signal })}`);
      assert.ok(Date.now() - t0 < ms(5000), `an idle server exits within 5 s (took ${Date.now() - t0} ms)`);
    });
  }

  it('SIGTERM with open WatchTodos streams exits 0 and ends the streams', { timeout: ms(40000) }, async () => {
    const s = await T.startTodo([], { env: { SHUTDOWN_GRACE_MS: '2000' } });
    const c = T.todo(s.addr);
    const user = uid();
    const ws = [openWatch(c, user), openWatch(c, user), openWatch(c, uid())];
    await syncWatchers(c, user, ws.slice(0, 2));
    const t0 = Date.now();
    const r = await s.stop('SIGTERM', ms(25000));
    assert.equal(r.code, 0, `exit after SIGTERM with open watches: ${JSON.stringify({ code: r.code, signal: r.signal })}\n${r.stderr.slice(-1000)}`);
    assert.ok(Date.now() - t0 < ms(2000) + 5000, `exits within the grace period plus slack (took ${Date.now() - t0} ms)`);
    await sleep(100);
    for (const w of ws) assert.ok(w.ended || w.error, 'the watch stream was ended by the shutdown');
  });

  it('SIGTERM ends open WatchTodos streams with UNAVAILABLE (server going away: retry elsewhere), not CANCELLED', { timeout: ms(30000) }, async () => {
    // gRPC status semantics: CANCELLED means the caller cancelled; a server
    // shutting down is UNAVAILABLE, which clients treat as "reconnect".
    const s = await T.startTodo([], { env: { SHUTDOWN_GRACE_MS: '2000' } });
    const c = T.todo(s.addr);
    const user = uid();
    const ws = [openWatch(c, user), openWatch(c, user)];
    await syncWatchers(c, user, ws);
    const r = await s.stop('SIGTERM', ms(25000));
    assert.equal(r.code, 0);
    await sleep(100);
    const codes = ws.map((w) => (w.error ? `${w.error.code} ${w.error.details}` : 'ended OK'));
    assert.deepEqual(codes.filter((x) => !x.startsWith(`${status.UNAVAILABLE} `)), [], `watch endings: ${JSON.stringify(codes)}`);
  });

  it('SIGTERM with open health Watch and WatchTodos streams, many times: always exits 0, no crash', { timeout: ms(120000) }, async () => {
    // Shutdown ends every open stream while completion-queue threads finish
    // them too: a race there shows up only now and then, so repeat.
    const N = SLOW > 1 ? 30 : 60;
    const failures = [];
    for (let i = 0; i < N; i++) {
      // A short grace keeps the serve-while-NOT_SERVING drain (grace/4) short.
      const s = await T.startTodo([], { env: { SHUTDOWN_GRACE_MS: '200' } });
      const h = T.health(s.addr);
      const c = T.todo(s.addr);
      let n = 0;
      const streams = [h.Watch({ service: '' }), h.Watch({ service: 'todo.v1.TodoService' }), c.WatchTodos({ user_id: uid() })];
      for (const st of streams) { st.on('data', () => { n++; }); st.on('error', () => {}); }
      const t0 = Date.now();
      while (n < 2 && Date.now() - t0 < ms(3000)) await sleep(2);
      const r = await s.stop('SIGTERM', ms(15000));
      if (r.code !== 0) {
        const why = r.stderr.split('\n').find((l) => /assert|ERROR: |runtime error/.test(l)) || r.stderr.slice(-300);
        failures.push(`run ${i}: ${JSON.stringify({ code: r.code, signal: r.signal })} ${why}`);
      }
      h.close();
      c.close();
    }
    assert.deepEqual(failures, [], `${failures.length} of ${N} shutdowns failed`);
  });

  describe('SIGTERM during in-flight calls', () => {
    // One run shared by the three checks below: 4 clients create todos back to
    // back on a file DB; SIGTERM after 20 acknowledgements.
    const run1 = {};
    before(async () => {
      const dir = proc.tmpDir('tc-todo-drain-');
      run1.db = path.join(dir, 'todos.db');
      const s = await T.startTodo(['--db', run1.db], { env: { SHUTDOWN_GRACE_MS: '5000' } });
      const c = T.todo(s.addr);
      run1.user = uid();
      let stop = false;
      run1.acked = [];
      run1.failures = [];
      const worker = async (k) => {
        for (let i = 0; !stop && i < 5000; i++) {
          try {
            run1.acked.push((await call(c, 'CreateTodo', { user_id: run1.user, todo: { title: `w${k}-${i}` } }, { deadlineMs: ms(10000) })).id);
          } catch (e) {
            run1.failures.push(`${e.code} ${e.details}`);
            return;
          }
        }
      };
      const workers = [0, 1, 2, 3].map(worker);
      while (run1.acked.length < 20) await sleep(5);
      run1.exit = await s.stop('SIGTERM', ms(30000));
      stop = true;
      await Promise.all(workers);
    });

    it('exits 0', () => {
      const r = run1.exit;
      assert.equal(r.code, 0, `exit after SIGTERM under load: ${JSON.stringify({ code: r.code, signal: r.signal })}\n${r.stderr.slice(-1000)}`);
    });

    it('every acknowledged create is on disk after a restart', { timeout: ms(30000) }, async () => {
      const s2 = await T.startTodo(['--db', run1.db]);
      const c2 = T.todo(s2.addr);
      const ids = new Set();
      let token = '';
      do {
        const p = await call(c2, 'ListTodos', { user_id: run1.user, page_size: 500, page_token: token });
        p.todos.forEach((t) => ids.add(t.id));
        token = p.next_page_token;
      } while (token);
      const lost = run1.acked.filter((id) => !ids.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${run1.acked.length} acknowledged creates are missing after a graceful stop`);
    });

    it('calls caught by the shutdown fail retryably (UNAVAILABLE or CANCELLED), not INTERNAL', () => {
      const bad = run1.failures.filter((f) => !f.startsWith(`${status.UNAVAILABLE} `) && !f.startsWith(`${status.CANCELLED} `));
      assert.deepEqual(bad, [], `calls in flight at SIGTERM failed with a non-retryable status (${run1.acked.length} acknowledged)`);
    });
  });

  it('calls sent one at a time after SIGTERM succeed or fail UNAVAILABLE (retryable), never INTERNAL', async () => {
    const s = await T.startTodo([], { env: { SHUTDOWN_GRACE_MS: '3000' } });
    const c = T.todo(s.addr);
    const user = uid();
    await call(c, 'CreateTodo', { user_id: user, todo: { title: 'warm' } });
    s.proc.kill('SIGTERM');
    const res = [];
    // One call at a time until the process is gone (and a few more).
    for (let i = 0, after = 0; after < 3 && i < 10000; i++) {
      if (s.exited()) after++;
      try {
        await call(c, 'CreateTodo', { user_id: user, todo: { title: `late ${i}` } });
        res.push('OK');
      } catch (e) {
        res.push(`${e.code} ${e.details}`);
      }
    }
    const r = await s.stop('SIGTERM', ms(15000));
    assert.equal(r.code, 0);
    // UNAVAILABLE is what a client sees once it has the GOAWAY. A call that
    // races the GOAWAY reaches gRPC C-core after shutdown began and core
    // kills it unseen (Server::CallData::KillZombie): the client gets
    // CANCELLED for a call no handler ran, which our own clients retry
    // (lib/rpc/rpc_client.c). INTERNAL (a reset connection) is never acceptable.
    const bad = res.filter((x) => x !== 'OK' && !x.startsWith(`${status.UNAVAILABLE} `) && !x.startsWith(`${status.CANCELLED} `));
    assert.deepEqual([...new Set(bad)], [], `${bad.length} of ${res.length} calls after SIGTERM failed otherwise`);
  });
});

describe('deadlines', () => {
  it('a call with an already-short deadline gets DEADLINE_EXCEEDED, not a hang', async () => {
    const s = await T.startTodo();
    const c = T.todo(s.addr);
    const user = uid();
    const t0 = Date.now();
    const rs = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => call(c, 'ListTodos', { user_id: user, page_size: 500 }, { deadlineMs: i % 5 })));
    assert.ok(Date.now() - t0 < ms(3000), 'all short-deadline calls finish quickly');
    for (const r of rs) {
      if (r.status === 'rejected') assert.equal(r.reason.code, status.DEADLINE_EXCEEDED, `got ${r.reason.code} ${r.reason.details}`);
    }
    assert.ok(rs.some((r) => r.status === 'rejected'), 'a 0 ms deadline cannot succeed');
    // And the server is unharmed by the abandoned calls.
    const created = await call(c, 'CreateTodo', { user_id: user, todo: { title: 'after deadlines' } });
    assert.equal(created.title, 'after deadlines');
  });

  // The calls below carry a grpc-timeout header but no client-side deadline,
  // so only the server can end them: this shows the server honours deadlines.
  it('the server ends a WatchTodos at the caller deadline with DEADLINE_EXCEEDED', async () => {
    const s = await T.startTodo();
    const req = Buffer.from(protobuf.Writer.create().uint32(10).string(uid()).finish());
    const r = await h2Call(s.addr, '/todo.v1.TodoService/WatchTodos', req, { grpcTimeout: '300m' });
    assert.equal(r.status, status.DEADLINE_EXCEEDED, `got ${JSON.stringify({ why: r.why, status: r.status, message: r.message })}`);
    assert.ok(r.ms >= 250 && r.ms < 300 + ms(2000), `ended after ${r.ms} ms for a 300 ms deadline`);
  });

  it('a create whose deadline expired before the server handled it is DEADLINE_EXCEEDED and creates nothing', async () => {
    const s = await T.startTodo();
    const c = T.todo(s.addr);
    const user = uid();
    const w = protobuf.Writer.create();
    w.uint32(10).string(user).uint32(18).fork().uint32(18).string('too late').ldelim();
    const req = Buffer.from(w.finish());
    for (const to of ['1n', '1u']) {
      const r = await h2Call(s.addr, '/todo.v1.TodoService/CreateTodo', req, { grpcTimeout: to });
      assert.equal(r.status, status.DEADLINE_EXCEEDED, `grpc-timeout ${to}: ${JSON.stringify({ why: r.why, status: r.status, message: r.message })}`);
    }
    assert.equal((await call(c, 'ListTodos', { user_id: user })).todos.length, 0, 'an expired create must not be stored');
    // Control: the same bytes with no grpc-timeout succeed.
    const ok = await h2Call(s.addr, '/todo.v1.TodoService/CreateTodo', req);
    assert.equal(ok.status, status.OK, JSON.stringify({ status: ok.status, message: ok.message }));
    assert.equal((await call(c, 'ListTodos', { user_id: user })).todos.length, 1);
  });

  it('creates cancelled by short deadlines leave the store consistent', async () => {
    const s = await T.startTodo();
    const c = T.todo(s.addr);
    const user = uid();
    const rs = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => call(c, 'CreateTodo', { user_id: user, todo: { title: `d${i}` }, request_id: `rq-${i}` }, { deadlineMs: 1 + (i % 10) })));
    for (const r of rs) if (r.status === 'rejected') assert.equal(r.reason.code, status.DEADLINE_EXCEEDED);
    // Retrying every create (same request_id) yields exactly 100 distinct todos.
    const again = await Promise.all(Array.from({ length: 100 }, (_, i) => call(c, 'CreateTodo', { user_id: user, todo: { title: `d${i}` }, request_id: `rq-${i}` })));
    assert.equal(new Set(again.map((t) => t.id)).size, 100);
    rs.forEach((r, i) => { if (r.status === 'fulfilled') assert.equal(again[i].id, r.value.id, 'retry returns the first result'); });
    const l = await call(c, 'ListTodos', { user_id: user, page_size: 500 });
    assert.equal(l.todos.length, 100);
  });
});
