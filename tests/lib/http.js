'use strict';
// The one plain-HTTP request helper of the Node tests (gateway, fault,
// browser and quickstart tests all call the gateway through it).
const http = require('node:http');
const { ms } = require('./tracker');

// request(target, method, path, opts): one request on a fresh connection
// (no keep-alive unless opts.agent is given).
// - target: "HOST:PORT" or a base URL "http://HOST:PORT" (its path is ignored).
// - opts.body: a string or Buffer is sent as it is; anything else is sent as
//   JSON with Content-Type application/json unless opts.headers has one.
// - opts.tok: sends Authorization: Bearer TOK.
// - opts.headers: extra request headers; opts.timeoutMs (default 10 s, scaled
//   for slow builds): rejects when the connection is idle that long.
// Resolves with {status, headers, body (Buffer), text, json (undefined when
// the body is empty or not JSON), ms (elapsed)}; rejects on a connection error.
function request(target, method, path, { body, tok, headers = {}, timeoutMs = ms(10000), agent } = {}) {
  const u = new URL(/^[a-z]+:\/\//.test(target) ? target : `http://${target}`);
  const h = { ...headers };
  if (tok) h.authorization = `Bearer ${tok}`;
  let payload = body;
  if (body !== undefined && !Buffer.isBuffer(body) && typeof body !== 'string') {
    payload = JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
  }
  if (payload !== undefined) h['content-length'] = Buffer.byteLength(payload);
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: Number(u.port), method, path, headers: h, agent: agent || false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const out = { status: res.statusCode, headers: res.headers, body: buf, text: buf.toString('utf8'), ms: Date.now() - t0 };
        try { out.json = buf.length ? JSON.parse(out.text) : undefined; } catch { out.json = undefined; }
        resolve(out);
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

module.exports = { request };
