#!/usr/bin/python3
"""Throughput / latency / CPU-per-request and memory-per-key benchmark: tessera vs Redis.

Throughput mode (default):
  Starts every server at once, each pinned to one CPU (taskset -c 0): Debian's
  redis-server, tessera on each engine (--threads 1 --io-engine uring / epoll), and the
  do-nothing floor (tools/floor_server: tessera's engines answering +PONG to everything,
  no command table, no store) on each engine. Then, for each value size, pipeline depth and
  test, drives each server in turn with redis-benchmark pinned to the other CPU
  (taskset -c 1):
      redis-benchmark -p PORT -c CLIENTS -d SIZE -r KEYSPACE -n N -t TEST -P P --csv
  One run per (server, size, P, test), so the server's CPU time (utime+stime of the
  server process from /proc/PID/stat, all threads) is attributed to that test. Prints
  requests/s, p50/p99 and server CPU microseconds per request, and every server's ratios to
  redis-server's; --markdown, --json and --chart (a PNG) keep them.
  On a 2-CPU machine redis-benchmark is the bottleneck at P=1 (and often at P=16): there
  the CPU per request is the figure that compares the servers, and the floor shows how
  much of it the kernel and loopback TCP take whatever the server does.

Memory mode (--memory):
  Starts each server, measures VmRSS right after start-up, inserts keys named
  key:%010d with DATASIZE-byte values (pipelined SETs over a raw socket in big batches),
  and at each checkpoint (--memory-keys, default 100000,300000,1000000) prints
  (VmRSS - start-up VmRSS) / keys in bytes per key, for each server, and the ratios.
  --servers redis,tessera,memcached adds Debian's memcached (text-protocol sets);
  --memory-ttl S gives every key a TTL (SET ... EX S, memcached exptime S).

Examples:
  tools/bench.py                                   # the full matrix (about 10 minutes)
  tools/bench.py --markdown /tmp/b.md --chart /tmp/b.png --repeat 3
  tools/bench.py --servers redis,tessera-uring --tests get --pipelines 64 --datasizes 16
  tools/bench.py --candidate-bin /tmp/other/tessera --servers redis,tessera-uring,candidate-uring
  tools/bench.py --memory                          # bytes/key at 100k, 300k, 1M keys
  tools/bench.py --memory --memory-keys 50000,100000 --markdown /tmp/mem.md

Everything binds to 127.0.0.1 on free ports; the servers started here are stopped (by
PID) on exit. Run on a quiet machine with at least 2 CPUs for meaningful numbers.
"""

import argparse
import csv
import io
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time

DEFAULT_TESSERA = os.environ.get(
    "TESSERA_BIN",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "tessera"))
DEFAULT_FLOOR = os.environ.get(
    "FLOOR_BIN",
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "floor_server"))
DEFAULT_REDIS = "/usr/bin/redis-server"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ----------------------------------------------------------------------------- helpers
def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """utime + stime of the whole process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        data = f.read()
    # The command name (field 2) may contain spaces; the fields after ')' are fixed.
    fields = data[data.rindex(")") + 2:].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of stat(5)
    return (utime + stime) / CLK_TCK


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def ping(port, timeout=1.0, memcached=False):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            if memcached:
                s.sendall(b"version\r\n")
                return s.recv(64).startswith(b"VERSION")
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class Server:
    """One server process (redis or tessera), optionally pinned with taskset."""

    def __init__(self, kind, args, workdir):
        self.kind = kind
        self.args = args
        self.workdir = workdir
        self.proc = None
        self.port = None
        self.version = ""

    def start(self):
        self.port = free_port()
        cpu = self.args.server_cpu
        pin = ["taskset", "-c", str(cpu)] if cpu is not None and cpu >= 0 else []
        if self.kind == "redis":
            cmd = pin + [self.args.redis_bin, "--port", str(self.port), "--bind", "127.0.0.1",
                         "--save", "", "--appendonly", "no", "--daemonize", "no",
                         "--dir", self.workdir, "--logfile",
                         os.path.join(self.workdir, "redis.log")]
            self.version = subprocess.run([self.args.redis_bin, "--version"],
                                          capture_output=True, text=True).stdout.strip()
        elif self.kind == "memcached":  # memory mode only: 16 GB of room, one thread
            cmd = pin + ["memcached", "-l", "127.0.0.1", "-p", str(self.port), "-U", "0",
                         "-t", "1", "-m", "16384", "-u", "root"]
            self.version = subprocess.run(["memcached", "-V"], capture_output=True,
                                          text=True).stdout.strip()
        elif self.kind.startswith("floor"):
            engine = self.kind.split("-", 1)[1] if "-" in self.kind else "uring"
            cmd = pin + [self.args.floor_bin, "--port", str(self.port), "--io-engine", engine]
            self.version = f"tools/floor_server ({engine})"
        else:
            # "candidate" is a second tessera build measured beside the first (A/B).
            binary = (self.args.candidate_bin if self.kind.startswith("candidate")
                      else self.args.tessera_bin)
            cmd = pin + [binary, "--port", str(self.port), "--bind", "127.0.0.1",
                         "--threads", str(self.args.tessera_threads), "--memcached-port", "0"]
            if "-" in self.kind:  # tessera-uring, tessera-epoll, candidate-uring, ...
                cmd += ["--io-engine", self.kind.split("-", 1)[1]]
            cmd += self.args.tessera_arg
            self.version = subprocess.run([binary, "--version"],
                                          capture_output=True, text=True).stdout.strip()
        log = open(os.path.join(self.workdir, f"{self.kind}.out"), "ab")
        # taskset execs the server, so the PID is the server's own.
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                     cwd=self.workdir)
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} exited at start-up (code {self.proc.returncode}),"
                                   f" see {self.workdir}")
            if ping(self.port, memcached=self.kind == "memcached"):
                return self
            time.sleep(0.05)
        raise RuntimeError(f"{self.kind} did not answer PING on port {self.port}")

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)


def fmt(v, nd=2):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def machine_info():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model or platform.processor()}, {os.cpu_count()} CPUs, Linux {platform.release()}"


# ----------------------------------------------------------------------------- throughput
def requests_for(args, pipeline, test):
    """Requests per run: --requests at P=1, scaled up with the pipeline so that each run
    lasts long enough for the 10 ms CPU-time resolution (x5 at P=16, x10 at P=64); a fifth
    of that for MSET, which writes 10 keys per request."""
    scale = 1 if pipeline <= 1 else (5 if pipeline <= 16 else 10)
    n = args.requests * scale
    return max(1000, n // 5) if test == "mset" else n


def run_benchmark(args, server, test, pipeline, datasize):
    pin = ["taskset", "-c", str(args.client_cpu)] if args.client_cpu >= 0 else []
    n = requests_for(args, pipeline, test)
    cmd = pin + [args.redis_benchmark, "-h", "127.0.0.1", "-p", str(server.port),
                 "-c", str(args.clients), "-d", str(datasize), "-r", str(args.keyspace),
                 "-n", str(n), "-t", test, "-P", str(pipeline), "--csv"]
    cpu0 = cpu_seconds(server.pid)
    t0 = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.run_timeout)
    wall = time.monotonic() - t0
    cpu1 = cpu_seconds(server.pid)
    if out.returncode != 0:
        raise RuntimeError(f"redis-benchmark failed ({out.returncode}): {out.stderr.strip()}")
    if not server.alive():
        raise RuntimeError(f"{server.kind} died during {test} P={pipeline}")
    rows = list(csv.reader(io.StringIO(out.stdout)))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    data = [r for r in rows[1:] if r]
    if "rps" not in header or not data:
        raise RuntimeError(f"unexpected redis-benchmark output:\n{out.stdout}\n{out.stderr}")
    row = dict(zip(header, data[-1]))
    # Some tests are several runs (PING is PING_INLINE then PING_MBULK): the CPU time
    # covers all of them; rps and latencies are the last one's.
    n *= len(data)
    res = {
        "server": server.kind, "test": test.upper(), "pipeline": pipeline,
        "datasize": datasize, "requests": n,
        "rps": float(row["rps"]),
        "p50_ms": float(row.get("p50_latency_ms", "nan")),
        "p99_ms": float(row.get("p99_latency_ms", "nan")),
        "avg_ms": float(row.get("avg_latency_ms", "nan")),
        "cpu_s": cpu1 - cpu0,
        "wall_s": wall,
    }
    res["cpu_us_per_req"] = res["cpu_s"] * 1e6 / n
    return res


def prefill(args, srv, datasize):
    """FLUSHALL, then SET every key of the keyspace (GET on missing keys measures a
    different path)."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=60) as s:
        s.sendall(b"*1\r\n$8\r\nFLUSHALL\r\n")
        s.recv(64)
    if srv.kind.startswith("floor") or not args.prefill:
        return
    pin = ["taskset", "-c", str(args.client_cpu)] if args.client_cpu >= 0 else []
    subprocess.run(pin + [args.redis_benchmark, "-h", "127.0.0.1", "-p", str(srv.port),
                          "-c", str(args.clients), "-d", str(datasize), "-r",
                          str(args.keyspace), "-n", str(args.keyspace * 3), "-t", "set",
                          "-P", "32", "-q"],
                   capture_output=True, timeout=args.run_timeout, check=True)


def median_run(runs):
    """The run with the median CPU per request (its rps and latencies go with it)."""
    runs = sorted(runs, key=lambda r: r["cpu_us_per_req"])
    return runs[len(runs) // 2]


def throughput(args, workdir):
    tests = [t.strip().lower() for t in args.tests.split(",") if t.strip()]
    pipelines = [int(p) for p in args.pipelines.split(",") if p.strip()]
    sizes = [int(d) for d in args.datasizes.split(",") if d.strip()]
    servers = []
    results = []
    versions = {}
    try:
        # Every server runs for the whole benchmark (idle ones cost nothing), and each
        # (size, P, test) is measured on all of them back to back, so that the ratios
        # compare runs made within seconds of each other.
        for kind in args.servers:
            srv = Server(kind, args, workdir).start()
            servers.append(srv)
            versions[kind] = srv.version
            print(f"# {kind}: pid {srv.pid}, port {srv.port}, {srv.version}", flush=True)
        for d in sizes:
            for srv in servers:
                prefill(args, srv, d)
            for p in pipelines:
                for t in tests:
                    for srv in servers:
                        runs = [run_benchmark(args, srv, t, p, d) for _ in range(args.repeat)]
                        r = median_run(runs)
                        results.append(r)
                        print(f"{srv.kind:14s} d={d:<5d} {r['test']:5s} P={p:<3d} "
                              f"{r['rps']:>12,.0f} req/s  p50 {r['p50_ms']:.3f} ms  "
                              f"p99 {r['p99_ms']:.3f} ms  cpu {r['cpu_us_per_req']:.3f} us/req",
                              flush=True)
    finally:
        for srv in servers:
            srv.stop()

    by = {(r["server"], r["datasize"], r["test"], r["pipeline"]): r for r in results}
    base = "redis" if "redis" in args.servers else None
    others = [k for k in args.servers if k != base]
    lines = []
    for d in sizes:
        # absolute figures, then the ratios to redis-server's
        lines += [f"### -d {d}: measured", ""]
        hdr = ["Test", "P"]
        for k in args.servers:
            hdr += [f"{k} req/s", f"{k} p50/p99 ms", f"{k} CPU us/req"]
        lines.append("| " + " | ".join(hdr) + " |")
        lines.append("|" + "---|" * len(hdr))
        for p in pipelines:
            for t in tests:
                row = [t.upper(), str(p)]
                for k in args.servers:
                    r = by.get((k, d, t.upper(), p))
                    row += [fmt(r["rps"], 0), f"{r['p50_ms']:.3f} / {r['p99_ms']:.3f}",
                            fmt(r["cpu_us_per_req"], 3)] if r else ["n/a"] * 3
                lines.append("| " + " | ".join(row) + " |")
        lines.append("")
        if not base:
            continue
        lines += [f"### -d {d}: ratios to redis-server (rps: higher is better; "
                  f"CPU/req: lower is better)", ""]
        hdr = ["Test", "P"]
        for k in others:
            hdr += [f"{k} rps", f"{k} CPU/req"]
        lines.append("| " + " | ".join(hdr) + " |")
        lines.append("|" + "---|" * len(hdr))
        for p in pipelines:
            for t in tests:
                row = [t.upper(), str(p)]
                R = by.get((base, d, t.upper(), p))
                for k in others:
                    K = by.get((k, d, t.upper(), p))
                    row += [fmt(ratio(K and K["rps"], R and R["rps"]), 2),
                            fmt(ratio(K and K["cpu_us_per_req"], R and R["cpu_us_per_req"]), 2)]
                lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    print()
    print("\n".join(lines))
    meta = [
        "## Throughput and CPU per request",
        "",
        f"- Machine: {machine_info()}",
        f"- Servers: {'; '.join(f'{k}: {v}' for k, v in versions.items())}",
        f"- tessera flags: --threads {args.tessera_threads} {' '.join(args.tessera_arg)}".rstrip(),
        f"- Every server pinned to CPU {args.server_cpu}, redis-benchmark to CPU "
        f"{args.client_cpu}; all servers up for the whole run, each row measured on all of "
        f"them back to back",
        f"- redis-benchmark -c {args.clients} -d <size> -r {args.keyspace} -P <P> -t <test> "
        f"--csv; -n {args.requests} at P=1, x5 at P=16, x10 at P=64 (MSET: a fifth); median of "
        f"{args.repeat} run(s) by CPU/req",
        "- Keyspace prefilled (SET) with values of the row's size before each size's runs",
        "- CPU us/req = server utime+stime (/proc/PID/stat, all threads) during the run "
        "/ requests; ratios are server / redis",
        "",
    ]
    if args.markdown:
        write_markdown(args.markdown, meta + lines)
    if args.json:
        import json
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "servers": args.servers, "results": results}, f, indent=1)
        print(f"wrote {args.json}")
    if args.chart:
        chart(args.chart, results, args.servers, sizes, pipelines, tests)
    return results


TARGETS = {1: 0.9, 16: 0.6, 64: 0.4}  # the CPU/request targets for SET and GET


def chart(path, results, servers, sizes, pipelines, tests):
    """Grouped bars of CPU/request and rps relative to redis, one panel per value size. The
    rps panel leaves the floor out (it does no work, so its rps says nothing about a
    command); dashed lines mark the CPU/request targets for SET and GET."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    by = {(r["server"], r["datasize"], r["test"], r["pipeline"]): r for r in results}
    others = [k for k in servers if k != "redis"]
    groups = [(t.upper(), p) for p in pipelines for t in tests]
    fig, axes = plt.subplots(2, len(sizes), figsize=(7 * len(sizes), 8), squeeze=False)
    for col, d in enumerate(sizes):
        for row, (key, title) in enumerate([("cpu_us_per_req", "server CPU per request"),
                                            ("rps", "requests per second")]):
            ax = axes[row][col]
            shown = others if key == "cpu_us_per_req" else \
                [k for k in others if not k.startswith("floor")]
            width = 0.8 / max(1, len(shown))
            for i, k in enumerate(shown):
                vals = []
                for t, p in groups:
                    R, K = by.get(("redis", d, t, p)), by.get((k, d, t, p))
                    vals.append(ratio(K and K[key], R and R[key]) or 0)
                xs = [g + (i - (len(shown) - 1) / 2) * width for g in range(len(groups))]
                ax.bar(xs, vals, width, label=k)
            ax.axhline(1.0, color="black", linewidth=0.8)
            if key == "cpu_us_per_req":
                for p, target in TARGETS.items():
                    idx = [g for g, (t, gp) in enumerate(groups) if gp == p and t in ("SET", "GET")]
                    if idx:
                        ax.hlines(target, min(idx) - 0.45, max(idx) + 0.45, colors="gray",
                                  linestyles="dashed",
                                  label="target (SET, GET)" if p == 1 else None)
            ax.set_xticks(range(len(groups)))
            ax.set_xticklabels([f"{t}\nP{p}" for t, p in groups], fontsize=7)
            ax.set_title(f"{title} / redis-server's, -d {d}")
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    print(f"wrote {path}")


# ----------------------------------------------------------------------------- memory
def insert_keys(port, start, end, datasize, batch=20000, ttl=0, memcached=False):
    """SET key:%010d for start <= i < end (EX ttl when ttl > 0; a memcached `set` with that
    exptime for memcached), pipelined in batches; checks every reply."""
    value_fmt = "%0" + str(datasize) + "d"
    ok = b"STORED\r\n" if memcached else b"+OK\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        vlen = datasize
        ex = f"$2\r\nEX\r\n${len(str(ttl))}\r\n{ttl}\r\n" if ttl else ""
        head = "*5\r\n" if ttl else "*3\r\n"
        for b0 in range(start, end, batch):
            b1 = min(end, b0 + batch)
            parts = []
            for i in range(b0, b1):
                v = (value_fmt % i)[-vlen:]
                if memcached:
                    parts.append(f"set key:{i:010d} 0 {ttl} {vlen}\r\n{v}\r\n")
                else:
                    parts.append(f"{head}$3\r\nSET\r\n$14\r\nkey:{i:010d}\r\n${vlen}\r\n{v}\r\n{ex}")
            s.sendall("".join(parts).encode())
            want = len(ok) * (b1 - b0)
            got = bytearray()
            while len(got) < want:
                chunk = s.recv(max(65536, want - len(got)))
                if not chunk:
                    raise RuntimeError("server closed the connection during insert")
                got += chunk
            if bytes(got) != ok * (b1 - b0):
                raise RuntimeError(f"unexpected reply during insert: {bytes(got[:200])!r}")


def dbsize(port, memcached=False):
    if memcached:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"stats\r\n")
            buf = b""
            while not buf.endswith(b"END\r\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
        for line in buf.decode().splitlines():
            if line.startswith("STAT curr_items "):
                return int(line.split()[2])
        raise RuntimeError("no curr_items in memcached's stats")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"*1\r\n$6\r\nDBSIZE\r\n")
        buf = b""
        while not buf.endswith(b"\r\n"):
            chunk = s.recv(64)
            if not chunk:
                break
            buf += chunk
    return int(buf[1:].strip())


def settled_rss(pid, wait=0.3):
    time.sleep(wait)
    return rss_bytes(pid)


def memory(args, workdir):
    checkpoints = sorted(int(x) for x in args.memory_keys.split(",") if x.strip())
    results = {}
    versions = {}
    for kind in args.servers:
        srv = Server(kind, args, workdir)
        try:
            srv.start()
            versions[kind] = srv.version
            base = settled_rss(srv.pid)
            print(f"# {kind}: pid {srv.pid}, port {srv.port}, start-up RSS "
                  f"{base / 1048576:.1f} MiB", flush=True)
            done = 0
            for n in checkpoints:
                t0 = time.monotonic()
                mc = kind == "memcached"
                insert_keys(srv.port, done, n, args.datasize, ttl=args.memory_ttl, memcached=mc)
                done = n
                took = time.monotonic() - t0
                keys = dbsize(srv.port, memcached=mc)
                if keys != n:
                    raise RuntimeError(f"{kind}: DBSIZE {keys}, expected {n}")
                rss = settled_rss(srv.pid)
                per_key = (rss - base) / n
                results[(kind, n)] = {"rss": rss, "base": base, "per_key": per_key}
                print(f"{kind:8s} {n:>9,d} keys  RSS {rss / 1048576:8.1f} MiB  "
                      f"(+{(rss - base) / 1048576:.1f} MiB)  {per_key:7.1f} bytes/key  "
                      f"[insert {took:.1f} s]", flush=True)
        finally:
            srv.stop()
    print()
    have_mc = "memcached" in args.servers
    print(f"{'keys':>9s} {'redis B/key':>12s} {'tessera B/key':>14s} {'ratio t/r':>10s}"
          + (f" {'memcached B/key':>16s} {'ratio t/m':>10s}" if have_mc else ""))
    lines = ["| Keys | redis bytes/key | tessera bytes/key | ratio |"
             + (" memcached bytes/key | ratio t/m |" if have_mc else ""),
             "|---|---|---|---|" + ("---|---|" if have_mc else "")]
    for n in checkpoints:
        R = results.get(("redis", n))
        T = results.get(("tessera", n))
        M = results.get(("memcached", n))
        r = R["per_key"] if R else None
        t = T["per_key"] if T else None
        m = M["per_key"] if M else None
        q = ratio(t, r)
        extra, extra_md = "", ""
        if have_mc:
            extra = f" {fmt(m, 1):>16s} {fmt(ratio(t, m), 3):>10s}"
            extra_md = f" {fmt(m, 1)} | {fmt(ratio(t, m), 3)} |"
        print(f"{n:>9,d} {fmt(r, 1):>12s} {fmt(t, 1):>14s} {fmt(q, 3):>10s}" + extra)
        lines.append(f"| {n:,} | {fmt(r, 1)} | {fmt(t, 1)} | {fmt(q, 3)} |" + extra_md)
    if args.markdown:
        meta = [
            "## Memory per key: tessera vs Redis",
            "",
            f"- Machine: {machine_info()}",
            f"- Servers: {'; '.join(f'{k}: {v}' for k, v in versions.items())}",
            f"- tessera flags: --threads {args.tessera_threads} {' '.join(args.tessera_arg)}".rstrip(),
            f"- Keys key:%010d, {args.datasize}-byte values, inserted with pipelined SET"
            + (f" EX {args.memory_ttl} (memcached: exptime {args.memory_ttl})" if args.memory_ttl else ""),
            "- bytes/key = (VmRSS after insert - VmRSS after start-up) / keys",
            "",
        ]
        write_markdown(args.markdown, meta + lines)
    return results


def write_markdown(path, lines):
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"\nwrote {path}")


# ----------------------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--tests", default="set,get,incr,mset,ping",
                    help="comma-separated redis-benchmark tests (default set,get,incr,mset,ping)")
    ap.add_argument("--pipelines", default="1,16,64",
                    help="comma-separated -P values (default 1,16,64)")
    ap.add_argument("--requests", "-n", type=int, default=200000,
                    help="requests per run at P=1; x5 at P=16, x10 at P=64 (default 200000)")
    ap.add_argument("--datasizes", default="16,1024",
                    help="comma-separated -d value sizes for throughput (default 16,1024)")
    ap.add_argument("--datasize", "-d", type=int, default=16,
                    help="value size in bytes for --memory (16)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per row and server; the median by CPU/req is kept (1)")
    ap.add_argument("--clients", "-c", type=int, default=50, help="connections (default 50)")
    ap.add_argument("--keyspace", "-r", type=int, default=100000,
                    help="redis-benchmark -r keyspace (default 100000)")
    ap.add_argument("--servers", default=None,
                    help="comma-separated: redis, tessera-uring, tessera-epoll, tessera (default "
                         "engine), floor-uring, floor-epoll (default for throughput: redis,"
                         "tessera-uring,tessera-epoll,floor-uring,floor-epoll; for --memory: "
                         "redis,tessera); with --candidate-bin also candidate, candidate-uring, "
                         "candidate-epoll")
    ap.add_argument("--tessera-bin", default=os.path.normpath(DEFAULT_TESSERA))
    ap.add_argument("--candidate-bin", default=None,
                    help="a second tessera build, run as the servers candidate, "
                         "candidate-uring, candidate-epoll (A/B in one run)")
    ap.add_argument("--floor-bin", default=os.path.normpath(DEFAULT_FLOOR))
    ap.add_argument("--redis-bin", default=DEFAULT_REDIS)
    ap.add_argument("--redis-benchmark", default="/usr/bin/redis-benchmark")
    ap.add_argument("--tessera-threads", type=int, default=1, help="tessera --threads (1)")
    ap.add_argument("--tessera-arg", action="append", default=[],
                    help="extra tessera flag (repeatable), e.g. --tessera-arg=--shards=64")
    ap.add_argument("--server-cpu", type=int, default=0,
                    help="CPU the server is pinned to (default 0; -1 = no pinning)")
    ap.add_argument("--client-cpu", type=int, default=1,
                    help="CPU redis-benchmark is pinned to (default 1; -1 = no pinning)")
    ap.add_argument("--no-prefill", dest="prefill", action="store_false",
                    help="do not SET the keyspace before measuring GET")
    ap.add_argument("--run-timeout", type=float, default=900,
                    help="seconds before one redis-benchmark run is abandoned (900)")
    ap.add_argument("--markdown", metavar="FILE", help="also write a markdown table to FILE")
    ap.add_argument("--json", metavar="FILE", help="throughput: also write the raw results")
    ap.add_argument("--chart", metavar="PNG", help="throughput: draw the ratios to redis "
                    "(python3-matplotlib)")
    ap.add_argument("--chart-from", metavar="JSON", help="only draw --chart from a --json file")
    ap.add_argument("--memory", action="store_true",
                    help="measure RSS bytes per key instead of throughput")
    ap.add_argument("--memory-keys", default="100000,300000,1000000",
                    help="key-count checkpoints for --memory (default 100000,300000,1000000)")
    ap.add_argument("--memory-ttl", type=int, default=0,
                    help="--memory: give every key this TTL in seconds (default none)")
    args = ap.parse_args(argv)
    if args.servers is None:
        args.servers = ("redis,tessera" if args.memory else
                        "redis,tessera-uring,tessera-epoll,floor-uring,floor-epoll")
    args.servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    known = ("redis", "tessera", "tessera-uring", "tessera-epoll", "floor-uring", "floor-epoll",
             "memcached")
    if args.candidate_bin:
        known += ("candidate", "candidate-uring", "candidate-epoll")
    for s in args.servers:
        if s not in known:
            ap.error(f"unknown server {s!r} (one of {', '.join(known)})")
    if args.memory and any(s not in ("redis", "tessera", "memcached") for s in args.servers):
        ap.error("--memory compares redis, tessera and memcached")
    if not args.memory and "memcached" in args.servers:
        ap.error("memcached is measured in --memory mode only (throughput: tools/bench_memcached.py)")
    for b in ([args.redis_bin] if "redis" in args.servers else []) + \
             ([args.tessera_bin] if any(s.startswith("tessera") for s in args.servers) else []) + \
             ([args.floor_bin] if any(s.startswith("floor") for s in args.servers) else []) + \
             ([args.candidate_bin] if args.candidate_bin else []) + \
             ([] if args.memory else [args.redis_benchmark]):
        if not os.access(b, os.X_OK):
            ap.error(f"not executable: {b}")
    ncpu = os.cpu_count() or 1
    for name in ("server_cpu", "client_cpu"):
        c = getattr(args, name)
        if c >= ncpu:
            ap.error(f"--{name.replace('_', '-')} {c}: this machine has {ncpu} CPUs")
    if args.server_cpu >= 0 and args.server_cpu == args.client_cpu:
        print("warning: server and client pinned to the same CPU", file=sys.stderr)
    if (args.server_cpu >= 0 or args.client_cpu >= 0) and not shutil.which("taskset"):
        ap.error("taskset not found (use --server-cpu -1 --client-cpu -1 to skip pinning)")

    if args.chart_from:
        import json
        with open(args.chart_from) as f:
            data = json.load(f)
        res = data["results"]
        uniq = lambda xs: list(dict.fromkeys(xs))
        chart(args.chart or "bench.png", res, data["servers"], uniq(r["datasize"] for r in res),
              uniq(r["pipeline"] for r in res), uniq(r["test"].lower() for r in res))
        return 0
    workdir = tempfile.mkdtemp(prefix="tessera-bench-")
    try:
        if args.memory:
            memory(args, workdir)
        else:
            throughput(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
