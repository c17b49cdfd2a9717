#!/usr/bin/python3
"""Memory per idle connection: tessera vs redis-server, in one run.

Starts Debian's redis-server and tessera (--threads 1 unless --threads is given) on free
loopback ports, reads each one's VmRSS, opens N connections to it (default 10000), sends
one PING on each and reads the PONG (so every connection is fully set up on the server
side, its buffers allocated as an idle client's are), waits a moment, reads VmRSS again and
prints (VmRSS after - VmRSS before) / N in bytes, for each server, and tessera's ratio to
redis-server's. While the connections are open, one more client checks that the server
still answers. Then it closes them all and reads VmRSS once more (memory given back).

Needs a descriptor limit above N + 100 for this process (ulimit -n); the servers get
maxclients N + 100.

Examples:
  tools/idle_conns.py
  tools/idle_conns.py --conns 5000 --markdown /tmp/idle.md
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def wait_ready(port, proc, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


def ping(sock):
    sock.sendall(b"PING\r\n")
    data = b""
    while not data.endswith(b"\r\n"):
        chunk = sock.recv(64)
        if not chunk:
            raise RuntimeError("closed")
        data += chunk
    assert data == b"+PONG\r\n", data


def measure(name, cmd, port, n):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, proc)
        time.sleep(0.3)
        before = rss_bytes(proc.pid)
        conns = []
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", port))
            conns.append(s)
        for s in conns:
            ping(s)
        time.sleep(1.0)
        during = rss_bytes(proc.pid)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as probe:
            ping(probe)  # still serving others
        for s in conns:
            s.close()
        time.sleep(1.5)
        after = rss_bytes(proc.pid)
        return {"server": name, "per_conn": (during - before) / n,
                "before": before, "during": during, "after": after}
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conns", type=int, default=10000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tessera-bin", default=os.path.join(ROOT, "build", "tessera"))
    ap.add_argument("--markdown")
    a = ap.parse_args()
    maxc = str(a.conns + 100)
    rows = []
    rp = free_port()
    rows.append(measure("redis-server", ["redis-server", "--port", str(rp), "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no", "--maxclients", maxc],
                        rp, a.conns))
    tp = free_port()
    rows.append(measure("tessera", [a.tessera_bin, "--port", str(tp), "--bind", "127.0.0.1",
                                    "--threads", str(a.threads), "--memcached-port", "0",
                                    "--maxclients", maxc], tp, a.conns))
    base = rows[0]["per_conn"]
    lines = [f"Memory per idle connection, {a.conns} connections (VmRSS delta / connections):", "",
             "| server | bytes per idle connection | ratio to redis | RSS before | RSS with them | RSS after closing |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['server']} | {r['per_conn']:.0f} | {r['per_conn'] / base:.2f} | "
                     f"{r['before'] / 2**20:.1f} MB | {r['during'] / 2**20:.1f} MB | {r['after'] / 2**20:.1f} MB |")
    text = "\n".join(lines)
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
