"""Many simultaneous connections, and multi-key atomicity across the worker threads."""

import threading
import time

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


def test_multi_key_commands_are_atomic_across_threads(make_server):
    """MSET is seen all-or-nothing by MGET, MSETNX has one winner, RENAME never shows the
    key twice or not at all -- as with Redis's single thread, on a multi-threaded server."""
    srv = make_server("--threads", "2")
    keys = [f"atom:{i}" for i in range(16)]  # spread over many shards
    stop = threading.Event()
    errors = []

    def writer(tid):
        with RawConn(srv.port, timeout=20) as c:
            i = 0
            while not stop.is_set():
                v = f"{tid}-{i}"
                args = []
                for k in keys:
                    args += [k, v]
                if c.call("MSET", *args) != "OK":
                    errors.append("MSET failed")
                    return
                i += 1

    def reader():
        with RawConn(srv.port, timeout=20) as c:
            while not stop.is_set():
                vals = c.call("MGET", *keys)
                if len(set(vals)) != 1:
                    errors.append(f"torn MGET: {sorted(set(map(repr, vals)))[:4]}")
                    return
                n = c.call("EXISTS", *keys)
                if n not in (0, len(keys)):
                    errors.append(f"EXISTS saw {n} of {len(keys)}")
                    return

    def renamer(src, dst):
        with RawConn(srv.port, timeout=20) as c:
            while not stop.is_set():
                reply = c.call("RENAME", src, dst)
                if reply not in ("OK", "ERR no such key"):
                    errors.append(f"RENAME: {reply!r}")
                    return
                src, dst = dst, src

    def rename_watcher():
        with RawConn(srv.port, timeout=20) as c:
            while not stop.is_set():
                n = c.call("EXISTS", "ren:a", "ren:b")
                if n != 1:
                    errors.append(f"EXISTS ren:a ren:b == {n} during RENAMEs")
                    return

    with RawConn(srv.port) as admin:
        assert admin.call("SET", "ren:a", "payload") == "OK"
        threads = [threading.Thread(target=writer, args=(t,)) for t in range(3)]
        threads += [threading.Thread(target=reader) for _ in range(3)]
        threads += [threading.Thread(target=renamer, args=("ren:a", "ren:b")) for _ in range(2)]
        threads += [threading.Thread(target=rename_watcher)]
        for t in threads:
            t.daemon = True
            t.start()
        time.sleep(2.0)
        stop.set()
        for t in threads:
            t.join(timeout=20)
        assert not any(t.is_alive() for t in threads)
        assert not errors, errors[:5]
        vals = admin.call("MGET", *keys)
        assert len(set(vals)) == 1 and vals[0] is not None
        assert admin.call("MGET", "ren:a", "ren:b") in ([b"payload", None], [None, b"payload"])

        # MSETNX races: exactly one winner per round, and the winner's values are complete
        for rnd in range(20):
            ks = [f"nx:{rnd}:{i}" for i in range(8)]
            wins = []
            barrier = threading.Barrier(10, timeout=20)

            def racer(tid):
                with RawConn(srv.port, timeout=20) as c:
                    args = []
                    for k in ks:
                        args += [k, str(tid)]
                    barrier.wait()
                    if c.call("MSETNX", *args) == 1:
                        wins.append(tid)

            rs = [threading.Thread(target=racer, args=(t,), daemon=True) for t in range(10)]
            for t in rs:
                t.start()
            for t in rs:
                t.join(timeout=20)
            assert len(wins) == 1, f"round {rnd}: MSETNX winners {wins}"
            assert admin.call("MGET", *ks) == [str(wins[0]).encode()] * len(ks)
