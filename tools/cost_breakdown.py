#!/usr/bin/python3
"""Per-request cost of GET and SET: system calls, allocations, copies and user-space
instructions, for tessera on each engine and for redis-server (docs/cost_breakdown.md).

System calls: the server runs normally; `strace -c -f -p PID` is attached while
  redis-benchmark -c 50 -d 16 -r 100000 -n N -t TEST -P P
runs (P = 1 and 16); calls of each kind are divided by N. strace slows every system call,
so the servers batch a little more than without it; both are measured the same way.

Instructions, allocations, copies: the server runs under valgrind --tool=callgrind twice,
for N1 and N2 requests at -P 16 (all threads counted); the difference of the two totals
divided by N2 - N1 removes start-up, prefill and shutdown. Allocations are calls into the
allocator (malloc/new and friends, zmalloc for redis) from outside it; copies are calls of
memcpy/memmove (including the one that moves received bytes into a connection's input).
GET runs on a prefilled keyspace (every key of -r exists).

Usage: tools/cost_breakdown.py [--servers redis,tessera-uring,tessera-epoll]
                               [--tests get,set] [--markdown FILE]
The servers started here bind to 127.0.0.1 and are stopped by PID.
"""

import argparse
import collections
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESSERA = os.path.normpath(os.path.join(HERE, "..", "build", "tessera"))
REDIS = "/usr/bin/redis-server"
BENCH = "/usr/bin/redis-benchmark"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ping(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_cmd(kind, port, workdir):
    if kind == "redis":
        return [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", workdir]
    engine = kind.split("-", 1)[1]
    return [TESSERA, "--port", str(port), "--bind", "127.0.0.1", "--threads", "1",
            "--io-engine", engine]


def start(cmd, port, workdir, timeout=60):
    log = open(os.path.join(workdir, f"server-{port}.log"), "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
    deadline = time.monotonic() + timeout
    while not ping(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"server did not start: {cmd}")
        time.sleep(0.1)
    return proc


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=120)


def bench(port, test, n, pipeline):
    subprocess.run([BENCH, "-h", "127.0.0.1", "-p", str(port), "-c", "50", "-d", "16",
                    "-r", "100000", "-n", str(n), "-t", test, "-P", str(pipeline), "-q"],
                   capture_output=True, check=True, timeout=1800)


def prefill(port):
    bench(port, "set", 300000, 32)


# ------------------------------------------------------------------------- system calls
def syscalls(kind, test, pipeline, n, workdir):
    port = free_port()
    proc = start(server_cmd(kind, port, workdir), port, workdir)
    try:
        if test == "get":
            prefill(port)
        out = os.path.join(workdir, f"strace-{kind}-{test}-{pipeline}.txt")
        st = subprocess.Popen(["strace", "-c", "-f", "-p", str(proc.pid), "-o", out],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        bench(port, test, n, pipeline)
        st.send_signal(signal.SIGINT)
        st.wait(timeout=60)
    finally:
        stop(proc)
    counts = {}
    with open(out) as f:
        for line in f:
            parts = line.split()
            # % time, seconds, usecs/call, calls, [errors], syscall
            if len(parts) >= 5 and re.match(r"^[\d.]+$", parts[0]) and parts[-1] != "total":
                counts[parts[-1]] = int(parts[3])
    return {k: v / n for k, v in counts.items()}


# ------------------------------------------------------------------------- callgrind
ALLOC_CALLEES = re.compile(
    r"^(malloc|calloc|realloc|posix_memalign|aligned_alloc|mi_malloc|mi_calloc|mi_realloc|"
    r"mi_zalloc|mi_new|mi_new_n|mi_malloc_aligned|operator new(\[\])?\(.*\)|zmalloc|zcalloc|"
    r"zrealloc|zmalloc_usable|zcalloc_usable|zrealloc_usable|ztrymalloc_usable)(\'2)?$")
ALLOC_INTERNAL = re.compile(r"^(mi_|_mi_|je_|malloc|calloc|realloc|operator new|zmalloc|"
                            r"zcalloc|zrealloc|ztry)")
COPY_CALLEES = re.compile(r"(memcpy|memmove)")


def callgrind_totals(path):
    """(instructions, allocation calls, memcpy/memmove calls) of a callgrind output."""
    names = {}
    total = 0
    allocs = 0
    copies = 0
    fn = cfn = ""
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                total = max(total, int(line.split()[1]))
            elif line.startswith("fn="):
                fn = resolve(names, line[3:].strip())
            elif line.startswith("cfn="):
                cfn = resolve(names, line[4:].strip())
            elif line.startswith("calls="):
                count = int(line[6:].split()[0])
                if ALLOC_CALLEES.match(cfn) and not ALLOC_INTERNAL.match(fn):
                    allocs += count
                if COPY_CALLEES.search(cfn) and not COPY_CALLEES.search(fn):
                    copies += count
    return total, allocs, copies


def resolve(names, spec):
    m = re.match(r"^\((\d+)\)(?: (.*))?$", spec)
    if not m:
        return spec
    if m.group(2) is not None:
        names[m.group(1)] = m.group(2)
    return names.get(m.group(1), "")


def callgrind(kind, test, n, workdir):
    port = free_port()
    out = os.path.join(workdir, f"cg-{kind}-{test}-{n}.out")
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + \
        server_cmd(kind, port, workdir)
    proc = start(cmd, port, workdir, timeout=120)
    try:
        if test == "get":
            prefill(port)
        bench(port, test, n, 16)
    finally:
        stop(proc)
    return callgrind_totals(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--servers", default="redis,tessera-uring,tessera-epoll")
    ap.add_argument("--tests", default="get,set")
    ap.add_argument("--strace-requests", type=int, default=100000)
    ap.add_argument("--cg-requests", default="20000,60000", help="N1,N2 for callgrind")
    ap.add_argument("--markdown", metavar="FILE")
    args = ap.parse_args()
    servers = args.servers.split(",")
    tests = args.tests.split(",")
    n1, n2 = (int(x) for x in args.cg_requests.split(","))
    workdir = tempfile.mkdtemp(prefix="tessera-cost-")
    sc = {}
    cg = {}
    for kind in servers:
        for test in tests:
            for p in (1, 16):
                sc[(kind, test, p)] = syscalls(kind, test, p, args.strace_requests, workdir)
                per = sc[(kind, test, p)]
                print(f"{kind:14s} {test} P={p:<2d} syscalls/req {sum(per.values()):.3f}  " +
                      ", ".join(f"{k} {v:.3f}" for k, v in sorted(per.items(),
                                                                    key=lambda kv: -kv[1])[:4]),
                      flush=True)
            a = callgrind(kind, test, n1, workdir)
            b = callgrind(kind, test, n2, workdir)
            d = n2 - n1
            cg[(kind, test)] = tuple((y - x) / d for x, y in zip(a, b))
            ins, al, cp = cg[(kind, test)]
            print(f"{kind:14s} {test} P=16 instructions/req {ins:,.0f}  allocations/req "
                  f"{al:.3f}  memcpy+memmove/req {cp:.3f}", flush=True)
    lines = ["| Server | Test | syscalls/req P=1 | syscalls/req P=16 | instructions/req P=16 "
             "| allocations/req | memcpy+memmove/req |", "|---|---|---|---|---|---|---|"]
    for kind in servers:
        for test in tests:
            s1 = sc[(kind, test, 1)]
            s16 = sc[(kind, test, 16)]
            top = lambda s: ", ".join(f"{k} {v:.3f}" for k, v in
                                      sorted(s.items(), key=lambda kv: -kv[1])[:3])
            ins, al, cp = cg[(kind, test)]
            lines.append(f"| {kind} | {test.upper()} | {sum(s1.values()):.3f} ({top(s1)}) | "
                         f"{sum(s16.values()):.3f} ({top(s16)}) | {ins:,.0f} | {al:.3f} | "
                         f"{cp:.3f} |")
    print("\n".join(lines))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
