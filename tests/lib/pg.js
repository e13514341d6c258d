'use strict';
// A real, throwaway PostgreSQL server for integration tests, through
// ./pg-temp.sh (never a mock). start() runs synchronously so that a test file
// can decide at load time whether to skip: when no PostgreSQL server is
// installed (the script exits 77) it returns {skip: reason} instead, and the
// caller passes that reason to describe()/it() so the skip is printed, not
// silent. CI installs postgresql, so there the tests run.
//
//   const pg = require('../lib/pg');
//   const db = pg.start();            // {skip} or a server, below
//   describe('...', { skip: db.skip }, () => { ... });
//   after(() => db.stop());
//
// Server: {uri, dir, port, pause(mode), resume(), freeze(), thaw(),
// createDb(name), sql(query), stop()}.
// pause() takes the server down like a crash (mode 'immediate', the default)
// or a clean shutdown ('fast'), keeping its data and port; resume() brings it
// back on both. freeze() makes it stop answering while every connection stays
// open (SIGSTOP: a hung host or a partition); thaw() lets it go on. sql()
// resolves with the rows psql prints (unaligned, `|` between columns). Each
// returns a Promise; they reject with the script's stderr.
const { execFile, spawnSync } = require('node:child_process');
const path = require('node:path');
const proc = require('./proc');

const SCRIPT = path.join(__dirname, 'pg-temp.sh');
const SKIP_EXIT = 77;

function run(args) {
  return new Promise((resolve, reject) => {
    execFile('bash', [SCRIPT, ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pg-temp.sh ${args.join(' ')} failed (${err.code}): ${stderr.trim()}`));
      else resolve(stdout.trim());
    });
  });
}

// Starts a server in a fresh temporary folder. Returns the server, or
// {skip: reason} when PostgreSQL is not installed; throws on any other failure.
function start(prefix = 'tc-pg-') {
  const dir = proc.tmpDir(prefix);
  const r = spawnSync('bash', [SCRIPT, 'start', dir], { encoding: 'utf8' });
  if (r.status === SKIP_EXIT) return { skip: `PostgreSQL is not installed here: ${r.stderr.trim()}`, stop: async () => {} };
  if (r.status !== 0) {
    spawnSync('bash', [SCRIPT, 'stop', dir]);
    throw new Error(`pg-temp.sh start failed (${r.status}): ${r.stderr.trim()}`);
  }
  const uri = r.stdout.trim();
  let stopped = false;
  return {
    uri,
    dir,
    port: Number(new URL(uri).port),
    skip: false,
    pause: (mode = 'immediate') => run(['pause', dir, mode]),
    resume: () => run(['resume', dir]),
    freeze: () => run(['freeze', dir]),
    thaw: () => run(['thaw', dir]),
    sql: (query) => run(['psql', dir, query]),
    // A new empty database on this server; resolves with its URI.
    createDb: (name) => run(['createdb', dir, name]),
    // Stops the server and removes its folder; safe to call twice.
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(['stop', dir]);
    },
  };
}

module.exports = { start, SCRIPT };
