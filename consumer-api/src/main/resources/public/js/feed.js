// Keeps the store current from the consumer API: one GET of each endpoint when the page loads and
// after every reconnect, and Server-Sent Events from /api/v1/stream in between. It never polls:
// the only repeated requests are a 503's retry (the API is still loading) and, while the API
// reports that its figures lag the pipeline, a re-check of that lag every few seconds until it
// no longer does. It also tells how fresh the figures are (see status()).
//
// When the API requires a token (api.auth.tokens), the page cannot send one on its EventSource: it
// asks the user for the token once, opens a session with it (POST /api/v1/session sets an HttpOnly
// cookie; the token itself is never stored) and the cookie then authorizes every GET and the live
// feed until the session expires, when the page asks again.

export const EVENT_TYPES = ['vaccination.summary', 'vaccination.district', 'vaccination.stock', 'border.summary', 'border.gate', 'alert'];

/**
 * Figures are stale when the API's read model has not been at the end of the aggregate topics for
 * this long (lag.millis) AND has this many records still to read (lag.records). The second bound
 * matters under continuous load: a reader that keeps up is still a few records behind whenever it
 * measures, so lag.millis alone grows without end while the figures are seconds old.
 */
export const STALE_LAG_MILLIS = 30_000;
export const STALE_LAG_RECORDS = 1_000;
const LAG_RECHECK_MILLIS = 5_000;
const RETRY_MIN_MILLIS = 1_000;
const RETRY_MAX_MILLIS = 10_000;

const API = 'api/v1/';

/** What each endpoint's answer holds, as items of the live feed's types. */
const ENDPOINTS = [
  { path: 'vaccination/summary', items: (body) => [['vaccination.summary', 'province', body]] },
  {
    path: 'vaccination/districts',
    items: (body) => listOf(body, 'districts').map((d) => ['vaccination.district', d.code, d]),
  },
  {
    path: 'vaccination/stock',
    items: (body) => listOf(body, 'stock').map((r) => ['vaccination.stock', (r.scope === 'district' ? r.districtCode : r.scope)
      + '|' + r.vaccineProduct, r]),
  },
  { path: 'border/summary', items: (body) => [['border.summary', body.year, body]] },
  {
    path: 'border/gates',
    items: (body) => listOf(body, 'gates').map((g) => ['border.gate', g.code, g]),
    then: (body, feed) => listOf(body, 'gates').forEach((g) => feed.fetch({
      path: 'border/gates/' + encodeURIComponent(g.code) + '/throughput',
      items: (answer) => [['border.throughput', g.code, answer]],
    })),
  },
  { path: 'alerts?active=true', items: (body) => listOf(body, 'alerts').map((a) => ['alert', a.id, a]) },
];

function listOf(body, field) {
  if (Array.isArray(body)) return body;
  return Array.isArray(body?.[field]) ? body[field] : [];
}

export class Feed {
  constructor(store, onStatus) {
    this.store = store;
    this.onStatus = onStatus;
    this.source = null;
    this.connection = 'connecting'; // connecting | open | down | unauthorized
    this.everOpen = false;
    this.generation = 0; // a reconnect abandons the previous generation's retries
    this.retryMillis = RETRY_MIN_MILLIS;
    this.lastDataAt = null;
    this.lag = null; // { millis, records, at }: the API's latest lag report and when it came
    this.lagRecheck = null;
    this.extraEndpoints = []; // see also()
  }

  /**
   * Adds endpoints this feed asks once at load and after every reconnect, like its own (the trend
   * charts, the map's geometry and areas). An endpoint is {path, items(body), then(body, feed)}.
   */
  also(...endpoints) {
    this.extraEndpoints.push(...endpoints);
  }

  start() {
    this.loadAll();
    this.open();
  }

  /** How fresh the figures are: live, stale, offline, connecting or unauthorized, with details. */
  status() {
    const base = { lastDataAt: this.lastDataAt };
    if (this.connection === 'unauthorized') return { ...base, state: 'unauthorized' };
    if (this.connection === 'down' || (this.connection === 'connecting' && this.everOpen)) {
      return { ...base, state: 'offline' };
    }
    if (this.connection === 'connecting') return { ...base, state: 'connecting' };
    if (this.isLagging()) {
      return { ...base, state: 'stale', lagMillis: this.lag.millis + (Date.now() - this.lag.at) };
    }
    return { ...base, state: 'live' };
  }

  isLagging() {
    return this.lag !== null && this.lag.millis > STALE_LAG_MILLIS && this.lag.records >= STALE_LAG_RECORDS;
  }

  open() {
    if (this.source) this.source.close();
    const source = new EventSource(API + 'stream');
    this.source = source;
    source.onopen = () => {
      if (this.source !== source) return;
      const reconnected = this.everOpen;
      this.everOpen = true;
      this.connection = 'open';
      this.retryMillis = RETRY_MIN_MILLIS;
      if (reconnected) {
        // Whatever changed while we were away: the stream catches up too, the GETs make sure.
        this.loadAll();
      }
      this.changed();
    };
    source.onerror = () => {
      if (this.source !== source) return;
      this.connection = 'down';
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up on an HTTP error: 503 while the API restarts (try again ourselves), or
        // 401 when the session is missing or expired (ask for the token). EventSource does not say
        // which: one GET does.
        const delay = this.retryMillis;
        this.retryMillis = Math.min(RETRY_MAX_MILLIS, this.retryMillis * 2);
        setTimeout(async () => {
          if (this.source !== source || (await this.refused())) return;
          if (this.source === source) this.open();
        }, delay);
      }
      this.changed();
    };
    EVENT_TYPES.forEach((type) => source.addEventListener(type, (event) => this.onEvent(type, event)));
  }

  onEvent(type, event) {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      console.warn('Ignoring a live event that is not JSON', type, e);
      return;
    }
    const data = message.data;
    if (data && data.lag) this.noteLag(data.lag, null);
    if (type === 'alert') {
      this.store.applyLive('alert', data?.id ?? message.key, data && data.active === false ? null : data);
    } else {
      this.store.applyLive(type, message.key, data);
      if (type === 'border.gate') this.gateAlerts(data);
    }
    this.lastDataAt = new Date();
    this.changed();
  }

  /** A gate's answer lists its open alerts: they replace what the page knew of that gate's alerts. */
  gateAlerts(gate) {
    if (!gate || !Array.isArray(gate.openAlerts)) return;
    const open = new Set(gate.openAlerts.map((a) => a.id));
    this.store.all('alert').forEach((alert, id) => {
      if (alert.gateCode === gate.code && !open.has(id)) this.store.put('alert', id, null);
    });
    gate.openAlerts.forEach((alert) => this.store.put('alert', alert.id, alert));
  }

  loadAll() {
    this.generation += 1;
    [...ENDPOINTS, ...this.extraEndpoints].forEach((endpoint) => this.fetch(endpoint));
  }

  /** One GET; its items go to the store unless live events overtook them. */
  async fetch(endpoint, generation = this.generation) {
    const mark = this.store.mark();
    let response;
    try {
      response = await fetch(API + endpoint.path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch (e) {
      return; // the connection state shows it; the next reconnect fetches again
    }
    if (generation !== this.generation) return;
    if (response.status === 401) {
      this.unauthorized();
      return;
    }
    if (response.status === 503) {
      const seconds = Number(response.headers.get('Retry-After')) || 2;
      setTimeout(() => this.fetch(endpoint, generation), Math.min(seconds * 1000, RETRY_MAX_MILLIS));
      return;
    }
    if (!response.ok) return; // 404: nothing recorded yet; the live feed brings it when there is
    const body = await response.json();
    let applied = 0;
    endpoint.items(body).forEach(([type, key, data]) => {
      if (this.store.applyFetched(type, key, data, mark)) {
        applied += 1;
        if (type === 'border.gate') this.gateAlerts(data);
      }
    });
    if (applied > 0) this.lastDataAt = new Date();
    if (body && body.lag) this.noteLag(body.lag, endpoint);
    if (endpoint.then) endpoint.then(body, this);
    this.changed();
  }

  /** True (and the feed waits for a token) when the API refuses this page's reads. */
  async refused() {
    let response;
    try {
      response = await fetch(API + 'alerts?active=true', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch (e) {
      return false;
    }
    if (response.status !== 401) return false;
    this.unauthorized();
    return true;
  }

  /** Stops the live feed until signIn() succeeds. */
  unauthorized() {
    this.connection = 'unauthorized';
    if (this.source) this.source.close();
    this.source = null;
    this.changed();
  }

  /**
   * Opens a session with the API token (POST /api/v1/session; the cookie it sets authorizes the
   * GETs and the live feed), then loads everything and reconnects. Answers 'ok', 'rejected' (the API
   * refused the token) or 'failed' (no answer, or another error).
   */
  async signIn(token) {
    let response;
    try {
      response = await fetch(API + 'session', {
        method: 'POST', headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', credentials: 'same-origin',
      });
    } catch (e) {
      return 'failed';
    }
    if (response.status === 401) return 'rejected';
    if (!response.ok) return 'failed';
    this.connection = 'connecting';
    this.retryMillis = RETRY_MIN_MILLIS;
    this.loadAll();
    this.open();
    this.changed();
    return 'ok';
  }

  /** Records the API's lag; while it is too large, asks the endpoint again until it is not. */
  noteLag(lag, endpoint) {
    if (typeof lag.millis !== 'number' || typeof lag.records !== 'number') return;
    this.lag = { millis: lag.millis, records: lag.records, at: Date.now() };
    if (this.isLagging() && endpoint && !this.lagRecheck) {
      this.lagRecheck = setTimeout(() => {
        this.lagRecheck = null;
        if (this.isLagging()) this.fetch(endpoint);
      }, LAG_RECHECK_MILLIS);
    }
  }

  changed() {
    this.onStatus(this.status());
  }
}
