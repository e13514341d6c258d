'use strict';
// Starts the real binaries on loopback ports for integration tests and checks
// that they leave no sanitizer report behind. Shared by every test area.
const { spawn } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const BIN_DIR = process.env.TC_BIN_DIR || path.join(__dirname, '..', '..', 'build', 'bin');
const SOURCE_DIR = process.env.TC_SOURCE_DIR || path.join(__dirname, '..', '..');

const SANITIZER_RE = /(ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|SUMMARY: \w+Sanitizer)/;

// TC_VALGRIND=1: every binary runs under valgrind memcheck. Errors (and
// definitely lost blocks) make it exit 99 and print `==PID== ...` reports;
// with -q nothing else is printed, so any such report line is a failure.
const VALGRIND = process.env.TC_VALGRIND === '1';
const VALGRIND_EXIT = 99;
const VALGRIND_ARGS = ['--error-exitcode=99', '--leak-check=full', '--errors-for-leak-kinds=definite',
  '--show-leak-kinds=definite', '--track-fds=no', '-q'];
const VALGRIND_SUPP = path.join(__dirname, 'valgrind.supp');
const VALGRIND_RE = /==\d+== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap|Argument '[^']*' of function|[\d,]+ (\([\d,]+ direct, [\d,]+ indirect\) )?bytes in [\d,]+ blocks are definitely lost|ERROR SUMMARY: [1-9]|Process terminating with default action)/;
// How much slower a process is under valgrind: ready and stop timeouts scale by this.
const VALGRIND_SLOW = 10;

// The first memory-checker report in err (sanitizer or valgrind), or null.
function memReport(err, code) {
  let m = err.match(SANITIZER_RE);
  if (!m && VALGRIND) m = err.match(VALGRIND_RE);
  if (m) return err.slice(Math.max(0, m.index - 200), m.index + 4000);
  if (VALGRIND && code === VALGRIND_EXIT) return `valgrind exit code ${VALGRIND_EXIT} (error summary non-zero):\n${err.slice(-4000)}`;
  return null;
}

function bin(name) {
  return path.join(BIN_DIR, name);
}

function tmpDir(prefix = 'tc-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// start(name, args, {env, readyTimeoutMs}) -> Promise<Service>
// Resolves once the process prints `listening on HOST:PORT` on stderr.
// Service: {proc, name, addr ('127.0.0.1:PORT'), port, stderr(), stop(signal), kill()}
function start(name, args = [], opts = {}) {
  const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:exitcode=66', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1:exitcode=67', ...(opts.env || {}) };
  let cmd = bin(name);
  let argv = args;
  if (VALGRIND) {
    const supp = fs.existsSync(VALGRIND_SUPP) ? [`--suppressions=${VALGRIND_SUPP}`] : [];
    argv = [...VALGRIND_ARGS, ...supp, cmd, ...args];
    cmd = 'valgrind';
  }
  const proc = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    proc.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
  });
  proc.stdout.on('data', (d) => { out += d; });
  const svc = {
    proc, name,
    stderr: () => err,
    stdout: () => out,
    exited: () => exited,
    wait: () => exitPromise,
    // Sends `signal` (default SIGTERM) and resolves with {code, signal, stderr}.
    // Under TC_VALGRIND=1 the timeout scales, and a valgrind report makes the
    // result's code 99 (with the report in `valgrind`) so that a caller's
    // exit-0 check fails; it does not throw, so cleanup loops go on stopping
    // the other processes (assertClean() then throws).
    async stop(signal = 'SIGTERM', timeoutMs = 15000) {
      if (!exited) {
        proc.kill(signal);
        const t = setTimeout(() => proc.kill('SIGKILL'), VALGRIND ? timeoutMs * VALGRIND_SLOW : timeoutMs);
        await exitPromise;
        clearTimeout(t);
      }
      if (VALGRIND) {
        const r = memReport(err, exited.code);
        if (r) return { ...exited, code: VALGRIND_EXIT, valgrind: r, stderr: err };
      }
      return { ...exited, stderr: err };
    },
    kill() { return svc.stop('SIGKILL'); },
    // Throws when stderr holds a sanitizer report.
    // Under TC_VALGRIND=1 also throws on a valgrind report or exit code 99.
    assertClean() {
      const r = memReport(err, exited && exited.code);
      if (r) throw new Error(`${name}: ${VALGRIND ? 'memory checker' : 'sanitizer'} report:\n${r}`);
    },
  };
  const readyTimeoutMs = (opts.readyTimeoutMs || 20000) * (VALGRIND ? VALGRIND_SLOW : 1);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not report listening within ${readyTimeoutMs} ms; stderr:\n${err}`)), readyTimeoutMs);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/listening on (\S+):(\d+)/);
      const mm = err.match(/^metrics on (\S+)$/m);
      if (mm) svc.metricsAddr = mm[1];
      if (m && !svc.addr) {
        svc.host = m[1] === '0.0.0.0' ? '127.0.0.1' : m[1];
        svc.port = Number(m[2]);
        svc.addr = `${svc.host}:${svc.port}`;
        clearTimeout(timer);
        resolve(svc);
      }
    });
    exitPromise.then((e) => {
      if (!svc.addr) { clearTimeout(timer); reject(new Error(`${name} exited (${JSON.stringify(e)}) before listening; stderr:\n${err}`)); }
    });
  });
}

// Convenience: todo-svc on a free port with an in-memory (or given) database.
function startTodo(extra = [], opts = {}) {
  return start('todo-svc', ['--listen', '127.0.0.1:0', '--metrics-listen', 'off', ...(extra.includes('--db') ? [] : ['--db', ':memory:']), ...extra], opts);
}

function startChat(todoAddr, extra = [], opts = {}) {
  return start('chat-svc', ['--listen', '127.0.0.1:0', '--metrics-listen', 'off', '--todo-addr', todoAddr, ...extra], opts);
}

function startGateway(todoAddr, chatAddr, extra = [], opts = {}) {
  const metrics = extra.includes('--metrics-listen') ? [] : ['--metrics-listen', '127.0.0.1:0'];
  return start('gateway', ['--listen', '127.0.0.1:0', '--todo-addr', todoAddr, '--chat-addr', chatAddr, '--ui-dir', path.join(SOURCE_DIR, 'ui'), ...metrics, ...extra], opts);
}

// Stops every service still running with SIGTERM (in parallel: each shutdown
// drains for a while) and returns the problems a test must fail on: a
// non-zero exit or a sanitizer/valgrind report from any of them.
async function stopAll(svcs, timeoutMs = 15000) {
  const problems = [];
  await Promise.all(svcs.filter((s) => !s.exited()).map(async (s) => {
    const r = await s.stop('SIGTERM', timeoutMs);
    if (r.code !== 0) problems.push(`${s.name} ${s.addr}: SIGTERM at cleanup gave ${JSON.stringify({ code: r.code, signal: r.signal })}; stderr tail:\n${r.stderr.slice(-2000)}`);
  }));
  for (const s of svcs) {
    try { s.assertClean(); } catch (e) { problems.push(e.message); }
  }
  return problems;
}

module.exports = { stopAll, BIN_DIR, SOURCE_DIR, bin, tmpDir, start, startTodo, startChat, startGateway, SANITIZER_RE, VALGRIND, VALGRIND_RE, VALGRIND_SLOW };
