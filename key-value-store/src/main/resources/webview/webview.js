// The live web view: reads /cluster/status from the node serving the page and /cluster/stats from
// every node's admin URL (CORS), redraws every REFRESH_MS. Plain browser JavaScript, no build step.
'use strict';

const REFRESH_MS = 1500;
const STATS_TIMEOUT_MS = 1000;
const COLORS = ['#1565c0', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#558b2f', '#4e342e'];
const SVG = 'http://www.w3.org/2000/svg';
const RING_SIZE = 2n ** 64n;

async function fetchJson(url, timeoutMs) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetch(url, { cache: 'no-store', signal: abort.signal });
    if (!response.ok) {
      throw new Error(url + ': HTTP ' + response.status);
    }
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

/** A member's stats, or null when the browser cannot reach its admin port. */
async function statsOf(member) {
  if (!member.adminUrl) {
    return null;
  }
  try {
    return await fetchJson(member.adminUrl + '/cluster/stats', STATS_TIMEOUT_MS);
  } catch (e) {
    return null;
  }
}

/** A token's angle in radians, clockwise from the top. */
function angleOf(token) {
  return Number((BigInt(token) * 1000000n) / RING_SIZE) / 1000000 * 2 * Math.PI;
}

function point(cx, cy, r, angle) {
  return [cx + r * Math.sin(angle), cy - r * Math.cos(angle)];
}

function svgElement(name, attributes) {
  const element = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, value));
  return element;
}

/** Each token's arc (from the previous token) in its owner's color, a dot per token, the node names. */
function drawRing(svg, members, colorOf) {
  const cx = 200, cy = 200, r = 150;
  svg.replaceChildren();
  const tokens = members.flatMap(m => m.tokens.map(t => ({ token: BigInt(t), member: m })))
    .sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
  const widest = new Map(); // each node's widest arc, where its name goes
  tokens.forEach((entry, i) => {
    const previous = tokens[(i + tokens.length - 1) % tokens.length];
    const down = entry.member.state === 'DOWN';
    const from = angleOf(previous.token), to = angleOf(entry.token);
    const sweep = tokens.length === 1 ? 2 * Math.PI - 0.0001 : (to - from + 2 * Math.PI) % (2 * Math.PI);
    const [x1, y1] = point(cx, cy, r, to - sweep), [x2, y2] = point(cx, cy, r, to);
    const arc = svgElement('path', {
      d: `M ${x1} ${y1} A ${r} ${r} 0 ${sweep > Math.PI ? 1 : 0} 1 ${x2} ${y2}`,
      class: 'arc' + (down ? ' down' : ''), stroke: colorOf(entry.member.id), 'data-node': entry.member.id,
    });
    arc.appendChild(svgElement('title', {})).textContent = entry.member.id;
    svg.appendChild(arc);
    if (!widest.has(entry.member.id) || widest.get(entry.member.id).sweep < sweep) {
      widest.set(entry.member.id, { sweep, middle: to - sweep / 2 });
    }
  });
  tokens.forEach(entry => {
    const [x, y] = point(cx, cy, r, angleOf(entry.token));
    const dot = svgElement('circle', { cx: x, cy: y, r: 4, class: 'token', fill: colorOf(entry.member.id),
      'data-node': entry.member.id });
    dot.appendChild(svgElement('title', {})).textContent = entry.member.id + ' token ' + entry.token;
    svg.appendChild(dot);
  });
  members.forEach(member => {
    const [x, y] = point(cx, cy, r + 30, widest.get(member.id).middle);
    const label = svgElement('text', { x, y, class: 'label', 'data-node': member.id });
    label.textContent = member.id + (member.state === 'DOWN' ? ' (down)' : '');
    svg.appendChild(label);
  });
}

function sparkline(values) {
  const width = 90, height = 20;
  const svg = svgElement('svg', { width, height, class: 'spark' });
  if (values.length > 1) {
    const max = Math.max(...values, 1e-9);
    const points = values.map((v, i) => `${(i / (values.length - 1)) * width},${height - 1 - (v / max) * (height - 2)}`);
    svg.appendChild(svgElement('polyline', { points: points.join(' ') }));
  }
  return svg;
}

function cell(row, content, className) {
  const td = row.insertCell();
  if (content instanceof Node) {
    td.appendChild(content);
  } else {
    td.textContent = content;
  }
  if (className) {
    td.className = className;
  }
  return td;
}

function format(value, digits) {
  return value === undefined || value === null ? '–' : value.toFixed(digits);
}

function drawTable(tbody, members, stats, colorOf) {
  tbody.replaceChildren();
  members.forEach((member, i) => {
    const own = stats[i];
    const row = tbody.insertRow();
    row.dataset.node = member.id;
    row.dataset.state = member.state;
    row.className = member.state === 'DOWN' ? 'down' : '';
    const name = document.createElement('span');
    name.innerHTML = `<span class="swatch" style="background:${colorOf(member.id)}"></span>`;
    name.append(member.id);
    cell(row, name);
    const state = document.createElement('span');
    state.className = 'state state-' + member.state;
    state.textContent = member.state.toLowerCase();
    cell(row, state);
    cell(row, (member.keyShare * 100).toFixed(1) + ' %', 'num');
    cell(row, member.tokens.length, 'num');
    const samples = own ? own.samples : [];
    const last = samples[samples.length - 1];
    cell(row, own ? own.hintsPending + (own.hintsFor.length ? ' (for ' + own.hintsFor.join(', ') + ')' : '') : '–',
      'num');
    const rate = document.createElement('span');
    rate.append(sparkline(samples.map(s => s.requestsPerSecond)), ' ' + format(last && last.requestsPerSecond, 1));
    cell(row, rate, 'num');
    cell(row, last ? format(last.getP99Millis, 1) + ' / ' + format(last.putP99Millis, 1) : '–', 'num');
    const admin = cell(row, own ? 'reachable' : 'unreachable from this browser');
    admin.className = own ? '' : 'error';
    admin.dataset.stats = own ? 'ok' : 'unreachable';
  });
}

function drawMembershipChange(change) {
  const section = document.getElementById('membership-change');
  section.hidden = change === null || change === undefined;
  document.getElementById('membership-change-progress').textContent = section.hidden ? '' : JSON.stringify(change);
}

async function refresh() {
  const summary = document.getElementById('summary');
  try {
    const status = await fetchJson('/cluster/status', STATS_TIMEOUT_MS * 2);
    const stats = await Promise.all(status.members.map(statsOf));
    const ids = status.members.map(m => m.id);
    const colorOf = id => COLORS[ids.indexOf(id) % COLORS.length];
    drawRing(document.getElementById('ring'), status.members, colorOf);
    drawTable(document.querySelector('#nodes tbody'), status.members, stats, colorOf);
    drawMembershipChange(status.membershipChange);
    const up = status.members.filter(m => m.state !== 'DOWN').length;
    summary.className = '';
    summary.textContent = `${up} of ${status.members.length} nodes up · N = ${status.replicas} · seen by ` +
      `${status.node} · ring epoch ${status.epoch} · ${new Date().toLocaleTimeString()}`;
    summary.dataset.updated = Date.now();
  } catch (e) {
    summary.className = 'error';
    summary.textContent = 'cannot read /cluster/status from this node: ' + e.message;
  }
}

async function loop() {
  await refresh();
  setTimeout(loop, REFRESH_MS);
}

loop();
