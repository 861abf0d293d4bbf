// The trend charts: doses per day with the 7-day average, two-dose coverage over time against the
// targets, and the province's trade per month against the year before. Plain SVG drawn here (no
// library, nothing from another host). Each chart has a text equivalent: an aria-label that sums it
// up and a table with every figure it draws (opened by its "Bảng số liệu" summary).
//
// What each chart asks for, once at load and after a reconnect (the feed's generation), and again
// only when the day of the figures (vaccination) or the year (border) moves on:
//   daily doses     GET /api/v1/vaccination/daily?from=<campaign start>&to=<day of the summary>
//   coverage        GET /api/v1/vaccination/summary?asOf=<each month's last day before it>; the last
//                   point is the live summary itself
//   targets         GET /api/v1/vaccination/projections (its `targets`; 404 draws no target line)
//   monthly trade   GET /api/v1/border/trade/months?year=<the border panel's year>

import { DASH, ZONE, addTexts, day, decimal, integer, month, percent, signedPercent, t, usd, usdExact } from './i18n.js';

addTexts({
  vi: {
    trends: 'Diễn biến',
    dailyTitle: 'Số liều tiêm mỗi ngày',
    dailyDoses: 'Số liều',
    sevenDayAverage: 'Trung bình 7 ngày',
    dailySummary: 'Số liều tiêm mỗi ngày từ {from} đến {to}: tổng {total} liều, cao nhất {peak} liều ngày {peakDay}; trung bình 7 ngày đến {to}: {average} liều/ngày.',
    coverageTitle: 'Tỷ lệ tiêm đủ 2 mũi so với mục tiêu',
    coverageAdults: '18+ đủ 2 mũi',
    coverageTeens: '12–17 đủ 2 mũi',
    target: 'Mục tiêu {group}',
    noTarget: 'chưa có',
    coverageSummary: 'Tỷ lệ tiêm đủ 2 mũi đến {to}: 18+ {adults} (mục tiêu {adultsTarget}), 12–17 {teens} (mục tiêu {teensTarget}).',
    tradeTitle: 'Kim ngạch theo tháng năm {year} so với năm {previous}',
    tradeYear: 'Năm {year}',
    tradeMonth: 'Tháng',
    tradeGrowth: 'So với cùng kỳ',
    tradeSummary: 'Kim ngạch theo tháng năm {year}, {months} tháng: tổng {total}; cùng kỳ năm {previous}: {previousTotal}.',
    date: 'Ngày',
    showTable: 'Bảng số liệu',
    downloadMonths: 'Kim ngạch theo tháng',
  },
  en: {
    trends: 'Trends',
    dailyTitle: 'Doses administered per day',
    dailyDoses: 'Doses',
    sevenDayAverage: '7-day average',
    dailySummary: 'Doses per day from {from} to {to}: {total} doses in all, at most {peak} on {peakDay}; 7-day average to {to}: {average} doses a day.',
    coverageTitle: 'Two-dose coverage against the target',
    coverageAdults: '18+ two doses',
    coverageTeens: '12–17 two doses',
    target: 'Target {group}',
    noTarget: 'not set',
    coverageSummary: 'Two-dose coverage to {to}: 18+ {adults} (target {adultsTarget}), 12–17 {teens} (target {teensTarget}).',
    tradeTitle: 'Trade per month in {year} against {previous}',
    tradeYear: '{year}',
    tradeMonth: 'Month',
    tradeGrowth: 'Against the year before',
    tradeSummary: 'Trade per month in {year}, {months} months: {total} in all; the same months of {previous}: {previousTotal}.',
    date: 'Date',
    showTable: 'Table of figures',
    downloadMonths: 'Trade by month',
  },
});

const NS = 'http://www.w3.org/2000/svg';
const CAMPAIGN_START = '2021-01-01';
const DAILY_MAX_DAYS = 732; // the longest range /vaccination/daily answers
const GROUPS = ['18+', '12-17'];

const WIDTH = 600;
const HEIGHT = 220;
const PAD = { left: 92, right: 10, top: 12, bottom: 24 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** The local (Lạng Sơn) calendar day of an instant, as YYYY-MM-DD. */
export function localDay(instant) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(instant));
}

const dayNumber = (iso) => Date.parse(iso + 'T00:00:00Z') / 86_400_000;
const isoOfDayNumber = (n) => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** The campaign's days up to the day of the figures {@code asOf}: at most the 732 days /daily answers. */
export function campaignRange(asOf) {
  if (!asOf) return null;
  const to = localDay(asOf);
  const earliest = isoOfDayNumber(dayNumber(to) - (DAILY_MAX_DAYS - 1));
  return { from: earliest > CAMPAIGN_START ? earliest : CAMPAIGN_START, to };
}

/** The last day of every month from {@code from}'s month that ends before {@code to}. */
function monthEnds(from, to) {
  const ends = [];
  let [year, m] = from.split('-').map(Number);
  for (;;) {
    const end = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10); // day 0 of the next month
    if (end >= to) return ends;
    ends.push(end);
    m += 1;
    if (m > 12) {
      m = 1;
      year += 1;
    }
  }
}

function svgElement(name, attributes = {}, text) {
  const element = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Horizontal grid lines and their labels at 0, half and the top of the scale. */
function axis(max, format) {
  return [0, 0.5, 1].flatMap((f) => {
    const y = PAD.top + PLOT_H * (1 - f);
    return [
      svgElement('line', { class: 'grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y }),
      svgElement('text', { class: 'tick', x: PAD.left - 6, y: y + 4, 'text-anchor': 'end' }, format(max * f)),
    ];
  });
}

function xLabel(x, text, anchor = 'middle') {
  return svgElement('text', { class: 'tick', x, y: HEIGHT - 6, 'text-anchor': anchor }, text);
}

/** A "nice" upper bound for a scale: 1, 2 or 5 times a power of ten, at least {@code value}. */
function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((f) => f * power).find((candidate) => candidate >= value);
}

/** Money on an axis, short: 500 triệu USD, 1,5 tỷ USD (the table has the figures to the cent). */
function usdAxis(value) {
  if (value >= 1e9) return t('billionUsd', { n: decimal(value / 1e9, 1) });
  if (value >= 1e6) return t('millionUsd', { n: integer(value / 1e6) });
  return integer(value);
}

function polyline(points, cls) {
  return svgElement('polyline', { class: cls, points: points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ') });
}

function setRows(table, rows) {
  const body = table.tBodies[0];
  const html = rows.map((cells) => '<tr>' + cells.map(([text, title], i) => (i === 0
    ? `<th scope="row">${escape(text)}</th>` : `<td${title ? ` title="${escape(title)}"` : ''}>${escape(text)}</td>`)).join('') + '</tr>').join('');
  if (body.dataset.html !== html) {
    body.innerHTML = html;
    body.dataset.html = html;
  }
}

function setHead(table, names) {
  const html = '<tr>' + names.map((name) => `<th scope="col">${escape(name)}</th>`).join('') + '</tr>';
  if (table.tHead.innerHTML !== html) table.tHead.innerHTML = html;
}

function setLegend(list, items) {
  const html = items.map(([cls, text]) => `<li><span class="key ${cls}"></span>${escape(text)}</li>`).join('');
  if (list.innerHTML !== html) list.innerHTML = html;
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
}

export class TrendCharts {
  constructor(store, feed, root) {
    this.store = store;
    this.feed = feed;
    this.root = root;
    this.askedVaccination = null;
    this.askedTrade = null;
    feed.also({ path: 'vaccination/projections', items: (body) => [['vaccination.projections', 'province', body]] });
  }

  /** Asks for what the charts need when the day or year of the figures (or the feed's generation) moved on. */
  sync() {
    const range = campaignRange(this.store.get('vaccination.summary', 'province')?.asOf);
    if (range) {
      const asked = range.from + '_' + range.to + '@' + this.feed.generation;
      if (asked !== this.askedVaccination) {
        this.askedVaccination = asked;
        this.feed.fetch({
          path: 'vaccination/daily?' + new URLSearchParams(range),
          items: (body) => [['vaccination.daily', range.from + '_' + range.to, body]],
        });
        monthEnds(range.from, range.to).forEach((end) => this.feed.fetch({
          path: 'vaccination/summary?' + new URLSearchParams({ asOf: end }),
          items: (body) => [['vaccination.coverageAt', end, body]],
        }));
      }
    }
    const year = this.year();
    if (year !== null) {
      const asked = year + '@' + this.feed.generation;
      if (asked !== this.askedTrade) {
        this.askedTrade = asked;
        this.feed.fetch({
          path: 'border/trade/months?' + new URLSearchParams({ year }),
          items: (body) => [['border.months', String(body.year ?? year), body]],
        });
      }
    }
  }

  year() {
    const years = [...this.store.all('border.summary').keys()].map(Number).filter(Number.isFinite);
    return years.length ? Math.max(...years) : null;
  }

  render() {
    this.sync();
    const range = campaignRange(this.store.get('vaccination.summary', 'province')?.asOf);
    this.renderDaily(this.root.querySelector('[data-chart="daily"]'), range);
    this.renderCoverage(this.root.querySelector('[data-chart="coverage"]'), range);
    this.renderTrade(this.root.querySelector('[data-chart="trade"]'));
  }

  renderDaily(figure, range) {
    const answer = range ? this.store.get('vaccination.daily', range.from + '_' + range.to) : undefined;
    const days = Array.isArray(answer?.days) ? answer.days : [];
    const svg = figure.querySelector('svg');
    setLegend(figure.querySelector('.trend-legend'), [['bars', t('dailyDoses')], ['line', t('sevenDayAverage')]]);
    setHead(figure.querySelector('table'), [t('date'), t('dailyDoses'), t('sevenDayAverage')]);
    setRows(figure.querySelector('table'), days.map((d) => [[day(d.date)], [integer(d.doses)], [decimal(d.sevenDayAverage, 2)]]));
    figure.toggleAttribute('data-complete', days.length > 0);
    if (!days.length) {
      svg.replaceChildren();
      svg.setAttribute('aria-label', t('dailyTitle') + ': ' + t('noData'));
      return;
    }
    const max = niceMax(Math.max(...days.map((d) => d.doses), ...days.map((d) => d.sevenDayAverage)));
    const step = PLOT_W / days.length;
    const y = (value) => PAD.top + PLOT_H * (1 - value / max);
    const bars = svgElement('path', {
      class: 'bars',
      d: days.map((d, i) => (d.doses > 0 ? `M${(PAD.left + i * step).toFixed(2)},${y(0).toFixed(1)}V${y(d.doses).toFixed(1)}h${Math.max(step * 0.8, 0.6).toFixed(2)}V${y(0).toFixed(1)}Z` : '')).join(''),
    });
    const average = polyline(days.map((d, i) => [PAD.left + (i + 0.5) * step, y(d.sevenDayAverage)]), 'line');
    const first = days[0];
    const last = days[days.length - 1];
    svg.replaceChildren(...axis(max, integer), bars, average, xLabel(PAD.left, day(first.date), 'start'),
      xLabel(WIDTH - PAD.right, day(last.date), 'end'));
    const peak = days.reduce((best, d) => (d.doses > best.doses ? d : best), first);
    svg.setAttribute('aria-label', t('dailySummary', {
      from: day(first.date), to: day(last.date), total: integer(days.reduce((sum, d) => sum + d.doses, 0)),
      peak: integer(peak.doses), peakDay: day(peak.date), average: decimal(last.sevenDayAverage, 2),
    }));
  }

  /** The two-dose coverage of each age group at every month's end and now; the target of each from the projections. */
  renderCoverage(figure, range) {
    const svg = figure.querySelector('svg');
    const summary = this.store.get('vaccination.summary', 'province');
    const ends = range ? monthEnds(range.from, range.to) : [];
    const points = ends.map((end) => [end, this.store.get('vaccination.coverageAt', end)]).filter(([, s]) => s);
    if (range && summary) points.push([range.to, summary]);
    const targets = {};
    const projections = this.store.get('vaccination.projections', 'province');
    (Array.isArray(projections?.targets) ? projections.targets : [])
      .filter((target) => target.measure === 'twoDoses' && typeof target.targetPct === 'number')
      .forEach((target) => { targets[target.ageGroup] = target.targetPct; });
    const value = (s, group) => s?.coverage?.[group]?.twoDosesPct;

    setLegend(figure.querySelector('.trend-legend'), [
      ['adults', t('coverageAdults')], ['teens', t('coverageTeens')],
      ...GROUPS.filter((g) => g in targets).map((g) => ['target ' + (g === '18+' ? 'adults' : 'teens'),
        t('target', { group: g === '18+' ? '18+' : '12–17' }) + ' ' + percent(targets[g])]),
    ]);
    const table = figure.querySelector('table');
    setHead(table, [t('date'), t('coverageAdults'), t('coverageTeens')]);
    const rows = points.map(([date, s]) => [[day(date)], [percent(value(s, '18+'))], [percent(value(s, '12-17'))]]);
    rows.push([[t('target', { group: '' }).trim()], [GROUPS[0] in targets ? percent(targets['18+']) : DASH],
      [GROUPS[1] in targets ? percent(targets['12-17']) : DASH]]);
    setRows(table, rows);
    table.tBodies[0].lastElementChild.classList.add('target-row');
    figure.toggleAttribute('data-complete', range !== null && summary !== undefined && points.length === ends.length + 1);
    if (!range || points.length === 0) {
      svg.replaceChildren();
      svg.setAttribute('aria-label', t('coverageTitle') + ': ' + t('noData'));
      return;
    }
    const start = dayNumber(range.from);
    const span = Math.max(1, dayNumber(range.to) - start);
    const x = (date) => PAD.left + PLOT_W * ((dayNumber(date) - start) / span);
    const y = (pct) => PAD.top + PLOT_H * (1 - pct / 100);
    const children = [...axis(100, (v) => integer(v) + '%')];
    for (const group of GROUPS) {
      const cls = group === '18+' ? 'adults' : 'teens';
      if (group in targets) {
        children.push(svgElement('line', { class: 'target ' + cls, x1: PAD.left, x2: WIDTH - PAD.right, y1: y(targets[group]), y2: y(targets[group]) }));
      }
      const line = points.filter(([, s]) => typeof value(s, group) === 'number').map(([date, s]) => [x(date), y(value(s, group))]);
      children.push(polyline(line, 'line ' + cls));
      line.forEach(([px, py]) => children.push(svgElement('circle', { class: 'dot ' + cls, cx: px.toFixed(1), cy: py.toFixed(1), r: 2.5 })));
    }
    children.push(xLabel(PAD.left, day(range.from), 'start'), xLabel(WIDTH - PAD.right, day(range.to), 'end'));
    svg.replaceChildren(...children);
    svg.setAttribute('aria-label', t('coverageSummary', {
      to: day(range.to), adults: percent(value(summary, '18+')), teens: percent(value(summary, '12-17')),
      adultsTarget: '18+' in targets ? percent(targets['18+']) : t('noTarget'),
      teensTarget: '12-17' in targets ? percent(targets['12-17']) : t('noTarget'),
    }));
  }

  /** This year's trade per month as bars, the same months of the year before as a line. */
  renderTrade(figure) {
    const year = this.year();
    const answer = year === null ? undefined : this.store.get('border.months', year);
    const months = Array.isArray(answer?.months) ? answer.months : [];
    const svg = figure.querySelector('svg');
    const previous = year === null ? '' : String(year - 1);
    const caption = figure.querySelector('[data-field="trade.title"]');
    const title = year === null ? t('downloadMonths') : t('tradeTitle', { year, previous });
    if (caption.textContent !== title) caption.textContent = title;
    setLegend(figure.querySelector('.trend-legend'), year === null ? [] : [
      ['bars', t('tradeYear', { year })], ['line previous', t('tradeYear', { year: previous })]]);
    const table = figure.querySelector('table');
    setHead(table, [t('tradeMonth'), t('tradeYear', { year: year ?? '' }), t('tradeYear', { year: previous }), t('tradeGrowth')]);
    setRows(table, months.map((m) => [[month(m.month)], [usd(m.tradeValueUsd), usdExact(m.tradeValueUsd)],
      [usd(m.previousYearTradeValueUsd), usdExact(m.previousYearTradeValueUsd)], [signedPercent(m.growthPct)]]));
    figure.querySelectorAll('a[data-download]').forEach((link) => {
      link.hidden = year === null;
      if (year !== null) {
        const href = link.dataset.path + '?' + new URLSearchParams({ year, format: link.dataset.format });
        if (link.getAttribute('href') !== href) link.setAttribute('href', href);
      }
    });
    figure.toggleAttribute('data-complete', months.length > 0);
    if (!months.length) {
      svg.replaceChildren();
      svg.setAttribute('aria-label', title + ': ' + t('noData'));
      return;
    }
    const amount = (v) => (typeof v === 'number' ? v : 0);
    const max = niceMax(Math.max(...months.map((m) => Math.max(amount(m.tradeValueUsd), amount(m.previousYearTradeValueUsd)))));
    const step = PLOT_W / 12;
    const y = (v) => PAD.top + PLOT_H * (1 - v / max);
    const children = [...axis(max, usdAxis)];
    months.forEach((m, i) => {
      const top = y(amount(m.tradeValueUsd));
      const bar = svgElement('rect', { class: 'month-bar', x: (PAD.left + i * step + step * 0.15).toFixed(1), width: (step * 0.7).toFixed(1),
        y: top.toFixed(1), height: (y(0) - top).toFixed(1) });
      bar.appendChild(svgElement('title', {}, month(m.month) + ': ' + usdExact(m.tradeValueUsd)));
      children.push(bar, xLabel(PAD.left + (i + 0.5) * step, m.month.slice(5)));
    });
    const before = months.map((m, i) => [m, i]).filter(([m]) => typeof m.previousYearTradeValueUsd === 'number')
      .map(([m, i]) => [PAD.left + (i + 0.5) * step, y(m.previousYearTradeValueUsd)]);
    if (before.length) {
      children.push(polyline(before, 'line previous'));
      before.forEach(([px, py]) => children.push(svgElement('circle', { class: 'dot previous', cx: px.toFixed(1), cy: py.toFixed(1), r: 2.5 })));
    }
    svg.replaceChildren(...children);
    const total = months.reduce((sum, m) => sum + amount(m.tradeValueUsd), 0);
    const previousTotal = months.reduce((sum, m) => sum + amount(m.previousYearTradeValueUsd), 0);
    svg.setAttribute('aria-label', t('tradeSummary', {
      year, previous, months: integer(months.length), total: usd(total), previousTotal: before.length ? usd(previousTotal) : t('noData'),
    }));
  }
}
