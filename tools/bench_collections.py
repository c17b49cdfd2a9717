#!/usr/bin/python3
"""Lists, hashes and sets: memory and CPU per request, tessera vs redis-server, in one run.

Memory mode (default): for each scenario a fresh server of each kind is started, its VmRSS
read after start-up, the data inserted with pipelined commands over a raw socket, and VmRSS
read again; bytes per element = (RSS after - RSS at start-up) / elements. Scenarios:
  list-1m         one list of 1,000,000 10-byte elements (RPUSH)
  list-1m-int     one list of the integers 0..999,999 (RPUSH)
  set-1m-int      one set of the integers 0..999,999 (SADD)
  set-1m-str      one set of 1,000,000 10-byte strings (SADD)
  hash-1m         one hash of 1,000,000 fields, 10-byte field names and values (HSET)
  hashes-100k     100,000 hashes of 10 fields each (small: listpack)
  lists-100k      100,000 lists of 10 elements each (small: one node)
  zset-1m         one sorted set of 1,000,000 10-byte members, integer scores in random
                  order (ZADD)
  zsets-100k      100,000 sorted sets of 10 members each (small: listpack)

Speed mode (--speed): every server started at once, pinned to CPU 0, redis-benchmark pinned
to CPU 1 (as tools/bench.py), CPU time per request from /proc/PID/stat for these rows:
  LPUSH RPUSH LPOP RPOP SADD HSET SPOP (redis-benchmark -t), LRANGE_100 and LRANGE_600
  (LRANGE mylist 0 99 / 0 599 over a prefilled 600-element list) and LMPOP (LMPOP 1 mylist
  LEFT over a list prefilled with one element per request), ZADD and ZPOPMIN (-t), and
  ZRANGE_100 / ZRANGEBYSCORE_100 over a prefilled 10,000-member sorted set.

Examples:
  tools/bench_collections.py                          # memory, all scenarios (~1 minute)
  tools/bench_collections.py --scenarios set-1m-str,hash-1m
  tools/bench_collections.py --speed --pipelines 1,16 --markdown /tmp/c.md

Everything binds to 127.0.0.1 on free ports; servers started here are stopped by PID.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (Server, cpu_seconds, rss_bytes, fmt, ratio, machine_info)


# ----------------------------------------------------------------------------- memory
def encode(args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def batches(commands, max_bytes=256 * 1024):
    """The commands encoded, in pipelined batches of about max_bytes: small enough that
    neither server's query buffer (whose pages the allocator may keep) counts in RSS."""
    out, size = [], 0
    for c in commands:
        e = encode(c)
        out.append(e)
        size += len(e)
        if size >= max_bytes:
            yield out
            out, size = [], 0
    if out:
        yield out


def send_all(port, commands):
    """Sends the commands pipelined in batches and reads one reply per command (replies
    are small: integers or +OK); fails on an error reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=120) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = b""
        for chunk in batches(commands):
            s.sendall(b"".join(chunk))
            need = len(chunk)
            while need > 0:
                while b"\r\n" not in buf:
                    data = s.recv(1 << 16)
                    if not data:
                        raise RuntimeError("server closed the connection")
                    buf += data
                line, buf = buf.split(b"\r\n", 1)
                if line.startswith(b"-"):
                    raise RuntimeError(f"error reply: {line!r}")
                need -= 1


def scenario_commands(name):
    """(commands, elements) for a memory scenario."""
    n = 1_000_000
    step = 1000  # elements per command for the big collections
    if name == "list-1m":
        return [["RPUSH", "biglist"] + ["%010d" % i for i in range(j, j + step)]
                for j in range(0, n, step)], n
    if name == "list-1m-int":
        return [["RPUSH", "biglist"] + [str(i) for i in range(j, j + step)]
                for j in range(0, n, step)], n
    if name == "set-1m-int":
        return [["SADD", "bigset"] + [str(i) for i in range(j, j + step)]
                for j in range(0, n, step)], n
    if name == "set-1m-str":
        return [["SADD", "bigset"] + ["m%09d" % i for i in range(j, j + step)]
                for j in range(0, n, step)], n
    if name == "hash-1m":
        cmds = []
        for j in range(0, n, step):
            c = ["HSET", "bighash"]
            for i in range(j, j + step):
                c += ["f%09d" % i, "%010d" % i]
            cmds.append(c)
        return cmds, n
    if name == "hashes-100k":
        cmds = []
        for k in range(100_000):
            c = ["HSET", "h:%07d" % k]
            for f in range(10):
                c += ["field%d" % f, "%010d" % (k * 10 + f)]
            cmds.append(c)
        return cmds, 1_000_000
    if name == "lists-100k":
        return [["RPUSH", "l:%07d" % k] + ["%010d" % (k * 10 + e) for e in range(10)]
                for k in range(100_000)], 1_000_000
    if name == "zset-1m":
        import random
        scores = list(range(n))
        random.Random(11).shuffle(scores)
        cmds = []
        for j in range(0, n, step):
            c = ["ZADD", "bigzset"]
            for i in range(j, j + step):
                c += [str(scores[i]), "m%09d" % i]
            cmds.append(c)
        return cmds, n
    if name == "zsets-100k":
        cmds = []
        for k in range(100_000):
            c = ["ZADD", "z:%07d" % k]
            for f in range(10):
                c += [str(k * 10 + f), "member%04d" % f]
            cmds.append(c)
        return cmds, 1_000_000
    raise ValueError(name)


SCENARIOS = ["list-1m", "list-1m-int", "set-1m-int", "set-1m-str", "hash-1m", "hashes-100k",
             "lists-100k", "zset-1m", "zsets-100k"]


def info_field(port, field):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(encode(["INFO", "memory"]))
        time.sleep(0.05)
        data = b""
        s.settimeout(1)
        try:
            while True:
                d = s.recv(1 << 16)
                if not d:
                    break
                data += d
                if data.count(b"\r\n") > 3 and (b"mem_allocator" in data):
                    break
        except socket.timeout:
            pass
    for line in data.decode(errors="replace").splitlines():
        if line.startswith(field + ":"):
            return int(line.split(":", 1)[1])
    return None


def memory(args, workdir):
    rows = []
    for name in args.scenarios:
        cmds, elements = scenario_commands(name)
        per = {}
        for kind in ("redis", "tessera"):
            srv = bench.Server(kind, args, workdir)
            try:
                srv.start()
                base = bench.settled_rss(srv.pid)
                t0 = time.monotonic()
                send_all(srv.port, cmds)
                took = time.monotonic() - t0
                rss = bench.settled_rss(srv.pid, 0.5)
                used = info_field(srv.port, "used_memory")
                per[kind] = (rss - base) / elements
                print(f"{name:12s} {kind:8s} RSS +{(rss - base) / 1048576:7.1f} MiB  "
                      f"{per[kind]:6.1f} B/element  used_memory {used}  [fill {took:.1f} s]",
                      flush=True)
            finally:
                srv.stop()
        rows.append((name, per["redis"], per["tessera"]))
    print()
    lines = ["| Scenario | redis B/element | tessera B/element | ratio |", "|---|---|---|---|"]
    for name, r, t in rows:
        print(f"{name:12s} {r:8.1f} {t:8.1f} {bench.fmt(bench.ratio(t, r), 3):>8s}")
        lines.append(f"| {name} | {r:.1f} | {t:.1f} | {bench.fmt(bench.ratio(t, r), 3)} |")
    if args.markdown:
        bench.write_markdown(args.markdown, [
            "## Collections: memory per element, tessera vs Redis", "",
            f"- Machine: {bench.machine_info()}",
            "- bytes/element = (VmRSS after the fill - VmRSS after start-up) / elements;",
            "  a fresh server of each kind per scenario", ""] + lines)
    return rows


# ----------------------------------------------------------------------------- speed
# name -> (redis-benchmark arguments after the common ones, prefill commands builder)
def speed_rows(n):
    fill_zset = lambda: [["DEL", "myzset"]] + [
        ["ZADD", "myzset"] + [x for i in range(j, j + 1000) for x in (str(i), "m%06d" % i)]
        for j in range(0, 10_000, 1000)]
    fill600 = lambda: [["DEL", "mylist"]] + [["RPUSH", "mylist"] + ["x" * 8] * 100] * 6
    fill_n = lambda: [["DEL", "mylist"]] + [["RPUSH", "mylist"] + ["x" * 8] * 1000] * (n // 1000 + 1)
    return [
        ("LPUSH", ["-t", "lpush"], None),
        ("RPUSH", ["-t", "rpush"], None),
        ("LPOP", ["-t", "lpop"], None),
        ("RPOP", ["-t", "rpop"], None),
        ("SADD", ["-t", "sadd"], None),
        ("HSET", ["-t", "hset"], None),
        ("SPOP", ["-t", "spop"], None),
        ("LRANGE_100", ["LRANGE", "mylist", "0", "99"], fill600),
        ("LRANGE_600", ["LRANGE", "mylist", "0", "599"], fill600),
        ("LMPOP", ["LMPOP", "1", "mylist", "LEFT"], fill_n),
        ("ZADD", ["-t", "zadd"], None),
        ("ZPOPMIN", ["-t", "zpopmin"], None),
        ("ZRANGE_100", ["ZRANGE", "myzset", "0", "99"], fill_zset),
        ("ZRANGEBYSCORE_100", ["ZRANGEBYSCORE", "myzset", "5000", "5099"], fill_zset),
    ]


def run_row(args, srv, bench_args, n, pipeline):
    pin = ["taskset", "-c", str(args.client_cpu)] if args.client_cpu >= 0 else []
    cmd = pin + [args.redis_benchmark, "-h", "127.0.0.1", "-p", str(srv.port), "-c",
                 str(args.clients), "-r", str(args.keyspace), "-n", str(n), "-P", str(pipeline),
                 "-d", "16", "--csv"] + bench_args
    cpu0 = bench.cpu_seconds(srv.pid)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    cpu1 = bench.cpu_seconds(srv.pid)
    if out.returncode != 0:
        raise RuntimeError(f"redis-benchmark failed: {out.stderr.strip()}")
    lines = [l for l in out.stdout.splitlines() if l.strip()]
    rps = float(lines[-1].split(",")[1].strip('"'))
    return {"rps": rps, "cpu_us": (cpu1 - cpu0) * 1e6 / n}


def speed(args, workdir):
    pipelines = [int(p) for p in args.pipelines.split(",")]
    servers = [bench.Server(k, args, workdir) for k in ("redis", "tessera")]
    results = []
    try:
        for s in servers:
            s.start()
        for p in pipelines:
            n = args.requests * (1 if p <= 1 else 5)
            for name, bargs, fill in speed_rows(n):
                if args.rows and name not in args.rows.split(","):
                    continue
                got = {}
                for s in servers:
                    if fill:
                        send_all(s.port, fill())
                    runs = [run_row(args, s, bargs, n, p) for _ in range(args.repeat)]
                    runs.sort(key=lambda r: r["cpu_us"])
                    got[s.kind] = runs[len(runs) // 2]
                r, t = got["redis"], got["tessera"]
                q = bench.fmt(bench.ratio(t["cpu_us"], r["cpu_us"]), 3)
                print(f"P={p:<3d} {name:11s} redis {r['cpu_us']:6.2f} us/req {r['rps']:>10.0f} rps"
                      f" | tessera {t['cpu_us']:6.2f} us/req {t['rps']:>10.0f} rps | cpu t/r {q}",
                      flush=True)
                results.append((p, name, r, t, q))
    finally:
        for s in servers:
            s.stop()
    lines = ["| -P | Test | redis us/req | tessera us/req | CPU ratio t/r | redis rps | tessera rps |",
             "|---|---|---|---|---|---|---|"]
    for p, name, r, t, q in results:
        lines.append(f"| {p} | {name} | {r['cpu_us']:.2f} | {t['cpu_us']:.2f} | {q} | "
                     f"{r['rps']:.0f} | {t['rps']:.0f} |")
    if args.markdown:
        bench.write_markdown(args.markdown, [
            "## Collections: CPU per request, tessera vs Redis", "",
            f"- Machine: {bench.machine_info()}",
            f"- redis-benchmark -c {args.clients} -r {args.keyspace} -d 16; median of "
            f"{args.repeat} by CPU per request; server on CPU {args.server_cpu}, client on "
            f"CPU {args.client_cpu}", ""] + lines)
    return results


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--speed", action="store_true", help="CPU per request instead of memory")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--pipelines", default="1,16")
    ap.add_argument("--rows", help="speed rows to run, comma-separated (default: all)")
    ap.add_argument("--requests", type=int, default=200000, help="requests per run at -P 1")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--keyspace", type=int, default=100000)
    ap.add_argument("--markdown")
    ap.add_argument("--redis-bin", default=bench.DEFAULT_REDIS)
    ap.add_argument("--tessera-bin", default=bench.DEFAULT_TESSERA)
    ap.add_argument("--redis-benchmark", default="/usr/bin/redis-benchmark")
    ap.add_argument("--tessera-threads", type=int, default=1)
    ap.add_argument("--tessera-arg", action="append", default=[])
    ap.add_argument("--server-cpu", type=int, default=0)
    ap.add_argument("--client-cpu", type=int, default=1)
    args = ap.parse_args(argv)
    args.scenarios = [s for s in args.scenarios.split(",") if s]
    args.candidate_bin = None
    args.floor_bin = bench.DEFAULT_FLOOR
    for s in args.scenarios:
        if s not in SCENARIOS:
            ap.error(f"unknown scenario {s!r}")
    workdir = tempfile.mkdtemp(prefix="tessera-bench-coll-")
    try:
        if args.speed:
            speed(args, workdir)
        else:
            memory(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
