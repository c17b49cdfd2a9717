"""Blocking sorted-set pops (BZPOPMIN BZPOPMAX BZMPOP) over real sockets.

Modelled on test_blocking.py (whose helpers it uses): every test talks to one
module-scoped tessera started with --threads 2, so that waiters and writers sit on
different worker loops. Each blocking call has a finite timeout or is released by the test,
and every socket has a timeout, so no test can hang. The expected behaviour, reply bytes
included, is Redis 7.0's (checked against Debian's redis-server 7.0.15):

  * BZPOPMIN/BZPOPMAX reply [key, member, score]: a flat 3-array whose score is a bulk
    string in RESP2 and a double (',') in RESP3; BZMPOP replies [key, [[member, score],
    ...]] (same score types). A timeout replies *-1 in RESP2 and _ in RESP3.
  * the first key in argument order that holds a zset serves the call at once; a waiter is
    served by whatever makes one of its keys a zset (ZADD, ZINCRBY, ZADD INCR, the STORE
    commands, RENAME, COPY), in the order the keys became ready; waiters on one key are
    served first come, first served, while the key has members.
  * a key that becomes a string or a list does not serve a zset waiter (and a zset does not
    serve a list waiter): they stay blocked.
"""

import random
import threading
import time

import pytest
import redis

from conftest import HOST, RawConn, TesseraServer, encode_command, wait_until
# conns: test_blocking's fixture, over this module's own srv.
from test_blocking import (block, blocked_clients, conns, nothing_arrives,  # noqa: F401
                           wait_blocked)

READ_TIMEOUT = 10.0  # socket timeout of every connection here
WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"


@pytest.fixture(scope="module")
def srv(tessera_bin, tmp_path_factory):
    s = TesseraServer(tessera_bin, ["--threads", "2"], str(tmp_path_factory.mktemp("bzsets")))
    s.start()
    yield s
    s.stop()




# ---------------------------------------------------------------------------------------
# 1. Served by a ZADD from another client


@pytest.mark.parametrize(
    "cmd,expected",
    [
        (("BZPOPMIN", "z", "0"), [b"z", b"a", b"1"]),
        (("BZPOPMAX", "z", "0"), [b"z", b"c", b"3"]),
        (("BZMPOP", "0", "1", "z", "MIN"), [b"z", [[b"a", b"1"]]]),
        (("BZMPOP", "0", "1", "z", "MAX", "COUNT", "2"), [b"z", [[b"c", b"3"], [b"b", b"2"]]]),
    ],
    ids=["bzpopmin", "bzpopmax", "bzmpop-min", "bzmpop-max-count"],
)
def test_blocks_until_zadd(conns, cmd, expected):
    admin, waiter = conns(), conns()
    block(admin, waiter, *cmd)
    assert nothing_arrives(waiter, 0.1)
    # one ZADD of three members, not in score order: the waiter gets the min (max)
    assert admin.call("ZADD", "z", "3", "c", "1", "a", "2", "b") == 3
    assert waiter.read_reply() == expected
    popped = {m for m, _ in expected[1]} if cmd[0] == "BZMPOP" else {expected[1]}
    left = [m for m in (b"a", b"b", b"c") if m not in popped]
    assert admin.call("ZRANGE", "z", "0", "-1") == left
    assert blocked_clients(admin) == 0
    assert waiter.call("PING") == "PONG"  # the connection works normally afterwards


def test_served_at_once_when_zset_has_members(conns):
    c = conns()
    assert c.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d") == 4
    assert c.call("BZPOPMIN", "nokey", "z", "0") == [b"z", b"a", b"1"]
    assert c.call("BZPOPMAX", "z", "0") == [b"z", b"d", b"4"]
    assert c.call("BZMPOP", "0", "2", "nokey", "z", "MIN", "COUNT", "5") == [
        b"z", [[b"b", b"2"], [b"c", b"3"]]]
    assert c.call("EXISTS", "z") == 0
    # wrong type: an error at once, not a wait, even behind an empty key
    assert c.call("SET", "s", "x") == "OK"
    assert c.call("BZPOPMIN", "s", "0") == WRONGTYPE
    assert c.call("BZPOPMAX", "nokey", "s", "0") == WRONGTYPE
    assert c.call("BZMPOP", "0", "2", "nokey", "s", "MAX") == WRONGTYPE
    # a non-empty zset before the wrong-type key serves the call
    assert c.call("ZADD", "z", "5", "e") == 1
    assert c.call("BZPOPMIN", "z", "s", "0") == [b"z", b"e", b"5"]
    assert blocked_clients(c) == 0


@pytest.mark.parametrize(
    "writer",
    [
        ("ZINCRBY", "z", "2.5", "m"),
        ("ZADD", "z", "INCR", "2.5", "m"),
        ("ZADD", "z", "NX", "CH", "2.5", "m"),
        ("ZUNIONSTORE", "z", "1", "src"),
        ("ZINTERSTORE", "z", "2", "src", "src", "AGGREGATE", "MAX"),
        ("ZDIFFSTORE", "z", "1", "src"),
        ("ZRANGESTORE", "z", "src", "0", "-1"),
        ("RENAME", "src", "z"),
        ("COPY", "src", "z"),
    ],
    ids=["ZINCRBY", "ZADD-INCR", "ZADD-NX-CH", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE",
         "ZRANGESTORE", "RENAME", "COPY"],
)
def test_any_command_that_creates_the_zset_serves(conns, writer):
    admin, waiter = conns(), conns()
    assert admin.call("ZADD", "src", "2.5", "m") == 1
    block(admin, waiter, "BZPOPMIN", "z", "5")
    admin.call(*writer)
    assert waiter.read_reply() == [b"z", b"m", b"2.5"]
    assert admin.call("EXISTS", "z") == 0
    wait_blocked(admin, 0)


def test_commands_that_create_nothing_do_not_serve(conns):
    admin, waiter = conns(), conns()
    block(admin, waiter, "BZPOPMAX", "z", "5")
    assert admin.call("ZADD", "z", "XX", "1", "a") == 0  # XX on a missing key: no key
    assert admin.call("ZUNIONSTORE", "z", "1", "nokey") == 0  # empty result: no key
    assert admin.call("ZRANGESTORE", "z", "nokey", "0", "-1") == 0
    assert admin.call("EXISTS", "z") == 0
    assert nothing_arrives(waiter, 0.2)
    assert blocked_clients(admin) == 1
    # ZADD and ZREM in one transaction: the key is empty again when EXEC ends
    assert admin.call("MULTI") == "OK"
    assert admin.call("ZADD", "z", "1", "a") == "QUEUED"
    assert admin.call("ZREM", "z", "a") == "QUEUED"
    assert admin.call("EXEC") == [1, 1]
    assert nothing_arrives(waiter, 0.2)
    assert admin.call("ZADD", "z", "1", "b") == 1
    assert waiter.read_reply() == [b"z", b"b", b"1"]
    wait_blocked(admin, 0)


def test_scores_in_served_replies_print_like_zscore(conns):
    admin, waiter = conns(), conns()
    for score, printed in (("0.1", b"0.10000000000000001"), ("-inf", b"-inf"),
                           ("1e17", b"1e+17"), ("3.0", b"3"), ("-2.5", b"-2.5")):
        block(admin, waiter, "BZPOPMIN", "z", "5")
        assert admin.call("ZADD", "z", score, "m") == 1
        assert waiter.read_reply() == [b"z", b"m", printed], score
        wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 2. Reply bytes, RESP2 and RESP3


def test_reply_bytes_resp2(conns):
    admin, w = conns(), conns()
    block(admin, w, "BZPOPMIN", "k", "0")
    assert admin.call("ZADD", "k", "1.5", "a") == 1
    assert w.read_reply(raw=True) == b"*3\r\n$1\r\nk\r\n$1\r\na\r\n$3\r\n1.5\r\n"
    block(admin, w, "BZMPOP", "0", "1", "k", "MAX")
    assert admin.call("ZADD", "k", "2", "b") == 1
    assert w.read_reply(raw=True) == b"*2\r\n$1\r\nk\r\n*1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"
    # the non-blocking path has the same shape
    assert admin.call("ZADD", "k", "3", "c", "4", "d") == 2
    assert w.call_raw("BZPOPMAX", "k", "0") == b"*3\r\n$1\r\nk\r\n$1\r\nd\r\n$1\r\n4\r\n"
    assert w.call_raw("BZMPOP", "0", "1", "k", "MIN", "COUNT", "3") == (
        b"*2\r\n$1\r\nk\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n")
    # timeouts
    assert w.call_raw("BZPOPMIN", "k", "0.01") == b"*-1\r\n"
    assert w.call_raw("BZPOPMAX", "k", "k2", "0.01") == b"*-1\r\n"
    assert w.call_raw("BZMPOP", "0.01", "2", "k", "k2", "MIN") == b"*-1\r\n"
    wait_blocked(admin, 0)


def test_reply_bytes_resp3(conns):
    admin, w = conns(), conns()
    assert w.call("HELLO", "3")[b"proto"] == 3
    block(admin, w, "BZPOPMIN", "k", "0")
    assert admin.call("ZADD", "k", "1.5", "a") == 1
    assert w.read_reply(raw=True) == b"*3\r\n$1\r\nk\r\n$1\r\na\r\n,1.5\r\n"
    block(admin, w, "BZPOPMAX", "k", "0")
    assert admin.call("ZADD", "k", "inf", "top", "0.1", "x") == 2
    assert w.read_reply(raw=True) == b"*3\r\n$1\r\nk\r\n$3\r\ntop\r\n,inf\r\n"
    assert w.call_raw("BZPOPMIN", "k", "0") == (
        b"*3\r\n$1\r\nk\r\n$1\r\nx\r\n,0.10000000000000001\r\n")
    block(admin, w, "BZMPOP", "0", "1", "k", "MIN", "COUNT", "2")
    assert admin.call("ZADD", "k", "2", "b", "-3", "c", "9", "d") == 3
    assert w.read_reply(raw=True) == (
        b"*2\r\n$1\r\nk\r\n*2\r\n*2\r\n$1\r\nc\r\n,-3\r\n*2\r\n$1\r\nb\r\n,2\r\n")
    # timeouts are RESP3 nulls
    assert w.call_raw("BZPOPMIN", "none", "0.01") == b"_\r\n"
    assert w.call_raw("BZPOPMAX", "none", "0.01") == b"_\r\n"
    assert w.call_raw("BZMPOP", "0.01", "1", "none", "MAX") == b"_\r\n"
    assert admin.call("ZRANGE", "k", "0", "-1") == [b"d"]
    wait_blocked(admin, 0)


def test_waiter_in_other_db(conns):
    admin, w = conns(), conns()
    assert w.call("SELECT", "1") == "OK"
    block(admin, w, "BZPOPMIN", "k", "0")
    assert admin.call("ZADD", "k", "1", "db0") == 1  # db 0: not the waiter's key
    assert nothing_arrives(w, 0.1)
    assert admin.call("SELECT", "1") == "OK"
    assert admin.call("ZADD", "k", "1", "db1") == 1
    assert w.read_reply() == [b"k", b"db1", b"1"]
    assert admin.call("SELECT", "0") == "OK"
    assert admin.call("ZRANGE", "k", "0", "-1") == [b"db0"]
    wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 3. Several keys


def test_first_nonempty_key_in_argument_order_wins(conns):
    c = conns()
    assert c.call("ZADD", "k2", "5", "x") == 1
    assert c.call("ZADD", "k3", "1", "y") == 1  # a lower score, but a later key
    assert c.call("BZPOPMIN", "k1", "k2", "k3", "0") == [b"k2", b"x", b"5"]
    assert c.call("BZPOPMIN", "k1", "k2", "k3", "0") == [b"k3", b"y", b"1"]
    assert c.call("ZADD", "k2", "5", "x") == 1
    assert c.call("ZADD", "k3", "1", "y") == 1
    assert c.call("BZMPOP", "0", "3", "k3", "k1", "k2", "MAX", "COUNT", "9") == [
        b"k3", [[b"y", b"1"]]]
    assert c.call("BZPOPMAX", "k3", "k2", "0") == [b"k2", b"x", b"5"]
    assert c.call("EXISTS", "k1", "k2", "k3") == 0


def test_waiter_served_from_whichever_key_gets_zadd(conns):
    admin = conns()
    for key, other in (("k2", "k1"), ("k1", "k2")):
        w = conns()
        block(admin, w, "BZPOPMAX", "k1", "k2", "0")
        assert admin.call("ZADD", key, "1", "x", "2", "y") == 2
        assert w.read_reply() == [key.encode(), b"y", b"2"]
        assert admin.call("ZRANGE", key, "0", "-1") == [b"x"]
        assert admin.call("DEL", key) == 1
        wait_blocked(admin, 0)
        # the waiter no longer waits on the other key
        assert admin.call("ZADD", other, "1", "z") == 1
        assert nothing_arrives(w, 0.1)
        assert admin.call("DEL", other) == 1


@pytest.mark.parametrize("order", [("k1", "k2"), ("k2", "k1")], ids=["k1first", "k2first"])
def test_keys_ready_in_one_exec_serve_in_ready_order(conns, order):
    """As for lists in Redis 7.0: a waiter on k1 and k2, when one EXEC adds to both, gets
    the member of the key that became ready first, and only that one."""
    admin, w = conns(), conns()
    block(admin, w, "BZPOPMIN", "k1", "k2", "0")
    first, second = order
    assert admin.call("MULTI") == "OK"
    assert admin.call("ZADD", first, "1", "from-" + first) == "QUEUED"
    assert admin.call("ZADD", second, "1", "from-" + second) == "QUEUED"
    assert admin.call("EXEC") == [1, 1]
    assert w.read_reply() == [first.encode(), b"from-" + first.encode(), b"1"]
    assert nothing_arrives(w, 0.1)  # served once only
    wait_blocked(admin, 0)
    assert admin.call("ZRANGE", second, "0", "-1") == [b"from-" + second.encode()]
    assert admin.call("EXISTS", first) == 0


@pytest.mark.parametrize("order", [("k1", "k2"), ("k2", "k1")], ids=["k1first", "k2first"])
def test_keys_ready_in_one_exec_one_shard(make_server, order):
    """The same with every key in one shard (tessera's --shards 1)."""
    s = make_server("--threads", "2", "--shards", "1")
    admin, w = s.raw(), s.raw()
    try:
        block(admin, w, "BZPOPMAX", "k1", "k2", "0")
        first, second = order
        assert admin.call("MULTI") == "OK"
        assert admin.call("ZADD", first, "1", "from-" + first) == "QUEUED"
        assert admin.call("ZADD", second, "1", "from-" + second) == "QUEUED"
        assert admin.call("EXEC") == [1, 1]
        assert w.read_reply() == [first.encode(), b"from-" + first.encode(), b"1"]
        assert nothing_arrives(w, 0.1)
        wait_blocked(admin, 0)
        assert admin.call("ZCARD", second) == 1
    finally:
        admin.close()
        w.close()


# ---------------------------------------------------------------------------------------
# 4. Timeouts


@pytest.mark.parametrize(
    "cmd",
    [
        ("BZPOPMIN", "k", "{t}"),
        ("BZPOPMAX", "k1", "k2", "{t}"),
        ("BZMPOP", "{t}", "2", "k1", "k2", "MIN"),
        ("BZMPOP", "{t}", "1", "k", "MAX", "COUNT", "3"),
    ],
    ids=["BZPOPMIN", "BZPOPMAX", "BZMPOP", "BZMPOP-count"],
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


def test_timeout_zero_blocks_forever_and_old_deadline_does_not_fire(conns):
    admin, w = conns(), conns()
    block(admin, w, "BZPOPMIN", "k", "0")
    assert nothing_arrives(w, 0.5)
    assert admin.call("ZADD", "k", "1", "x") == 1
    assert w.read_reply() == [b"k", b"x", b"1"]
    # served before a finite deadline: the deadline does not fire into the next command
    block(admin, w, "BZPOPMAX", "k", "0.3")
    assert admin.call("ZADD", "k", "2", "y") == 1
    assert w.read_reply() == [b"k", b"y", b"2"]
    time.sleep(0.4)
    assert w.call("PING") == "PONG"
    wait_blocked(admin, 0)


@pytest.mark.parametrize(
    "cmd",
    [
        ("BZPOPMIN", "k", "{t}"),
        ("BZPOPMAX", "k", "{t}"),
        ("BZMPOP", "{t}", "1", "k", "MIN"),
    ],
)
def test_timeout_argument_errors(conns, cmd):
    c = conns()
    for t, err in (
        ("abc", "ERR timeout is not a float or out of range"),
        ("1x", "ERR timeout is not a float or out of range"),
        ("", "ERR timeout is not a float or out of range"),
        ("nan", "ERR timeout is not a float or out of range"),
        ("-1", "ERR timeout is negative"),
        ("-0.5", "ERR timeout is negative"),
    ):
        args = [a.replace("{t}", t) for a in cmd]
        assert c.call(*args) == err, args
    # the timeout is checked before the keys: also on a wrong-type key
    assert c.call("SET", "k", "str") == "OK"
    assert c.call(*[a.replace("{t}", "abc") for a in cmd]) == (
        "ERR timeout is not a float or out of range")
    assert blocked_clients(c) == 0
    assert c.call("PING") == "PONG"


def test_bzmpop_argument_errors(conns):
    c = conns()
    for numkeys in ("0", "-1", "abc"):
        assert c.call("BZMPOP", "0", numkeys, "k", "MIN") == (
            "ERR numkeys should be greater than 0"), numkeys
    assert c.call("BZMPOP", "0", "2", "k", "MIN") == "ERR syntax error"  # too few keys
    assert c.call("BZMPOP", "0", "3", "k", "MIN") == "ERR syntax error"
    assert c.call("BZMPOP", "0", "1", "k", "LEFT") == "ERR syntax error"
    assert c.call("BZMPOP", "0", "1", "k", "MIN", "MAX") == "ERR syntax error"
    assert c.call("BZMPOP", "0", "1", "k", "MIN", "COUNT") == "ERR syntax error"
    assert c.call("BZMPOP", "0", "1", "k", "MIN", "COUNT", "1", "COUNT", "2") == (
        "ERR syntax error")
    for count in ("0", "-2", "abc"):
        assert c.call("BZMPOP", "0", "1", "k", "MIN", "COUNT", count) == (
            "ERR count should be greater than 0"), count
    assert c.call("BZMPOP", "0", "1", "k") == (
        "ERR wrong number of arguments for 'bzmpop' command")
    assert c.call("BZPOPMIN", "k") == "ERR wrong number of arguments for 'bzpopmin' command"
    assert c.call("BZPOPMAX") == "ERR wrong number of arguments for 'bzpopmax' command"
    assert blocked_clients(c) == 0


# ---------------------------------------------------------------------------------------
# 5. FIFO order of waiters


def test_two_waiters_fifo(conns):
    admin, a, b = conns(), conns(), conns()
    block(admin, a, "BZPOPMIN", "q", "10")
    block(admin, b, "BZPOPMIN", "q", "10")
    assert admin.call("ZADD", "q", "1", "one") == 1
    assert a.read_reply() == [b"q", b"one", b"1"]
    assert nothing_arrives(b, 0.2)
    assert admin.call("ZADD", "q", "2", "two") == 1
    assert b.read_reply() == [b"q", b"two", b"2"]
    wait_blocked(admin, 0)


def test_one_zadd_serves_waiters_in_order_while_members_last(conns):
    admin = conns()
    a, b, c = conns(), conns(), conns()
    block(admin, a, "BZPOPMIN", "q", "10")
    block(admin, b, "BZPOPMAX", "q", "10")
    block(admin, c, "BZMPOP", "10", "1", "q", "MIN", "COUNT", "5")
    assert admin.call("ZADD", "q", "1", "a", "2", "b", "3", "c", "4", "d") == 4
    assert a.read_reply() == [b"q", b"a", b"1"]
    assert b.read_reply() == [b"q", b"d", b"4"]
    assert c.read_reply() == [b"q", [[b"b", b"2"], [b"c", b"3"]]]
    assert admin.call("EXISTS", "q") == 0
    wait_blocked(admin, 0)
    # fewer members than waiters: the later waiters stay blocked
    ws = [conns() for _ in range(3)]
    for w in ws:
        block(admin, w, "BZPOPMAX", "q", "10")
    assert admin.call("ZADD", "q", "1", "x", "2", "y") == 2
    assert ws[0].read_reply() == [b"q", b"y", b"2"]
    assert ws[1].read_reply() == [b"q", b"x", b"1"]
    assert nothing_arrives(ws[2], 0.2)
    assert blocked_clients(admin) == 1
    assert admin.call("ZADD", "q", "3", "z") == 1
    assert ws[2].read_reply() == [b"q", b"z", b"3"]
    wait_blocked(admin, 0)


def test_fifo_across_threads(conns):
    """Many connections (spread over both worker threads) wait on one key; one ZADD of as
    many members serves them in arrival order, each the smallest member left."""
    n = 20
    admin = conns()
    waiters = []
    for i in range(n):
        w = conns()
        block(admin, w, "BZPOPMIN", "q", "20")
        waiters.append(w)
    assert blocked_clients(admin) == n
    args = []
    for i in reversed(range(n)):
        args += [str(i), f"m{i:02d}"]
    assert admin.call("ZADD", "q", *args) == n
    for i, w in enumerate(waiters):
        assert w.read_reply() == [b"q", f"m{i:02d}".encode(), str(i).encode()], f"waiter {i}"
    assert admin.call("EXISTS", "q") == 0
    wait_blocked(admin, 0)


def test_waiters_and_writers_on_different_threads(srv, conns):
    """Waiters on several keys and writers on their own connections, concurrently (the
    connections land on both worker threads): every waiter gets exactly what was added
    for it."""
    admin = conns()
    n = 8
    waiters = []
    for i in range(n):
        w = conns()
        block(admin, w, "BZPOPMAX" if i % 2 else "BZPOPMIN", f"t:{i}", "20")
        waiters.append(w)
    errors = []

    def writer(i):
        c = None
        try:
            c = RawConn(srv.port, timeout=READ_TIMEOUT)
            assert c.call("ZADD", f"t:{i}", "1", f"lo{i}", "2", f"hi{i}") == 2
        except BaseException as e:
            errors.append((i, repr(e)))
        finally:
            if c:
                c.close()

    threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not errors, errors
    for i, w in enumerate(waiters):
        want = [f"t:{i}".encode(), f"hi{i}".encode(), b"2"] if i % 2 else [
            f"t:{i}".encode(), f"lo{i}".encode(), b"1"]
        assert w.read_reply() == want, i
        left = f"lo{i}" if i % 2 else f"hi{i}"
        assert admin.call("ZRANGE", f"t:{i}", "0", "-1") == [left.encode()]
    wait_blocked(admin, 0)


def test_exactly_once_delivery_under_load(srv, conns):
    admin = conns()
    keys = [f"load:{i}" for i in range(4)]
    n_writers, n_poppers, per_writer = 3, 5, 300
    writing_done = threading.Event()
    added, received = [], []
    errors = []
    lock = threading.Lock()

    def writer(wid):
        c = None
        try:
            c = RawConn(srv.port, timeout=READ_TIMEOUT)
            rnd = random.Random(wid)
            i = 0
            while i < per_writer:
                batch = [f"w{wid}:{j}" for j in range(i, min(per_writer, i + rnd.randint(1, 5)))]
                args = []
                for m in batch:
                    args += [str(rnd.randint(0, 9)), m]
                assert c.call("ZADD", rnd.choice(keys), *args) == len(batch)
                with lock:
                    added.extend(batch)
                i += len(batch)
        except BaseException as e:
            errors.append(("writer", wid, repr(e)))
        finally:
            if c:
                c.close()

    def popper(pid):
        c = None
        try:
            c = RawConn(srv.port, timeout=READ_TIMEOUT)
            rnd = random.Random(100 + pid)
            while True:
                done_before = writing_done.is_set()
                # while writes go on, wait on random subsets; at the end, on every key, so
                # that a final timeout means everything was drained
                ks = keys if done_before else rnd.sample(keys, rnd.randint(1, len(keys)))
                kind = pid % 3
                if kind == 2:
                    got = c.call("BZMPOP", "0.2", str(len(ks)), *ks,
                                 rnd.choice(["MIN", "MAX"]), "COUNT", str(rnd.randint(1, 4)))
                else:
                    got = c.call("BZPOPMIN" if kind == 0 else "BZPOPMAX", *ks, "0.2")
                if got is None:
                    if done_before:
                        return
                    continue
                assert isinstance(got, list), got
                assert got[0].decode() in ks, (ks, got)
                if kind == 2:
                    members = [m.decode() for m, _ in got[1]]
                    assert 1 <= len(members), got
                else:
                    assert len(got) == 3, got
                    members = [got[1].decode()]
                with lock:
                    received.extend(members)
        except BaseException as e:
            errors.append(("popper", pid, repr(e)))
        finally:
            if c:
                c.close()

    poppers = [threading.Thread(target=popper, args=(p,), daemon=True) for p in range(n_poppers)]
    writers = [threading.Thread(target=writer, args=(w,), daemon=True) for w in range(n_writers)]
    for t in poppers + writers:
        t.start()
    for t in writers:
        t.join(30)
    writing_done.set()
    for t in poppers:
        t.join(30)
    assert not any(t.is_alive() for t in poppers + writers), "client threads hung"
    assert not errors, errors[:5]
    leftover = []
    for k in keys:
        leftover += [v.decode() for v in admin.call("ZRANGE", k, "0", "-1")]
    assert len(added) == n_writers * per_writer
    assert len(received) == len(set(received)), "a member was delivered twice"
    assert sorted(received + leftover) == sorted(added), "a member was lost or invented"
    assert leftover == []  # the poppers drained everything before their final timeout
    wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 6. MULTI/EXEC


def test_zadd_inside_exec_wakes_waiter(conns):
    admin, a, b = conns(), conns(), conns()
    block(admin, a, "BZPOPMIN", "k", "0")
    assert b.call("MULTI") == "OK"
    assert b.call("ZADD", "k", "1", "x") == "QUEUED"
    assert nothing_arrives(a, 0.1)
    assert b.call("EXEC") == [1]
    assert a.read_reply() == [b"k", b"x", b"1"]
    assert admin.call("EXISTS", "k") == 0
    wait_blocked(admin, 0)


def test_waiter_served_after_whole_transaction(conns):
    """A transaction that adds and pops again leaves the waiter what is left at EXEC."""
    admin, a, b = conns(), conns(), conns()
    block(admin, a, "BZPOPMIN", "k", "0")
    assert b.call("MULTI") == "OK"
    assert b.call("ZADD", "k", "1", "x", "2", "y", "3", "z") == "QUEUED"
    assert b.call("ZPOPMIN", "k") == "QUEUED"
    assert b.call("ZINCRBY", "k", "10", "y") == "QUEUED"
    assert b.call_raw("EXEC") == (b"*3\r\n:3\r\n*2\r\n$1\r\nx\r\n$1\r\n1\r\n"
                                  b"$2\r\n12\r\n")
    assert a.read_reply() == [b"k", b"z", b"3"]
    assert admin.call("ZRANGE", "k", "0", "-1", "WITHSCORES") == [b"y", b"12"]
    wait_blocked(admin, 0)


def test_blocking_pops_inside_multi_do_not_block(conns):
    c = conns()
    assert c.call("MULTI") == "OK"
    assert c.call("BZPOPMIN", "empty", "0") == "QUEUED"
    assert c.call("BZPOPMAX", "empty", "empty2", "0") == "QUEUED"
    assert c.call("BZMPOP", "0", "1", "empty", "MIN") == "QUEUED"
    start = time.monotonic()
    assert c.call_raw("EXEC") == b"*3\r\n*-1\r\n*-1\r\n*-1\r\n"
    assert time.monotonic() - start < 0.5
    assert blocked_clients(c) == 0
    # with members they pop like the non-blocking forms
    assert c.call("ZADD", "full", "1", "a", "2", "b", "3", "c") == 3
    assert c.call("MULTI") == "OK"
    assert c.call("BZPOPMAX", "full", "0") == "QUEUED"
    assert c.call("BZMPOP", "0", "1", "full", "MIN", "COUNT", "5") == "QUEUED"
    assert c.call("EXEC") == [[b"full", b"c", b"3"], [b"full", [[b"a", b"1"], [b"b", b"2"]]]]


# ---------------------------------------------------------------------------------------
# 7. Other types: no serving, no interference


def test_string_or_list_at_the_key_does_not_serve(conns):
    admin, waiter = conns(), conns()
    block(admin, waiter, "BZPOPMIN", "k", "5")
    assert admin.call("SET", "k", "string") == "OK"
    assert nothing_arrives(waiter, 0.2)
    assert admin.call("DEL", "k") == 1
    assert admin.call("RPUSH", "k", "v") == 1
    assert nothing_arrives(waiter, 0.2)
    assert admin.call("DEL", "k") == 1
    assert admin.call("SADD", "k", "m") == 1  # a plain set does not serve either
    assert nothing_arrives(waiter, 0.2)
    assert blocked_clients(admin) == 1
    assert admin.call("DEL", "k") == 1
    assert admin.call("ZADD", "k", "1", "v") == 1
    assert waiter.read_reply() == [b"k", b"v", b"1"]
    wait_blocked(admin, 0)


def test_wrong_type_key_among_waited_keys(conns):
    """The waiter on k1 and k2 stays blocked while k1 becomes a string, and is served by
    a ZADD to k2; the string at k1 is left alone."""
    admin, waiter = conns(), conns()
    block(admin, waiter, "BZMPOP", "5", "2", "k1", "k2", "MAX")
    assert admin.call("SET", "k1", "s") == "OK"
    assert nothing_arrives(waiter, 0.2)
    assert admin.call("ZADD", "k2", "1", "a") == 1
    assert waiter.read_reply() == [b"k2", [[b"a", b"1"]]]
    assert admin.call("GET", "k1") == b"s"
    wait_blocked(admin, 0)


def test_list_and_zset_waiters_do_not_interfere(conns):
    admin, lw, zw = conns(), conns(), conns()
    # different keys
    block(admin, lw, "BLPOP", "list", "5")
    block(admin, zw, "BZPOPMIN", "zset", "5")
    assert admin.call("ZADD", "zset", "1", "m") == 1
    assert zw.read_reply() == [b"zset", b"m", b"1"]
    assert nothing_arrives(lw, 0.1)
    assert blocked_clients(admin) == 1
    assert admin.call("RPUSH", "list", "e") == 1
    assert lw.read_reply() == [b"list", b"e"]
    wait_blocked(admin, 0)
    # the same key: a zset serves only the zset waiter, a list only the list waiter
    block(admin, lw, "BLPOP", "k", "5")
    block(admin, zw, "BZPOPMAX", "k", "5")
    assert admin.call("ZADD", "k", "1", "m") == 1
    assert zw.read_reply() == [b"k", b"m", b"1"]
    assert nothing_arrives(lw, 0.1)
    assert admin.call("EXISTS", "k") == 0
    block(admin, zw, "BZPOPMAX", "k", "5")
    assert admin.call("RPUSH", "k", "e") == 1
    assert lw.read_reply() == [b"k", b"e"]
    assert nothing_arrives(zw, 0.1)
    assert admin.call("EXISTS", "k") == 0
    assert admin.call("ZADD", "k", "2", "n") == 1
    assert zw.read_reply() == [b"k", b"n", b"2"]
    wait_blocked(admin, 0)


def test_list_waiter_and_zset_waiter_on_keys_written_in_one_exec(conns):
    admin, lw, zw = conns(), conns(), conns()
    block(admin, lw, "BLMPOP", "5", "2", "a", "b", "LEFT")
    block(admin, zw, "BZMPOP", "5", "2", "a", "b", "MIN")
    assert admin.call("MULTI") == "OK"
    assert admin.call("ZADD", "a", "1", "z1") == "QUEUED"
    assert admin.call("RPUSH", "b", "l1") == "QUEUED"
    assert admin.call("EXEC") == [1, 1]
    assert zw.read_reply() == [b"a", [[b"z1", b"1"]]]
    assert lw.read_reply() == [b"b", [b"l1"]]
    assert admin.call("EXISTS", "a", "b") == 0
    wait_blocked(admin, 0)


# ---------------------------------------------------------------------------------------
# 8. CLIENT UNBLOCK, disconnects


@pytest.mark.parametrize(
    "cmd",
    [("BZPOPMIN", "k", "0"), ("BZPOPMAX", "k", "k2", "0"), ("BZMPOP", "0", "1", "k", "MAX")],
    ids=["BZPOPMIN", "BZPOPMAX", "BZMPOP"],
)
def test_client_unblock(conns, cmd):
    admin, w = conns(), conns()
    wid = w.call("CLIENT", "ID")
    assert isinstance(wid, int)
    assert admin.call("CLIENT", "UNBLOCK", str(wid)) == 0  # not blocked
    # default (TIMEOUT): a null array, as for a timeout
    block(admin, w, *cmd)
    assert admin.call("CLIENT", "UNBLOCK", str(wid)) == 1
    assert w.read_reply(raw=True) == b"*-1\r\n"
    wait_blocked(admin, 0)
    block(admin, w, *cmd)
    assert admin.call("CLIENT", "UNBLOCK", str(wid), "TIMEOUT") == 1
    assert w.read_reply(raw=True) == b"*-1\r\n"
    wait_blocked(admin, 0)
    # ERROR: the UNBLOCKED error
    block(admin, w, *cmd)
    assert admin.call("CLIENT", "UNBLOCK", str(wid), "ERROR") == 1
    assert w.read_reply() == "UNBLOCKED client unblocked via CLIENT UNBLOCK"
    wait_blocked(admin, 0)
    # unblocked already: 0; the client works and no longer waits on k
    assert admin.call("CLIENT", "UNBLOCK", str(wid)) == 0
    assert w.call("PING") == "PONG"
    assert admin.call("ZADD", "k", "1", "v") == 1
    assert admin.call("ZCARD", "k") == 1
    assert nothing_arrives(w, 0.1)


def test_client_unblock_resp3_null(conns):
    admin, w = conns(), conns()
    assert w.call("HELLO", "3")[b"proto"] == 3
    wid = w.call("CLIENT", "ID")
    block(admin, w, "BZPOPMIN", "k", "0")
    assert admin.call("CLIENT", "UNBLOCK", str(wid)) == 1
    assert w.read_reply(raw=True) == b"_\r\n"
    wait_blocked(admin, 0)


def test_disconnected_waiter_skipped_for_next_waiter(srv, conns):
    admin = conns()
    gone = RawConn(srv.port, timeout=READ_TIMEOUT)
    block(admin, gone, "BZPOPMIN", "k", "0")
    stays = conns()
    block(admin, stays, "BZPOPMIN", "k", "0")
    gone.close()
    wait_blocked(admin, 1)
    assert admin.call("ZADD", "k", "1", "v") == 1
    assert stays.read_reply() == [b"k", b"v", b"1"]
    assert admin.call("EXISTS", "k") == 0
    wait_blocked(admin, 0)
    gone2 = RawConn(srv.port, timeout=READ_TIMEOUT)
    block(admin, gone2, "BZMPOP", "0", "1", "k", "MIN")
    gone2.close()
    wait_blocked(admin, 0)
    assert admin.call("ZADD", "k", "1", "v") == 1
    assert admin.call("ZCARD", "k") == 1


# ---------------------------------------------------------------------------------------
# 9. Pipelining, INFO, redis-py


def test_pipelined_command_waits_behind_blocking_pop(conns):
    admin, w = conns(), conns()
    w.send(encode_command("BZPOPMIN", "k", "0") + encode_command("BZPOPMAX", "k", "0")
           + encode_command("ECHO", "done"))
    wait_blocked(admin, 1)
    assert nothing_arrives(w, 0.1)
    assert admin.call("ZADD", "k", "1", "a") == 1
    assert w.read_reply() == [b"k", b"a", b"1"]
    wait_blocked(admin, 1)  # blocked again on the second pop
    assert nothing_arrives(w, 0.1)
    assert admin.call("ZADD", "k", "2", "b") == 1
    assert w.read_reply() == [b"k", b"b", b"2"]
    assert w.read_reply() == b"done"
    wait_blocked(admin, 0)


def test_info_blocked_clients_counts_zset_waiters(conns):
    admin = conns()
    ws = [conns() for _ in range(3)]
    block(admin, ws[0], "BZPOPMIN", "a", "0")
    block(admin, ws[1], "BZPOPMAX", "b", "0")
    block(admin, ws[2], "BZMPOP", "0", "1", "c", "MIN")
    assert blocked_clients(admin) == 3
    assert admin.call("ZADD", "b", "1", "x") == 1
    assert ws[1].read_reply() == [b"b", b"x", b"1"]
    wait_blocked(admin, 2)
    assert admin.call("ZADD", "c", "1", "y") == 1
    assert ws[2].read_reply() == [b"c", [[b"y", b"1"]]]
    wait_blocked(admin, 1)
    assert admin.call("ZADD", "a", "1", "z") == 1
    assert ws[0].read_reply() == [b"a", b"z", b"1"]
    wait_blocked(admin, 0)


def test_redis_py_blocking_zset_helpers(srv, conns):
    admin = conns()
    r = redis.Redis(host=HOST, port=srv.port, socket_timeout=READ_TIMEOUT)
    try:
        assert r.bzpopmin(["a", "b"], timeout=0.1) is None
        assert r.bzpopmax("a", timeout=0.1) is None
        r.zadd("b", {"one": 1, "two": 2, "three": 3})
        assert r.bzpopmin(["a", "b"], timeout=1) == (b"b", b"one", 1.0)
        assert r.bzpopmax(["a", "b"], timeout=1) == (b"b", b"three", 3.0)
        assert r.bzmpop(1, 2, ["a", "b"], min=True, count=5) == [b"b", [[b"two", b"2"]]]
        assert r.bzmpop(0.1, 1, ["a"], max=True) is None

        result = []

        def waiter():
            c = redis.Redis(host=HOST, port=srv.port, socket_timeout=READ_TIMEOUT)
            try:
                result.append(c.bzpopmax(["w1", "w2"], timeout=5))
            finally:
                c.close()

        t = threading.Thread(target=waiter, daemon=True)
        t.start()
        wait_blocked(admin, 1)
        r.zadd("w2", {"lo": -1.5, "hi": 2.25})
        t.join(5)
        assert not t.is_alive()
        assert result == [(b"w2", b"hi", 2.25)]
        assert r.zrange("w2", 0, -1, withscores=True) == [(b"lo", -1.5)]
        wait_blocked(admin, 0)
    finally:
        r.close()
