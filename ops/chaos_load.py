"""Load and checks of ops/chaos (Python's standard library only).

  chaos_load.py load URL SECONDS WORKERS RESULT.json
      Sets up a catalog and a customer, then WORKERS threads send commands for SECONDS: stock
      receipts (admin) and orders (the customer), each with its own Idempotency-Key, retried
      with the same key after any failure (refused connection, timeout, 5xx) until answered.
      Writes what was acknowledged (2xx) and the counts to RESULT.json.
  chaos_load.py caught-up URL POSITION RESULT.json SECONDS
      Waits (at most SECONDS) until every read model has applied everything up to POSITION:
      each projection's query answers 200 to ?minPosition=POSITION (`nexus status` cannot tell:
      its frontier is the furthest any partition got).
  chaos_load.py check RESULT.json EVENTS.tsv KAFKA.jsonl
      EVENTS.tsv: position, event id, stream, stream version, idempotency key of every stored
      event; KAFKA.jsonl: every message of the area topics (kcat -J). Checks that every
      acknowledged command is in the store, applied once; that every stored event is on Kafka
      with its CloudEvents headers; that each stream's versions first arrive in order. Prints
      the figures; exits 1 on any failure.
"""

import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

SKUS = [f"CHAOS-{n}" for n in range(8)]
ADMIN = ("chaos-admin@example.com", "chaos-admin-password")
CUSTOMER = ("chaos-customer@example.com", "chaos-customer-password")


def call(url, method, path, body=None, token=None, key=None, timeout=10):
    """(status, parsed JSON or None, seconds to wait before a retry); status 0 when no answer came."""
    request = urllib.request.Request(url + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    if key:
        request.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None, 0
    except urllib.error.HTTPError as error:
        retry_after = error.headers.get("Retry-After") or "0.2"
        return error.code, None, float(retry_after) if retry_after.replace(".", "", 1).isdigit() else 0.2
    except (OSError, ValueError):
        return 0, None, 0.2


def until_answered(url, method, path, body=None, token=None, key=None, give_up=None, answers=None):
    """Sends the request until it is answered with anything but 429 or 5xx (or give_up passes),
    retrying with the same key; returns (status, json, tries). Counts every answer in `answers`."""
    tries = 0
    while True:
        tries += 1
        status, reply, wait = call(url, method, path, body, token, key)
        if answers is not None:
            answers[status] = answers.get(status, 0) + 1
        if 0 < status < 500 and status != 429:
            return status, reply, tries
        if give_up is not None and time.monotonic() > give_up:
            return status, reply, tries
        time.sleep(min(wait, 2.0))


def token(url, credentials):
    status, reply, _ = until_answered(url, "POST", "/auth/token", {"email": credentials[0], "password": credentials[1]})
    if status != 200:
        sys.exit(f"chaos: sign-in of {credentials[0]} answered {status}")
    return reply["accessToken"]


def setup(url):
    admin = token(url, ADMIN)
    until_answered(url, "POST", "/categories", {"slug": "chaos", "name": "Chaos"}, admin)
    for sku in SKUS:
        product = {"sku": sku, "name": f"Product {sku}", "description": "", "categorySlug": "chaos",
                   "price": {"amountMinor": 100, "currency": "EUR"}}
        until_answered(url, "POST", "/products", product, admin, key=f"setup-product-{sku}")
        until_answered(url, "POST", f"/inventory/{sku}/receipts", {"quantity": 100000}, admin, key=f"setup-stock-{sku}")
    _, customer, _ = until_answered(url, "POST", "/users", {"email": CUSTOMER[0], "password": CUSTOMER[1], "name": "Chaos"},
                                    key="setup-customer")
    return admin, token(url, CUSTOMER), customer["id"]


def load(url, seconds, workers, result_path):
    admin, customer, customer_id = setup(url)
    end = time.monotonic() + float(seconds)
    lock = threading.Lock()
    results = {"acknowledged": [], "refused": [], "unanswered": [], "tries": 0, "answers": {}, "latencies": [],
               "customer": customer_id}

    def worker(index):
        n = 0
        while time.monotonic() < end:
            n += 1
            key = str(uuid.uuid4())
            sku = SKUS[(index + n) % len(SKUS)]
            if n % 3 == 0:
                command = ("POST", "/orders", {"lines": [{"sku": sku, "quantity": 1}]}, customer)
            else:
                command = ("POST", f"/inventory/{sku}/receipts", {"quantity": 1}, admin)
            answers = {}
            started = time.monotonic()
            status, reply, tries = until_answered(url, *command, key=key, give_up=end + 60, answers=answers)
            outcome = "acknowledged" if 200 <= status < 300 else "refused" if 0 < status < 500 and status != 429 else "unanswered"
            with lock:
                results["tries"] += tries
                results["latencies"].append(time.monotonic() - started)
                for answer, count in answers.items():
                    results["answers"][str(answer)] = results["answers"].get(str(answer), 0) + count
                results[outcome].append({"key": key, "path": command[1], "status": status, "reply": reply})

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(int(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle)
    latencies = sorted(results["latencies"]) or [0]
    print(f"chaos load: {len(results['acknowledged'])} commands acknowledged, {len(results['refused'])} refused, "
          f"{len(results['unanswered'])} unanswered, {results['tries']} requests (answers by status, 0 = no answer: "
          f"{dict(sorted(results['answers'].items()))}); a command took at most {latencies[-1]:.1f} s "
          f"until acknowledged, retries included (p99 {latencies[int(len(latencies) * 0.99)]:.2f} s)")


def caught_up(url, position, result_path, seconds):
    with open(result_path, encoding="utf-8") as handle:
        customer = json.load(handle)["customer"]
    admin = token(url, ADMIN)
    paths = ["/products", "/stock?below=1", "/categories", "/users", f"/users/{customer}/orders"]
    deadline = time.monotonic() + float(seconds)
    started = time.monotonic()
    while time.monotonic() < deadline:
        behind = []
        for path in paths:
            separator = "&" if "?" in path else "?"
            status, _, _ = call(url, "GET", f"{path}{separator}minPosition={position}", token=admin)
            if status != 200:
                behind.append(f"{path} ({status})")
        if not behind:
            print(f"chaos: every read model applied everything up to position {position} "
                  f"{time.monotonic() - started:.1f} s after the load")
            return 0
        time.sleep(0.5)
    print(f"chaos: read models still behind position {position} after {seconds} s: {', '.join(behind)}", file=sys.stderr)
    return 1


def check(result_path, events_path, kafka_path):
    with open(result_path, encoding="utf-8") as handle:
        results = json.load(handle)
    events = []
    with open(events_path, encoding="utf-8") as handle:
        for line in handle:
            position, event_id, stream, version, key = line.rstrip("\n").split("\t")
            events.append((int(position), event_id.lower(), stream, int(version), key))
    failures = []

    # Every acknowledged command is in the store, and no command was applied twice.
    applied = {}
    for _, _, stream, _, key in events:
        applied.setdefault(key[-36:], set()).add(stream)
    per_key_stream = {}
    for _, _, stream, _, key in events:
        per_key_stream[(key, stream)] = per_key_stream.get((key, stream), 0) + 1
    twice = [pair for pair, count in per_key_stream.items() if count > 1 and pair[0]]
    if twice:
        failures.append(f"{len(twice)} command(s) applied twice to a stream, e.g. {twice[:3]}")
    missing = [a["key"] for a in results["acknowledged"] if a["key"] not in applied]
    if missing:
        failures.append(f"{len(missing)} acknowledged command(s) not in the store, e.g. {missing[:3]}")

    # Every stored event is on Kafka with its headers; each stream's versions arrive in order.
    messages = []
    with open(kafka_path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                messages.append(json.loads(line))
    seen, first_order = {}, {}
    bad_headers = 0
    for message in sorted(messages, key=lambda m: (m["topic"], m["partition"], m["offset"])):
        headers = message.get("headers") or []
        headers = dict(zip(headers[0::2], headers[1::2]))
        ce_id = (headers.get("ce_id") or "").lower()
        if not all(headers.get(h) for h in ("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_subject", "ce_time")) \
                or headers.get("ce_subject") != message.get("key"):
            bad_headers += 1
        seen[ce_id] = seen.get(ce_id, 0) + 1
        if seen[ce_id] == 1:
            first_order.setdefault(message.get("key"), []).append(int(headers.get("nexus_stream_version") or 0))
    if bad_headers:
        failures.append(f"{bad_headers} message(s) without their CloudEvents headers or keyed by another stream")
    not_published = [e for e in events if e[1] not in seen]
    if not_published:
        failures.append(f"{len(not_published)} stored event(s) not on Kafka, e.g. positions {[e[0] for e in not_published[:5]]}")
    out_of_order = [stream for stream, versions in first_order.items() if versions != list(range(1, len(versions) + 1))]
    if out_of_order:
        failures.append(f"{len(out_of_order)} stream(s) whose versions first arrived out of order, e.g. {out_of_order[:3]}")

    duplicates = sum(count - 1 for count in seen.values())
    verdict = "FAILED" if failures else "every acknowledged command stored once, every event on Kafka in stream order"
    print(f"chaos check: {len(results['acknowledged'])} acknowledged commands; {len(events)} events, "
          f"{len(messages)} Kafka messages, {duplicates} duplicate deliveries, {len(first_order)} streams: {verdict}")
    for failure in failures:
        print(f"chaos check FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "load":
        load(*sys.argv[2:])
    elif len(sys.argv) == 6 and sys.argv[1] == "caught-up":
        sys.exit(caught_up(*sys.argv[2:]))
    elif len(sys.argv) == 5 and sys.argv[1] == "check":
        sys.exit(check(*sys.argv[2:]))
    else:
        sys.exit(__doc__)
