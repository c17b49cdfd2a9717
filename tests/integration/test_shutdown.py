"""SIGTERM / SIGINT while clients are connected: the process exits 0 promptly."""

import os
import signal
import threading
import time

from conftest import RawConn, encode_command, port_accepts


def test_sigterm_with_connected_clients_exits_zero(make_server):
    srv = make_server()
    conns = []
    try:
        # idle clients
        for _ in range(10):
            c = RawConn(srv.port, timeout=10)
            assert c.call("PING") == "PONG"
            conns.append(c)
        # a client in the middle of a command
        partial = RawConn(srv.port, timeout=10)
        partial.send(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nonly-part")
        conns.append(partial)
        # a RESP3 client with a name, in another db
        r3 = RawConn(srv.port, timeout=10)
        assert r3.call("HELLO", "3", "SETNAME", "r3")[b"proto"] == 3
        assert r3.call("SELECT", "2") == "OK"
        conns.append(r3)
        # a client with a lot of unread output
        big = RawConn(srv.port, timeout=10)
        assert big.call("SET", "big", b"x" * (8 << 20)) == "OK"
        big.send(encode_command("GET", "big") * 4)
        conns.append(big)
        time.sleep(0.2)

        t0 = time.monotonic()
        rc = srv.stop()  # SIGTERM by PID, waits, asserts exit status 0
        assert rc == 0
        assert time.monotonic() - t0 < 10
        assert not port_accepts(srv.port)
        # every client sees its connection end
        for c in conns[:10] + [partial, r3]:
            data, how = c.read_until_closed(timeout=5)
            assert data == b"", data
    finally:
        for c in conns:
            c.close()


def test_sigint_exits_zero(make_server):
    srv = make_server()
    with RawConn(srv.port, timeout=10) as c:
        assert c.call("SET", "a", "1") == "OK"
        os.kill(srv.pid, signal.SIGINT)
        srv.proc.wait(timeout=10)
        assert srv.proc.returncode == 0
        c.read_until_closed(timeout=5)


def test_sigterm_under_load_exits_zero(make_server):
    srv = make_server()
    stopping = threading.Event()
    errors = []
    conns = [RawConn(srv.port, timeout=10) for _ in range(8)]

    def hammer(c):
        try:
            while not stopping.is_set():
                c.send(encode_command("INCR", "n") * 50)
                for _ in range(50):
                    v = c.read_reply()
                    if not isinstance(v, int):
                        errors.append(v)
                        return
        except Exception as e:  # the server going away is expected once stopping
            if not stopping.is_set():
                errors.append(repr(e))

    threads = [threading.Thread(target=hammer, args=(c,), daemon=True) for c in conns]
    try:
        for t in threads:
            t.start()
        time.sleep(0.5)
        with RawConn(srv.port, timeout=10) as c:
            assert int(c.call("GET", "n")) > 0
        stopping.set()
        rc = srv.stop()
        for t in threads:
            t.join(timeout=15)
        assert rc == 0
        assert not any(t.is_alive() for t in threads)
        assert not errors, errors[:5]
    finally:
        for c in conns:
            c.close()
