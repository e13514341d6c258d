'use strict';
// The one tracker of what a test file starts: processes (through ./proc) and
// whatever must be closed (gRPC clients, sockets). cleanup() closes those,
// SIGTERMs every process still running and requires exit 0, then requires
// that no process left a sanitizer or valgrind report. Each suite's util adds
// its own shortcuts (a stack, typed clients) on top.
const proc = require('./proc');

// The sanitizer build and valgrind are several times slower; every wait scales.
const SLOW = proc.VALGRIND ? proc.VALGRIND_SLOW : (/asan/i.test(process.env.TC_BUILD_TYPE || '') ? 4 : 1);
const ms = (n) => n * SLOW;

function tracker() {
  const svcs = [];
  const closers = [];
  const ready = (opts) => ({ readyTimeoutMs: ms(20000), ...opts });
  const t = {
    svcs,
    // Remembers a service spawned elsewhere (or whose start rejected), so
    // its stderr is still checked.
    adopt(svc) { svcs.push(svc); return svc; },
    async start(name, args, opts = {}) { return t.adopt(await proc.start(name, args, ready(opts))); },
    async startTodo(extra = [], opts = {}) { return t.adopt(await proc.startTodo(extra, ready(opts))); },
    async startChat(todoAddr, extra = [], opts = {}) { return t.adopt(await proc.startChat(todoAddr, extra, ready(opts))); },
    async startGateway(todoAddr, chatAddr, extra = [], opts = {}) {
      return t.adopt(await proc.startGateway(todoAddr, chatAddr, extra, ready(opts)));
    },
    onCleanup(fn) { closers.push(fn); },
    // A client (anything with close()) closed at cleanup; returns it.
    client(c) { closers.push(() => c.close()); return c; },
    async cleanup() {
      for (const fn of closers) { try { await fn(); } catch { /* best effort: already closed */ } }
      const problems = await proc.stopAll(svcs, ms(15000));
      if (problems.length) throw new Error(problems.join('\n\n'));
    },
  };
  return t;
}

module.exports = { SLOW, ms, tracker };
