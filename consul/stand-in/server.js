'use strict';
// A stand-in for a Consul agent where no Consul binary can be had (see docker-machine-weave/README.md,
// "On one machine, loopback only"):
// the part of Consul's HTTP API the Dynamo nodes use, with their HTTP health checks run for real.
//   PUT /v1/agent/service/register            a node registers itself and its check
//   PUT /v1/agent/service/deregister/:id      an operator removes a node from the cluster
//   GET /v1/health/service/:name[?passing]    instances with their checks' status
//   GET /v1/agent/services, /v1/status/leader for operators and the container's health check
// As in Consul, a check starts critical, runs every Interval with its Timeout (a 2xx answer is
// passing, anything else critical), and a service critical for DeregisterCriticalServiceAfter is
// removed. One process, in memory: a restart forgets every registration, and the nodes register
// again (dynamo.consul.ConsulMembership notices its own absence). Node.js's standard library only.
const http = require('http');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const HOST = option('--host', process.env.CONSUL_STAND_IN_HOST || '127.0.0.1');
const PORT = Number(option('--port', process.env.CONSUL_STAND_IN_PORT || '8500'));
const NODE = 'consul-stand-in';

const services = new Map(); // id -> { registration, status, criticalSince, timer }
let index = 1;

// Go durations as Consul takes them: "2s", "1000ms", "1m30s".
function millis(duration, fallback) {
  if (typeof duration === 'number') return duration / 1e6; // nanoseconds
  if (!duration) return fallback;
  const units = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let m;
  while ((m = re.exec(duration)) !== null) total += Number(m[1]) * units[m[2]];
  return total > 0 ? total : fallback;
}

// Go's encoding/json matches field names case-insensitively; so does Consul's API.
function field(obj, name) {
  if (!obj || typeof obj !== 'object') return undefined;
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

function setStatus(entry, status) {
  if (entry.status === status) return;
  entry.status = status;
  entry.criticalSince = status === 'critical' ? Date.now() : null;
  index++;
}

function runCheck(id) {
  const entry = services.get(id);
  if (!entry) return;
  const { url, timeoutMillis, reapAfterMillis } = entry.check;
  if (entry.status === 'critical' && reapAfterMillis && Date.now() - entry.criticalSince >= reapAfterMillis) {
    console.log(`deregistering ${id}: critical for ${reapAfterMillis} ms`);
    remove(id);
    return;
  }
  const req = http.get(url, { timeout: timeoutMillis }, (res) => {
    res.resume();
    setStatus(entry, res.statusCode >= 200 && res.statusCode < 300 ? 'passing' : 'critical');
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => setStatus(entry, 'critical'));
}

function register(body) {
  const id = field(body, 'ID') || field(body, 'Name');
  remove(id);
  const check = field(body, 'Check') || {};
  const entry = {
    registration: body,
    status: 'critical',
    criticalSince: Date.now(),
    check: {
      url: field(check, 'HTTP'),
      timeoutMillis: millis(field(check, 'Timeout'), 10000),
      reapAfterMillis: millis(field(check, 'DeregisterCriticalServiceAfter'), 0),
    },
  };
  services.set(id, entry);
  index++;
  if (entry.check.url) {
    entry.timer = setInterval(() => runCheck(id), millis(field(check, 'Interval'), 10000));
    runCheck(id);
  } else {
    entry.status = 'passing'; // a service without a check is healthy, as in Consul
  }
  console.log(`registered ${id} (${field(body, 'Address')}:${field(body, 'Port')})`);
}

function remove(id) {
  const entry = services.get(id);
  if (!entry) return false;
  clearInterval(entry.timer);
  services.delete(id);
  index++;
  return true;
}

function instance(id, entry) {
  const r = entry.registration;
  const name = field(r, 'Name');
  return {
    Node: { ID: '00000000-0000-0000-0000-000000000000', Node: NODE, Address: HOST, Datacenter: 'dynamo' },
    Service: {
      ID: id, Service: name, Tags: field(r, 'Tags') || [],
      Address: field(r, 'Address') || '', Port: field(r, 'Port') || 0, Meta: field(r, 'Meta') || {},
    },
    Checks: [
      { Node: NODE, CheckID: 'serfHealth', Name: 'Serf Health Status', Status: 'passing', ServiceID: '', ServiceName: '' },
      { Node: NODE, CheckID: `service:${id}`, Name: `Service '${name}' check`, Status: entry.status, ServiceID: id, ServiceName: name },
    ],
  };
}

function respond(res, code, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json', 'X-Consul-Index': String(index),
    'X-Consul-Knownleader': 'true', 'X-Consul-Lastcontact': '0',
  });
  res.end(text);
}

function route(req, res, body) {
  const url = new URL(req.url, 'http://stand-in');
  const path = url.pathname;
  if (req.method === 'PUT' && path === '/v1/agent/service/register') {
    let parsed;
    try { parsed = JSON.parse(body); } catch (e) { return respond(res, 400, `bad JSON: ${e.message}`); }
    register(parsed);
    return respond(res, 200);
  }
  if (req.method === 'PUT' && path.startsWith('/v1/agent/service/deregister/')) {
    const id = decodeURIComponent(path.slice('/v1/agent/service/deregister/'.length));
    if (remove(id)) console.log(`deregistered ${id}`);
    return respond(res, 200);
  }
  if (req.method === 'GET' && path.startsWith('/v1/health/service/')) {
    const name = decodeURIComponent(path.slice('/v1/health/service/'.length));
    const passingOnly = url.searchParams.has('passing');
    const out = [...services].filter(([, e]) => field(e.registration, 'Name') === name)
      .filter(([, e]) => !passingOnly || e.status === 'passing')
      .map(([id, e]) => instance(id, e));
    return respond(res, 200, out);
  }
  if (req.method === 'GET' && path === '/v1/agent/services') {
    const out = {};
    for (const [id, e] of services) out[id] = { ...instance(id, e).Service, Status: e.status };
    return respond(res, 200, out);
  }
  if (req.method === 'GET' && path === '/v1/status/leader') return respond(res, 200, `${HOST}:8300`);
  return respond(res, 404, `not part of the stand-in: ${req.method} ${path}`);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => route(req, res, Buffer.concat(chunks).toString('utf8')));
});
server.listen(PORT, HOST, () => console.log(`consul stand-in on http://${HOST}:${PORT}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
