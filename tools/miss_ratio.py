#!/usr/bin/python3
"""Miss ratios of the eviction policies on the real server, for seeded cache workloads.

Each run starts a fresh server (tessera with --maxmemory-policy P, or Debian's redis-server
for reference) on a loopback port and replays one workload against it as a look-aside
cache: GET the key; on a miss, SET it (a VALUE-byte value). Requests go in pipelined
batches (a batch's misses are set in the next round trip, before the next batch's GETs).
The miss ratio is misses / requests after a warm-up of --warmup requests.

The cache size is given as a fraction of the working set's keys. maxmemory for it is
found per server: the server is loaded with the whole working set without a limit, and
(used_memory - used_memory at start) / keys gives its bytes per key, so that
maxmemory = startup + fraction * keys * bytes-per-key holds about that many keys on that
server (each server pays its own per-key costs, eviction state included).

Workloads (seeded, the same request sequence for every policy):
  zipf0.8, zipf1.0   Zipf-distributed requests over --keys keys (alpha 0.8 / 1.0), the
                     ranks shuffled over the key names
  zipf1.0-scan       zipf1.0, and every --scan-every requests a scan of --scan-len keys
                     never requested before or after (one-hit wonders)

Examples:
  tools/miss_ratio.py                                  # the full table (a few minutes)
  tools/miss_ratio.py --policies allkeys-lru,allkeys-s3fifo --sizes 0.1 --workloads zipf1.0
  tools/miss_ratio.py --markdown /tmp/mr.md --chart /tmp/mr.png --json /tmp/mr.json

Servers are stopped by PID on exit. Not a test: it prints figures.
"""

import argparse
import bisect
import json
import os
import random
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BIN = os.path.join(HERE, "..", "build", "tessera")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Conn:
    """A minimal RESP client: pipelined commands, replies parsed just enough."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def send(self, cmds):
        out = []
        for args in cmds:
            out.append(b"*%d\r\n" % len(args))
            for a in args:
                a = a if isinstance(a, bytes) else str(a).encode()
                out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(out))

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def reply(self):
        line = self._line()
        t = line[:1]
        if t == b"$":
            n = int(line[1:])
            return None if n < 0 else self._exact(n)
        if t == b"*":
            n = int(line[1:])
            return None if n < 0 else [self.reply() for _ in range(n)]
        if t == b"-":
            raise RuntimeError(line[1:].decode())
        if t == b":":
            return int(line[1:])
        return line[1:]

    def call(self, *args):
        self.send([args])
        return self.reply()

    def info(self):
        text = self.call("INFO").decode()
        out = {}
        for ln in text.splitlines():
            if ":" in ln and not ln.startswith("#"):
                k, v = ln.split(":", 1)
                out[k] = v
        return out


def start_server(kind, binary, port, policy):
    if kind == "redis":
        cmd = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--maxmemory-policy", policy]
    else:
        cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--memcached-port", "0",
               "--maxmemory-policy", policy]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            c = Conn(port)
            c.call("PING")
            return proc, c
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"{kind} did not start")


def zipf_sampler(n, alpha, rng):
    cdf, total = [], 0.0
    for k in range(1, n + 1):
        total += 1.0 / (k ** alpha)
        cdf.append(total)
    perm = list(range(n))
    rng.shuffle(perm)  # rank -> key id, so popular keys are spread over the keyspace

    def sample():
        return perm[min(bisect.bisect_left(cdf, rng.random() * total), n - 1)]

    return sample


def workload(name, keys, requests, seed, scan_every, scan_len):
    """The request sequence (key names as bytes) of one workload."""
    rng = random.Random(seed)
    alpha = 0.8 if name.startswith("zipf0.8") else 1.0
    sample = zipf_sampler(keys, alpha, rng)
    out = []
    scan_next = keys  # one-hit wonders: ids past the working set, each used once
    while len(out) < requests:
        if name.endswith("-scan") and len(out) % scan_every == 0 and out:
            for _ in range(scan_len):
                out.append(b"key:%010d" % scan_next)
                scan_next += 1
        out.append(b"key:%010d" % sample())
    return out[:requests]


def bytes_per_key(conn, keys, value):
    """Loads the working set without a limit and returns (startup used, bytes per key)."""
    conn.call("CONFIG", "SET", "maxmemory", "0")
    conn.call("FLUSHALL")
    base = int(conn.info()["used_memory"])
    batch = []
    for i in range(keys):
        batch.append(("SET", b"key:%010d" % i, value))
        if len(batch) == 2000:
            conn.send(batch)
            for _ in batch:
                conn.reply()
            batch = []
    if batch:
        conn.send(batch)
        for _ in batch:
            conn.reply()
    used = int(conn.info()["used_memory"])
    conn.call("FLUSHALL")
    return base, (used - base) / keys


def replay(conn, reqs, value, warmup, batch):
    misses = counted = 0
    pending_sets = []
    for start in range(0, len(reqs), batch):
        chunk = reqs[start:start + batch]
        cmds = [("SET", k, value) for k in pending_sets] + [("GET", k) for k in chunk]
        conn.send(cmds)
        for _ in pending_sets:
            conn.reply()
        pending_sets = []
        seen_in_batch = set()
        for i, k in enumerate(chunk):
            v = conn.reply()
            # A key requested twice in one batch: its second GET cannot see the first's
            # SET yet; count it as the hit it would be.
            miss = v is None and k not in seen_in_batch
            if v is None:
                seen_in_batch.add(k)
                if miss:
                    pending_sets.append(k)
            if start + i >= warmup:
                counted += 1
                misses += miss
    return misses / max(counted, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=DEFAULT_BIN)
    ap.add_argument("--policies", default="allkeys-lru,allkeys-lfu,allkeys-random,allkeys-s3fifo")
    ap.add_argument("--redis", action="store_true", help="also run redis-server allkeys-lru")
    ap.add_argument("--workloads", default="zipf0.8,zipf1.0,zipf1.0-scan")
    ap.add_argument("--sizes", default="0.01,0.1", help="cache sizes, fractions of the keys")
    ap.add_argument("--keys", type=int, default=200000)
    ap.add_argument("--requests", type=int, default=1000000)
    ap.add_argument("--warmup", type=int, default=200000)
    ap.add_argument("--value", type=int, default=100, help="value bytes")
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--scan-every", type=int, default=20000)
    ap.add_argument("--scan-len", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--markdown")
    ap.add_argument("--json")
    ap.add_argument("--chart")
    ap.add_argument("--chart-from", metavar="JSON", help="only draw --chart from a --json file")
    args = ap.parse_args()
    if args.chart_from:
        return chart_from_json(args.chart_from, args.chart)

    value = b"v" * args.value
    sizes = [float(s) for s in args.sizes.split(",")]
    runs = [("tessera", p) for p in args.policies.split(",")]
    if args.redis:
        runs.append(("redis", "allkeys-lru"))
    workloads = args.workloads.split(",")
    results = []  # (workload, size, server, policy, miss ratio, keys held)
    for wl in workloads:
        reqs = workload(wl, args.keys, args.requests, args.seed, args.scan_every, args.scan_len)
        for kind, policy in runs:
            port = free_port()
            proc, conn = start_server(kind, args.bin, port, policy)
            try:
                base, per_key = bytes_per_key(conn, args.keys, value)
                for size in sizes:
                    conn.call("CONFIG", "SET", "maxmemory", "0")
                    conn.call("FLUSHALL")
                    limit = int(base + size * args.keys * per_key)
                    conn.call("CONFIG", "SET", "maxmemory", str(limit))
                    t = time.time()
                    mr = replay(conn, reqs, value, args.warmup, args.batch)
                    held = int(conn.call("DBSIZE"))
                    results.append((wl, size, kind, policy, mr, held))
                    print(f"{wl:14} size {size:5.1%}  {kind:8} {policy:16} miss ratio {mr:.4f}"
                          f"  keys held {held:7}  ({per_key:.0f} B/key, {time.time() - t:.1f} s)",
                          flush=True)
            finally:
                proc.terminate()
                proc.wait()

    if args.markdown:
        cols = [f"{k} {p}" if k == "redis" else p for k, p in runs]
        with open(args.markdown, "w") as f:
            f.write(f"Miss ratios ({args.keys} keys, {args.requests} requests after "
                    f"{args.warmup} of warm-up, {args.value}-byte values, seed {args.seed}; "
                    "tools/miss_ratio.py)\n\n")
            f.write("| workload | cache size | " + " | ".join(cols) + " |\n")
            f.write("|---|---|" + "---|" * len(cols) + "\n")
            for wl in workloads:
                for size in sizes:
                    row = [r for r in results if r[0] == wl and r[1] == size]
                    cells = [f"{r[4]:.4f}" for r in row]
                    f.write(f"| {wl} | {size:.0%} | " + " | ".join(cells) + " |\n")
    if args.json:
        with open(args.json, "w") as f:
            json.dump([dict(workload=w, size=s, server=k, policy=p, miss_ratio=m, keys_held=h)
                       for w, s, k, p, m, h in results], f, indent=1)
    if args.chart:
        draw_chart(results, runs, workloads, sizes, args.chart)


def draw_chart(results, runs, workloads, sizes, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (python3-matplotlib): no chart", file=sys.stderr)
        return
    labels = [f"{w}\n{s:.0%}" for w in workloads for s in sizes]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / len(runs)
    for j, (kind, policy) in enumerate(runs):
        ys = [r[4] for w in workloads for s in sizes for r in results
              if r[0] == w and r[1] == s and r[2] == kind and r[3] == policy]
        xs = [i + j * width for i in range(len(ys))]
        ax.bar(xs, ys, width, label=f"{kind} {policy}" if kind == "redis" else policy)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(labels))])
    ax.set_xticklabels(labels)
    ax.set_ylabel("miss ratio (lower is better)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"wrote {path}")


def chart_from_json(src, path):
    rows = json.load(open(src))
    results = [(r["workload"], r["size"], r["server"], r["policy"], r["miss_ratio"], r["keys_held"])
               for r in rows]
    runs, workloads, sizes = [], [], []
    for w, s, k, p, _, _ in results:
        if (k, p) not in runs:
            runs.append((k, p))
        if w not in workloads:
            workloads.append(w)
        if s not in sizes:
            sizes.append(s)
    draw_chart(results, runs, workloads, sizes, path)

if __name__ == "__main__":
    main()
