// The coverage map: whatever level the data set has (districts in langson-2021, communes and wards
// in langson-2025), drawn from its GeoJSON (GET /api/v1/geography), each unit shaded by its 18+
// two-dose coverage, labelled with it (up to 20 units), and a tooltip with its figures on hover
// or keyboard focus.
//
// Which units: from the top of the hierarchy (GET /api/v1/areas) the map goes down while an area
// has exactly one unit valid today (the country of one province: that province), then draws that
// area's children valid today (GET /api/v1/areas/{code}), each with its figures. A unit that is
// also a counting unit gets live updates as a vaccination.district event; the newer of the two wins.

import { DASH, addTexts, integer, percent, t } from './i18n.js';

addTexts({
  vi: {
    mapTitle_province: 'Tỷ lệ tiêm đủ 2 mũi (18+) theo tỉnh',
    mapTitle_district: 'Tỷ lệ tiêm đủ 2 mũi (18+) theo huyện, thành phố',
    mapTitle_commune: 'Tỷ lệ tiêm đủ 2 mũi (18+) theo xã, phường',
    noGeometry: 'Bộ dữ liệu địa giới không có bản đồ',
    schematicMap: 'Bản đồ sơ đồ hóa, không theo tỷ lệ đo đạc',
    downloadAreas: 'Các đơn vị trên bản đồ',
  },
  en: {
    mapTitle_province: 'Two-dose coverage (18+) by province',
    mapTitle_district: 'Two-dose coverage (18+) by district',
    mapTitle_commune: 'Two-dose coverage (18+) by commune and ward',
    noGeometry: 'The geography data set has no map',
    schematicMap: 'Schematic map, not to survey accuracy',
    downloadAreas: 'The units on the map',
  },
});

/** Coverage classes in percent (lower bounds): fixed, so a colour means the same thing on every day. */
export const CLASSES = [0, 50, 80, 90, 95, 98];

/** Up to this many units the map writes each one's name and figure on it; beyond, the tooltip does. */
const MAX_LABELS = 20;
const WIDTH = 520;
const NS = 'http://www.w3.org/2000/svg';

export function coverageOf(figures) {
  const value = figures?.coverage?.['18+']?.twoDosesPct;
  return typeof value === 'number' ? value : null;
}

export function classOf(value) {
  if (value === null) return 'none';
  let index = 0;
  CLASSES.forEach((bound, i) => {
    if (value >= bound) index = i;
  });
  return 'c' + index;
}

/** An area's child as the map keeps it: its code, name and level, then its figures (a district's shape). */
function childItem(child) {
  return { code: child.code, name: child.name, level: child.level, ...(child.figures ?? {}) };
}

/** The outer rings of a GeoJSON Polygon or MultiPolygon, as [lon, lat] lists. */
function ringsOf(geometry) {
  if (geometry?.type === 'Polygon') return [geometry.coordinates[0]];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates.map((polygon) => polygon[0]);
  return [];
}

function ringArea(points) {
  return points.reduce((sum, [x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length];
    return sum + x * ny - nx * y;
  }, 0) / 2;
}

function centroid(points) {
  let area = 0;
  let cx = 0;
  let cy = 0;
  points.forEach(([x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length];
    const f = x * ny - nx * y;
    area += f;
    cx += (x + nx) * f;
    cy += (y + ny) * f;
  });
  return area === 0 ? points[0] : [cx / (3 * area), cy / (3 * area)];
}

/**
 * An equirectangular projection of the features' bounding box onto an SVG {@code WIDTH} wide
 * (longitudes shrunk by the cosine of the middle latitude, north up): [x, y] of a [lon, lat].
 */
function projection(features) {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  features.forEach((f) => ringsOf(f.geometry).flat().forEach(([lon, lat]) => {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }));
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const pad = 4;
  const scale = (WIDTH - 2 * pad) / Math.max((maxLon - minLon) * kx, 1e-9);
  const height = Math.ceil((maxLat - minLat) * scale + 2 * pad);
  return { height, project: ([lon, lat]) => [pad + (lon - minLon) * kx * scale, pad + (maxLat - lat) * scale] };
}

export class AreaMap {
  constructor(store, feed, { holder, tooltip, legend, heading, downloads }) {
    this.store = store;
    this.feed = feed;
    this.holder = holder;
    this.tooltip = tooltip;
    this.legend = legend;
    this.heading = heading;
    this.downloads = downloads;
    this.focus = null; // the area whose children are drawn
    this.drawn = null; // what the SVG holds: "geometry id|focus|codes"
    this.svg = null;
    this.current = null;
    // An area's answer older than a live district event (asked for before it) must not hide it.
    store.guard('area', 'vaccination.district');
    const areas = (body) => [['area.node', body.code, body], ...(body.children ?? []).map((c) => ['area', c.code, childItem(c)])];
    const descend = (body, into) => {
      const valid = (body.children ?? []).filter((c) => c.valid);
      if (valid.length === 1) {
        into.fetch({ path: 'areas/' + encodeURIComponent(valid[0].code), items: areas, then: descend });
      } else {
        this.focus = body.code;
      }
    };
    feed.also(
      { path: 'geography', items: (body) => [['geography', 'dataset', body]] },
      { path: 'areas', items: areas, then: descend },
    );
  }

  /** The newer of the unit's figures from its area's answer and from a live district event. */
  figuresOf(code) {
    const area = this.store.get('area', code);
    const district = this.store.get('vaccination.district', code);
    if (!district) return area;
    if (!area) return district;
    return this.store.version('vaccination.district', code) > this.store.version('area', code) ? district : area;
  }

  /** The units to draw: the focus area's children valid today that have a shape. */
  units() {
    const node = this.focus === null ? undefined : this.store.get('area.node', this.focus);
    const geography = this.store.get('geography', 'dataset');
    const features = new Map((geography?.geometry?.features ?? []).map((f) => [String(f.properties?.code), f]));
    const units = (node?.children ?? []).filter((c) => c.valid && features.has(c.code))
      .map((c) => ({ code: c.code, name: c.name, level: c.level, feature: features.get(c.code) }));
    return { node, geography, units };
  }

  render() {
    this.renderLegend();
    const { node, geography, units } = this.units();
    const level = units[0]?.level ?? node?.children?.find((c) => c.valid)?.level;
    const title = t('mapTitle_' + level) !== 'mapTitle_' + level ? t('mapTitle_' + level) : t('mapTitle');
    if (this.heading.textContent !== title) this.heading.textContent = title;
    this.renderDownloads(node);
    if (geography && !geography.geometry) {
      this.drawn = null;
      this.svg = null;
      const message = document.createElement('p');
      message.className = 'empty';
      message.textContent = t('noGeometry');
      if (this.holder.textContent !== message.textContent) this.holder.replaceChildren(message);
      return;
    }
    const key = (geography?.id ?? '') + '|' + this.focus + '|' + units.map((u) => u.code).join(',');
    if (units.length && key !== this.drawn) this.draw(geography, units, key);
    if (!this.svg) return;
    const schematic = this.svg.querySelector('desc');
    if (schematic) schematic.textContent = geography?.schematic || units.some((u) => u.feature.properties?.schematic) ? t('schematicMap') : '';
    units.forEach(({ code, name }) => {
      const path = this.svg.querySelector(`path.area[data-code="${CSS.escape(code)}"]`);
      const figures = this.figuresOf(code);
      const value = coverageOf(figures);
      path.setAttribute('class', 'area ' + classOf(value));
      path.setAttribute('aria-label', (figures?.name ?? name) + ': ' + (value === null ? t('noData') : percent(value)));
      const label = this.svg.querySelector(`text.area-label[data-code="${CSS.escape(code)}"] .value`);
      if (label) label.textContent = value === null ? DASH : percent(value);
    });
    if (this.current) this.showTooltip(this.current);
  }

  draw(geography, units, key) {
    const { height, project } = projection(units.map((u) => u.feature));
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
    svg.setAttribute('class', 'area-map');
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-label', geography?.name ?? '');
    svg.appendChild(document.createElementNS(NS, 'desc'));
    const shapes = document.createElementNS(NS, 'g');
    const labels = document.createElementNS(NS, 'g');
    labels.setAttribute('aria-hidden', 'true');
    const total = WIDTH * height;
    for (const unit of units) {
      const rings = ringsOf(unit.feature.geometry).map((ring) => ring.map(project));
      const path = document.createElementNS(NS, 'path');
      path.setAttribute('class', 'area none');
      path.id = 'area-' + unit.code;
      path.dataset.code = unit.code;
      path.setAttribute('tabindex', '0');
      path.setAttribute('d', rings.map((ring) => 'M' + ring.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L') + 'Z').join(''));
      const show = () => this.showTooltip(path);
      path.addEventListener('mouseenter', show);
      path.addEventListener('focus', show);
      path.addEventListener('mouseleave', () => this.hideTooltip());
      path.addEventListener('blur', () => this.hideTooltip());
      shapes.appendChild(path);
      if (units.length <= MAX_LABELS && rings.length) {
        const largest = rings.reduce((a, b) => (Math.abs(ringArea(b)) > Math.abs(ringArea(a)) ? b : a));
        const [x, y] = centroid(largest);
        const small = Math.abs(ringArea(largest)) < total * 0.02;
        const text = document.createElementNS(NS, 'text');
        text.setAttribute('class', 'area-label' + (small ? ' small' : ''));
        text.dataset.code = unit.code;
        text.setAttribute('x', x.toFixed(1));
        text.setAttribute('y', y.toFixed(1));
        const name = document.createElementNS(NS, 'tspan');
        name.setAttribute('class', 'name');
        name.setAttribute('x', x.toFixed(1));
        name.textContent = unit.feature.properties?.label ?? unit.name;
        const value = document.createElementNS(NS, 'tspan');
        value.setAttribute('class', 'value');
        value.setAttribute('x', x.toFixed(1));
        value.setAttribute('dy', '1.2em');
        text.append(name, value);
        labels.appendChild(text);
      }
    }
    svg.append(shapes, labels);
    this.hideTooltip();
    this.holder.replaceChildren(svg);
    this.svg = svg;
    this.drawn = key;
  }

  renderDownloads(node) {
    this.downloads.hidden = !node;
    if (!node) return;
    this.downloads.querySelectorAll('a[data-download]').forEach((link) => {
      const href = 'api/v1/areas/' + encodeURIComponent(node.code) + '?' + new URLSearchParams({ format: link.dataset.format });
      if (link.getAttribute('href') !== href) link.setAttribute('href', href);
    });
  }

  renderLegend() {
    const items = CLASSES.map((bound, i) => {
      const next = CLASSES[i + 1];
      const text = next === undefined ? '≥ ' + bound + '%' : (i === 0 ? '< ' + next : bound + '–' + next) + '%';
      return `<li><span class="swatch c${i}"></span>${text}</li>`;
    });
    items.push(`<li><span class="swatch none"></span>${t('noData')}</li>`);
    this.legend.setAttribute('aria-label', t('legend'));
    const html = items.join('');
    if (this.legend.innerHTML !== html) this.legend.innerHTML = html;
  }

  showTooltip(path) {
    this.current = path;
    const code = path.dataset.code;
    const d = this.figuresOf(code);
    const rows = [];
    const row = (label, value) => rows.push(`<tr><th scope="row">${label}</th><td>${value}</td></tr>`);
    if (d && d.coverage) {
      for (const [group, name] of [['18+', t('adults')], ['12-17', t('teens')]]) {
        const c = d.coverage?.[group];
        if (!c) continue;
        row(name + ' · ' + t('population'), integer(c.population));
        row(name + ' · ' + t('atLeastOneDose'), percent(c.atLeastOneDosePct) + ' (' + integer(c.atLeastOneDose) + ')');
        row(name + ' · ' + t('twoDoses'), percent(c.twoDosesPct) + ' (' + integer(c.twoDoses) + ')');
      }
      row(t('boosters'), integer(d.boosterDoses));
      row(t('districtDoses'), integer(d.dosesAdministered));
      row(t('districtAllocated'), integer(d.dosesAllocated));
    } else {
      rows.push(`<tr><td colspan="2">${t('noData')}</td></tr>`);
    }
    const name = d?.name ?? this.store.get('area', code)?.name ?? code;
    this.tooltip.innerHTML = `<strong>${escape(name)}</strong><table>${rows.join('')}</table>`;
    this.tooltip.dataset.code = code;
    this.tooltip.hidden = false;
    const box = path.getBoundingClientRect();
    const holder = this.holder.parentElement.getBoundingClientRect();
    const left = Math.min(box.left - holder.left + box.width / 2, holder.width - this.tooltip.offsetWidth - 4);
    this.tooltip.style.left = Math.max(4, left) + 'px';
    this.tooltip.style.top = (box.bottom - holder.top + 6) + 'px';
  }

  hideTooltip() {
    this.current = null;
    this.tooltip.hidden = true;
  }
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
}
