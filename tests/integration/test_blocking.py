"""Blocking list commands (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP) over real sockets.

Every test talks to one module-scoped tessera started with --threads 2, so that waiters and
pushers sit on different worker loops. Each blocking call is sent with a finite timeout or
released by the test itself, and every socket has a timeout, so no test can hang.
The expected behaviour is Redis 7.0's.
"""

import random
import select
import threading
import time

import pytest
import redis

from conftest import HOST, RawConn, TesseraServer, encode_command, wait_until

READ_TIMEOUT = 10.0  # socket timeout of every connection here


@pytest.fixture(scope="module")
def srv(tessera_bin, tmp_path_factory):
    s = TesseraServer(tessera_bin, ["--threads", "2"], str(tmp_path_factory.mktemp("blocking")))
    s.start()
    yield s
    s.stop()


@pytest.fixture
def conns(srv):
    """conns() -> a new RawConn on srv; all of them are closed at teardown. The first call
    also FLUSHALLs and checks that no client is left blocked by an earlier test."""
    opened = []

    def new():
        c = RawConn(srv.port, timeout=READ_TIMEOUT)
        if not opened:
            assert c.call("FLUSHALL") == "OK"
            assert wait_until(lambda: blocked_clients(c) == 0, timeout=5), "stale waiters"
        opened.append(c)
        return c

    yield new
    for c in opened:
        c.close()


def info_field(conn, field):
    text = conn.call("INFO", "clients").decode()
    for line in text.split("\r\n"):
        if line.startswith(field + ":"):
            return int(line.split(":", 1)[1])
    raise AssertionError(f"{field} not in INFO clients:\n{text}")


def blocked_clients(conn):
    return info_field(conn, "blocked_clients")


def wait_blocked(admin, n, timeout=5.0):
    """Waits until INFO blocked_clients is n; fails the test otherwise."""
    got = wait_until(lambda: blocked_clients(admin) == n, timeout=timeout, interval=0.005)
    assert got, f"blocked_clients never reached {n} (now {blocked_clients(admin)})"


def nothing_arrives(conn, wait):
    """True when conn has no reply byte pending and none arrives within `wait` seconds."""
    if len(conn.buf) > conn.pos:
        return False
    readable, _, _ = select.select([conn.sock], [], [], wait)
    return not readable


def block(admin, conn, *cmd):
    """Sends a blocking command on conn and waits until the server counts it as blocked."""
    before = blocked_clients(admin)
    conn.send(encode_command(*cmd))
    wait_blocked(admin, before + 1)


# ---------------------------------------------------------------------------------------
# 1. BLPOP wakes on a push


def test_blpop_blocks_until_rpush(conns):
    admin, waiter = conns(), conns()
    block(admin, waiter, "BLPOP", "k", "0")
    assert nothing_arrives(waiter, 0.1)
    assert admin.call("RPUSH", "k", "v") == 1
    assert waiter.read_reply() == [b"k", b"v"]
    assert admin.call("EXISTS", "k") == 0
    assert blocked_clients(admin) == 0
    # the waiter's connection works normally afterwards
    assert waiter.call("PING") == "PONG"


def test_blpop_served_at_once_when_list_has_elements(conns):
    c = conns()
    assert c.call("RPUSH", "k", "a", "b") == 2
    assert c.call("BLPOP", "nokey", "k", "0") == [b"k", b"a"]
    assert c.call("BRPOP", "k", "0") == [b"k", b"b"]
    assert c.call("EXISTS", "k") == 0
    # wrong type: an error at once, not a wait
    assert c.call("SET", "s", "x") == "OK"
    assert c.call("BLPOP", "s", "0") == (
        "WRONGTYPE Operation against a key holding the wrong kind of value"
    )


def test_push_of_non_list_does_not_serve_waiter(conns):
    admin, waiter = conns(), conns()
    block(admin, waiter, "BLPOP", "k", "5")
    assert admin.call("SET", "k", "string") == "OK"
    assert nothing_arrives(waiter, 0.2)
    assert admin.call("DEL", "k") == 1
    assert admin.call("LPUSH", "k", "v") == 1
    assert waiter.read_reply() == [b"k", b"v"]


# ---------------------------------------------------------------------------------------
# 2. FIFO fairness, exactly-once delivery under load


def test_fifo_fairness_across_threads(conns):
    n = 20
    admin = conns()
    waiters = []
    for i in range(n):
        w = conns()  # many connections: they are spread over both worker threads
        block(admin, w, "BLPOP", "q", "20")
        waiters.append(w)
    assert blocked_clients(admin) == n
    assert admin.call("RPUSH", "q", *[f"e{i}" for i in range(n)]) == n
    for i, w in enumerate(waiters):
        assert w.read_reply() == [b"q", f"e{i}".encode()], f"waiter {i}"
    assert admin.call("EXISTS", "q") == 0
    wait_blocked(admin, 0)


def test_push_serves_only_as_many_waiters_as_elements(conns):
    admin = conns()
    waiters = [conns() for _ in range(3)]
    for w in waiters:
        block(admin, w, "BRPOP", "q", "10")
    assert admin.call("LPUSH", "q", "a", "b") == 2  # list is [b, a]
    assert waiters[0].read_reply() == [b"q", b"a"]
    assert waiters[1].read_reply() == [b"q", b"b"]
    assert nothing_arrives(waiters[2], 0.2)
    assert blocked_clients(admin) == 1
    assert admin.call("RPUSH", "q", "c") == 1
    assert waiters[2].read_reply() == [b"q", b"c"]
    wait_blocked(admin, 0)


def test_exactly_once_delivery_under_load(srv, conns):
    admin = conns()
    keys = [f"load:{i}" for i in range(4)]
    n_pushers, n_poppers, per_pusher = 4, 6, 400
    pushing_done = threading.Event()
    pushed, received = [], []
    errors = []
    lock = threading.Lock()

    def pusher(pid):
        c = None
        try:
            c = RawConn(srv.port, timeout=READ_TIMEOUT)
            rnd = random.Random(pid)
            i = 0
            while i < per_pusher:
                batch = [f"p{pid}:{j}" for j in range(i, min(per_pusher, i + rnd.randint(1, 5)))]
                assert isinstance(c.call("RPUSH", rnd.choice(keys), *batch), int)
                with lock:
                    pushed.extend(batch)
                i += len(batch)
        except BaseException as e:
            errors.append(("pusher", pid, repr(e)))
        finally:
            if c:
                c.close()

    def popper(qid):
        c = None
        try:
            c = RawConn(srv.port, timeout=READ_TIMEOUT)
            rnd = random.Random(100 + qid)
            while True:
                done_before = pushing_done.is_set()
                # while pushes go on, wait on random subsets; at the end, on every key, so
                # that a final timeout means everything was drained
                ks = keys if done_before else rnd.sample(keys, rnd.randint(1, len(keys)))
                cmd = "BLPOP" if qid % 2 == 0 else "BRPOP"
                got = c.call(cmd, *ks, "0.2")
                if got is None:
                    if done_before:
                        return
                    continue
                assert isinstance(got, list) and len(got) == 2, got
                assert got[0].decode() in ks, (ks, got)
                with lock:
                    received.append(got[1].decode())
        except BaseException as e:
            errors.append(("popper", qid, repr(e)))
        finally:
            if c:
                c.close()

    poppers = [threading.Thread(target=popper, args=(q,), daemon=True) for q in range(n_poppers)]
    pushers = [threading.Thread(target=pusher, args=(p,), daemon=True) for p in range(n_pushers)]
    for t in poppers + pushers:
        t.start()
    for t in pushers:
        t.join(30)
    pushing_done.set()
    for t in poppers:
        t.join(30)
    assert not any(t.is_alive() for t in poppers + pushers), "client threads hung"
    assert not errors, errors[:5]
    leftover = []
    for k in keys:
        leftover += [v.decode() for v in admin.call("LRANGE", k, "0", "-1")]
    assert len(pushed) == n_pushers * per_pusher
    assert len(received) == len(set(received)), "an element was delivered twice"
    assert sorted(received + leftover) == sorted(pushed), "an element was lost or invented"
    assert leftover == []  # the poppers drained everything before their final timeout
    wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 3. Timeouts


@pytest.mark.parametrize(
    "cmd",
    [
        ("BLPOP", "k", "{t}"),
        ("BRPOP", "k1", "k2", "{t}"),
        ("BLMOVE", "k", "d", "LEFT", "RIGHT", "{t}"),
        ("BRPOPLPUSH", "k", "d", "{t}"),
        ("BLMPOP", "{t}", "2", "k1", "k2", "LEFT"),
    ],
    ids=lambda c: c[0],
)
def test_timeout_returns_null_near_deadline(conns, cmd):
    c = conns()
    for t, lo, hi in (("0.1", 0.09, 0.5), ("0.05", 0.045, 0.45)):
        args = [a.replace("{t}", t) for a in cmd]
        start = time.monotonic()
        assert c.call(*args) is None
        took = time.monotonic() - start
        assert lo <= took < hi, f"{args}: timed out after {took:.3f}s"
    assert blocked_clients(c) == 0


def test_timeout_null_reply_bytes(conns):
    c = conns()
    assert c.call_raw("BLPOP", "k", "0.01") == b"*-1\r\n"
    assert c.call_raw("BLMPOP", "0.01", "1", "k", "LEFT") == b"*-1\r\n"
    assert c.call_raw("BLMOVE", "k", "d", "LEFT", "LEFT", "0.01") == b"$-1\r\n"
    assert c.call_raw("BRPOPLPUSH", "k", "d", "0.01") == b"$-1\r\n"


def test_timeouts_of_several_clients_fire_independently(conns):
    admin = conns()
    spec = [("0.3", 0.29), ("0.1", 0.09), ("0.2", 0.19)]
    waiters = []
    start = time.monotonic()
    for t, _ in spec:
        w = conns()
        w.send(encode_command("BLPOP", "k", t))
        waiters.append(w)
    for w, (t, lo) in zip(waiters, spec):
        assert w.read_reply() is None
        took = time.monotonic() - start
        assert took >= lo, (t, took)
    assert time.monotonic() - start < 1.0
    wait_blocked(admin, 0)


def test_timeout_zero_blocks_forever(conns):
    admin, w = conns(), conns()
    block(admin, w, "BLPOP", "k", "0")
    assert nothing_arrives(w, 0.5)
    assert blocked_clients(admin) == 1
    assert admin.call("RPUSH", "k", "x") == 1
    assert w.read_reply() == [b"k", b"x"]
    wait_blocked(admin, 0)


def test_served_before_timeout_gets_element(conns):
    admin, w = conns(), conns()
    block(admin, w, "BLPOP", "k", "2")
    start = time.monotonic()
    assert admin.call("RPUSH", "k", "x") == 1
    assert w.read_reply() == [b"k", b"x"]
    assert time.monotonic() - start < 1.0
    # the old deadline does not fire into the next command
    time.sleep(0.05)
    assert w.call("PING") == "PONG"


@pytest.mark.parametrize(
    "cmd",
    [
        ("BLPOP", "k", "{t}"),
        ("BRPOP", "k", "{t}"),
        ("BLMOVE", "k", "d", "LEFT", "RIGHT", "{t}"),
        ("BRPOPLPUSH", "k", "d", "{t}"),
        ("BLMPOP", "{t}", "1", "k", "LEFT"),
    ],
)
def test_timeout_argument_errors(conns, cmd):
    c = conns()
    for t, err in (
        ("abc", "ERR timeout is not a float or out of range"),
        ("1x", "ERR timeout is not a float or out of range"),
        ("", "ERR timeout is not a float or out of range"),
        ("-1", "ERR timeout is negative"),
        ("-0.5", "ERR timeout is negative"),
    ):
        args = [a.replace("{t}", t) for a in cmd]
        assert c.call(*args) == err, args
    assert blocked_clients(c) == 0
    assert c.call("PING") == "PONG"


# ---------------------------------------------------------------------------------------
# 4. Disconnect while blocked


def test_disconnected_waiter_is_forgotten(srv, conns):
    admin = conns()
    gone = RawConn(srv.port, timeout=READ_TIMEOUT)
    block(admin, gone, "BLPOP", "k", "0")
    gone.close()
    wait_blocked(admin, 0)
    assert admin.call("RPUSH", "k", "v") == 1
    assert admin.call("LLEN", "k") == 1
    assert admin.call("LRANGE", "k", "0", "-1") == [b"v"]


def test_disconnected_waiter_skipped_for_next_waiter(srv, conns):
    admin = conns()
    gone = RawConn(srv.port, timeout=READ_TIMEOUT)
    block(admin, gone, "BLPOP", "k", "0")
    stays = conns()
    block(admin, stays, "BLPOP", "k", "0")
    gone.close()
    wait_blocked(admin, 1)
    assert admin.call("RPUSH", "k", "v") == 1
    assert stays.read_reply() == [b"k", b"v"]
    assert admin.call("EXISTS", "k") == 0
    wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 5. CLIENT UNBLOCK


def test_client_unblock(conns):
    admin, w = conns(), conns()
    wid = w.call("CLIENT", "ID")
    assert isinstance(wid, int)
    # not blocked -> 0
    assert admin.call("CLIENT", "UNBLOCK", str(wid)) == 0
    assert admin.call("CLIENT", "UNBLOCK", "999999999") == 0
    # default (TIMEOUT): a null reply
    block(admin, w, "BLPOP", "k", "0")
    assert admin.call("CLIENT", "UNBLOCK", str(wid)) == 1
    assert w.read_reply() is None
    wait_blocked(admin, 0)
    # explicit TIMEOUT, on BLMOVE: a null bulk
    block(admin, w, "BLMOVE", "k", "d", "LEFT", "LEFT", "0")
    assert admin.call("CLIENT", "UNBLOCK", str(wid), "TIMEOUT") == 1
    assert w.read_reply(raw=True) == b"$-1\r\n"
    wait_blocked(admin, 0)
    # ERROR: the UNBLOCKED error
    block(admin, w, "BRPOP", "k", "0")
    assert admin.call("CLIENT", "UNBLOCK", str(wid), "ERROR") == 1
    assert w.read_reply() == "UNBLOCKED client unblocked via CLIENT UNBLOCK"
    wait_blocked(admin, 0)
    # unblocked already: 0; the client is usable and no longer waits on k
    assert admin.call("CLIENT", "UNBLOCK", str(wid)) == 0
    assert w.call("PING") == "PONG"
    assert admin.call("RPUSH", "k", "v") == 1
    assert admin.call("LLEN", "k") == 1
    assert nothing_arrives(w, 0.1)
    # bad reason
    assert admin.call("CLIENT", "UNBLOCK", str(wid), "BOGUS") == (
        "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"
    )


# ---------------------------------------------------------------------------------------
# 6. MULTI/EXEC


def test_blocking_command_inside_multi_does_not_block(conns):
    c = conns()
    assert c.call("MULTI") == "OK"
    assert c.call("BLPOP", "empty", "0") == "QUEUED"
    assert c.call("BLMOVE", "empty", "d", "LEFT", "LEFT", "0") == "QUEUED"
    assert c.call("BLMPOP", "0", "1", "empty", "RIGHT") == "QUEUED"
    start = time.monotonic()
    assert c.call_raw("EXEC") == b"*3\r\n*-1\r\n$-1\r\n*-1\r\n"
    assert time.monotonic() - start < 0.5
    assert blocked_clients(c) == 0
    # with data it pops like the non-blocking form
    assert c.call("RPUSH", "full", "a") == 1
    assert c.call("MULTI") == "OK"
    assert c.call("BRPOP", "full", "0") == "QUEUED"
    assert c.call("EXEC") == [[b"full", b"a"]]


def test_push_inside_exec_wakes_waiter(conns):
    admin, a, b = conns(), conns(), conns()
    block(admin, a, "BLPOP", "k", "0")
    assert b.call("MULTI") == "OK"
    assert b.call("RPUSH", "k", "x") == "QUEUED"
    assert nothing_arrives(a, 0.1)
    assert b.call("EXEC") == [1]
    assert a.read_reply() == [b"k", b"x"]
    assert admin.call("EXISTS", "k") == 0
    wait_blocked(admin, 0)


def test_waiter_served_after_whole_transaction(conns):
    """A transaction that pushes and pops again leaves nothing for the waiter."""
    admin, a, b = conns(), conns(), conns()
    block(admin, a, "BLPOP", "k", "0")
    assert b.call("MULTI") == "OK"
    assert b.call("RPUSH", "k", "x", "y") == "QUEUED"
    assert b.call("LPOP", "k") == "QUEUED"
    assert b.call("EXEC") == [2, b"x"]
    assert a.read_reply() == [b"k", b"y"]
    wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 7. BLMOVE / BRPOPLPUSH


def test_blmove_blocks_then_moves(conns):
    admin, w = conns(), conns()
    block(admin, w, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0")
    assert admin.call("RPUSH", "src", "v") == 1
    assert w.read_reply() == b"v"
    assert admin.call("LRANGE", "dst", "0", "-1") == [b"v"]
    assert admin.call("EXISTS", "src") == 0
    wait_blocked(admin, 0)


def test_brpoplpush_blocks_then_moves(conns):
    admin, w = conns(), conns()
    assert admin.call("RPUSH", "dst", "old") == 1
    block(admin, w, "BRPOPLPUSH", "src", "dst", "0")
    assert admin.call("RPUSH", "src", "a", "b") == 2
    assert w.read_reply() == b"b"
    assert admin.call("LRANGE", "dst", "0", "-1") == [b"b", b"old"]
    assert admin.call("LRANGE", "src", "0", "-1") == [b"a"]
    wait_blocked(admin, 0)


def test_blmove_into_key_another_client_waits_on(conns):
    admin, a, b = conns(), conns(), conns()
    block(admin, a, "BLPOP", "dst", "0")
    block(admin, b, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0")
    assert admin.call("RPUSH", "src", "v") == 1
    assert b.read_reply() == b"v"
    assert a.read_reply() == [b"dst", b"v"]
    assert admin.call("EXISTS", "src") == 0
    assert admin.call("EXISTS", "dst") == 0
    wait_blocked(admin, 0)


def test_blmove_chain_of_three(conns):
    """src -> mid (BLMOVE) -> dst (BLMOVE) -> BLPOP: one push runs the whole chain."""
    admin, a, b, c = conns(), conns(), conns(), conns()
    block(admin, a, "BLPOP", "dst", "0")
    block(admin, b, "BLMOVE", "mid", "dst", "LEFT", "RIGHT", "0")
    block(admin, c, "BLMOVE", "src", "mid", "LEFT", "RIGHT", "0")
    assert admin.call("LPUSH", "src", "v") == 1
    assert c.read_reply() == b"v"
    assert b.read_reply() == b"v"
    assert a.read_reply() == [b"dst", b"v"]
    assert admin.call("EXISTS", "src", "mid", "dst") == 0
    wait_blocked(admin, 0)


def test_blmove_same_key_rotates(conns):
    admin, w = conns(), conns()
    block(admin, w, "BLMOVE", "k", "k", "LEFT", "RIGHT", "0")
    assert admin.call("RPUSH", "k", "a") == 1
    assert w.read_reply() == b"a"
    assert admin.call("LRANGE", "k", "0", "-1") == [b"a"]
    wait_blocked(admin, 0)


def test_blmove_destination_wrong_type(conns):
    """Redis 7.0: the waiter gets WRONGTYPE and the element stays in the source."""
    admin, w = conns(), conns()
    assert admin.call("SET", "dst", "string") == "OK"
    block(admin, w, "BLMOVE", "src", "dst", "LEFT", "LEFT", "5")
    assert admin.call("RPUSH", "src", "v") == 1
    assert w.read_reply() == "WRONGTYPE Operation against a key holding the wrong kind of value"
    assert admin.call("LRANGE", "src", "0", "-1") == [b"v"]
    assert admin.call("GET", "dst") == b"string"
    wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 8. BLMPOP, BRPOP on several keys


def test_blmpop_count_blocks_then_pops(conns):
    admin, w = conns(), conns()
    block(admin, w, "BLMPOP", "0", "2", "k1", "k2", "LEFT", "COUNT", "2")
    assert admin.call("RPUSH", "k2", "a", "b", "c") == 3
    assert w.read_reply() == [b"k2", [b"a", b"b"]]
    assert admin.call("LRANGE", "k2", "0", "-1") == [b"c"]
    assert admin.call("EXISTS", "k1") == 0
    wait_blocked(admin, 0)
    # RIGHT, count larger than the list, served at once
    assert w.call("BLMPOP", "0", "2", "k1", "k2", "RIGHT", "COUNT", "10") == [b"k2", [b"c"]]
    assert admin.call("EXISTS", "k2") == 0


def test_blmpop_argument_errors(conns):
    c = conns()
    assert c.call("BLMPOP", "0", "0", "k", "LEFT") == "ERR numkeys should be greater than 0"
    assert c.call("BLMPOP", "0", "1", "k", "UP") == "ERR syntax error"
    assert c.call("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "0") == (
        "ERR count should be greater than 0"
    )
    assert blocked_clients(c) == 0


def test_brpop_served_from_whichever_key_gets_push(conns):
    admin = conns()
    for key, other in (("k2", "k1"), ("k1", "k2")):
        w = conns()
        block(admin, w, "BRPOP", "k1", "k2", "0")
        assert admin.call("RPUSH", key, "x", "y") == 2
        assert w.read_reply() == [key.encode(), b"y"]
        assert admin.call("LRANGE", key, "0", "-1") == [b"x"]
        assert admin.call("EXISTS", other) == 0
        assert admin.call("DEL", key) == 1
        wait_blocked(admin, 0)
        # the waiter no longer waits on the other key
        assert admin.call("RPUSH", other, "z") == 1
        assert nothing_arrives(w, 0.1)
        assert admin.call("DEL", other) == 1


@pytest.mark.parametrize("order", [("k1", "k2"), ("k2", "k1")], ids=["k1first", "k2first"])
@pytest.mark.parametrize("shards", ["default", "1"])
def test_multi_key_waiter_served_from_first_ready_key(conns, make_server, order, shards):
    """Redis 7.0 serves the keys that became ready in the order they became ready: a client
    blocked on k1 and k2, when one EXEC pushes to both, gets the element of the key pushed
    first, and only that one."""
    if shards == "default":
        admin, w = conns(), conns()
    else:  # every key in one shard
        srv1 = make_server("--threads", "2", "--shards", "1")
        admin, w = srv1.raw(), srv1.raw()
    try:
        block(admin, w, "BLPOP", "k1", "k2", "0")
        first, second = order
        assert admin.call("MULTI") == "OK"
        assert admin.call("RPUSH", first, "from-" + first) == "QUEUED"
        assert admin.call("RPUSH", second, "from-" + second) == "QUEUED"
        assert admin.call("EXEC") == [1, 1]
        assert w.read_reply() == [first.encode(), b"from-" + first.encode()]
        assert nothing_arrives(w, 0.1)  # served once only
        wait_blocked(admin, 0)
        assert admin.call("LRANGE", second, "0", "-1") == [b"from-" + second.encode()]
        assert admin.call("EXISTS", first) == 0
    finally:
        if shards != "default":
            admin.close()
            w.close()


def test_ready_key_order_decides_which_waiter_is_served(conns):
    """B waits on k1 and k2, then A on k1; EXEC pushes k1 then k2. Redis serves k1 first:
    B gets k1's element, and A stays blocked (k1 is empty again), k2 keeps its element."""
    admin, a, b = conns(), conns(), conns()
    block(admin, b, "BLPOP", "k1", "k2", "5")
    block(admin, a, "BLPOP", "k1", "5")
    assert admin.call("MULTI") == "OK"
    assert admin.call("RPUSH", "k1", "x") == "QUEUED"
    assert admin.call("RPUSH", "k2", "y") == "QUEUED"
    assert admin.call("EXEC") == [1, 1]
    assert b.read_reply() == [b"k1", b"x"]
    assert nothing_arrives(a, 0.2), "A was served although k1 had one element for B"
    assert admin.call("LRANGE", "k2", "0", "-1") == [b"y"]
    assert admin.call("RPUSH", "k1", "z") == 1
    assert a.read_reply() == [b"k1", b"z"]
    wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 9. Pipelined commands behind a blocking one


@pytest.mark.parametrize(
    "payload",
    [
        encode_command("BLPOP", "k", "0") + encode_command("PING"),
        b"BLPOP k 0\r\nPING\r\n",
    ],
    ids=["resp", "inline"],
)
def test_pipelined_command_waits_behind_blocking_one(conns, payload):
    admin, w = conns(), conns()
    before = blocked_clients(admin)
    w.send(payload)
    wait_blocked(admin, before + 1)
    assert nothing_arrives(w, 0.2)
    assert admin.call("RPUSH", "k", "v") == 1
    assert w.read_reply() == [b"k", b"v"]
    assert w.read_reply() == "PONG"
    wait_blocked(admin, 0)


def test_pipelined_blocking_commands_run_in_order(conns):
    admin, w = conns(), conns()
    w.send(
        encode_command("BLPOP", "k", "0")
        + encode_command("BLPOP", "k", "0")
        + encode_command("ECHO", "done")
    )
    wait_blocked(admin, 1)
    assert admin.call("RPUSH", "k", "a") == 1
    assert w.read_reply() == [b"k", b"a"]
    wait_blocked(admin, 1)  # blocked again on the second BLPOP
    assert nothing_arrives(w, 0.1)
    assert admin.call("RPUSH", "k", "b") == 1
    assert w.read_reply() == [b"k", b"b"]
    assert w.read_reply() == b"done"
    wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 10. INFO blocked_clients


def test_info_blocked_clients_counts_current_waiters(conns):
    admin = conns()
    assert blocked_clients(admin) == 0
    ws = [conns() for _ in range(3)]
    block(admin, ws[0], "BLPOP", "a", "0")
    block(admin, ws[1], "BLMOVE", "b", "c", "LEFT", "LEFT", "0")
    block(admin, ws[2], "BLMPOP", "0", "1", "d", "LEFT")
    assert blocked_clients(admin) == 3
    assert admin.call("RPUSH", "b", "x") == 1
    assert ws[1].read_reply() == b"x"
    wait_blocked(admin, 2)
    assert admin.call("RPUSH", "a", "y") == 1
    assert ws[0].read_reply() == [b"a", b"y"]
    wait_blocked(admin, 1)
    assert admin.call("RPUSH", "d", "z") == 1
    assert ws[2].read_reply() == [b"d", [b"z"]]
    wait_blocked(admin, 0)
    # a timeout takes it back down too
    assert ws[0].call("BLPOP", "a", "0.05") is None
    assert blocked_clients(admin) == 0


# ---------------------------------------------------------------------------------------
# 11. redis-py's helpers


def test_redis_py_blocking_helpers(srv, conns):
    admin = conns()
    r = redis.Redis(host=HOST, port=srv.port, socket_timeout=READ_TIMEOUT)
    try:
        assert r.blpop(["a", "b"], timeout=0.1) is None
        r.rpush("b", "1", "2", "3")
        assert r.blpop(["a", "b"], timeout=1) == (b"b", b"1")
        assert r.brpop(["a", "b"], timeout=1) == (b"b", b"3")
        assert r.blmove("b", "c", 1, "LEFT", "RIGHT") == b"2"
        assert r.brpoplpush("c", "d", timeout=1) == b"2"
        assert r.blmove("nothing", "c", 0.1) is None
        assert r.brpoplpush("nothing", "d", timeout=0.1) is None
        r.rpush("m", "x", "y", "z")
        assert r.blmpop(1, 2, "n", "m", direction="RIGHT", count=2) == [b"m", [b"z", b"y"]]
        assert r.blmpop(0.1, 1, "n", direction="LEFT") is None

        # a real wait through redis-py, released from another connection
        result = []

        def waiter():
            c = redis.Redis(host=HOST, port=srv.port, socket_timeout=READ_TIMEOUT)
            try:
                result.append(c.blpop(["w1", "w2"], timeout=5))
            finally:
                c.close()

        t = threading.Thread(target=waiter, daemon=True)
        t.start()
        wait_blocked(admin, 1)
        r.rpush("w2", "hello")
        t.join(5)
        assert not t.is_alive()
        assert result == [(b"w2", b"hello")]
        wait_blocked(admin, 0)
    finally:
        r.close()


# ---------------------------------------------------------------------------------------
# RESP3 and SELECT


def test_waiter_in_other_db_and_resp3_reply(conns):
    admin, w = conns(), conns()
    assert w.call("HELLO", "3")[b"proto"] == 3
    assert w.call("SELECT", "1") == "OK"
    block(admin, w, "BLPOP", "k", "0")
    assert admin.call("RPUSH", "k", "db0") == 1  # db 0: not the waiter's key
    assert nothing_arrives(w, 0.1)
    assert admin.call("SELECT", "1") == "OK"
    assert admin.call("RPUSH", "k", "db1") == 1
    assert w.read_reply(raw=True) == b"*2\r\n$1\r\nk\r\n$3\r\ndb1\r\n"
    assert w.call_raw("BLPOP", "k", "0.01") == b"_\r\n"
    assert admin.call("SELECT", "0") == "OK"
    assert admin.call("LRANGE", "k", "0", "-1") == [b"db0"]
