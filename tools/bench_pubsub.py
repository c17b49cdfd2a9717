#!/usr/bin/python3
"""Pub/Sub fan-out benchmark: tessera vs Debian's redis-server, in one run.

Each server is started pinned to one CPU (taskset -c 0; tessera with --threads 1 unless
--tessera-threads says otherwise). The client, pinned to the other CPU, opens SUBSCRIBERS
connections subscribed to one channel and one publisher connection, then for DURATION
seconds publishes MESSAGE-byte messages in pipelined batches of BATCH PUBLISHes, waiting
after each batch until every subscriber has received all of it (so the run measures
delivery, not queueing). It prints messages delivered per second and the server's CPU time
(utime + stime from /proc/PID/stat, all threads) per delivered message, and tessera's ratios
to redis-server's.

  tools/bench_pubsub.py                                  # 100 subscribers, 16-byte messages
  tools/bench_pubsub.py --subscribers 1000 --batch 20 --repeat 3 --markdown /tmp/ps.md

Everything binds to 127.0.0.1 on free ports; the servers started here are stopped by PID.
"""

import argparse
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TESSERA = os.environ.get("TESSERA_BIN", os.path.join(HERE, "..", "build", "tessera"))
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def command(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def wait_port(port, proc, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited during start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no server on port {port}")


def start(kind, args, workdir):
    port = free_port()
    pin = ["taskset", "-c", str(args.server_cpu)] if args.server_cpu >= 0 else []
    if kind == "redis":
        cmd = pin + [args.redis_bin, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                     "--appendonly", "no", "--dir", workdir,
                     "--client-output-buffer-limit", "pubsub 0 0 0"]
    else:
        cmd = pin + [args.tessera_bin, "--port", str(port), "--bind", "127.0.0.1",
                     "--threads", str(args.tessera_threads), "--memcached-port", "0",
                     "--client-output-buffer-limit", "pubsub 0 0 0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=workdir)
    wait_port(port, proc)
    return proc, port


def read_exact_replies(sock, want):
    """Reads until `want` bytes of replies (":N\\r\\n" each, sizes known by the caller)."""
    got = 0
    while got < want:
        chunk = sock.recv(1 << 20)
        if not chunk:
            raise RuntimeError("publisher connection closed")
        got += len(chunk)


def run_once(port, pid, args):
    channel = b"bench-channel"
    message = b"m" * args.message
    frame = len(command(b"message", channel, message))  # a RESP2 message frame
    subs = []
    for _ in range(args.subscribers):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(command("SUBSCRIBE", channel))
        subs.append(s)
    for s in subs:  # each confirmation: *3 subscribe channel :1
        want = len(command(b"subscribe", channel)) - 2 + len(b":1\r\n") - 1
        data = b""
        while not data.endswith(b":1\r\n"):
            data += s.recv(4096)
        s.setblocking(False)
    pub = socket.create_connection(("127.0.0.1", port))
    pub.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reply_len = len(b":%d\r\n" % args.subscribers)
    batch = command("PUBLISH", channel, message) * args.batch
    pending = {s.fileno(): 0 for s in subs}
    by_fd = {s.fileno(): s for s in subs}
    poller = select.epoll()
    for s in subs:
        poller.register(s.fileno(), select.EPOLLIN)
    delivered = 0
    cpu0 = cpu_seconds(pid)
    t0 = time.monotonic()
    while time.monotonic() - t0 < args.duration:
        pub.sendall(batch)
        read_exact_replies(pub, reply_len * args.batch)
        want = frame * args.batch
        for fd in pending:
            pending[fd] += want
        left = len(pending)
        while left:
            for fd, _ in poller.poll(5):
                if pending[fd] <= 0:
                    continue
                n = len(by_fd[fd].recv(1 << 20))
                if n == 0:
                    raise RuntimeError("a subscriber was disconnected")
                pending[fd] -= n
                if pending[fd] <= 0:
                    left -= 1
        delivered += args.batch * args.subscribers
    elapsed = time.monotonic() - t0
    cpu = cpu_seconds(pid) - cpu0
    poller.close()
    pub.close()
    for s in subs:
        s.close()
    return delivered / elapsed, cpu * 1e6 / delivered


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--subscribers", type=int, default=100)
    ap.add_argument("--message", type=int, default=16, help="message bytes (16)")
    ap.add_argument("--batch", type=int, default=50, help="PUBLISHes per pipelined batch")
    ap.add_argument("--duration", type=float, default=5.0, help="seconds per run")
    ap.add_argument("--repeat", type=int, default=1, help="runs per server (median kept)")
    ap.add_argument("--tessera-bin", default=DEFAULT_TESSERA)
    ap.add_argument("--redis-bin", default="/usr/bin/redis-server")
    ap.add_argument("--tessera-threads", type=int, default=1)
    ap.add_argument("--server-cpu", type=int, default=0)
    ap.add_argument("--client-cpu", type=int, default=1)
    ap.add_argument("--markdown", help="also write the table here")
    args = ap.parse_args(argv)
    if args.client_cpu >= 0:
        os.sched_setaffinity(0, {args.client_cpu})
    if args.server_cpu >= 0 and not shutil.which("taskset"):
        ap.error("taskset not found (use --server-cpu -1)")
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-pubsub-") as workdir:
        for kind in ("redis", "tessera"):
            proc, port = start(kind, args, workdir)
            try:
                runs = sorted(run_once(port, proc.pid, args) for _ in range(args.repeat))
                results[kind] = runs[len(runs) // 2]
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    lines = [
        f"Pub/Sub fan-out: 1 publisher, {args.subscribers} subscribers, {args.message}-byte "
        f"messages, batches of {args.batch}, {args.duration:g} s x {args.repeat} "
        f"(tessera --threads {args.tessera_threads})",
        "",
        "| server | delivered msgs/s | server CPU us / delivered msg | CPU ratio to redis |",
        "|---|---|---|---|",
    ]
    base = results["redis"][1]
    for kind, (rate, cpu) in results.items():
        lines.append(f"| {kind} | {rate:,.0f} | {cpu:.4f} | {cpu / base:.2f} |")
    print("\n".join(lines))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
