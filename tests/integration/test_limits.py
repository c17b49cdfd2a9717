"""Connection limits: --maxclients (also via CONFIG SET), --client-output-buffer-limit (slow
readers), --client-query-buffer-limit, --timeout."""

import socket
import time

from conftest import RawConn, encode_command, wait_closed, wait_until

MAXCLIENTS_ERR = b"-ERR max number of clients reached\r\n"


def client_ids(admin):
    listing = admin.call("CLIENT", "LIST").decode()
    return {int(l.split(" ", 1)[0][3:]) for l in listing.split("\n") if l}


def test_maxclients_rejects_the_sixth(make_server):
    srv = make_server("--maxclients", "5")
    conns = []
    try:
        for i in range(5):
            c = RawConn(srv.port, timeout=5)
            conns.append(c)
            assert c.call("PING") == "PONG", i
        sixth = RawConn(srv.port, timeout=5)
        conns.append(sixth)
        data, _ = sixth.read_until_closed(timeout=5)
        assert data == MAXCLIENTS_ERR
        # the five are unaffected
        for c in conns[:5]:
            assert c.call("PING") == "PONG"
        stats = conns[0].call("INFO", "stats").decode()
        assert "rejected_connections:1\r\n" in stats, stats
        clients = conns[0].call("INFO", "clients").decode()
        assert "connected_clients:5\r\n" in clients and "maxclients:5\r\n" in clients
        # a slot frees up when one leaves
        conns[4].close()

        def can_connect():
            c = RawConn(srv.port, timeout=5)
            conns.append(c)
            c.send(encode_command("PING"))
            data = c.read_available(0.3)
            return data == b"+PONG\r\n"

        assert wait_until(can_connect, timeout=5)
    finally:
        for c in conns:
            c.close()


def test_maxclients_changed_at_runtime(make_server):
    srv = make_server()
    conns = []
    try:
        admin = RawConn(srv.port, timeout=5)
        conns.append(admin)
        for _ in range(2):
            c = RawConn(srv.port, timeout=5)
            conns.append(c)
            assert c.call("PING") == "PONG"
        assert admin.call("CONFIG", "SET", "maxclients", "3") == "OK"
        extra = RawConn(srv.port, timeout=5)
        conns.append(extra)
        data, _ = extra.read_until_closed(timeout=5)
        assert data == MAXCLIENTS_ERR
        assert admin.call("CONFIG", "SET", "maxclients", "10") == "OK"
        more = RawConn(srv.port, timeout=5)
        conns.append(more)
        assert more.call("PING") == "PONG"
    finally:
        for c in conns:
            c.close()


def test_slow_reader_is_disconnected(make_server):
    srv = make_server("--client-output-buffer-limit", "1mb")
    admin = RawConn(srv.port, timeout=10)
    slow = RawConn(srv.port, timeout=10)
    try:
        value = b"v" * (100 * 1024)
        assert admin.call("SET", "val", value) == "OK"
        slow_id = slow.call("CLIENT", "ID")
        assert slow_id in client_ids(admin)
        # a normal client reading its replies is fine even above the limit in total
        for _ in range(20):
            assert admin.call("GET", "val") == value
        # the slow client asks for ~200 MB of replies and never reads
        slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # keep our side small
        slow.send(encode_command("GET", "val") * 2000)
        assert wait_until(lambda: slow_id not in client_ids(admin), timeout=10), (
            "slow client still connected"
        )
        # its socket is closed (EOF or reset) without us ever reading the backlog
        assert wait_closed(slow, 10)
        # others are still served
        assert admin.call("GET", "val") == value
        assert admin.call("PING") == "PONG"
        other = RawConn(srv.port, timeout=10)
        assert other.call("STRLEN", "val") == len(value)
        other.close()
    finally:
        admin.close()
        slow.close()


def test_idle_timeout_closes_idle_clients_only(make_server):
    srv = make_server("--timeout", "1")
    idle = RawConn(srv.port, timeout=10)
    busy = RawConn(srv.port, timeout=10)
    try:
        assert idle.call("PING") == "PONG"
        start = time.monotonic()
        closed = False
        while time.monotonic() - start < 5:
            assert busy.call("PING") == "PONG"
            idle.sock.settimeout(0.3)
            try:
                if idle.sock.recv(1) == b"":
                    closed = True
                    break
            except socket.timeout:
                pass
            except ConnectionResetError:
                closed = True
                break
        assert closed, "idle client was not closed by --timeout 1"
        assert time.monotonic() - start >= 0.9
        assert busy.call("PING") == "PONG"
    finally:
        idle.close()
        busy.close()


def test_query_buffer_limit(make_server):
    srv = make_server("--client-query-buffer-limit", "1mb")
    with RawConn(srv.port, timeout=10) as ok, RawConn(srv.port, timeout=10) as bad:
        # under the limit: fine
        assert ok.call("SET", "k", b"x" * 900_000) == "OK"
        # an argument that keeps growing past the limit gets the client closed
        bad.send(b"*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$2000000\r\n")
        try:
            bad.send(b"x" * 1_500_000)
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert wait_closed(bad, 10), "client over client-query-buffer-limit not closed"
        assert ok.call("EXISTS", "q") == 0
        assert ok.call("STRLEN", "k") == 900_000
