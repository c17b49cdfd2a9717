"""String commands through redis-py (RESP2) and exact error replies over a raw socket.

Expected replies were checked against Debian's redis-server 7.0.15.
"""

import time

import pytest
import redis

from conftest import ErrorReply

NOT_INT = "ERR value is not an integer or out of range"
SYNTAX = "ERR syntax error"


def wrong_args(cmd):
    return f"ERR wrong number of arguments for '{cmd}' command"


# ----------------------------------------------------------------------------- SET / GET


def test_set_get_basic(r):
    assert r.set("k", "v") is True
    assert r.get("k") == b"v"
    assert r.get("missing") is None
    # binary-safe keys and values
    blob = bytes(range(256)) * 4
    assert r.set(b"\x00bin\r\nkey", blob) is True
    assert r.get(b"\x00bin\r\nkey") == blob
    # empty value
    assert r.set("empty", "") is True
    assert r.get("empty") == b""
    assert r.exists("empty") == 1
    # overwrite
    r.set("k", "v2")
    assert r.get("k") == b"v2"


def test_set_ex_px(r, raw):
    assert r.set("ex", "1", ex=100)
    assert 99 <= r.ttl("ex") <= 100
    assert r.set("px", "1", px=100000)
    assert 99000 <= r.pttl("px") <= 100000
    # a plain SET drops the TTL
    r.set("ex", "2")
    assert r.ttl("ex") == -1
    # EXAT / PXAT
    at = int(time.time()) + 1000
    assert r.set("exat", "1", exat=at)
    assert r.expiretime("exat") == at
    assert raw.call("SET", "pxat", "1", "PXAT", at * 1000 + 123) == "OK"
    assert raw.call("PEXPIRETIME", "pxat") == at * 1000 + 123
    # a short PX really expires
    r.set("short", "1", px=50)
    time.sleep(0.15)
    assert r.get("short") is None
    assert r.exists("short") == 0


def test_set_nx_xx(r):
    assert r.set("k", "v1", nx=True) is True
    assert r.set("k", "v2", nx=True) is None
    assert r.get("k") == b"v1"
    assert r.set("k", "v3", xx=True) is True
    assert r.get("k") == b"v3"
    assert r.set("nokey", "v", xx=True) is None
    assert r.exists("nokey") == 0


def test_set_get_option(r, raw):
    assert r.set("k", "old") is True
    assert r.set("k", "new", get=True) == b"old"
    assert r.get("k") == b"new"
    assert r.set("fresh", "x", get=True) is None
    assert r.get("fresh") == b"x"
    # XX GET on a missing key: null and nothing is set
    assert raw.call_raw("SET", "nokey", "v", "XX", "GET") == b"$-1\r\n"
    assert r.exists("nokey") == 0
    # NX GET on an existing key: the old value, not overwritten (Redis 7)
    assert raw.call("SET", "k", "other", "NX", "GET") == b"new"
    # NX GET on a missing key: null, and the key is set
    assert raw.call_raw("SET", "k2", "v", "NX", "GET") == b"$-1\r\n"
    assert r.get("k2") == b"v"
    assert r.get("k") == b"new"


def test_set_keepttl(r):
    r.set("k", "v", ex=100)
    assert r.set("k", "v2", keepttl=True)
    assert r.get("k") == b"v2"
    assert 98 <= r.ttl("k") <= 100
    r.set("k", "v3")
    assert r.ttl("k") == -1


def test_set_errors(raw):
    assert raw.call("SET", "a") == ErrorReply(wrong_args("set"))
    assert raw.call("SET", "a", "1", "EX", "0") == "ERR invalid expire time in 'set' command"
    assert raw.call("SET", "a", "1", "EX", "-5") == "ERR invalid expire time in 'set' command"
    assert raw.call("SET", "a", "1", "PX", "0") == "ERR invalid expire time in 'set' command"
    assert raw.call("SET", "a", "1", "EX", "abc") == NOT_INT
    assert raw.call("SET", "a", "1", "foo") == SYNTAX
    assert raw.call("SET", "a", "1", "NX", "XX") == SYNTAX
    assert raw.call("SET", "a", "1", "EX", "10", "PX", "100") == SYNTAX
    assert raw.call("SET", "a", "1", "EX", "10", "KEEPTTL") == SYNTAX
    assert raw.call("SET", "a", "1", "EX") == SYNTAX
    # nothing above created the key
    assert raw.call("EXISTS", "a") == 0
    assert raw.call("GET") == wrong_args("get")
    assert raw.call("GET", "a", "b") == wrong_args("get")


def test_error_reply_bytes_exact(raw):
    assert raw.call_raw("GET") == b"-ERR wrong number of arguments for 'get' command\r\n"
    assert raw.call_raw("get") == b"-ERR wrong number of arguments for 'get' command\r\n"
    assert raw.call_raw("SET", "x", "notint") == b"+OK\r\n"
    assert raw.call_raw("INCR", "x") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call_raw("SET", "a", "b", "BOGUS") == b"-ERR syntax error\r\n"
    assert (
        raw.call_raw("NOSUCHCMD", "a", "b")
        == b"-ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' 'b' \r\n"
    )
    assert raw.call_raw("nosuch") == b"-ERR unknown command 'nosuch', with args beginning with: \r\n"


# ----------------------------------------------------------------------------- counters


def test_incr_decr(r):
    assert r.incr("n") == 1
    assert r.incr("n") == 2
    assert r.decr("n") == 1
    assert r.incrby("n", 10) == 11
    assert r.decrby("n", 20) == -9
    assert r.get("n") == b"-9"
    assert r.decr("neg") == -1
    r.set("s", " 1")
    with pytest.raises(redis.ResponseError):
        r.incr("s")


def test_incr_errors(raw):
    raw.call("SET", "str", "abc")
    assert raw.call("INCR", "str") == NOT_INT
    assert raw.call("INCRBY", "c", "abc") == NOT_INT
    assert raw.call("INCRBY", "c", "1.5") == NOT_INT
    assert raw.call("EXISTS", "c") == 0
    assert raw.call("INCRBY", "c", "9223372036854775806") == 9223372036854775806
    assert raw.call("INCR", "c") == 9223372036854775807
    assert raw.call("INCR", "c") == "ERR increment or decrement would overflow"
    assert raw.call("GET", "c") == b"9223372036854775807"
    assert raw.call("DECRBY", "c", "-9223372036854775808") == "ERR decrement would overflow"
    raw.call("SET", "big", "99999999999999999999")
    assert raw.call("INCR", "big") == NOT_INT
    assert raw.call("INCR") == wrong_args("incr")


def test_incrbyfloat(r, raw):
    assert r.incrbyfloat("f", 1.5) == 1.5
    assert raw.call("INCRBYFLOAT", "f", "0.25") == b"1.75"
    raw.call("SET", "g", "10.50")
    assert raw.call("INCRBYFLOAT", "g", "0.1") == b"10.6"
    raw.call("SET", "h", "3.0")
    assert raw.call("INCRBYFLOAT", "h", "1") == b"4"
    assert raw.call("INCRBYFLOAT", "h", "abc") == "ERR value is not a valid float"
    raw.call("SET", "s", "notanumber")
    assert raw.call("INCRBYFLOAT", "s", "1") == "ERR value is not a valid float"
    assert raw.call("INCRBYFLOAT", "h", "inf") == "ERR increment would produce NaN or Infinity"
    assert raw.call("GET", "h") == b"4"


# ----------------------------------------------------------------------------- ranges, append


def test_append_strlen(r):
    assert r.append("ap", "hello") == 5
    assert r.append("ap", " world") == 11
    assert r.get("ap") == b"hello world"
    assert r.strlen("ap") == 11
    assert r.strlen("nope") == 0


def test_getrange_setrange(r, raw):
    r.set("s", "hello world")
    assert r.getrange("s", 0, 4) == b"hello"
    assert r.getrange("s", -5, -1) == b"world"
    assert r.getrange("s", 5, 1) == b""
    assert r.getrange("s", 0, -100) == b"h"
    assert r.getrange("s", 0, 1000) == b"hello world"
    assert r.getrange("nope", 0, 1) == b""
    assert raw.call("GETRANGE", "s", "a", "1") == NOT_INT
    # SUBSTR is not required; SETRANGE pads with zero bytes
    assert r.setrange("sr", 5, "hi") == 7
    assert r.get("sr") == b"\x00\x00\x00\x00\x00hi"
    assert r.setrange("s", 6, "WORLD") == 11
    assert r.get("s") == b"hello WORLD"
    assert raw.call("SETRANGE", "sr", "-1", "x") == "ERR offset is out of range"
    # an empty value on a missing key creates nothing
    assert r.setrange("empty", 10, "") == 0
    assert r.exists("empty") == 0


# ----------------------------------------------------------------------------- multi-key


def test_mget_mset_msetnx(r, raw):
    assert r.mset({"a": "1", "b": "2", "c": "3"}) is True
    assert r.mget("a", "b", "nope", "c") == [b"1", b"2", None, b"3"]
    assert raw.call("MSET", "a", "1", "b") == wrong_args("mset")
    assert raw.call("MSETNX", "a", "1", "z") == wrong_args("msetnx")
    assert r.msetnx({"a": "x", "z": "2"}) is False
    assert r.get("a") == b"1" and r.exists("z") == 0
    assert r.msetnx({"y": "1", "z": "2"}) is True
    assert r.mget("y", "z") == [b"1", b"2"]
    # MGET reply bytes: a null bulk for the missing key
    assert raw.call_raw("MGET", "y", "missing") == b"*2\r\n$1\r\n1\r\n$-1\r\n"


def test_getdel_getex_getset(r, raw):
    r.set("a", "1")
    assert r.getdel("a") == b"1"
    assert r.getdel("a") is None
    assert r.exists("a") == 0

    r.set("b", "2")
    assert r.getex("b", ex=100) == b"2"
    assert 99 <= r.ttl("b") <= 100
    assert r.getex("b", px=50000) == b"2"
    assert 49000 <= r.pttl("b") <= 50000
    assert r.getex("b", persist=True) == b"2"
    assert r.ttl("b") == -1
    assert r.getex("b") == b"2"
    assert r.getex("nope") is None
    assert raw.call("GETEX", "b", "FOO") == SYNTAX
    assert raw.call("GETEX", "b", "EX", "0") == "ERR invalid expire time in 'getex' command"
    assert raw.call("GETEX", "b", "EX", "x") == NOT_INT

    assert r.getset("b", "new") == b"2"
    assert r.get("b") == b"new"
    assert r.getset("newkey", "x") is None
    assert r.get("newkey") == b"x"
    # GETSET clears the TTL
    r.set("t", "1", ex=100)
    r.getset("t", "2")
    assert r.ttl("t") == -1


def test_setex_psetex_setnx(r, raw):
    assert r.setex("se", 100, "v") is True
    assert 99 <= r.ttl("se") <= 100
    assert r.get("se") == b"v"
    assert r.psetex("pse", 100000, "v") is True
    assert 99000 <= r.pttl("pse") <= 100000
    assert raw.call("SETEX", "se", "0", "v") == "ERR invalid expire time in 'setex' command"
    assert raw.call("PSETEX", "se", "-1", "v") == "ERR invalid expire time in 'psetex' command"
    assert raw.call("SETEX", "se", "abc", "v") == NOT_INT
    assert raw.call("SETEX", "se", "10") == wrong_args("setex")
    assert r.setnx("snx", "1") is True
    assert r.setnx("snx", "2") is False
    assert r.get("snx") == b"1"
