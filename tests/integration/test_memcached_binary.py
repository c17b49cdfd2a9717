"""memcached's binary protocol on tessera's memcached port: the same packet sequences sent
to Debian's memcached 1.6 and to tessera, responses compared field by field (CAS uniques
and statistics values differ by nature and are compared as present/absent); memccapable's
full run (ASCII and binary); libmemcached's tools in --binary mode; the keyspace shared with
the text and RESP sides; the memory limit (cache_memlimit, out-of-memory refusals)."""

import os
import shutil
import socket
import struct
import subprocess
import time

import pytest

from conftest import HOST, TesseraServer, free_port

MEMCACHED_BIN = os.environ.get("MEMCACHED_BIN", "/usr/bin/memcached")


@pytest.fixture(scope="module")
def tes(tessera_bin, tmp_path_factory):
    port = free_port()
    srv = TesseraServer(tessera_bin, ["--memcached-port", str(port)],
                        str(tmp_path_factory.mktemp("mcbin")))
    srv.start()
    srv.mc_port = port
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def memcached_port():
    if not shutil.which(MEMCACHED_BIN):
        pytest.skip("memcached is not installed")
    port = free_port()
    cmd = [MEMCACHED_BIN, "-l", HOST, "-p", str(port), "-U", "0", "-t", "1"]
    if os.geteuid() == 0:
        cmd += ["-u", "root"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while True:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            break
        except OSError:
            if time.time() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def pkt(op, key=b"", extras=b"", value=b"", cas=0, opaque=0xDEADBEEF, keylen=None,
        bodylen=None):
    kl = len(key) if keylen is None else keylen
    bl = len(extras) + len(key) + len(value) if bodylen is None else bodylen
    return struct.pack(">BBHBBHIIQ", 0x80, op, kl, len(extras), 0, 0, bl, opaque, cas) + \
        extras + key + value


def decode(data, stats=False):
    """Responses as tuples; CAS as a presence bit; statistics values dropped."""
    out, i = [], 0
    while i + 24 <= len(data):
        magic, op, kl, el, dt, st, bl, opq, cas = struct.unpack(">BBHBBHIIQ", data[i:i + 24])
        body = data[i + 24:i + 24 + bl]
        key, value = body[el:el + kl], body[el + kl:]
        if stats and op == 0x10 and st == 0:
            value = b"?"
        out.append((magic, op, st, body[:el], key, value, opq, cas != 0))
        i += 24 + bl
    if data[i:]:
        out.append(("rest", data[i:]))
    return out


def exchange(port, steps, wait=0.15):
    """Sends each step's packets on one connection and collects what came back for it."""
    s = socket.create_connection((HOST, port), timeout=5)
    results = []
    for label, data in steps:
        s.sendall(data)
        got = b""
        s.settimeout(wait)
        try:
            while True:
                d = s.recv(65536)
                if not d:
                    got += b"<EOF>"
                    break
                got += d
        except socket.timeout:
            pass
        results.append((label, decode(got)))
        if got.endswith(b"<EOF>"):
            break
    s.close()
    return results


EX = struct.pack(">II", 5, 0)


def inc(delta, initial, exp=0):
    return struct.pack(">QQI", delta, initial, exp)


SESSIONS = {
    "storage": [
        ("set", pkt(0x01, b"k1", EX, b"hello")),
        ("get", pkt(0x00, b"k1")),
        ("getk", pkt(0x0C, b"k1")),
        ("get miss", pkt(0x00, b"nokey")),
        ("getk miss", pkt(0x0C, b"nokey")),
        ("getq/getkq miss", pkt(0x09, b"nokey") + pkt(0x0D, b"nokey") + pkt(0x0A)),
        ("getq hit", pkt(0x09, b"k1")),
        ("add exists", pkt(0x02, b"k1", EX, b"x")),
        ("addq exists", pkt(0x12, b"k1", EX, b"x")),
        ("replace miss", pkt(0x03, b"nokey", EX, b"x")),
        ("replaceq hit", pkt(0x13, b"k1", EX, b"world") + pkt(0x00, b"k1")),
        ("set bad cas", pkt(0x01, b"k1", EX, b"x", cas=12345)),
        ("set cas miss", pkt(0x01, b"nokey", EX, b"x", cas=12345)),
        ("add cas miss", pkt(0x02, b"nokey2", EX, b"x", cas=12345)),
        ("append miss", pkt(0x0E, b"nokey", b"", b"zz")),
        ("append bad cas", pkt(0x0E, b"k1", b"", b"zz", cas=5)),
        ("append", pkt(0x0E, b"k1", b"", b"zz") + pkt(0x0F, b"k1", b"", b"<<") +
         pkt(0x19, b"k1", b"", b"!") + pkt(0x00, b"k1")),
        ("delete miss", pkt(0x04, b"nokey")),
        ("deleteq miss", pkt(0x14, b"nokey")),
        ("delete bad cas", pkt(0x04, b"k1", cas=999)),
        ("delete", pkt(0x04, b"k1") + pkt(0x00, b"k1")),
        ("space in key", pkt(0x01, b"sp ace", EX, b"v") + pkt(0x0C, b"sp ace")),
        ("pipeline", pkt(0x01, b"z", EX, b"abc") + pkt(0x11, b"z2", EX, b"abc") +
         pkt(0x0D, b"z") + pkt(0x0D, b"zz") + pkt(0x0D, b"z2") + pkt(0x0A)),
        ("set too large", pkt(0x01, b"z", EX, b"x" * (1024 * 1024))),
        ("old value gone", pkt(0x00, b"z")),
        ("setq too large", pkt(0x11, b"big", EX, b"x" * (1024 * 1024))),
        ("in sync", pkt(0x0A)),
        ("almost too large", pkt(0x01, b"big", EX, b"x" * (1024 * 1024 - 100))),
        ("append past the limit", pkt(0x0E, b"big", b"", b"x" * 200)),
    ],
    "touch": [
        ("set", pkt(0x01, b"k1", EX, b"v")),
        ("touch", pkt(0x1C, b"k1", struct.pack(">I", 100))),
        ("touch miss", pkt(0x1C, b"nokey", struct.pack(">I", 100))),
        ("gat", pkt(0x1D, b"k1", struct.pack(">I", 100))),
        ("gatk miss", pkt(0x23, b"nokey", struct.pack(">I", 100))),
        ("gatq miss", pkt(0x1E, b"nokey", struct.pack(">I", 100)) + pkt(0x0A)),
        ("gatq/gatkq hit", pkt(0x1E, b"k1", struct.pack(">I", 100)) +
         pkt(0x24, b"k1", struct.pack(">I", 100))),
        ("gat expires", pkt(0x1D, b"k1", struct.pack(">i", -1)) + pkt(0x00, b"k1")),
    ],
    "arith": [
        ("incr creates", pkt(0x05, b"cnt", inc(5, 10))),
        ("incr", pkt(0x05, b"cnt", inc(5, 10))),
        ("decr stops at 0", pkt(0x06, b"cnt", inc(100, 10))),
        ("no create", pkt(0x05, b"cnt2", inc(5, 10, 0xFFFFFFFF))),
        ("non-numeric", pkt(0x01, b"s", EX, b"abc") + pkt(0x05, b"s", inc(1, 0))),
        ("bad cas", pkt(0x05, b"cnt", inc(1, 0), cas=77)),
        ("incrq", pkt(0x15, b"cnt", inc(1, 0)) + pkt(0x00, b"cnt")),
        ("wraps", pkt(0x01, b"n", EX, b"18446744073709551615") + pkt(0x05, b"n", inc(2, 0))),
        ("shorter result is padded", pkt(0x01, b"p", EX, b"100") + pkt(0x06, b"p", inc(95, 0)) +
         pkt(0x00, b"p")),
        ("far exptime", pkt(0x05, b"e", inc(2, 10, 0xFFFFFFFE)) + pkt(0x00, b"e")),
    ],
    "misc": [
        ("noop", pkt(0x0A)),
        ("version", pkt(0x0B)),
        ("unknown without body", pkt(0x55) + pkt(0x0A)),
        ("sasl list mechs", pkt(0x20) + pkt(0x0A)),
        ("stat unknown group", pkt(0x10, b"bogus")),
        ("stat reset", pkt(0x10, b"reset")),
        ("flush", pkt(0x01, b"f", EX, b"v") + pkt(0x08, b"", struct.pack(">I", 0)) +
         pkt(0x00, b"f")),
        ("flushq", pkt(0x18) + pkt(0x0A)),
        ("quit", pkt(0x07) + pkt(0x0A)),
    ],
    "quitq": [("quitq", pkt(0x17) + pkt(0x0A))],
    "version with a key": [("bad", pkt(0x0B, b"x"))],
    "noop with a body": [("bad", pkt(0x0A, bodylen=3) + b"abc")],
    "key too long": [("bad", pkt(0x00, b"k" * 251))],
    "key of 250": [("ok", pkt(0x00, b"k" * 250))],
    "empty key": [("bad", pkt(0x00, b""))],
    "set with short extras": [("bad", pkt(0x01, b"k1", b"\0" * 4, b"v"))],
    "incr with short extras": [("bad", pkt(0x05, b"k1", b"\0" * 8))],
    "wrong magic later": [("noop", pkt(0x0A)), ("bad", b"\x81" + b"\0" * 23)],
}


@pytest.mark.parametrize("name", list(SESSIONS))
def test_binary_matches_memcached(name, tes, memcached_port):
    # Both servers start each session empty.
    for port in (memcached_port, tes.mc_port):
        exchange(port, [("flush", pkt(0x08))])
    want = exchange(memcached_port, SESSIONS[name])
    got = exchange(tes.mc_port, SESSIONS[name])
    assert got == want


def test_stats_packets(tes):
    s = socket.create_connection((HOST, tes.mc_port), timeout=5)
    s.sendall(pkt(0x10))
    data = b""
    while not data.endswith(struct.pack(">BBHBBHIIQ", 0x81, 0x10, 0, 0, 0, 0, 0,
                                        0xDEADBEEF, 0)):
        d = s.recv(65536)
        assert d
        data += d
    stats = {k: v for _, _, st, _, k, v, _, _ in decode(data) if k}
    assert stats[b"version"] == b"1.6.18"
    assert int(stats[b"curr_connections"]) >= 1
    assert b"cmd_get" in stats and b"get_hits" in stats
    s.close()


def test_binary_and_text_and_resp_share_items(tes):
    c = socket.create_connection((HOST, tes.mc_port), timeout=5)
    c.sendall(pkt(0x01, b"shared", struct.pack(">II", 42, 0), b"from-binary"))
    assert decode(c.recv(4096))[0][2] == 0
    t = socket.create_connection((HOST, tes.mc_port), timeout=5)
    t.sendall(b"get shared\r\n")
    assert t.recv(4096) == b"VALUE shared 42 11\r\nfrom-binary\r\nEND\r\n"
    r = tes.client()
    assert r.get("shared") == b"from-binary"
    r.set("shared", "from-resp")
    c.sendall(pkt(0x00, b"shared"))
    (resp,) = decode(c.recv(4096))
    assert resp[2] == 0 and resp[3] == b"\0\0\0\0" and resp[5] == b"from-resp"
    for s in (c, t):
        s.close()
    r.close()


def _tool(name):
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed")
    return path


def test_memccapable_full(tes):
    out = subprocess.run([_tool("memccapable"), "-h", HOST, "-p", str(tes.mc_port), "-t", "5"],
                         timeout=180, capture_output=True, text=True)
    assert out.returncode == 0 and "[FAIL]" not in out.stdout, out.stdout + out.stderr
    assert "binary stat" in out.stdout and "[pass]" in out.stdout


def test_libmemcached_tools_binary(tes, tmp_path):
    server = f"--servers={HOST}:{tes.mc_port}"
    f = tmp_path / "bin.txt"
    f.write_bytes(b"binary tools\n")
    subprocess.run([_tool("memccp"), "--binary", server, str(f)], check=True, timeout=30,
                   cwd=tmp_path)
    out = subprocess.run([_tool("memccat"), "--binary", server, "bin.txt"], check=True,
                         timeout=30, capture_output=True)
    assert out.stdout.startswith(b"binary tools\n")  # memccat adds a newline
    subprocess.run([_tool("memcrm"), "--binary", server, "bin.txt"], check=True, timeout=30)
    out = subprocess.run([_tool("memccat"), "--binary", server, "bin.txt"], timeout=30,
                         capture_output=True)
    assert out.returncode != 0
    out = subprocess.run([_tool("memcslap"), "--binary", server, "--concurrency=2",
                          "--execute-number=500"], timeout=120, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_memory_limit(tes):
    t = socket.create_connection((HOST, tes.mc_port), timeout=5)
    t.sendall(b"cache_memlimit 7\r\n")
    assert t.recv(4096) == b"MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m\r\n"
    r = tes.client()
    try:
        r.config_set("maxmemory", "1")  # far below what the server uses
        t.sendall(b"set a 0 0 1\r\nx\r\n")
        assert t.recv(4096) == b"SERVER_ERROR out of memory storing object\r\n"
        c = socket.create_connection((HOST, tes.mc_port), timeout=5)
        c.sendall(pkt(0x01, b"a", EX, b"x"))
        (resp,) = decode(c.recv(4096))
        assert resp[2] == 0x82 and resp[5] == b"Out of memory"
        c.close()
        t.sendall(b"cache_memlimit 100\r\n")
        assert t.recv(4096) == b"OK\r\n"
        assert r.config_get("maxmemory")["maxmemory"] == str(100 * 1024 * 1024)
        t.sendall(b"set a 0 0 1\r\nx\r\n")
        assert t.recv(4096) == b"STORED\r\n"
    finally:
        r.config_set("maxmemory", "0")
        r.close()
        t.close()
