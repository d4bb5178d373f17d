#!/usr/bin/env node
// The log browser: follows the central rsyslog's per-node files (<dir>/<node>.log, written with
// the "line" template of logging/rsyslog-*.conf.template) and streams their lines as Server-Sent
// Events to index.html, which filters them by node, level and text. Node.js's standard library
// only: nothing to install, nothing fetched at run time.
//
//   node server.js --dir /var/log/dynamo [--port 8090] [--host 127.0.0.1] [--backlog-kb 256]
//
// GET /        the page
// GET /events  text/event-stream: on connect each file's last --backlog-kb of lines, then every new
//              line, in batches of JSON records {node, time, host, pid, level, text}
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { values: opts } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string', default: '8090' },
    host: { type: 'string', default: '127.0.0.1' },
    'backlog-kb': { type: 'string', default: '256' },
    'poll-ms': { type: 'string', default: '250' },
  },
});
if (!opts.dir) {
  console.error('usage: server.js --dir DIR [--port P] [--host H] [--backlog-kb K] [--poll-ms MS]');
  process.exit(2);
}
const BACKLOG_BYTES = Number(opts['backlog-kb']) * 1024;
const PAGE = fs.readFileSync(path.join(__dirname, 'index.html'));

// rsyslog's line: "<rfc3339 time> <host> <tag>[<pid>]: <message>"; stack trace lines carry the tag
// without the pid (the node's stackTracePrefix).
const LINE = /^(\S+) (\S+) ([^\s[:]+)(?:\[(\d+)\])?:\s?(.*)$/;
// The node's logFormat starts the message with "%-5level ".
const LEVEL = /^(TRACE|DEBUG|INFO|WARN|ERROR)\b/;

/** One followed file: what has been read of it, and the level its last line had. */
class FollowedFile {
  constructor(file) {
    this.file = file;
    this.node = path.basename(file, '.log');
    this.offset = 0;
    this.inode = -1;
    this.partial = '';
    this.level = '';
    this.time = '';
  }

  /** The complete lines written since the last call, as records; starts over if the file was replaced or cut. */
  readNew() {
    let stat;
    try {
      stat = fs.statSync(this.file);
    } catch {
      return [];
    }
    if (stat.ino !== this.inode || stat.size < this.offset) {
      this.inode = stat.ino;
      this.offset = Math.max(0, stat.size - BACKLOG_BYTES);
      this.partial = '';
      this.skipFirst = this.offset > 0;
    }
    if (stat.size === this.offset) return [];
    const text = this.partial + readRange(this.file, this.offset, stat.size);
    this.offset = stat.size;
    const lines = text.split('\n');
    this.partial = lines.pop();
    if (this.skipFirst) {
      lines.shift(); // the backlog started mid-line
      this.skipFirst = false;
    }
    return lines.filter((l) => l.length > 0).map((l) => this.record(l));
  }

  record(line) {
    const m = LINE.exec(line);
    // A line without a time or a level (a stack trace's) belongs to the line before it.
    if (!m) return { node: this.node, time: this.time, host: '', pid: '', level: this.level, text: line };
    const level = LEVEL.exec(m[5]);
    if (level) this.level = level[1];
    this.time = m[1];
    return { node: this.node, time: m[1], host: m[2], pid: m[4] || '', level: this.level, text: m[5] };
  }
}

function readRange(file, from, to) {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(to - from);
    const n = fs.readSync(fd, buffer, 0, buffer.length, from);
    return buffer.toString('utf8', 0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Every *.log file of the directory, followed; each record kept until the backlog is full. */
class Follower {
  constructor(dir) {
    this.dir = dir;
    this.files = new Map();
    this.recent = new Map(); // node -> its last records, for pages that connect later
    this.clients = new Set();
  }

  poll() {
    let names = [];
    try {
      names = fs.readdirSync(this.dir).filter((n) => n.endsWith('.log')).sort();
    } catch {
      return; // rsyslog creates the directory with its first line
    }
    const batch = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      if (!this.files.has(file)) this.files.set(file, new FollowedFile(file));
      for (const record of this.files.get(file).readNew()) {
        this.remember(record);
        batch.push(record);
      }
    }
    if (batch.length > 0) this.clients.forEach((client) => send(client, batch));
  }

  remember(record) {
    const kept = this.recent.get(record.node) || { records: [], bytes: 0 };
    kept.records.push(record);
    kept.bytes += record.text.length + 60;
    while (kept.bytes > BACKLOG_BYTES && kept.records.length > 1) {
      kept.bytes -= kept.records.shift().text.length + 60;
    }
    this.recent.set(record.node, kept);
  }

  backlog() {
    return [...this.recent.values()].flatMap((k) => k.records).sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }
}

function send(response, records) {
  response.write(`data: ${JSON.stringify(records)}\n\n`);
}

const follower = new Follower(path.resolve(opts.dir));
follower.poll();
setInterval(() => follower.poll(), Number(opts['poll-ms']));

const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://localhost');
  if (request.method !== 'GET') {
    response.writeHead(405, { Allow: 'GET' }).end();
  } else if (url.pathname === '/') {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(PAGE);
  } else if (url.pathname === '/events') {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    send(response, follower.backlog());
    follower.clients.add(response);
    request.on('close', () => follower.clients.delete(response));
  } else {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  }
});
// Comments keep idle connections open through proxies.
setInterval(() => follower.clients.forEach((c) => c.write(': keep-alive\n\n')), 15000);
server.listen(Number(opts.port), opts.host, () => {
  console.log(`log browser on http://${opts.host}:${opts.port}/ following ${follower.dir}/*.log`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
