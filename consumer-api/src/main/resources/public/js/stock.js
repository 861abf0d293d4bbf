// The vaccine stock panel: per product, doses allocated, given, on hand, the 7-day average and the days of
// stock it leaves, for the province, its own store or one district. Its rows are the store's
// 'vaccination.stock' items (GET /api/v1/vaccination/stock, then the live feed), keyed scope|product.

import { DASH, currentLanguage, integer, t } from './i18n.js';

const SCOPE_ORDER = ['province', 'provinceStore'];
const LOCALES = { vi: 'vi-VN', en: 'en-US' };

function decimal(value, digits) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DASH;
  return new Intl.NumberFormat(LOCALES[currentLanguage()], { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(value);
}

function scopeKey(row) {
  return row.scope === 'district' ? row.districtCode : row.scope;
}

/** The API's order: the province, its store, the districts by code; products by name. */
function rowOrder(a, b) {
  const rank = (row) => (SCOPE_ORDER.includes(row.scope) ? SCOPE_ORDER.indexOf(row.scope) : SCOPE_ORDER.length);
  return rank(a) - rank(b) || String(a.districtCode ?? '').localeCompare(String(b.districtCode ?? ''))
    || String(a.vaccineProduct).localeCompare(String(b.vaccineProduct));
}

export class StockPanel {
  /**
   * @param root the panel's section
   * @param store the page's store, whose changes say when to ask again
   * @param languageToggle the page's language button: the panel is written again in the language it picks
   */
  constructor(root, store, languageToggle) {
    this.root = root;
    this.store = store;
    this.rows = [];
    this.scope = 'province';
    this.pending = false;
    this.select = root.querySelector('[data-field="stock.scope"]');
    this.select.addEventListener('change', () => {
      this.scope = this.select.value;
      this.render();
    });
    languageToggle?.addEventListener('click', () => this.render());
    store.onChange((type) => {
      if (type === 'vaccination.stock' && !this.pending) {
        // A fetched answer or a burst of live events: drawn once, after it.
        this.pending = true;
        setTimeout(() => {
          this.pending = false;
          this.render();
        });
      }
    });
  }

  render() {
    this.rows = [...this.store.all('vaccination.stock').values()].sort(rowOrder);
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
