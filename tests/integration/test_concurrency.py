"""Many simultaneous connections, each doing its own round trips."""

import threading

from conftest import RawConn, encode_command, wait_until

N_CLIENTS = 200
ROUNDS = 50


def test_200_concurrent_connections(make_server):
    srv = make_server("--threads", "2")
    connected = threading.Barrier(N_CLIENTS + 1, timeout=30)
    go = threading.Barrier(N_CLIENTS + 1, timeout=30)
    errors = []

    def worker(tid):
        conn = None
        try:
            conn = RawConn(srv.port, timeout=20)
            assert conn.call("PING") == "PONG"
            connected.wait()
            go.wait()
            for j in range(ROUNDS):
                key = f"c{tid}:{j}"
                val = f"value-{tid}-{j}-" + "x" * (tid % 17)
                assert conn.call("SET", key, val) == "OK", key
                got = conn.call("GET", key)
                assert got == val.encode(), (key, got)
                n = conn.call("INCR", "shared")
                assert isinstance(n, int) and 1 <= n <= N_CLIENTS * ROUNDS, n
            # a small pipeline per client too
            conn.send(b"".join(encode_command("GET", f"c{tid}:{j}") for j in range(ROUNDS)))
            for j in range(ROUNDS):
                want = f"value-{tid}-{j}-" + "x" * (tid % 17)
                assert conn.read_reply() == want.encode()
            assert conn.call("APPEND", f"own:{tid}", "done") == 4
        except BaseException as e:  # reported by the main thread
            errors.append((tid, repr(e)))
            for b in (connected, go):
                b.abort()
        finally:
            if conn:
                conn.close()

    threads = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(N_CLIENTS)]
    for t in threads:
        t.start()
    with srv.raw() as admin:
        try:
            connected.wait()
        except threading.BrokenBarrierError:
            pass
        assert not errors, errors[:5]
        # every client is connected at once
        clients = admin.call("INFO", "clients").decode()
        assert f"connected_clients:{N_CLIENTS + 1}\r\n" in clients, clients
        go.wait()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads), "some client threads hung"
        assert not errors, errors[:5]
        assert admin.call("GET", "shared") == str(N_CLIENTS * ROUNDS).encode()
        assert admin.call("DBSIZE") == N_CLIENTS * ROUNDS + 1 + N_CLIENTS
        assert admin.call("MGET", "own:0", f"own:{N_CLIENTS - 1}") == [b"done", b"done"]
        # all of them are gone again
        assert wait_until(
            lambda: b"connected_clients:1\r\n" in admin.call("INFO", "clients"), timeout=5
        )
