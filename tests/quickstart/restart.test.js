'use strict';
// `make run`, `make stop`, `make run` again, as a person would: the services
// leave the caller's terminal alone, the keys are made once (0600 files) and
// kept, so a browser's sid cookie and an API token still reach their todos
// after the restart.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const proc = require('../lib/proc');
const { request } = require('../gateway/util');

const SCRIPT = path.join(proc.SOURCE_DIR, 'scripts', 'run-local.sh');
const BUILD_DIR = process.env.TC_BUILD_DIR || path.join(proc.SOURCE_DIR, 'build');

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Runs the script with its output piped. 'close' fires only when every
// process holding the pipe is gone, so a service writing to the caller's
// terminal would keep it open: the script must be done within timeoutMs.
function runScript(env, args = [], timeoutMs = 60000) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => reject(new Error(`run-local.sh ${args.join(' ')} still holds its output after ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

test('make stop && make run keeps every user, and leaves the terminal free', { timeout: 150000 }, async (t) => {
  const run = proc.tmpDir('tc-quickstart-');
  const port = await freePort();
  const env = {
    BUILD_DIR, RUN_DIR: run, PORT: String(port), TODO_PORT: String(await freePort()),
    CHAT_PORT: String(await freePort()), METRICS_PORT: 'off', TODO_METRICS_PORT: 'off', CHAT_METRICS_PORT: 'off',
  };
  t.after(() => runScript(env, ['stop']));
  const base = `http://127.0.0.1:${port}`;

  const first = await runScript(env);
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /todo-chatbot is running/);
  assert.doesNotMatch(first.out, /listening on|"level"/, 'service output goes to the logs, not the terminal');
  for (const k of ['gateway-id.key', 'chat-context.key']) {
    const st = fs.statSync(path.join(run, k));
    assert.equal(st.mode & 0o777, 0o600, `${k} is private`);
    assert.ok(st.size >= 32, `${k} holds a key`);
  }
  const keyBefore = fs.readFileSync(path.join(run, 'gateway-id.key'), 'utf8');

  // A browser (sid cookie from GET /) and an API client (bearer token) each add a todo.
  const page = await request(base, 'GET', '/');
  const sid = [].concat(page.headers['set-cookie'])[0].match(/^sid=([^;]+)/)[1];
  const asBrowser = { headers: { Cookie: `sid=${sid}` } };
  const asApi = { headers: { Authorization: 'Bearer quickstart-token-0123456789' } };
  assert.equal((await request(base, 'POST', '/api/todos', { ...asBrowser, body: { title: 'from the page' } })).status, 201);
  assert.equal((await request(base, 'POST', '/api/todos', { ...asApi, body: { title: 'from the API' } })).status, 201);

  const stopped = await runScript(env, ['stop']);
  assert.equal(stopped.code, 0, stopped.out);
  await assert.rejects(request(base, 'GET', '/healthz', { timeoutMs: 2000 }), 'stopped means stopped');
  const second = await runScript(env);
  assert.equal(second.code, 0, second.out);
  assert.equal(fs.readFileSync(path.join(run, 'gateway-id.key'), 'utf8'), keyBefore, 'the key is kept');

  const titles = async (who) => {
    const r = await request(base, 'GET', '/api/todos', who);
    assert.equal(r.status, 200, r.text);
    return r.json.todos.map((x) => x.title);
  };
  assert.deepEqual(await titles(asBrowser), ['from the page']);
  assert.deepEqual(await titles(asApi), ['from the API']);
  assert.equal((await request(base, 'GET', '/', asBrowser)).headers['set-cookie'], undefined, 'the cookie stays valid');
});
