'use strict';
// Operations: /healthz, /readyz flipping with the backends, /metrics, static
// files (types, ETag/304, gzip, traversal, security headers) and process
// behaviour (listening line, --probe, bad flags, busy port, SIGTERM).
const zlib = require('node:zlib');
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const { spawnSync } = require('node:child_process');
const { describe, it, before, after } = require('node:test');
const { assert, ms, sleep, tracker, client, request, assertError, eventually, metric, openEvents, proc } = require('./util');

const T = tracker();
let stack;
let base;

before(async () => {
  stack = await T.stack();
  base = stack.base;
});
after(() => T.cleanup());

describe('health and readiness', () => {
  it('/healthz answers 200 JSON', async () => {
    const r = await request(base, 'GET', '/healthz');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
  });

  it('/readyz is 200 with both backends, 503 when one stops, 200 again when it returns', async () => {
    assert.equal((await request(base, 'GET', '/readyz')).status, 200);
    for (const which of ['todo', 'chat']) {
      const svc = stack[which];
      const port = svc.port;
      const r = await svc.stop();
      assert.equal(r.code, 0, `${which}-svc exits 0`);
      const down = await eventually(async () => {
        const x = await request(base, 'GET', '/readyz');
        return x.status === 503 ? x : null;
      }, ms(8000), `/readyz 503 after ${which}-svc stopped`);
      assert.match(assertError(down, 503, 'unavailable'), new RegExp(which));
      assert.equal((await request(base, 'GET', '/healthz')).status, 200, 'liveness does not depend on backends');
      const again = which === 'todo'
        ? await T.todo(['--listen', `127.0.0.1:${port}`])
        : await T.chat(stack.todo.addr, ['--listen', `127.0.0.1:${port}`]);
      stack[which] = again;
      await eventually(async () => (await request(base, 'GET', '/readyz')).status === 200, ms(20000), `/readyz 200 after ${which}-svc came back`);
    }
  });
});

describe('/metrics', () => {
  it('Prometheus text with requests by route and code, latency histogram, SSE gauge, upstream errors', async () => {
    const u = client(base);
    await u.get('/api/todos');
    await u.get('/api/todos/missing');
    const ev = await openEvents(base, { Authorization: `Bearer ${u.token}` });
    const r = await request(`http://${stack.gw.metricsAddr}`, 'GET', '/metrics');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.ok(metric(r.text, 'gateway_http_requests_total', 'route="/api/todos",code="200"') >= 1, r.text);
    assert.ok(metric(r.text, 'gateway_http_requests_total', 'route="/api/todos/{id}",code="404"') >= 1);
    assert.match(r.text, /# TYPE gateway_http_request_duration_seconds histogram/);
    assert.match(r.text, /gateway_http_request_duration_seconds_bucket\{route="\/api\/todos",le="[^"]+"\} \d+/);
    assert.ok(metric(r.text, 'gateway_upstream_errors_total', 'method="GetTodo",code="ENOTFOUND"') >= 1);
    assert.ok(metric(r.text, 'gateway_sse_streams_open') >= 1);
    ev.close();
    // Noticed long before the next heartbeat (15 s here): the watch is cancelled too.
    await eventually(async () => metric((await request(`http://${stack.gw.metricsAddr}`, 'GET', '/metrics')).text, 'gateway_sse_streams_open') === 0,
      ms(5000), 'the stream torn down after the client left');
  });
});

describe('static files', () => {
  const UI = path.join(proc.SOURCE_DIR, 'ui');

  it('serves the page with a strict CSP and the security headers', async () => {
    const r = await request(base, 'GET', '/');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/html; charset=utf-8/);
    const csp = r.headers['content-security-policy'];
    assert.ok(csp, 'CSP header');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(r.headers['referrer-policy']);
    assert.equal(r.text, fs.readFileSync(path.join(UI, 'index.html'), 'utf8'));
    assert.doesNotMatch(r.text, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline script');
    assert.doesNotMatch(r.text, /\son\w+=/i, 'no inline event handlers');
    const api = await client(base).get('/api/todos');
    assert.equal(api.headers['x-content-type-options'], 'nosniff', 'API responses too');
  });

  it('content types for scripts, styles and images', async () => {
    const types = { '/js/app.js': /^text\/javascript/, '/app.css': /^text\/css/, '/icon.svg': /^image\/svg\+xml/ };
    for (const [p, re] of Object.entries(types)) {
      const r = await request(base, 'GET', p);
      assert.equal(r.status, 200, p);
      assert.match(r.headers['content-type'], re, p);
    }
  });

  it('ETag and If-None-Match give 304 with no body', async () => {
    const r = await request(base, 'GET', '/js/app.js');
    const etag = r.headers.etag;
    assert.match(etag, /^"[^"]+"$/);
    const again = await request(base, 'GET', '/js/app.js', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, etag);
    const other = await request(base, 'GET', '/js/app.js', { headers: { 'If-None-Match': '"nope"' } });
    assert.equal(other.status, 200);
  });

  it('gzip for text when the client accepts it', async () => {
    const r = await request(base, 'GET', '/js/list.js', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.match(r.headers.vary || '', /Accept-Encoding/i);
    const plain = fs.readFileSync(path.join(UI, 'js', 'list.js'));
    assert.ok(r.body.length < plain.length);
    assert.deepEqual(zlib.gunzipSync(r.body), plain);
    const id = await request(base, 'GET', '/js/list.js');
    assert.equal(id.headers['content-encoding'], undefined);
    assert.deepEqual(id.body, plain);
  });

  it('no path traversal, no hidden files', async () => {
    for (const p of ['/../CMakeLists.txt', '/%2e%2e/CMakeLists.txt', '/js/../../gateway/main.c', '/js/%2e%2e/%2e%2e/README.md',
      '/..%2fCMakeLists.txt', '/.git/config', '//etc/passwd', '/js/..%5c..%5cCMakeLists.txt']) {
      const r = await request(base, 'GET', p);
      assert.ok(r.status === 404 || r.status === 400, `${p} gave ${r.status}`);
      assert.doesNotMatch(r.text, /cmake_minimum_required|root:x:0/);
    }
  });

  it('HEAD answers headers only', async () => {
    const r = await request(base, 'HEAD', '/');
    assert.equal(r.status, 200);
    assert.equal(r.body.length, 0);
    assert.match(r.headers['content-type'], /^text\/html/);
  });
});

describe('process', () => {
  it('prints exactly "listening on HOST:PORT" once', () => {
    const lines = stack.gw.stderr().split('\n').filter((l) => l.startsWith('listening on'));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^listening on 127\.0\.0\.1:\d+$/);
  });

  it('--probe exits 0 iff GET /healthz answers 200 on --listen', async () => {
    const ok = spawnSync(proc.bin('gateway'), ['--probe', '--listen', stack.gw.addr], { timeout: ms(10000) });
    assert.equal(ok.status, 0, String(ok.stderr));
    const wildcard = spawnSync(proc.bin('gateway'), ['--probe', '--listen', `0.0.0.0:${stack.gw.port}`], { timeout: ms(10000) });
    assert.equal(wildcard.status, 0, '0.0.0.0 probes 127.0.0.1');
    const free = await new Promise((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    });
    const down = spawnSync(proc.bin('gateway'), ['--probe', '--listen', `127.0.0.1:${free}`], { timeout: ms(10000) });
    assert.notEqual(down.status, 0);
  });

  it('bad flags and a busy port fail with one clear line', () => {
    const bad = spawnSync(proc.bin('gateway'), ['--no-such-flag'], { timeout: ms(10000) });
    assert.equal(bad.status, 2);
    assert.equal(String(bad.stderr).trim().split('\n').length, 1);
    const busy = spawnSync(proc.bin('gateway'), ['--listen', stack.gw.addr, '--todo-addr', stack.todo.addr, '--chat-addr', stack.chat.addr, '--id-key', 'k'], { timeout: ms(10000) });
    assert.notEqual(busy.status, 0);
    const errLines = String(busy.stderr).split('\n').filter((l) => l && !l.startsWith('{'));
    assert.equal(errLines.length, 1, String(busy.stderr));
    assert.match(errLines[0], /in use|listen/i);
    const v = spawnSync(proc.bin('gateway'), ['--version'], { timeout: ms(10000) });
    assert.equal(v.status, 0);
    assert.match(String(v.stdout), /\d+\.\d+\.\d+/);
  });

  it('slow and idle clients neither starve others nor stay connected forever', async () => {
    const gw = await T.gateway(stack.todo.addr, stack.chat.addr, ['--id-key', 'k', '--threads', '2', '--conn-timeout-s', '1']);
    const closed = [];
    const sockets = [];
    for (let i = 0; i < 50; i++) {
      const sock = net.connect(gw.port, '127.0.0.1');
      sock.on('error', () => {});
      sock.on('close', () => closed.push(i));
      sock.resume(); // read the 408 the gateway answers before it closes
      sock.write('GET /healthz HTTP/1.1\r\nHost: slow\r\n'); // headers never finished
      sockets.push(sock);
    }
    await sleep(200);
    const t0 = Date.now();
    const r = await request(`http://${gw.addr}`, 'GET', '/healthz');
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 < ms(1000), `healthz took ${Date.now() - t0} ms beside 50 stalled clients`);
    await eventually(() => closed.length === 50, ms(6000), 'stalled connections closed by the idle timeout');
    for (const sock of sockets) sock.destroy();
    assert.equal((await gw.stop()).code, 0);
  });

  it('SIGTERM with an open event stream and a request in flight: drains and exits 0', async () => {
    const gw = await T.gateway(stack.todo.addr, stack.chat.addr, ['--id-key', 'k']);
    const gbase = `http://${gw.addr}`;
    const u = client(gbase);
    const ev = await openEvents(gbase, { Authorization: `Bearer ${u.token}` });
    await ev.waitFor((s) => s.retry !== null, ms(5000), 'retry hint');
    const inflight = u.post('/api/todos', { title: 'during shutdown' });
    await sleep(5);
    const stopped = gw.stop();
    const r = await inflight.catch((e) => ({ status: 0, error: e }));
    assert.ok(r.status === 201 || r.status === 0 || r.status === 503, `in-flight request got ${r.status}`);
    const res = await stopped;
    assert.equal(res.code, 0, res.stderr.slice(-1000));
    await ev.waitFor((s) => s.ended, ms(5000), 'stream end');
  });
});
