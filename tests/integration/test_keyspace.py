"""Keyspace commands: DEL EXISTS TYPE EXPIRE* TTL PTTL EXPIRETIME PERSIST KEYS SCAN
RANDOMKEY RENAME RENAMENX DBSIZE FLUSHDB FLUSHALL SELECT.

Expected replies were checked against Debian's redis-server 7.0.15.
"""

import threading
import time

from conftest import ErrorReply, encode_command

NOT_INT = "ERR value is not an integer or out of range"
SYNTAX = "ERR syntax error"


def test_del_exists_type(r, raw):
    r.mset({"a": "1", "b": "2", "c": "3"})
    assert r.exists("a", "b", "nope") == 2
    assert r.exists("a", "a", "a") == 3  # repeats count
    assert r.delete("a", "b", "nope") == 2
    assert r.exists("a", "b") == 0
    assert r.unlink("c", "zz") == 1
    assert r.dbsize() == 0
    r.set("s", "v")
    assert raw.call_raw("TYPE", "s") == b"+string\r\n"
    assert raw.call_raw("TYPE", "nope") == b"+none\r\n"
    assert raw.call("DEL") == "ERR wrong number of arguments for 'del' command"
    assert raw.call("EXISTS") == "ERR wrong number of arguments for 'exists' command"


def test_expire_ttl_persist(r, raw):
    r.set("k", "v")
    assert r.ttl("k") == -1
    assert r.pttl("k") == -1
    assert r.ttl("nope") == -2
    assert r.pttl("nope") == -2
    assert r.expire("k", 100) is True
    assert 99 <= r.ttl("k") <= 100
    assert 99000 <= r.pttl("k") <= 100000
    assert r.expire("nope", 100) is False
    assert r.persist("k") is True
    assert r.persist("k") is False
    assert r.persist("nope") is False
    assert r.ttl("k") == -1
    assert r.pexpire("k", 100000) is True
    assert 99000 <= r.pttl("k") <= 100000
    # a non-positive TTL deletes the key
    assert r.expire("k", -1) is True
    assert r.exists("k") == 0
    r.set("k", "v")
    assert r.pexpire("k", 0) is True
    assert r.exists("k") == 0
    # an absolute time in the past deletes too
    r.set("k2", "v")
    assert r.expireat("k2", 1) is True
    assert r.exists("k2") == 0
    assert raw.call("EXPIRE", "k", "abc") == NOT_INT
    assert raw.call("EXPIRE", "k") == "ERR wrong number of arguments for 'expire' command"


def test_expire_nx_xx_gt_lt(r, raw):
    r.set("k", "v")
    # no TTL yet: XX and GT refuse, NX and LT apply (no TTL counts as infinite)
    assert raw.call("EXPIRE", "k", "100", "XX") == 0
    assert raw.call("EXPIRE", "k", "100", "GT") == 0
    assert r.ttl("k") == -1
    assert raw.call("EXPIRE", "k", "100", "NX") == 1
    assert raw.call("EXPIRE", "k", "500", "NX") == 0
    assert 99 <= r.ttl("k") <= 100
    assert raw.call("EXPIRE", "k", "50", "GT") == 0
    assert raw.call("EXPIRE", "k", "200", "GT") == 1
    assert 199 <= r.ttl("k") <= 200
    assert raw.call("EXPIRE", "k", "300", "LT") == 0
    assert raw.call("EXPIRE", "k", "50", "LT") == 1
    assert 49 <= r.ttl("k") <= 50
    assert raw.call("EXPIRE", "k", "500", "XX") == 1
    assert 499 <= r.ttl("k") <= 500
    r.set("k3", "v")
    assert raw.call("EXPIRE", "k3", "100", "LT") == 1
    assert 99 <= r.ttl("k3") <= 100
    # redis-py's keyword form
    assert r.expire("k", 1000, gt=True) is True
    assert r.expire("k", 10, gt=True) is False
    # errors
    assert (
        raw.call("EXPIRE", "k", "100", "NX", "XX")
        == "ERR NX and XX, GT or LT options at the same time are not compatible"
    )
    assert (
        raw.call("EXPIRE", "k", "100", "GT", "LT")
        == "ERR GT and LT options at the same time are not compatible"
    )
    assert raw.call("EXPIRE", "k", "100", "FOO") == "ERR Unsupported option FOO"


def test_expiretime(r, raw):
    r.set("k", "v")
    assert raw.call("EXPIRETIME", "k") == -1
    assert raw.call("EXPIRETIME", "nope") == -2
    assert raw.call("PEXPIRETIME", "nope") == -2
    at = int(time.time()) + 3600
    assert r.expireat("k", at) is True
    assert raw.call("EXPIRETIME", "k") == at
    assert raw.call("PEXPIRETIME", "k") == at * 1000
    assert raw.call("PEXPIREAT", "k", "99999999999999") == 1
    assert raw.call("EXPIRETIME", "k") == 100000000000  # rounded, as Redis does
    assert raw.call("PEXPIRETIME", "k") == 99999999999999


def test_keys(r, raw):
    r.mset({"foo": 1, "foobar": 2, "bar": 3, "f?x": 4, "hello": 5, "hallo": 6})
    assert sorted(r.keys("*")) == sorted([b"foo", b"foobar", b"bar", b"f?x", b"hello", b"hallo"])
    assert sorted(r.keys("foo*")) == [b"foo", b"foobar"]
    assert sorted(r.keys("h?llo")) == [b"hallo", b"hello"]
    assert sorted(r.keys("h[ae]llo")) == [b"hallo", b"hello"]
    assert sorted(r.keys("h[^e]llo")) == [b"hallo"]
    assert r.keys(r"f\?x") == [b"f?x"]
    assert r.keys("nomatch*") == []
    assert raw.call_raw("KEYS", "zzz*") == b"*0\r\n"


def test_scan_full_iteration(r, raw):
    n = 5000
    pipe = r.pipeline(transaction=False)
    for i in range(n):
        pipe.set(f"key:{i}", i)
    pipe.execute()
    assert r.dbsize() == n

    seen = set()
    cursor = b"0"
    calls = 0
    while True:
        reply = raw.call("SCAN", cursor, "COUNT", "100")
        assert isinstance(reply, list) and len(reply) == 2
        cursor, keys = reply
        assert isinstance(cursor, bytes) and cursor.isdigit()
        seen.update(keys)
        calls += 1
        assert calls < 10 * n, "SCAN never returned cursor 0"
        if cursor == b"0":
            break
    assert seen == {f"key:{i}".encode() for i in range(n)}

    # redis-py's iterator over the default COUNT
    assert set(r.scan_iter()) == seen


def test_scan_match_count_type(r, raw):
    pipe = r.pipeline(transaction=False)
    for i in range(1000):
        pipe.set(f"user:{i}", i)
        pipe.set(f"item:{i}", i)
    pipe.execute()
    users = set(r.scan_iter(match="user:*", count=50))
    assert users == {f"user:{i}".encode() for i in range(1000)}
    ones = set(r.scan_iter(match="item:1??"))
    assert ones == {f"item:{i}".encode() for i in range(100, 200)}
    # TYPE: everything is a string; no lists exist
    assert len(set(r.scan_iter(_type="string"))) == 2000
    assert set(r.scan_iter(_type="list")) == set()
    # a large COUNT returns everything in one call
    cursor, keys = raw.call("SCAN", "0", "COUNT", "100000")
    assert cursor == b"0"
    assert len(set(keys)) == 2000


def test_scan_errors(raw):
    assert raw.call("SCAN", "abc") == "ERR invalid cursor"
    assert raw.call("SCAN", "0", "COUNT", "0") == SYNTAX
    assert raw.call("SCAN", "0", "COUNT", "abc") == NOT_INT
    assert raw.call("SCAN", "0", "MATCH") == SYNTAX
    assert raw.call("SCAN", "0", "FOO", "bar") == SYNTAX
    assert raw.call_raw("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*0\r\n"


def test_randomkey(r, raw):
    assert r.randomkey() is None
    assert raw.call_raw("RANDOMKEY") == b"$-1\r\n"
    keys = {f"k{i}".encode() for i in range(20)}
    r.mset({k: b"v" for k in keys})
    got = {r.randomkey() for _ in range(200)}
    assert got <= keys
    assert len(got) > 1


def test_rename_renamenx(r, raw):
    assert raw.call("RENAME", "nope", "x") == "ERR no such key"
    assert raw.call("RENAMENX", "nope", "x") == "ERR no such key"
    r.set("a", "1", ex=100)
    assert r.rename("a", "b") is True
    assert r.exists("a") == 0
    assert r.get("b") == b"1"
    assert 98 <= r.ttl("b") <= 100  # the TTL moves with the key
    assert r.rename("b", "b") is True
    assert r.get("b") == b"1"
    r.set("c", "3")
    assert r.renamenx("b", "c") is False
    assert r.get("c") == b"3" and r.get("b") == b"1"
    assert r.renamenx("b", "d") is True
    assert r.get("d") == b"1" and r.exists("b") == 0
    # RENAME overwrites and drops the destination's TTL
    r.set("e", "old", ex=100)
    r.set("f", "new")
    assert r.rename("f", "e") is True
    assert r.get("e") == b"new"
    assert r.ttl("e") == -1


def test_dbsize_flushdb_flushall(server, r, raw):
    r.mset({"a": 1, "b": 2})
    r1 = server.client(db=1)
    try:
        r1.set("x", 1)
        assert r.dbsize() == 2
        assert r1.dbsize() == 1
        assert r.flushdb() is True
        assert r.dbsize() == 0
        assert r1.dbsize() == 1  # FLUSHDB only touches the selected db
        r.set("a", 1)
        assert raw.call("FLUSHDB", "foo") == SYNTAX
        assert raw.call("FLUSHALL", "ASYNC") == "OK"
        assert r.dbsize() == 0
        assert r1.dbsize() == 0
        r.set("a", 1)
        assert raw.call("FLUSHDB", "SYNC") == "OK"
        assert r.dbsize() == 0
    finally:
        r1.close()


def test_select_isolation(server, raw):
    assert raw.call("SET", "k", "db0") == "OK"
    assert raw.call("SELECT", "1") == "OK"
    assert raw.call("GET", "k") is None
    assert raw.call("SET", "k", "db1") == "OK"
    assert raw.call("DBSIZE") == 1
    assert raw.call("SELECT", "15") == "OK"
    assert raw.call("EXISTS", "k") == 0
    assert raw.call("SELECT", "0") == "OK"
    assert raw.call("GET", "k") == b"db0"
    # another connection starts in db 0 whatever this one selected
    raw.call("SELECT", "1")
    other = raw.new()
    assert other.call("GET", "k") == b"db0"
    assert raw.call("GET", "k") == b"db1"
    # the same key name expires independently per db
    assert raw.call("EXPIRE", "k", "100") == 1
    assert other.call("TTL", "k") == -1
    # errors
    assert raw.call("SELECT", "16") == "ERR DB index is out of range"
    assert raw.call("SELECT", "-1") == "ERR DB index is out of range"
    assert raw.call("SELECT", "abc") == NOT_INT
    assert raw.call("SELECT") == "ERR wrong number of arguments for 'select' command"
    # still in db 1 after the failed SELECTs
    assert raw.call("GET", "k") == b"db1"


def test_pipeline_of_keyspace_commands_raw(raw):
    # several keyspace commands in one write, replies in order
    cmds = [
        ("SET", "a", "1"),
        ("EXPIRE", "a", "100"),
        ("TTL", "a"),
        ("PERSIST", "a"),
        ("TTL", "a"),
        ("TYPE", "a"),
        ("DEL", "a"),
        ("TYPE", "a"),
    ]
    raw.send(b"".join(encode_command(*c) for c in cmds))
    got = [raw.read_reply() for _ in cmds]
    assert got == ["OK", 1, 100, 1, -1, "string", 1, "none"]
    assert isinstance(got[0], str) and not isinstance(got[0], ErrorReply)


def test_scan_guarantee_while_keyspace_grows_and_shrinks(server, r):
    """Keys present for a whole SCAN are returned even while the table grows from 2k to
    100k keys and shrinks back (resizing must not lose the cursor's place)."""
    pipe = r.pipeline(transaction=False)
    for i in range(2000):
        pipe.set(f"stable:{i}", i)
    pipe.execute()
    stable = {f"stable:{i}".encode() for i in range(2000)}

    def scan_while(action):
        errors = []

        def run():
            try:
                action(server.client())
            except Exception as e:
                errors.append(repr(e))

        t = threading.Thread(target=run, daemon=True)
        t.start()
        seen = set()
        cursor = 0
        while True:
            cursor, keys = r.scan(cursor, match="stable:*", count=20)
            seen.update(keys)
            if cursor == 0:
                break
        t.join(timeout=60)
        assert not t.is_alive() and not errors, errors
        return seen

    def grow(c):
        for j in range(0, 100_000, 1000):
            c.mset({f"g:{j + k}": 1 for k in range(1000)})
        c.close()

    def shrink(c):
        for j in range(0, 100_000, 1000):
            c.delete(*[f"g:{j + k}" for k in range(1000)])
        c.close()

    assert stable - scan_while(grow) == set()
    assert r.dbsize() == 102_000
    assert stable - scan_while(shrink) == set()
    assert r.dbsize() == 2000
