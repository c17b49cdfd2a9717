"""CLIENT PAUSE/UNPAUSE over real sockets."""

import time

from conftest import RawConn


def test_pause_write_holds_writes_not_reads(make_server):
    srv = make_server("--threads", "2")
    admin = RawConn(srv.port)
    w = RawConn(srv.port)
    rd = RawConn(srv.port)
    assert w.call("SET", "p", "1") == "OK"
    assert admin.call("CLIENT", "PAUSE", "400", "WRITE") == "OK"
    t0 = time.monotonic()
    assert rd.call("GET", "p") == b"1"  # reads go on
    assert time.monotonic() - t0 < 0.3
    t0 = time.monotonic()
    assert w.call("INCR", "p") == 2      # held until the pause ends
    waited = time.monotonic() - t0
    assert 0.25 <= waited < 3.0, waited


def test_pause_all_and_unpause(make_server):
    srv = make_server("--threads", "2")
    admin = RawConn(srv.port)
    c = RawConn(srv.port)
    assert admin.call("CLIENT", "PAUSE", "10000", "ALL") == "OK"
    c.send(b"*1\r\n$4\r\nPING\r\n")
    time.sleep(0.3)
    c.sock.settimeout(0.2)
    try:
        data = c.sock.recv(100)
    except OSError:
        data = b""
    assert data == b""  # nothing answered while paused
    c.sock.settimeout(10)
    t0 = time.monotonic()
    assert admin.call("CLIENT", "UNPAUSE") == "OK"
    assert c.read_reply() == "PONG"
    assert time.monotonic() - t0 < 1.0
    assert admin.call("CLIENT", "PAUSE", "-1") == "ERR timeout is negative"
    assert admin.call("CLIENT", "PAUSE", "10", "BOGUS") == "ERR CLIENT PAUSE mode must be WRITE or ALL"
    assert admin.call("CLIENT", "PAUSE", "x") == "ERR timeout is not an integer or out of range"
