// The district map: the schematic SVG shipped with the page (map/lang-son-districts.svg), each
// district shaded by its 18+ two-dose coverage, labelled with it, and a tooltip with its figures.

import { DASH, integer, percent, t } from './i18n.js';

/** Coverage classes in percent (lower bounds): fixed, so a colour means the same thing on every day. */
export const CLASSES = [0, 50, 80, 90, 95, 98];

export function coverageOf(district) {
  const value = district?.coverage?.['18+']?.twoDosesPct;
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

export class DistrictMap {
  constructor(holder, tooltip, legend) {
    this.holder = holder;
    this.tooltip = tooltip;
    this.legend = legend;
    this.districts = new Map();
    this.svg = null;
  }

  async load() {
    const response = await fetch('map/lang-son-districts.svg');
    const text = await response.text();
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    this.svg = document.importNode(doc.documentElement, true);
    this.holder.replaceChildren(this.svg);
    this.svg.querySelectorAll('path.district').forEach((path) => {
      const show = () => this.showTooltip(path);
      path.addEventListener('mouseenter', show);
      path.addEventListener('focus', show);
      path.addEventListener('mouseleave', () => this.hideTooltip());
      path.addEventListener('blur', () => this.hideTooltip());
    });
    this.render();
  }

  update(districts) {
    this.districts = districts;
    this.render();
  }

  render() {
    this.renderLegend();
    if (!this.svg) return;
    this.svg.querySelectorAll('path.district').forEach((path) => {
      const code = path.dataset.code;
      const district = this.districts.get(code);
      const value = coverageOf(district);
      path.setAttribute('class', 'district ' + classOf(value));
      path.setAttribute('aria-label', (district?.name ?? this.labelOf(code)) + ': ' + (value === null ? t('noData') : percent(value)));
      const label = this.svg.querySelector(`text.district-label[data-code="${code}"] .value`);
      if (label) label.textContent = value === null ? DASH : percent(value);
    });
    if (this.current) this.showTooltip(this.current);
  }

  renderLegend() {
    const items = CLASSES.map((bound, i) => {
      const next = CLASSES[i + 1];
      const text = next === undefined ? '≥ ' + bound + '%' : (i === 0 ? '< ' + next : bound + '–' + next) + '%';
      return `<li><span class="swatch c${i}"></span>${text}</li>`;
    });
    items.push(`<li><span class="swatch none"></span>${t('noData')}</li>`);
    this.legend.setAttribute('aria-label', t('legend'));
    this.legend.innerHTML = items.join('');
  }

  labelOf(code) {
    return this.svg?.querySelector(`text.district-label[data-code="${code}"] .name`)?.textContent ?? code;
  }

  showTooltip(path) {
    this.current = path;
    const code = path.dataset.code;
    const d = this.districts.get(code);
    const rows = [];
    const row = (label, value) => rows.push(`<tr><th scope="row">${label}</th><td>${value}</td></tr>`);
    if (d) {
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
    this.tooltip.innerHTML = `<strong>${escape(d?.name ?? this.labelOf(code))}</strong><table>${rows.join('')}</table>`;
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
