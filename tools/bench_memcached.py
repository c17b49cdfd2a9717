#!/usr/bin/python3
"""The memcached front end against Debian's memcached: CPU per request and bytes per item.

Speed (default): starts memcached (-t 1) and tessera (--threads 1, its memcached port),
both pinned to CPU 0 (taskset -c 0), and drives each in turn with tools/mc_load (build/
mc_load, a pipelining text-protocol load generator) pinned to CPU 1, for every
(test, value size, pipeline depth): set and get with 16- and 1024-byte values, and a
multi-get of 16 keys (--mget). The keyspace is filled first so gets hit. One run per row;
the server's CPU (utime + stime from /proc/PID/stat) over the run, divided by the
requests, is the figure; the ratio tessera/memcached is printed per row (--repeat takes the
median of several runs). Requests per second per server core = requests / server CPU s.

Memory (--memory): inserts N items (key:%010d, --datasize bytes, default 16) with
pipelined sets and prints (VmRSS after - VmRSS at start) / items for both servers.
memcached runs with -m large enough to hold them all (it allocates slab pages lazily).

  tools/bench_memcached.py
  tools/bench_memcached.py --tests get --pipelines 1,16 --datasizes 16 --repeat 3
  tools/bench_memcached.py --memory --items 1000000
Servers bind 127.0.0.1 on free ports and are stopped (by PID) on exit.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import cpu_seconds, free_port, machine_info, rss_bytes  # noqa: E402

DEFAULT_TESSERA = os.environ.get("TESSERA_BIN", os.path.join(HERE, "..", "build", "tessera"))
DEFAULT_LOAD = os.path.join(HERE, "..", "build", "mc_load")
MEMCACHED = "/usr/bin/memcached"


def mc_ready(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"version\r\n")
                if s.recv(64).startswith(b"VERSION"):
                    return True
        except OSError:
            time.sleep(0.05)
    return False


class Server:
    def __init__(self, kind, args, workdir):
        self.kind, self.args, self.workdir = kind, args, workdir
        self.proc = None

    def start(self):
        self.port = free_port()
        pin = ["taskset", "-c", self.args.server_cpu]
        if self.kind == "memcached":
            cmd = [MEMCACHED, "-l", "127.0.0.1", "-p", str(self.port), "-U", "0", "-t", "1",
                   "-m", str(self.args.memcached_mb), "-c", "4096"]
            if os.geteuid() == 0:
                cmd += ["-u", "root"]
        else:
            cmd = [self.args.tessera, "--port", str(free_port()), "--bind", "127.0.0.1",
                   "--memcached-port", str(self.port), "--threads", "1"]
        log = open(os.path.join(self.workdir, f"{self.kind}.log"), "wb")
        self.proc = subprocess.Popen(pin + cmd, stdout=log, stderr=subprocess.STDOUT)
        if not mc_ready(self.port):
            raise RuntimeError(f"{self.kind} did not start")
        self.pid = self.proc.pid
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def load(args, srv, test, datasize, pipeline, requests, extra=()):
    cmd = ["taskset", "-c", args.client_cpu, args.load, "--port", str(srv.port),
           "--conns", str(args.conns), "--pipeline", str(pipeline), "--requests",
           str(requests), "--test", test, "--datasize", str(datasize), "--keyspace",
           str(args.keyspace)] + list(extra)
    c0 = cpu_seconds(srv.pid)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    cpu = cpu_seconds(srv.pid) - c0
    fields = dict(kv.split("=") for kv in out.split())
    return {"cpu_us": cpu * 1e6 / requests, "rps": float(fields["rps"]),
            "per_core": requests / cpu if cpu > 0 else float("inf")}


def speed(args, workdir):
    rows = []
    for test in args.tests:
        sizes = [16] if test == "mget" else args.datasizes
        for d in sizes:
            for p in args.pipelines:
                rows.append((test, d, p))
    results = {}
    servers = [Server(k, args, workdir).start() for k in ("memcached", "tessera")]
    try:
        for srv in servers:  # fill every key so gets hit
            for d in sorted(set(args.datasizes)):
                load(args, srv, "set", d, 16, args.keyspace, ["--sequential"])
        for test, d, p in rows:
            n = args.requests * (p if p > 1 else 1) // (4 if test == "mget" else 1)
            n = max(n, 20000)
            for srv in servers:
                if test == "get" or test == "mget":  # the values of this size
                    load(args, srv, "set", d, 16, args.keyspace, ["--sequential"])
                runs = [load(args, srv, test, d, p, n,
                             ["--mget", "16"] if test == "mget" else [])
                        for _ in range(args.repeat)]
                results[(srv.kind, test, d, p)] = {
                    k: statistics.median(r[k] for r in runs) for k in runs[0]}
    finally:
        for srv in servers:
            srv.stop()
    hdr = (f"{'test':5s} {'size':>5s} {'P':>3s} | {'memcached us/req':>16s} "
           f"{'tessera us/req':>15s} {'ratio t/m':>9s} | {'m req/s/core':>12s} "
           f"{'t req/s/core':>12s} {'x':>5s}")
    print(hdr)
    md = ["| test | value | P | memcached CPU us/req | tessera CPU us/req | ratio t/m | "
          "memcached req/s per core | tessera req/s per core | ratio |",
          "|---|---|---|---|---|---|---|---|---|"]
    for test, d, p in rows:
        m, t = results[("memcached", test, d, p)], results[("tessera", test, d, p)]
        q = t["cpu_us"] / m["cpu_us"]
        x = t["per_core"] / m["per_core"]
        print(f"{test:5s} {d:5d} {p:3d} | {m['cpu_us']:16.2f} {t['cpu_us']:15.2f} {q:9.2f} | "
              f"{m['per_core']:12,.0f} {t['per_core']:12,.0f} {x:5.2f}")
        md.append(f"| {test} | {d} | {p} | {m['cpu_us']:.2f} | {t['cpu_us']:.2f} | {q:.2f} | "
                  f"{m['per_core']:,.0f} | {t['per_core']:,.0f} | {x:.2f} |")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(f"Machine: {machine_info()}; {args.conns} connections, servers on CPU "
                    f"{args.server_cpu}, mc_load on CPU {args.client_cpu}, median of "
                    f"{args.repeat}\n\n" + "\n".join(md) + "\n")


def memory(args, workdir):
    out = {}
    for kind in ("memcached", "tessera"):
        srv = Server(kind, args, workdir).start()
        try:
            time.sleep(0.3)
            base = rss_bytes(srv.pid)
            load(args, srv, "set", args.datasize, 32, args.items, ["--sequential",
                                                                  "--keyspace", str(args.items)])
            time.sleep(0.5)
            rss = rss_bytes(srv.pid)
            out[kind] = (rss - base) / args.items
            print(f"{kind:9s} {args.items:,} items of {args.datasize} bytes: "
                  f"RSS +{(rss - base) / 1048576:.1f} MiB, {out[kind]:.1f} bytes/item", flush=True)
        finally:
            srv.stop()
    print(f"ratio tessera/memcached: {out['tessera'] / out['memcached']:.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tessera", default=DEFAULT_TESSERA)
    ap.add_argument("--load", default=DEFAULT_LOAD)
    ap.add_argument("--tests", default="set,get,mget", type=lambda s: s.split(","))
    ap.add_argument("--datasizes", default="16,1024",
                    type=lambda s: [int(x) for x in s.split(",")])
    ap.add_argument("--pipelines", default="1,16", type=lambda s: [int(x) for x in s.split(",")])
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--requests", type=int, default=100000,
                    help="requests per row at P=1 (times P when pipelined)")
    ap.add_argument("--keyspace", type=int, default=100000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--server-cpu", default="0")
    ap.add_argument("--client-cpu", default="1")
    ap.add_argument("--memcached-mb", type=int, default=4096)
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--items", type=int, default=1000000)
    ap.add_argument("--datasize", type=int, default=16)
    ap.add_argument("--markdown")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        (memory if args.memory else speed)(args, workdir)


if __name__ == "__main__":
    main()
