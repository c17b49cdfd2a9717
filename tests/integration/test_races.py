"""Cross-thread races a multi-threaded server must survive, each for about two seconds on a
server with two loops (connections spread over both): EXEC against SWAPDB and FLUSHALL,
active expiry against readers, CLIENT KILL of a connection busy on another loop, MONITOR
clients coming and going under load. Each checks what the clients see (a transaction's
replies are consistent with it running alone, replies are well-formed) and that the server
still serves afterwards. CI also runs them against the ThreadSanitizer build.
(tests/integration/test_concurrency.py has the many-connections and multi-key atomicity
tests.)"""

import threading
import time

import redis

from conftest import RawConn, wait_until

DURATION = 2.0


def run_threads(targets):
    """Runs each callable in its own thread until all return; re-raises the first error."""
    errors = []

    def wrap(fn):
        try:
            fn()
        except BaseException as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread did not finish"
    if errors:
        raise errors[0]


def test_exec_against_swapdb_and_flushall(make_server):
    srv = make_server("--threads", "2")
    stop = time.monotonic() + DURATION
    done = {"exec": 0}

    def transactions():
        r = srv.client(socket_timeout=10)
        n = 0
        while time.monotonic() < stop:
            n += 1
            p = r.pipeline(transaction=True)
            p.set("tx:k", n)
            p.incr("tx:n")
            p.incr("tx:n")
            p.get("tx:k")
            p.rpush("tx:l", "a", "b")
            p.llen("tx:l")
            ok, first, second, value, pushed, length = p.execute()
            # nothing ran between the transaction's commands, whatever the others did
            assert ok is True
            assert second == first + 1
            assert value == str(n).encode()
            assert length == pushed
            done["exec"] += 1

    def swapper():
        r = srv.client(socket_timeout=10)
        while time.monotonic() < stop:
            assert r.swapdb(0, 1) is True

    def flusher():
        r = srv.client(socket_timeout=10)
        while time.monotonic() < stop:
            assert r.flushall() is True
            time.sleep(0.005)

    run_threads([transactions, transactions, swapper, flusher])
    assert done["exec"] > 50
    assert srv.client().ping()


def test_active_expiry_against_readers(make_server):
    srv = make_server("--threads", "2", "--hz", "100")
    stop = time.monotonic() + DURATION

    def writer():
        r = srv.client(socket_timeout=10)
        i = 0
        while time.monotonic() < stop:
            p = r.pipeline(transaction=False)
            for j in range(100):
                p.set(f"exp:{(i + j) % 2000}", "v" * (j % 50), px=1 + j % 5)
                p.hset(f"exph:{(i + j) % 500}", "f", j)
                p.pexpire(f"exph:{(i + j) % 500}", 2)
            p.execute()
            i += 100

    def reader():
        r = srv.client(socket_timeout=10)
        while time.monotonic() < stop:
            p = r.pipeline(transaction=False)
            for j in range(0, 2000, 20):
                p.get(f"exp:{j}")
                p.pttl(f"exp:{j}")
                p.hget(f"exph:{j % 500}", "f")
            for v in p.execute():
                assert v is None or isinstance(v, (bytes, int))
                if isinstance(v, int):
                    assert v == -2 or 0 <= v <= 5
            assert r.scan(0, match="exp*", count=100)[0] >= 0

    run_threads([writer, reader, reader])
    r = srv.client()
    assert wait_until(lambda: r.dbsize() == 0, timeout=10), r.dbsize()


def test_client_kill_of_a_connection_busy_on_another_loop(make_server):
    srv = make_server("--threads", "2")
    admin = srv.client(socket_timeout=10)
    killed = 0
    for _ in range(20):
        victim = RawConn(srv.port, timeout=10)
        vid = victim.call("CLIENT", "ID")
        # a long pipeline keeps the victim's loop busy with it while the kill arrives
        batch = b"".join(b"*3\r\n$3\r\nSET\r\n$6\r\nkill:k\r\n$1\r\nv\r\n" for _ in range(20000))
        victim.send(batch)
        assert admin.execute_command("CLIENT", "KILL", "ID", vid) == 1
        killed += 1
        # the victim's connection ends (its pending replies may or may not arrive first)
        try:
            victim.sock.settimeout(10)
            while victim.sock.recv(1 << 20):
                pass
        except OSError:
            pass
        victim.close()
    assert killed == 20
    # every victim is gone, whichever loop it was on, and the server goes on
    assert wait_until(lambda: admin.info("clients")["connected_clients"] == 1, timeout=5)
    assert admin.set("after", "1") is True


def test_monitor_clients_come_and_go_under_load(make_server):
    srv = make_server("--threads", "2")
    stop = time.monotonic() + DURATION
    load_stop = stop + 1.5  # the load outlasts the monitors, which wait for its lines
    seen = {"lines": 0}

    def load():
        r = srv.client(socket_timeout=10)
        i = 0
        while time.monotonic() < load_stop:
            p = r.pipeline(transaction=False)
            for j in range(50):
                p.set(f"mon:{j}", i)
                p.get(f"mon:{j}")
            p.execute()
            i += 1

    def monitors():
        while time.monotonic() < stop:
            m = RawConn(srv.port, timeout=10)
            assert m.call("MONITOR") == "OK"
            for _ in range(5):
                line = m.read_reply()
                text = line if isinstance(line, str) else line.decode()
                # 1339518083.107412 [0 127.0.0.1:60866] "set" "mon:1" "7"
                assert text.split(" ", 1)[0].replace(".", "").isdigit(), text
                assert " [0 127.0.0.1:" in text, text
                seen["lines"] += 1
            m.close()  # leaves while output is still coming

    run_threads([load, load, monitors, monitors])
    assert seen["lines"] > 20
    r = srv.client()
    assert r.ping()
    assert wait_until(lambda: r.info("clients")["connected_clients"] == 1, timeout=5)
