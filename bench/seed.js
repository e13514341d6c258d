#!/usr/bin/env node
// Seeds todos for one user through the gateway's POST /api/todos, many
// requests in flight on kept-alive connections (20,000 todos in seconds).
//
//   node bench/seed.js http://HOST:PORT TOKEN N [IDS_FILE]
//
// Titles cycle over everyday phrases with "#i" appended; exactly 5 todos
// (whatever N is, when N >= 5) carry the word "consulate", which is what the
// "search matches a few" rows look for. The ids go to IDS_FILE, one a line,
// in creation order. Exits non-zero on the first failed request.
'use strict';
const fs = require('node:fs');
const http = require('node:http');

const [base, token, nArg, idsFile] = process.argv.slice(2);
const n = Number(nArg);
if (!base || !token || !(n > 0)) {
  console.error('usage: seed.js http://HOST:PORT TOKEN N [IDS_FILE]');
  process.exit(2);
}
const TITLES = ['buy milk', 'call mum about Sunday', 'pay the electricity bill', 'book dentist appointment',
  'renew passport', 'fix the squeaky door', 'send invoice to ACME', 'water the plants'];
const RARE = 'ask the consulate about the visa';
const FEW = 5;
const IN_FLIGHT = 32;
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function body(i) {
  const rare = n >= FEW && i % Math.floor(n / FEW) === 0 && i / Math.floor(n / FEW) < FEW;
  return JSON.stringify({
    title: `${rare ? RARE : TITLES[i % TITLES.length]} #${i}`,
    notes: i % 3 ? 'seeded' : 'seeded; remember the receipt',
    priority: ['low', 'medium', 'high', 'none'][i % 4],
    tags: ['seed', `t${i % 5}`],
    due: `2026-12-${String((i % 28) + 1).padStart(2, '0')}T09:00:00Z`,
  });
}

function post(i) {
  return new Promise((resolve, reject) => {
    const data = body(i);
    const req = http.request({
      host: url.hostname, port: url.port, path: '/api/todos', method: 'POST', agent,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(data), 'Idempotency-Key': `seed-${i}` },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        if (res.statusCode !== 201) reject(new Error(`todo ${i}: HTTP ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text).id);
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function main() {
  const ids = new Array(n);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      ids[i] = await post(i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, n) }, worker));
  if (idsFile) fs.writeFileSync(idsFile, ids.join('\n') + '\n');
  agent.destroy();
}

main().catch((e) => { console.error(`seed: ${e.message}`); process.exit(1); });
