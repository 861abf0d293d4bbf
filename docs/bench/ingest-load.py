#!/usr/bin/env python3
"""Load on the ingest gateway: N clients (keep-alive) post batches of doses for S seconds.

Usage: python3 docs/bench/ingest-load.py CLIENTS BATCH SECONDS [KEYS_FILE] [PORT]
  KEYS_FILE: the local run's plain keys (default data/ingest-keys.txt; the 'site' key is used)
  PORT:      the gateway's port (default 8082)
Raise the local run's per-key limit first, e.g.
  PULSE_INGEST_RATE_LIMIT_EVENTS_PER_SECOND=1000000 PULSE_INGEST_RATE_LIMIT_BURST=1000000 ./pulse run --feed none
"""
import http.client
import json
import sys
import threading
import time

clients, batch, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
keys_file = sys.argv[4] if len(sys.argv) > 4 else "data/ingest-keys.txt"
port = int(sys.argv[5]) if len(sys.argv) > 5 else 8082
key = [line.split()[3] for line in open(keys_file) if line.startswith("site ")][0]
counts = [0] * clients
statuses = {}
lock = threading.Lock()


def work(t):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    n = 0
    end = time.time() + seconds
    while time.time() < end:
        body = json.dumps([{"eventId": f"load-{t}-{n + i}", "administeredAt": "2021-12-24T09:15:00+07:00",
                            "siteId": "TTYT-178", "districtCode": "178", "ageGroup": "18+", "doseKind": "FIRST",
                            "vaccineProduct": "Pfizer"} for i in range(batch)])
        conn.request("POST", "/ingest/v1/vaccination-doses", body,
                     {"Content-Type": "application/json", "Authorization": "Bearer " + key})
        response = conn.getresponse()
        response.read()
        with lock:
            statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.status == 202:
            n += batch
    counts[t] = n


start = time.time()
threads = [threading.Thread(target=work, args=(t,)) for t in range(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.time() - start
print(f"{clients} clients, batches of {batch}: {sum(counts)} events acknowledged in {elapsed:.1f} s"
      f" = {sum(counts) / elapsed:.0f} events/s; statuses {statuses}")
