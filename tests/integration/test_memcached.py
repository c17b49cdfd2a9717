"""The memcached front end against real clients: pymemcache, raw text-protocol sockets and
Debian's libmemcached tools (memccp, memccat, memcrm, memcstat, memcflush, memccapable),
and the keyspace it shares with RESP clients (values, flags, CAS across the two sides).
Byte-exact replies against Debian's memcached are compared by
test_memcached_differential.py."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from pymemcache.client.base import Client

from conftest import HOST, TesseraServer, free_port


@pytest.fixture(scope="module")
def mc_server(tessera_bin, tmp_path_factory):
    port = free_port()
    srv = TesseraServer(tessera_bin, ["--memcached-port", str(port)],
                        str(tmp_path_factory.mktemp("mc")))
    srv.start()
    srv.mc_port = port
    yield srv
    srv.stop()


@pytest.fixture
def mc(mc_server):
    c = Client((HOST, mc_server.mc_port), default_noreply=False, timeout=10,
               connect_timeout=10)
    c.flush_all()
    yield c
    c.close()


@pytest.fixture
def r(mc_server):
    c = mc_server.client()
    yield c
    c.close()


class McConn:
    """A raw text-protocol connection: exact bytes in, exact bytes out."""

    def __init__(self, port, timeout=10.0):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def read_until(self, terminator):
        while terminator not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"closed; have {self.buf[:200]!r}")
            self.buf += chunk
        i = self.buf.index(terminator) + len(terminator)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def line(self):
        return self.read_until(b"\r\n")

    def closed(self, timeout=5.0):
        """True when the server closes the connection (EOF) within timeout."""
        self.sock.settimeout(timeout)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
                self.buf += chunk
        except (socket.timeout, ConnectionResetError):
            return False

    def close(self):
        self.sock.close()


@pytest.fixture
def raw_mc(mc_server):
    conns = []

    def new():
        c = McConn(mc_server.mc_port)
        conns.append(c)
        return c

    yield new
    for c in conns:
        c.close()


# ---------------------------------------------------------------------------------------
# pymemcache


def test_storage_commands(mc):
    assert mc.set("k", b"v1", flags=7) is True
    assert mc.get("k") == b"v1"
    assert mc.add("k", b"x") is False
    assert mc.add("k2", b"x") is True
    assert mc.replace("nokey", b"x") is False
    assert mc.replace("k", b"v2") is True
    assert mc.append("k", b"-end") is True
    assert mc.prepend("k", b"start-") is True
    assert mc.get("k") == b"start-v2-end"
    assert mc.append("nokey", b"x") is False
    assert mc.get_many(["k", "nokey", "k2"]) == {"k": b"start-v2-end", "k2": b"x"}
    assert mc.delete("k") is True
    assert mc.delete("k") is False
    assert mc.get("k") is None


def test_flags_travel_with_the_item(raw_mc):
    c = raw_mc()
    c.send(b"set f 4294967295 0 2\r\nhi\r\nget f\r\n")
    assert c.line() == b"STORED\r\n"
    assert c.read_until(b"END\r\n") == b"VALUE f 4294967295 2\r\nhi\r\nEND\r\n"
    c.send(b"append f 0 0 1\r\n!\r\nget f\r\n")  # append keeps the flags
    assert c.line() == b"STORED\r\n"
    assert c.read_until(b"END\r\n") == b"VALUE f 4294967295 3\r\nhi!\r\nEND\r\n"


def test_cas(mc):
    mc.set("c", b"1")
    value, cas = mc.gets("c")
    assert value == b"1" and int(cas) > 0
    assert mc.cas("c", b"2", cas) is True
    assert mc.cas("c", b"3", cas) is False  # the unique changed with the write
    assert mc.get("c") == b"2"
    assert mc.cas("nokey", b"x", cas) is None  # NOT_FOUND
    _, cas2 = mc.gets("c")
    assert cas2 != cas


def test_incr_decr(mc, raw_mc):
    assert mc.incr("n", 1) is None
    mc.set("n", b"10")
    assert mc.incr("n", 5) == 15
    assert mc.decr("n", 100) == 0  # decr stops at 0
    mc.set("n", b"18446744073709551615")
    assert mc.incr("n", 2) == 1  # incr wraps at 2^64
    mc.set("n", b"100")
    assert mc.decr("n", 1) == 99
    assert mc.get("n") == b"99 "  # memcached keeps the length, padded with a space
    c = raw_mc()
    c.send(b"set s 0 0 3\r\nabc\r\nincr s 1\r\nincr s x\r\n")
    assert c.line() == b"STORED\r\n"
    assert c.line() == b"CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
    assert c.line() == b"CLIENT_ERROR invalid numeric delta argument\r\n"


def test_touch_and_expiry(mc, raw_mc):
    mc.set("e", b"v", expire=1)
    mc.set("keep", b"v", expire=1)
    assert mc.touch("keep", 100) is True
    assert mc.touch("nokey", 100) is False
    time.sleep(1.3)
    assert mc.get("e") is None
    assert mc.get("keep") == b"v"
    c = raw_mc()
    c.send(b"set neg 0 -1 1\r\nx\r\nget neg\r\n")  # negative exptime: already expired
    assert c.line() == b"STORED\r\n"
    assert c.line() == b"END\r\n"
    c.send(b"set old 0 1000000000 1\r\nx\r\nget old\r\n")  # absolute time in the past
    assert c.line() == b"STORED\r\n"
    assert c.line() == b"END\r\n"
    c.send(b"set g 0 0 1\r\nx\r\ngat 1 g\r\n")
    assert c.line() == b"STORED\r\n"
    assert c.read_until(b"END\r\n") == b"VALUE g 0 1\r\nx\r\nEND\r\n"
    time.sleep(1.3)
    c.send(b"get g\r\n")
    assert c.line() == b"END\r\n"


def test_flush_all_with_delay(mc):
    mc.set("a", b"1")
    assert mc.flush_all(delay=2) is True
    assert mc.get("a") == b"1"
    time.sleep(2.6)
    assert mc.get("a") is None
    mc.set("b", b"1")
    mc.flush_all()
    assert mc.get("b") is None


def test_stats_move(mc):
    before = mc.stats()
    mc.set("s1", b"x")
    mc.get("s1")
    mc.get("nokey")
    after = mc.stats()
    assert after[b"cmd_set"] == before[b"cmd_set"] + 1
    assert after[b"get_hits"] == before[b"get_hits"] + 1
    assert after[b"get_misses"] == before[b"get_misses"] + 1
    assert after[b"curr_items"] >= 1
    assert after[b"pid"] > 0 and after[b"version"] == b"1.6.18"
    assert mc.stats("settings")[b"item_size_max"] == 1024 * 1024


# ---------------------------------------------------------------------------------------
# One keyspace with the RESP side


def test_values_cross_protocols(mc, r):
    mc.set("shared", b"from-memcached")
    assert r.get("shared") == b"from-memcached"
    r.set("shared", "from-redis")
    assert mc.get("shared") == b"from-redis"
    r.set("num", 41)
    assert mc.incr("num", 1) == 42
    assert r.get("num") == b"42"
    mc.set("big", b"x" * 100000)
    assert r.strlen("big") == 100000


def test_resp_write_invalidates_cas(mc, r):
    mc.set("c1", b"a")
    _, cas = mc.gets("c1")
    r.set("c1", "b")  # a RESP write: flags 0 and a CAS no client holds
    assert mc.cas("c1", b"z", cas) is False
    assert mc.get("c1") == b"b"
    # A RESP-written item gets a CAS at its first gets, and it works.
    r.set("c2", "q")
    _, cas = mc.gets("c2")
    assert mc.cas("c2", b"w", cas) is True
    assert r.get("c2") == b"w"
    # In-place RESP changes of an item change its CAS too.
    mc.set("c3", b"5")
    _, cas = mc.gets("c3")
    r.incr("c3")
    assert mc.cas("c3", b"w", cas) is False
    mc.set("c4", b"abc")
    _, cas = mc.gets("c4")
    r.append("c4", "d")
    assert mc.cas("c4", b"w", cas) is False
    assert mc.get("c4") == b"abcd"


def test_other_types_through_memcached(mc, r):
    r.rpush("lst", "a")
    assert mc.get("lst") is None  # not a string: a miss
    assert mc.add("lst", b"x") is False  # but the key is taken
    assert mc.set("lst", b"y") is True  # set overwrites, as SET does
    assert r.type("lst") == b"string"
    r.sadd("st", "m")
    assert mc.delete("st") is True
    assert r.exists("st") == 0


# ---------------------------------------------------------------------------------------
# Framing, limits and errors on raw sockets


def test_split_input_byte_by_byte(raw_mc):
    c = raw_mc()
    for b in b"set split 0 0 5\r\nhello\r\nget split\r\n":
        c.send(bytes([b]))
        time.sleep(0.001)
    assert c.line() == b"STORED\r\n"
    assert c.read_until(b"END\r\n") == b"VALUE split 0 5\r\nhello\r\nEND\r\n"


def test_pipelined_requests_answer_in_order(raw_mc):
    c = raw_mc()
    req = b"".join(b"set p%d 0 0 %d\r\n%d\r\n" % (i, len(str(i)), i) for i in range(200))
    req += b"get " + b" ".join(b"p%d" % i for i in range(200)) + b"\r\n"
    c.send(req)
    for _ in range(200):
        assert c.line() == b"STORED\r\n"
    out = c.read_until(b"END\r\n")
    expected = b"".join(b"VALUE p%d 0 %d\r\n%d\r\n" % (i, len(str(i)), i) for i in range(200))
    assert out == expected + b"END\r\n"


def test_too_large_value_is_swallowed(raw_mc):
    c = raw_mc()
    n = 2 * 1024 * 1024
    c.send(b"set big 0 0 %d\r\n" % n)
    c.send(b"x" * n + b"\r\n")
    c.send(b"get big\r\nversion\r\n")
    assert c.line() == b"SERVER_ERROR object too large for cache\r\n"
    assert c.line() == b"END\r\n"  # the data did not run as commands
    assert c.line().startswith(b"VERSION ")
    # memcached's limit counts the item's header and key: 1 MB less 59 bytes and the key.
    ok = 1024 * 1024 - 59 - 2
    c.send(b"set kk 0 0 %d\r\n" % ok + b"y" * ok + b"\r\n")
    assert c.line() == b"STORED\r\n"
    c.send(b"set kk 0 0 %d\r\n" % (ok + 1) + b"y" * (ok + 1) + b"\r\n")
    assert c.line() == b"SERVER_ERROR object too large for cache\r\n"


def test_max_item_size_setting(make_server):
    port = free_port()
    srv = make_server("--memcached-port", str(port), "--max-item-size", "4mb")
    c = McConn(port)
    try:
        n = 3 * 1024 * 1024
        c.send(b"set big 0 0 %d\r\n" % n + b"z" * n + b"\r\n")
        assert c.line() == b"STORED\r\n"
        assert srv.client().strlen("big") == n
    finally:
        c.close()


def test_bad_lines(raw_mc):
    c = raw_mc()
    c.send(b"bogus\r\n")
    assert c.line() == b"ERROR\r\n"
    c.send(b"set k 0 0 3\r\nabcde\r\n")  # data longer than announced
    assert c.line() == b"CLIENT_ERROR bad data chunk\r\n"
    assert c.line() == b"ERROR\r\n"  # the rest of the line is read as a command
    c.send(b"set k x 0 1\r\n")
    assert c.line() == b"CLIENT_ERROR bad command line format\r\n"
    c.send(b"get " + b"k" * 251 + b"\r\n")
    assert c.line() == b"CLIENT_ERROR bad command line format\r\n"
    c.send(b"delete k 5\r\n")
    assert c.line() == b"CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"
    c.send(b"set ok 0 0 1 noreply\r\na\r\nget ok\r\n")  # noreply: no STORED
    assert c.read_until(b"END\r\n") == b"VALUE ok 0 1\r\na\r\nEND\r\n"


def test_long_line_closes_but_others_keep_serving(raw_mc):
    bad = raw_mc()
    good = raw_mc()
    bad.send(b"x" * 5000)
    assert bad.closed()
    good.send(b"version\r\n")
    assert good.line().startswith(b"VERSION ")
    # A long multi-key get is fine.
    good.send(b"get " + b" ".join(b"k%d" % i for i in range(2000)) + b"\r\n")
    assert good.line() == b"END\r\n"


def test_quit_closes(raw_mc):
    c = raw_mc()
    c.send(b"set q 0 0 1\r\nx\r\nquit\r\n")
    assert c.line() == b"STORED\r\n"
    assert c.closed()


# ---------------------------------------------------------------------------------------
# libmemcached's tools


def _tool(name):
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} not installed (scripts/deps.sh installs libmemcached-tools)")
    return path


def test_libmemcached_tools(mc_server, mc, tmp_path):
    server = f"--servers={HOST}:{mc_server.mc_port}"
    f = tmp_path / "file.txt"
    f.write_bytes(b"contents of a file\n")
    subprocess.run([_tool("memccp"), server, str(f)], check=True, timeout=30)
    assert mc.get("file.txt") == b"contents of a file\n"
    out = subprocess.run([_tool("memccat"), server, "file.txt"], check=True, timeout=30,
                         capture_output=True).stdout
    assert out == b"contents of a file\n\n"  # memccat ends each value with a newline
    stat = subprocess.run([_tool("memcstat"), server], check=True, timeout=30,
                          capture_output=True, text=True).stdout
    assert "curr_items" in stat and "pid" in stat
    subprocess.run([_tool("memcrm"), server, "file.txt"], check=True, timeout=30)
    assert mc.get("file.txt") is None
    mc.set("x", b"1")
    subprocess.run([_tool("memcflush"), server], check=True, timeout=30)
    assert mc.get("x") is None


def test_memccapable_ascii(mc_server):
    out = subprocess.run([_tool("memccapable"), "-a", "-h", HOST, "-p", str(mc_server.mc_port),
                          "-t", "5"], timeout=120, capture_output=True, text=True)
    assert out.returncode == 0 and "[FAIL]" not in out.stdout, out.stdout + out.stderr


# ---------------------------------------------------------------------------------------
# The meta protocol


def test_meta_set_get_delete(raw_mc):
    c = raw_mc()
    c.send(b"ms mk 2 T90 F5 O7 k\r\nhi\r\n")
    assert c.line() == b"HD O7 kmk\r\n"
    c.send(b"mg mk v f t s k O1\r\n")
    assert c.read_until(b"hi\r\n") == b"VA 2 f5 t90 s2 kmk O1\r\nhi\r\n"
    c.send(b"mg mk h\r\nmg mk h\r\n")  # h: fetched before this request
    assert c.line() == b"HD h1\r\n"
    assert c.line() == b"HD h1\r\n"
    c.send(b"md mk q\r\nmg mk q v\r\nmg mk k Oz\r\nmn\r\n")  # q hides HD and EN
    assert c.line() == b"EN kmk Oz\r\n"
    assert c.line() == b"MN\r\n"


def test_meta_cas_modes_and_arithmetic(raw_mc):
    c = raw_mc()
    c.send(b"ms m 1 c\r\na\r\n")
    cas = int(c.line().split()[1][1:])
    c.send(b"ms m 1 C%d\r\nb\r\nms m 1 C%d\r\nc\r\n" % (cas, cas))
    assert c.line() == b"HD\r\n"
    assert c.line() == b"EX\r\n"  # the CAS moved with the first write
    c.send(b"ms m 1 ME\r\nx\r\nms m 1 MA\r\nz\r\nms none 1 MR\r\nx\r\nmg m v\r\n")
    assert c.line() == b"NS\r\n"
    assert c.line() == b"HD\r\n"
    assert c.line() == b"NS\r\n"
    assert c.read_until(b"bz\r\n") == b"VA 2\r\nbz\r\n"
    c.send(b"ma cnt\r\nma cnt N0 J10 v\r\nma cnt D5 v\r\nma cnt MD D100 v\r\n")
    assert c.line() == b"NF\r\n"
    assert c.read_until(b"10\r\n") == b"VA 2\r\n10\r\n"
    assert c.read_until(b"15\r\n") == b"VA 2\r\n15\r\n"
    assert c.read_until(b"0\r\n") == b"VA 1\r\n0\r\n"  # the number; the value keeps 2 bytes
    c.send(b"ma m v\r\n")
    assert c.line() == b"CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"


def test_meta_stale_and_recache_win(raw_mc):
    c = raw_mc()
    c.send(b"mg lazy N30 v t\r\nmg lazy N30 v\r\n")  # a miss vivifies: one client wins
    assert c.read_until(b"\r\n\r\n") == b"VA 0 t30 W\r\n\r\n"
    assert c.read_until(b"\r\n\r\n") == b"VA 0 Z\r\n\r\n"
    c.send(b"ms s 1\r\nv\r\nmd s I T30\r\nmg s v\r\nmg s v\r\n")
    assert c.line() == b"HD\r\n"
    assert c.line() == b"HD\r\n"
    assert c.read_until(b"v\r\n") == b"VA 1 X W\r\nv\r\n"  # stale: the first reader wins
    assert c.read_until(b"v\r\n") == b"VA 1 Z X\r\nv\r\n"


def test_meta_base64_keys_and_errors(raw_mc):
    c = raw_mc()
    c.send(b"ms Zm9v 2 b k\r\nhi\r\nmg foo k v\r\n")  # base64 of "foo"
    assert c.line() == b"HD kZm9v b\r\n"
    assert c.read_until(b"hi\r\n") == b"VA 2 kZm9v b\r\nhi\r\n"
    c.send(b"mg !!! b\r\nmg foo x\r\nmg foo v v\r\nmd foo x\r\nms foo 1 MZ\r\nq\r\n")
    assert c.line() == b"CLIENT_ERROR error decoding key\r\n"
    assert c.line() == b"CLIENT_ERROR invalid flag\r\n"
    assert c.line() == b"CLIENT_ERROR duplicate flag\r\n"
    assert c.line() == b"CLIENT_ERROR invalid or duplicate flag\r\n"
    assert c.line() == b"CLIENT_ERROR invalid mode for ms M token\r\n"
    c.send(b"mg foo O" + b"x" * 33 + b"\r\nmn\r\n")
    assert c.line() == b"CLIENT_ERROR opaque token too long\r\n"
    assert c.line() == b"MN\r\n"
