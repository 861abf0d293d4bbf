// The figures the page shows, item by item, as the live feed and the API's answers deliver them.
//
// An item is what one SSE event carries: a type (vaccination.summary, vaccination.district,
// border.summary, border.gate, alert) and a key. A GET answer may arrive after a newer SSE event
// for the same item (the fetch started first); it must not overwrite it. So every fetch remembers
// how many live events had been applied when it started, and its items are applied only where no
// live event has arrived since.

export class Store {
  constructor() {
    this.items = new Map(); // type -> Map(key -> data)
    this.liveCount = 0;
    this.lastLive = new Map(); // "type|key" -> liveCount when a live event last set it
    this.puts = 0;
    this.versions = new Map(); // "type|key" -> the put that last set it (which of two items is newer)
    this.listeners = [];
    this.guards = new Map(); // type -> other types whose live events also make its fetched items stale
  }

  /**
   * Items of {@code type} from a GET are also stale when an item of {@code liveType} with the same key
   * had a live event since the request left (the map's area figures and the live district events).
   */
  guard(type, liveType) {
    this.guards.set(type, [...(this.guards.get(type) ?? []), liveType]);
  }

  /** Counter to pass to {@link applyFetched} for a fetch that starts now. */
  mark() {
    return this.liveCount;
  }

  /** An item from the live feed: always the newest. */
  applyLive(type, key, data) {
    this.liveCount += 1;
    this.lastLive.set(type + '|' + key, this.liveCount);
    this.put(type, key, data);
  }

  /** An item from a GET that started at {@code mark}: applied unless a live event came since. */
  applyFetched(type, key, data, mark) {
    for (const guarding of [type, ...(this.guards.get(type) ?? [])]) {
      if ((this.lastLive.get(guarding + '|' + key) ?? -1) > mark) return false;
    }
    this.put(type, key, data);
    return true;
  }

  put(type, key, data) {
    if (!this.items.has(type)) {
      this.items.set(type, new Map());
    }
    const items = this.items.get(type);
    this.puts += 1;
    this.versions.set(type + '|' + key, this.puts);
    if (data === null || data === undefined) {
      items.delete(String(key));
    } else {
      items.set(String(key), data);
    }
    this.listeners.forEach((listener) => listener(type, String(key), data));
  }

  /** When the item was last set or removed (a count of puts; 0 if never): the larger is the newer. */
  version(type, key) {
    return this.versions.get(type + '|' + key) ?? 0;
  }

  get(type, key) {
    return this.items.get(type)?.get(String(key));
  }

  /** Every item of a type: Map(key -> data). */
  all(type) {
    return this.items.get(type) ?? new Map();
  }

  onChange(listener) {
    this.listeners.push(listener);
  }
}
