// The command-center page: renders the store into the page whenever the feed changes it.

import { TrendCharts, campaignRange } from './charts.js';
import { Feed } from './feed.js';
import { AreaMap } from './map.js';
import { Store } from './store.js';
import { StockPanel } from './stock.js';
import {
  DASH, ago, clockTime, currentLanguage, dateTime, duration, integer, minutes, percent, provincesText,
  setLanguage, signedPercent, t, usd, usdExact,
} from './i18n.js';

const HOUR = 3_600_000;
const CHART_HOURS = 24;
const KIND_ORDER = ['INTERNATIONAL_ROAD', 'INTERNATIONAL_RAIL', 'MAIN', 'BILATERAL'];

const store = new Store();
const hourly = new Map(); // gate code -> Map(hour start millis -> vehicles crossed)
const gateCards = new Map(); // gate code -> <article>
let status = { state: 'connecting' };

const feed = new Feed(store, (next) => {
  status = next;
  renderStatus();
});
const map = new AreaMap(store, feed, {
  holder: document.getElementById('area-map'),
  tooltip: document.getElementById('map-tooltip'),
  legend: document.getElementById('map-legend'),
  heading: document.getElementById('map-heading'),
  downloads: document.querySelector('[data-field="map.downloads"]'),
});
const charts = new TrendCharts(store, feed, document.getElementById('trends'));

// Rendering.

function setField(root, name, text, title) {
  const element = root.querySelector(`[data-field="${name}"]`);
  if (!element) return;
  if (element.textContent !== text) element.textContent = text;
  if (title !== undefined) element.title = title;
}

function setBar(root, name, value) {
  const bar = root.querySelector(`[data-bar="${name}"]`);
  if (bar) bar.style.width = (typeof value === 'number' ? Math.max(0, Math.min(100, value)) : 0) + '%';
}

/** Points the download links inside {@code root} at {@code path} with {@code query} and each link's format. */
function setDownloads(root, selector, path, query) {
  root.querySelectorAll(selector).forEach((link) => {
    const href = path + '?' + new URLSearchParams({ ...query, format: link.dataset.format });
    if (link.getAttribute('href') !== href) link.setAttribute('href', href);
  });
}

// The daily doses download covers the campaign up to the figures' day, as the daily chart does.
function renderDailyDownloads(asOf) {
  const holder = document.querySelector('[data-field="vac.dailyDownloads"]');
  const range = campaignRange(asOf);
  holder.hidden = !range;
  if (range) setDownloads(holder, 'a[data-download]', 'api/v1/vaccination/daily', range);
}

function renderVaccination() {
  const s = store.get('vaccination.summary', 'province');
  renderDailyDownloads(s?.asOf);
  setField(document, 'vac.asOf', dateTime(s?.asOf));
  setField(document, 'vac.dosesAdministered', integer(s?.dosesAdministered));
  setField(document, 'vac.dosesAllocated', integer(s?.dosesAllocated));
  setField(document, 'vac.dosesUsedPct', percent(s?.dosesUsedPct));
  setBar(document, 'vac.dosesUsedPct', s?.dosesUsedPct);
  setField(document, 'vac.boosterDoses', integer(s?.boosterDoses));
  for (const group of ['18+', '12-17']) {
    const c = s?.coverage?.[group];
    const prefix = 'vac.coverage.' + group + '.';
    setField(document, prefix + 'population', integer(c?.population));
    setField(document, prefix + 'atLeastOneDosePct', percent(c?.atLeastOneDosePct), integer(c?.atLeastOneDose));
    setBar(document, prefix + 'atLeastOneDosePct', c?.atLeastOneDosePct);
    setField(document, prefix + 'twoDosesPct', percent(c?.twoDosesPct), integer(c?.twoDoses));
    setBar(document, prefix + 'twoDosesPct', c?.twoDosesPct);
    setField(document, prefix + 'boosters', integer(c?.boosters));
  }
}

function renderBorder() {
  const years = [...store.all('border.summary').keys()].map(Number).filter(Number.isFinite);
  const b = years.length ? store.get('border.summary', Math.max(...years)) : undefined;
  setField(document, 'border.year', b ? String(b.year) : '');
  setField(document, 'border.asOf', dateTime(b?.asOf));
  setField(document, 'border.tradeValueUsd', usd(b?.tradeValueUsd), usdExact(b?.tradeValueUsd));
  setField(document, 'border.planPct', percent(b?.planPct));
  setBar(document, 'border.planPct', b?.planPct);
  setField(document, 'border.planValueUsd', usd(b?.planValueUsd), usdExact(b?.planValueUsd));
  setField(document, 'border.growthPct', signedPercent(b?.growthPct));
  setField(document, 'border.previousYearValueUsd', usd(b?.previousYearValueUsd), usdExact(b?.previousYearValueUsd));
  setField(document, 'border.exportValueUsd', usd(b?.exportValueUsd), usdExact(b?.exportValueUsd));
  setField(document, 'border.importValueUsd', usd(b?.importValueUsd), usdExact(b?.importValueUsd));
  const gates = [...store.all('border.gate').values()];
  const today = gates.reduce((sum, g) => sum + (g.tradeToday?.tradeValueUsd ?? 0), 0);
  setField(document, 'border.tradeToday', gates.length ? usd(today) : DASH, gates.length ? usdExact(today) : '');
  setField(document, 'alerts.count', integer([...store.all('alert').values()].filter((a) => a.gateCode).length));
}

function gateOrder(a, b) {
  const open = (g) => (g.open === false ? 1 : 0);
  const kind = (g) => (KIND_ORDER.indexOf(g.kind) + KIND_ORDER.length + 1) % (KIND_ORDER.length + 1);
  return open(a) - open(b) || kind(a) - kind(b) || String(a.code).localeCompare(String(b.code));
}

function renderGates() {
  const list = document.getElementById('gate-list');
  const gates = [...store.all('border.gate').values()].sort(gateOrder);
  const alerts = [...store.all('alert').values()];
  document.getElementById('gates-empty').hidden = gates.length > 0;
  gates.forEach((gate, index) => {
    let card = gateCards.get(gate.code);
    if (!card) {
      card = document.getElementById('gate-template').content.firstElementChild.cloneNode(true);
      card.dataset.gate = gate.code;
      gateCards.set(gate.code, card);
    }
    if (list.children[index] !== card) list.insertBefore(card, list.children[index] ?? null);
    renderGate(card, gate, alerts.filter((a) => a.gateCode === gate.code));
  });
  for (const [code, card] of gateCards) {
    if (!store.get('border.gate', code)) {
      card.remove();
      gateCards.delete(code);
    }
  }
}

function renderGate(card, gate, alerts) {
  card.classList.toggle('closed', gate.open === false);
  card.classList.toggle('alerting', alerts.length > 0);
  setField(card, 'name', gate.name ?? gate.code);
  setField(card, 'kind', gate.open === false ? t('closed') : (gate.kind ? t('kind_' + gate.kind) : ''));
  setField(card, 'tradeToday', usd(gate.tradeToday?.tradeValueUsd), usdExact(gate.tradeToday?.tradeValueUsd));
  setField(card, 'tradeThisYear', usd(gate.tradeThisYear?.tradeValueUsd), usdExact(gate.tradeThisYear?.tradeValueUsd));
  setField(card, 'backlog', typeof gate.backlog === 'number' ? t('vehicles', { n: integer(gate.backlog) }) : DASH);
  setField(card, 'waitP90Minutes', minutes(gate.waitP90Minutes));
  setField(card, 'waitP50Minutes', minutes(gate.waitP50Minutes));
  setField(card, 'vehiclesLastHour', integer(gate.vehiclesLastHour));
  setDownloads(card, 'a[data-download^="trade-months"]', 'api/v1/border/gates/' + encodeURIComponent(gate.code) + '/trade',
    { granularity: 'month' });
  // The hourly chart's table: the same default 24 hours the chart asks for.
  setDownloads(card, 'a[data-download^="throughput"]', 'api/v1/border/gates/' + encodeURIComponent(gate.code) + '/throughput', {});
  const items = alerts.map((a) => {
    const li = document.createElement('li');
    li.className = 'alert';
    li.dataset.alert = a.id;
    li.textContent = t('alert_' + a.kind, { value: integer(a.value), threshold: integer(a.raiseThreshold) })
      + ' · ' + t('alertSince', { time: dateTime(a.raisedAt) });
    if (a.message) li.title = a.message;
    return li;
  });
  const list = card.querySelector('[data-field="alerts"]');
  if (list.textContent !== items.map((li) => li.textContent).join('')) list.replaceChildren(...items);
  renderChart(card.querySelector('svg.hourly'), gate);
}

/** Vehicles crossed per hour over the 24 hours up to the gate's last complete hour. */
function renderChart(svg, gate) {
  const hours = hourly.get(gate.code) ?? new Map();
  const last = Date.parse(gate.lastHourStart ?? '') || Math.max(0, ...hours.keys());
  if (!last) {
    svg.replaceChildren();
    return;
  }
  const values = [];
  for (let i = CHART_HOURS - 1; i >= 0; i -= 1) {
    const start = last - i * HOUR;
    values.push([start, hours.get(start) ?? 0]);
  }
  const max = Math.max(1, ...values.map(([, n]) => n));
  const width = 240 / CHART_HOURS;
  const ns = 'http://www.w3.org/2000/svg';
  const bars = values.map(([start, n], i) => {
    const rect = document.createElementNS(ns, 'rect');
    const height = Math.max(n > 0 ? 1 : 0, (n / max) * 46);
    rect.setAttribute('x', String(i * width + 1));
    rect.setAttribute('width', String(width - 2));
    rect.setAttribute('y', String(48 - height));
    rect.setAttribute('height', String(height));
    rect.setAttribute('class', i === values.length - 1 ? 'last' : '');
    rect.dataset.hour = new Date(start).toISOString();
    rect.dataset.vehicles = String(n);
    const title = document.createElementNS(ns, 'title');
    title.textContent = dateTime(new Date(start).toISOString()) + ' · ' + t('vehicles', { n: integer(n) });
    rect.appendChild(title);
    return rect;
  });
  svg.replaceChildren(...bars);
  svg.setAttribute('aria-label', t('vehiclesPerHour') + ': ' + values.map(([, n]) => integer(n)).join(', '));
}

function renderStatus() {
  const element = document.getElementById('freshness');
  element.dataset.state = status.state;
  document.body.dataset.freshness = status.state;
  const since = status.lastDataAt;
  const texts = {
    live: () => (since ? t('live', { ago: ago(Date.now() - since.getTime()) }) : t('liveNoData')),
    offline: () => (since ? t('offline', { time: clockTime(since) }) : t('offlineNoData')),
    stale: () => t('stale', { lag: duration(status.lagMillis) }),
    connecting: () => t('connecting'),
    unauthorized: () => t('unauthorized'),
  };
  setField(element, 'freshness', texts[status.state]());
  const signIn = document.getElementById('sign-in');
  signIn.hidden = status.state !== 'unauthorized';
}

// With API auth on: the token goes to POST /api/v1/session once and is not kept (not even in the field).
document.getElementById('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const input = document.getElementById('sign-in-token');
  const token = input.value.trim();
  input.value = '';
  if (!token) return;
  const button = form.querySelector('button');
  button.disabled = true;
  const result = await feed.signIn(token);
  button.disabled = false;
  const errors = { rejected: 'tokenRejected', failed: 'signInFailed' };
  setField(form, 'signInError', errors[result] ? t(errors[result]) : '');
});

/** The download links of whole tables: each its table in its format. */
function initDownloads() {
  document.querySelectorAll('a[data-download][data-path]:not([data-range])').forEach((link) => {
    link.setAttribute('href', link.dataset.path + '?' + new URLSearchParams({ format: link.dataset.format }));
  });
}

function renderAll() {
  renderVaccination();
  renderBorder();
  renderGates();
  map.render();
  charts.render();
  renderStatus();
}

let pending = null;
function scheduleRender() {
  if (pending === null) {
    pending = setTimeout(() => {
      pending = null;
      renderAll();
    }, 30);
  }
}

// Hourly counts per gate: the throughput answer fills the day, live gate updates the last hour.
// An hour's count only grows, so the larger figure wins: a throughput answer requested before a
// live update but arriving after it must not put the older count back.
function recordHour(hours, start, vehicles) {
  hours.set(start, Math.max(hours.get(start) ?? 0, vehicles ?? 0));
}

store.onChange((type, key, data) => {
  if (type === 'border.throughput' && data && Array.isArray(data.hours)) {
    const hours = hourly.get(key) ?? new Map();
    data.hours.forEach((h) => recordHour(hours, Date.parse(h.start), h.vehiclesCrossed));
    hourly.set(key, hours);
  } else if (type === 'border.gate' && data && data.lastHourStart) {
    const hours = hourly.get(key) ?? new Map();
    recordHour(hours, Date.parse(data.lastHourStart), data.vehiclesLastHour);
    hourly.set(key, hours);
  }
  scheduleRender();
});

// Language: ?lang=en on the address (a wall screen's bookmark), else the last choice, else Vietnamese.

// The provinces the page reports on, from the top of the data set's hierarchy (GET /api/v1/areas, which
// the map asks for): the title names them, so another province's page names itself.
let provinces = [];

function applyTexts() {
  const values = { province: provincesText(provinces) };
  document.querySelectorAll('[data-i18n]').forEach((element) => {
    element.textContent = t(element.dataset.i18n, values).trim();
  });
  document.title = 'Pulse · ' + t('title', values).trim();
}

// The top of every data set is its country (only a country has no parent): its valid provinces are named.
store.onChange((type, key, data) => {
  if (type !== 'area.node' || data?.level !== 'country') return;
  const names = (data.children ?? []).filter((c) => c.level === 'province' && c.valid).map((c) => c.name);
  if (names.join('|') !== provinces.join('|')) {
    provinces = names;
    applyTexts();
  }
});

function chooseLanguage(lang) {
  setLanguage(lang);
  try {
    localStorage.setItem('pulse.lang', currentLanguage());
  } catch (e) {
    // private mode: the choice lasts for this page only
  }
  applyTexts();
  renderAll();
}

const requested = new URLSearchParams(location.search).get('lang');
let remembered = null;
try {
  remembered = localStorage.getItem('pulse.lang');
} catch (e) {
  remembered = null;
}
setLanguage(requested ?? remembered ?? 'vi');
applyTexts();
document.getElementById('lang-toggle').addEventListener('click', () => {
  chooseLanguage(currentLanguage() === 'vi' ? 'en' : 'vi');
});

// "updated 5 s ago" and the stale lag move with the clock; no request is made here.
setInterval(() => {
  status = feed.status();
  renderStatus();
}, 1000);

initDownloads();
renderAll();
feed.start();
new StockPanel(document.getElementById('stock'), store, document.getElementById('lang-toggle')).render();
