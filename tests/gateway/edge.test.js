'use strict';
// The HTTP edge over raw sockets: every request gets an answer, ambiguous
// framing is refused (request smuggling), size and time limits answer in the
// contract's JSON, slow clients are cut off without slowing anyone else,
// \u0000 never shortens stored text, the sid cookie is the gateway's own, and
// metrics live on their own port.
const net = require('node:net');
const { describe, it, before, after } = require('node:test');
const { assert, ms, sleep, tracker, client, request, token } = require('./util');

const T = tracker();
const DEADLINE_MS = 2000; // --request-timeout-ms for this file
let stack;
let base;
let addr;

before(async () => {
  stack = await T.stack(['--request-timeout-ms', String(ms(DEADLINE_MS))]);
  base = stack.base;
  addr = stack.gw.addr;
});
after(() => T.cleanup());

// Sends raw bytes and collects everything until the server closes or
// waitMs passes: {text, status, json, closed, ms}.
function raw(bytes, { waitMs = ms(5000), chunks } = {}) {
  const [host, port] = addr.split(':');
  return new Promise((resolve) => {
    const t0 = Date.now();
    const s = net.connect(Number(port), host);
    let buf = Buffer.alloc(0);
    let closed = false;
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      const text = buf.toString('latin1');
      const m = text.match(/^HTTP\/1\.1 (\d{3})/);
      const body = text.split('\r\n\r\n').slice(1).join('\r\n\r\n');
      let json = null;
      try { json = JSON.parse(body); } catch { /* not JSON */ }
      resolve({ text, status: m ? Number(m[1]) : 0, json, closed, ms: Date.now() - t0 });
    };
    const timer = setTimeout(done, waitMs);
    s.on('data', (d) => { buf = Buffer.concat([buf, d]); });
    s.on('end', () => { closed = true; done(); });
    s.on('error', () => { closed = true; done(); });
    s.on('connect', async () => {
      for (const c of chunks || [bytes]) {
        if (s.destroyed) return;
        s.write(c);
        if (chunks) await sleep(chunks.gap || 0);
      }
    });
  });
}

const AUTH = `Authorization: Bearer ${token()}\r\n`;
const post = (extra, body) => `POST /api/todos HTTP/1.1\r\nHost: t\r\n${AUTH}Content-Type: application/json\r\n${extra}\r\n${body}`;

function assertJsonError(r, status, code) {
  assert.equal(r.status, status, r.text.slice(0, 300));
  assert.match(r.text, /\r\nContent-Type: application\/json\r\n/i);
  assert.ok(r.json && r.json.error, `JSON error body: ${r.text.slice(0, 300)}`);
  assert.equal(r.json.error.code, code);
  assert.ok(r.json.error.message.length > 0);
}

describe('framing that two parties could read differently is refused', () => {
  const body = '{"title":"smuggled"}';
  it('two different Content-Lengths: 400 bad_request, nothing created', async () => {
    assertJsonError(await raw(post(`Content-Length: ${body.length}\r\nContent-Length: ${body.length + 1}\r\n`, body)), 400, 'bad_request');
  });
  it('Content-Length with Transfer-Encoding: 400 bad_request', async () => {
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    assertJsonError(await raw(post(`Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n`, chunked)), 400, 'bad_request');
  });
  it('an unknown Transfer-Encoding: 501 not_implemented at once, not a hang', async () => {
    const r = await raw(post('Transfer-Encoding: gzip\r\n', body));
    assertJsonError(r, 501, 'not_implemented');
    assert.ok(r.ms < ms(1000), `answered in ${r.ms} ms`);
  });
  it('a Content-Length that is not a number: 400 bad_request in JSON', async () => {
    assertJsonError(await raw(post('Content-Length: 12abc\r\n', body)), 400, 'bad_request');
  });
  it('the same rules hold for a second request on a kept-alive connection', async () => {
    const ok = `GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n`;
    const r = await raw(ok + post(`Content-Length: ${body.length}\r\nContent-Length: 3\r\n`, body));
    assert.match(r.text, /^HTTP\/1\.1 200/);
    assert.match(r.text, /HTTP\/1\.1 400 Bad Request[\s\S]*"code":"bad_request"/);
  });
  it('none of the refused requests created a todo', async () => {
    const list = await request(base, 'GET', '/api/todos?status=all', { headers: { Authorization: AUTH.slice(15, -2) } });
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.todos, []);
  });
});

describe('every request is answered', () => {
  it('a DELETE with a body is answered, and the delete happens', async () => {
    const c = client(base);
    const made = await c.post('/api/todos', { title: 'to go' });
    const tok = c.token;
    const r = await raw(`DELETE /api/todos/${made.json.id} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ${tok}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    assert.equal(r.status, 204, r.text);
    assert.equal((await c.get(`/api/todos/${made.json.id}`)).status, 404);
  });
  it('1,000 query parameters are answered at once', async () => {
    const qs = Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&');
    const r = await raw(`GET /api/todos?${qs} HTTP/1.1\r\nHost: t\r\n${AUTH}Connection: close\r\n\r\n`);
    assert.ok(r.status === 200 || r.status === 400 || r.status === 414, r.text.slice(0, 200));
    assert.ok(r.ms < ms(1000), `answered in ${r.ms} ms`);
  });
  it('a URL over 8 KiB: 414 uri_too_long in JSON', async () => {
    assertJsonError(await raw(`GET /api/todos?q=${'a'.repeat(9000)} HTTP/1.1\r\nHost: t\r\n\r\n`), 414, 'uri_too_long');
    assertJsonError(await raw(`GET /${'a'.repeat(70000)} HTTP/1.1\r\nHost: t\r\n\r\n`), 414, 'uri_too_long');
  });
  it('headers over 64 KiB: 431 headers_too_large in JSON; 60 KiB of headers still served', async () => {
    assertJsonError(await raw(`GET /api/todos HTTP/1.1\r\nHost: t\r\nX-Big: ${'b'.repeat(70000)}\r\n\r\n`), 431, 'headers_too_large');
    const r = await raw(`GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ${'b'.repeat(60000)}\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 200, r.text.slice(0, 200));
  });
  it('a malformed request line: 400 bad_request in JSON', async () => {
    assertJsonError(await raw('HELLO\r\n\r\n'), 400, 'bad_request');
  });
});

describe('slow clients', () => {
  it('20 clients trickling header bytes are cut off with 408 at the deadline; others are served meanwhile', async () => {
    const trickle = (i) => {
      const head = `GET /api/todos HTTP/1.1\r\nHost: t\r\nX-Slow: ${i}\r\n${AUTH}\r\n`;
      const chunks = head.split('');
      chunks.gap = 250; // one byte every 250 ms: never idle, never done
      return raw(null, { chunks, waitMs: ms(DEADLINE_MS * 4) });
    };
    const slow = Array.from({ length: 20 }, (_, i) => trickle(i));
    await sleep(ms(300));
    const c = client(base);
    const lat = [];
    for (let i = 0; i < 20; i++) {
      const t0 = process.hrtime.bigint();
      assert.equal((await c.get('/api/todos')).status, 200);
      lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const results = await Promise.all(slow);
    for (const r of results) {
      assertJsonError(r, 408, 'request_timeout');
      assert.ok(r.closed, 'the connection is closed after the 408');
      assert.ok(r.ms >= DEADLINE_MS - 100 && r.ms < ms(DEADLINE_MS) + ms(1500), `cut off after ${r.ms} ms`);
    }
    lat.sort((a, b) => a - b);
    const cut = results.map((r) => r.ms).sort((a, b) => a - b);
    // Printed for the notes: how long a trickler holds a connection, and what the others saw.
    console.log(`# slow clients cut off after ${cut[0]}-${cut[cut.length - 1]} ms (deadline ${ms(DEADLINE_MS)} ms); `
      + `normal GET /api/todos meanwhile: p50 ${lat[10].toFixed(1)} ms, max ${lat[19].toFixed(1)} ms`);
    assert.ok(lat[19] < ms(500), `a normal request took ${lat[19]} ms beside 20 slow clients`);
  });
  it('a body that trickles is cut off too', async () => {
    const body = '{"title":"slow body"}';
    const chunks = [post(`Content-Length: ${body.length}\r\n`, ''), ...body.split('')];
    chunks.gap = ms(DEADLINE_MS) / 5; // the whole body would take four deadlines
    const r = await raw(null, { chunks, waitMs: ms(DEADLINE_MS * 4) });
    assertJsonError(r, 408, 'request_timeout');
  });
  it('a client that connects and says nothing is closed without an answer', async () => {
    const r = await raw(null, { chunks: [], waitMs: ms(DEADLINE_MS * 3) });
    assert.ok(r.closed, 'closed by the server');
    assert.equal(r.text, '');
    assert.ok(r.ms < ms(DEADLINE_MS) + ms(1500), `closed after ${r.ms} ms`);
  });
});

describe('stored text is never cut at \\u0000', () => {
  it('in a title, notes, tags or a chat message: 400 invalid_argument, nothing stored', async () => {
    const c = client(base);
    const bodies = [
      '{"title":"milk\\u0000 and honey"}',
      '{"title":"ok","notes":"a\\u0000b"}',
      '{"title":"ok","tags":["x\\u0000y"]}',
    ];
    for (const b of bodies) {
      const r = await request(base, 'POST', '/api/todos', { headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json' }, body: b });
      assert.equal(r.status, 400, `${b}: ${r.text}`);
      assert.equal(r.json.error.code, 'invalid_argument');
    }
    const chat = await request(base, 'POST', '/api/chat', { headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json' }, body: '{"message":"add milk\\u0000 now"}' });
    assert.equal(chat.status, 400, chat.text);
    assert.deepEqual((await c.get('/api/todos?status=all')).json.todos, []);
    // An escaped backslash before u0000 is ordinary text and kept whole.
    const ok = await request(base, 'POST', '/api/todos', { headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json' }, body: '{"title":"a\\\\u0000b"}' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.title, 'a\\u0000b');
  });
});

describe('the sid cookie is issued and signed by the gateway', () => {
  const sidOf = (r) => {
    const c = [].concat(r.headers['set-cookie'] || [])[0];
    return c ? { value: c.match(/^sid=([^;]+)/)[1], cookie: c } : null;
  };
  it('a sid the client made up is refused at the API and replaced by GET /', async () => {
    const made = '0123456789abcdef0123456789abcdef';
    const api = await request(base, 'GET', '/api/todos', { headers: { Cookie: `sid=${made}` } });
    assert.equal(api.status, 401);
    const page = await request(base, 'GET', '/', { headers: { Cookie: `sid=${made}` } });
    const issued = sidOf(page);
    assert.ok(issued, 'GET / replaces a sid it did not issue');
    assert.ok(!issued.value.includes(made), 'the made-up value is not adopted');
    // Two browsers handed the same planted sid end up as different users.
    const other = sidOf(await request(base, 'GET', '/', { headers: { Cookie: `sid=${made}` } }));
    assert.notEqual(other.value, issued.value);
    const forged = `${issued.value.slice(0, 33)}${'0'.repeat(32)}`;
    assert.equal((await request(base, 'GET', '/api/todos', { headers: { Cookie: `sid=${forged}` } })).status, 401);
    assert.equal((await request(base, 'GET', '/api/todos', { headers: { Cookie: `sid=${issued.value}` } })).status, 200);
  });
  it('Secure when the request came over HTTPS', async () => {
    const plain = sidOf(await request(base, 'GET', '/'));
    assert.doesNotMatch(plain.cookie, /;\s*Secure/i);
    const tls = sidOf(await request(base, 'GET', '/', { headers: { 'X-Forwarded-Proto': 'https' } }));
    assert.match(tls.cookie, /;\s*Secure/i);
    assert.match(tls.cookie, /;\s*HttpOnly/i);
  });
});

describe('metrics have their own port', () => {
  it('404 on the public port, Prometheus text on --metrics-listen', async () => {
    const pub = await request(base, 'GET', '/metrics');
    assert.equal(pub.status, 404);
    assert.doesNotMatch(pub.text, /gateway_http_requests_total/);
    const m = await request(`http://${stack.gw.metricsAddr}`, 'GET', '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.text, /# TYPE gateway_http_requests_total counter/);
    assert.match(m.text, /gateway_upstream_work\{state="queued"\}/);
  });
});
