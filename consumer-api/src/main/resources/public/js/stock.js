// The vaccine stock panel: per product, doses allocated, given, on hand, the 7-day average and the days of
// stock it leaves, for the province, its own store or one district (GET /api/v1/vaccination/stock).
// It asks again when the live feed says the vaccination figures or a stock-out alert changed; it never polls.

import { DASH, currentLanguage, integer, t } from './i18n.js';

const API = 'api/v1/vaccination/stock';
const REFRESH_DELAY_MILLIS = 1000;
const LOCALES = { vi: 'vi-VN', en: 'en-US' };

function decimal(value, digits) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DASH;
  return new Intl.NumberFormat(LOCALES[currentLanguage()], { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(value);
}

function scopeKey(row) {
  return row.scope === 'district' ? row.districtCode : row.scope;
}

export class StockPanel {
  /**
   * @param root the panel's section
   * @param store the page's store, whose changes say when to ask again
   * @param languageToggle the page's language button: the panel is written again in the language it picks
   */
  constructor(root, store, languageToggle) {
    this.root = root;
    this.rows = [];
    this.scope = 'province';
    this.timer = null;
    this.select = root.querySelector('[data-field="stock.scope"]');
    this.select.addEventListener('change', () => {
      this.scope = this.select.value;
      this.render();
    });
    languageToggle?.addEventListener('click', () => this.render());
    store.onChange((type, key, data) => {
      if (type === 'vaccination.summary' || (type === 'alert' && (data === null || data === undefined || data.kind === 'STOCK_OUT'))) {
        this.refreshSoon();
      }
    });
  }

  refreshSoon() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh();
    }, REFRESH_DELAY_MILLIS);
  }

  async refresh() {
    let response;
    try {
      response = await fetch(API, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch (e) {
      return; // the connection state shows it; the next change asks again
    }
    if (!response.ok) return;
    const body = await response.json();
    this.rows = Array.isArray(body.stock) ? body.stock : [];
    this.render();
  }

  render() {
    this.renderScopes();
    const rows = this.rows.filter((row) => scopeKey(row) === this.scope);
    const tbody = this.root.querySelector('[data-field="stock.rows"]');
    tbody.replaceChildren(...rows.map((row) => this.renderRow(row)));
    this.root.querySelector('[data-field="stock.empty"]').hidden = rows.length > 0;
    const end = this.rows.map((row) => row.windowEndsOn).filter(Boolean).sort().pop();
    this.setText('stock.windowEndsOn', end ? end.split('-').reverse().join('/') : DASH);
    const open = this.rows.filter((row) => row.scope !== 'province' && row.alertActive).length;
    this.setText('stock.alerts', integer(open));
    this.root.classList.toggle('alerting', open > 0);
  }

  renderScopes() {
    const options = [['province', t('stockProvince')], ['provinceStore', t('stockProvinceStore')]];
    const seen = new Set();
    this.rows.filter((row) => row.scope === 'district').forEach((row) => {
      if (!seen.has(row.districtCode)) {
        seen.add(row.districtCode);
        options.push([row.districtCode, row.districtName ?? row.districtCode]);
      }
    });
    const signature = options.map((o) => o.join('=')).join('|');
    if (this.select.dataset.options !== signature) {
      this.select.replaceChildren(...options.map(([value, label]) => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = label;
        return option;
      }));
      this.select.dataset.options = signature;
    }
    if (!options.some(([value]) => value === this.scope)) this.scope = 'province';
    this.select.value = this.scope;
  }

  renderRow(row) {
    const tr = document.createElement('tr');
    tr.dataset.product = row.vaccineProduct;
    tr.classList.toggle('alerting', row.alertActive === true);
    const cells = [
      ['vaccineProduct', row.vaccineProduct],
      ['allocated', integer(row.allocated)],
      ['administered', integer(row.administered)],
      ['onHand', integer(row.onHand)],
      ['avgDailyDoses7d', decimal(row.avgDailyDoses7d, 2)],
      ['daysOfStock', decimal(row.daysOfStock, 1)],
      ['alert', row.alertActive ? t('stockAlertOpen') : ''],
    ];
    cells.forEach(([name, text]) => {
      const cell = document.createElement(name === 'vaccineProduct' ? 'th' : 'td');
      cell.dataset.col = name;
      cell.textContent = text;
      tr.append(cell);
    });
    return tr;
  }

  setText(name, text) {
    const element = this.root.querySelector(`[data-field="${name}"]`);
    if (element && element.textContent !== text) element.textContent = text;
  }
}
