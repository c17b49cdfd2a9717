"""Large values: a 50 MB round trip, other clients served meanwhile, and replies that send
values by reference (without a copy) keeping the bytes they read."""

import hashlib
import os
import time

SIZE = 50 * 1024 * 1024


def test_50mb_value_round_trip(server, r, raw):
    value = os.urandom(1024 * 1024) * 50  # 50 MB, not trivially compressible per MB
    assert len(value) == SIZE
    digest = hashlib.sha256(value).hexdigest()
    assert r.set("big", value) is True
    assert r.strlen("big") == SIZE
    got = r.get("big")
    assert len(got) == SIZE
    assert hashlib.sha256(got).hexdigest() == digest
    del got
    assert r.getrange("big", SIZE - 10, -1) == value[-10:]
    assert r.getrange("big", 0, 9) == value[:10]
    assert r.append("big", b"!") == SIZE + 1
    assert r.getrange("big", -2, -1) == value[-1:] + b"!"

    # exact framing of the reply header on a raw socket
    raw.send(b"*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n")
    header = b""
    while not header.endswith(b"\r\n"):
        header += raw.read_exactly(1)
    assert header == b"$%d\r\n" % (SIZE + 1)
    body = raw.read_exactly(SIZE + 1 + 2)
    assert body[-3:] == b"!\r\n"
    assert hashlib.sha256(body[:-3]).hexdigest() == digest
    assert raw.call("PING") == "PONG"


def test_other_clients_served_while_big_reply_pending(server, r, raw):
    r.set("big2", b"z" * SIZE)
    slow = raw.new()
    # ask for the big value three times and read nothing yet
    slow.send(b"*2\r\n$3\r\nGET\r\n$4\r\nbig2\r\n" * 3)
    other = raw.new()
    for i in range(50):
        assert other.call("INCR", "while-big") == i + 1
    # now drain the slow client completely: all three replies arrive intact
    for _ in range(3):
        reply = slow.read_reply()
        assert len(reply) == SIZE and reply[:1] == b"z" and reply[-1:] == b"z"
    assert slow.call("PING") == "PONG"
    assert r.delete("big2") == 1


def _cmd(*args):
    parts = [a if isinstance(a, bytes) else str(a).encode() for a in args]
    return b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts)


def _bulk(v):
    return b"$%d\r\n%s\r\n" % (len(v), v)


def _calls(client, cmd):
    return client.info("commandstats").get(f"cmdstat_{cmd}", {}).get("calls", 0)


def test_queued_reply_keeps_the_value_it_read(make_server):
    """Large values are sent from the stored value itself, not copied: a reply still queued
    for a slow reader must keep the bytes it read while other clients overwrite, append
    to, change in place and delete those keys."""
    srv = make_server()
    r = srv.client()
    size = 8 * 1024 * 1024
    vals = {k: os.urandom(size) for k in ("over", "same", "del", "app", "rng", "bit", "getdel")}
    for k, v in vals.items():
        assert r.set(k, v) is True
    slow = srv.raw()
    order = ["over", "same", "del", "app", "rng", "bit"]
    slow.send(b"".join(_cmd("GET", k) for k in order) + _cmd("GETDEL", "getdel"))
    # 56 MB of replies cannot all fit in the socket buffers: wait until all six commands
    # have run, so their replies are queued, then change every key they read.
    deadline = time.monotonic() + 20
    while (_calls(r, "get"), _calls(r, "getdel")) != (6, 1):
        assert time.monotonic() < deadline, "the slow client's commands did not run"
        time.sleep(0.02)
    assert r.set("over", b"new") is True
    same = os.urandom(size)  # fits the old value's buffer: written in place unless referenced
    assert r.set("same", same) is True
    assert r.delete("del") == 1
    assert r.append("app", b"tail") == size + 4
    assert r.setrange("rng", 0, b"XYZ") == size
    assert r.setbit("bit", 0, 1 - (vals["bit"][0] >> 7)) == vals["bit"][0] >> 7
    assert r.exists("getdel") == 0
    for k in order + ["getdel"]:
        got = slow.read_exactly(len(_bulk(vals[k])))
        assert got == _bulk(vals[k]), f"reply to {k} changed while queued"
    assert r.get("over") == b"new"
    assert r.get("same") == same
    assert r.get("app") == vals["app"] + b"tail"
    assert r.get("rng") == b"XYZ" + vals["rng"][3:]
    assert r.get("bit")[1:] == vals["bit"][1:] and r.get("bit")[0] != vals["bit"][0]
    assert slow.call("PING") == "PONG"


def test_pipeline_of_referenced_and_copied_replies(raw):
    """Exact bytes of one pipelined batch mixing copied and referenced bulk replies, more
    references than one gathered write takes, and replies dropped by CLIENT REPLY SKIP."""
    small = os.urandom(100)
    edge = os.urandom(4095)  # one byte under the size sent by reference
    large = os.urandom(4096)
    huge = os.urandom(300 * 1024)
    for k, v in (("small", small), ("edge", edge), ("large", large), ("huge", huge)):
        assert raw.call("SET", k, v) == "OK"
    req, want = b"", b""
    for i in range(150):  # 150 referenced replies and as many copied ones, in one write
        req += _cmd("GET", "large") + _cmd("GET", "edge")
        want += _bulk(large) + _bulk(edge)
    req += _cmd("MGET", "small", "large", "missing", "huge", "edge")
    want += b"*5\r\n" + _bulk(small) + _bulk(large) + b"$-1\r\n" + _bulk(huge) + _bulk(edge)
    req += _cmd("GETRANGE", "huge", 1000, 1000 + 9999) + _cmd("GETRANGE", "huge", 5, 9)
    want += _bulk(huge[1000:11000]) + _bulk(huge[5:10])
    req += _cmd("CLIENT", "REPLY", "SKIP") + _cmd("GET", "huge") + _cmd("GET", "large")
    want += _bulk(large)
    req += _cmd("GETEX", "huge", "PERSIST") + _cmd("GETDEL", "huge") + _cmd("GET", "huge")
    want += _bulk(huge) + _bulk(huge) + b"$-1\r\n"
    req += _cmd("PING")
    want += b"+PONG\r\n"
    raw.send(req)
    assert raw.read_exactly(len(want)) == want
    assert raw.call("PING") == "PONG"
