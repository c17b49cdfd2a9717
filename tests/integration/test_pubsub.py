"""Pub/Sub against the real server: replies compared byte for byte with Debian's redis-server
over several connections, delivery order and exactly-once across threads, slow subscribers
cut off at client-output-buffer-limit while others are served, redis-py and redis-cli."""

import os
import signal
import socket
import subprocess
import threading
import time

import pytest
import redis

from conftest import HOST, RawConn, encode_command, wait_closed, wait_until
from test_differential import servers  # noqa: F401  (fixture: redis-server + tessera)

# ----------------------------------------------------------------------------- differential
# Steps run on numbered connections: (conn, command...). After every step each connection is
# synchronised with a PING carrying a unique token, so everything a step caused on every
# connection (replies, messages) is read before the next step, and compared raw. Messages a
# publisher caused must therefore arrive before that PING's reply: true in Redis (PUBLISH
# writes them into the receivers' buffers) and in tessera (a connection drains what was
# queued for it before it runs its next command).
# Avoided on purpose: replies whose order is a hash table's (UNSUBSCRIBE with no argument
# while subscribed to several channels, PUBSUB CHANNELS with several results, several
# patterns matching one message).
STEPS = [
    (0, "SUBSCRIBE"),
    (0, "UNSUBSCRIBE"),
    (0, "PUNSUBSCRIBE"),
    (0, "SUNSUBSCRIBE"),
    (0, "PUBLISH", "nobody", "x"),
    (0, "PUBLISH", "onlytwo"),
    (0, "SPUBLISH", "nobody", "x"),
    (0, "SUBSCRIBE", "news", "sport", "news"),
    (0, "GET", "k"),
    (0, "SET", "k", "v"),
    (0, ["MULTI"], ["DISCARD"]),
    (1, "PUBLISH", "news", "hello"),
    (1, "PUBLISH", "sport", ""),
    (1, "PUBLISH", "weather", "rain"),
    (1, "PUBSUB", "NUMSUB", "news", "sport", "weather"),
    (1, "PUBSUB", "NUMSUB"),
    (1, "PUBSUB", "NUMPAT"),
    (1, "PUBSUB", "CHANNELS", "ne*"),
    (1, "PUBSUB", "CHANNELS", "zz*"),
    (1, "PUBSUB", "CHANNELS", "a", "b"),
    (1, "PUBSUB", "NUMPAT", "x"),
    (1, "PUBSUB", "HELP"),
    (1, "PUBSUB", "NOPE"),
    (1, "PUBSUB"),
    (2, "PSUBSCRIBE", "n?ws", "w*"),
    (2, "PSUBSCRIBE", "n?ws"),
    (1, "PUBLISH", "news", "both"),
    (1, "PUBLISH", "weather", "sun"),
    (1, "PUBSUB", "NUMPAT"),
    (2, "PUNSUBSCRIBE", "w*"),
    (2, "PUNSUBSCRIBE", "never"),
    (1, "PUBLISH", "weather", "fog"),
    (2, "PING"),
    (2, "PING", "still here"),
    (0, "UNSUBSCRIBE", "sport"),
    (1, "PUBLISH", "sport", "gone"),
    (1, "PUBLISH", "news", "left"),
    (0, "UNSUBSCRIBE"),
    (0, "PING"),
    (0, "GET", "k"),
    (3, "SSUBSCRIBE", "orders", "orders"),
    (3, "SSUBSCRIBE", "pay"),
    (1, "SPUBLISH", "orders", "o1"),
    (1, "PUBLISH", "orders", "not shard"),
    (1, "PUBSUB", "SHARDNUMSUB", "orders", "pay", "none"),
    (1, "PUBSUB", "SHARDCHANNELS", "or*"),
    (3, "SUBSCRIBE", "orders"),
    (1, "SPUBLISH", "orders", "o2"),
    (1, "PUBLISH", "orders", "o3"),
    (3, "SUNSUBSCRIBE", "pay"),
    (3, "SUNSUBSCRIBE", "orders"),
    (3, "SUNSUBSCRIBE"),
    (3, "~", "HELLO", "2"),  # "~": run, not compared (the reply has the client id)
    (3, "UNSUBSCRIBE"),
    (3, "SET", "k", "v3"),
    (2, "RESET"),
    (1, "PUBLISH", "news", "after reset"),
    (2, "GET", "k"),
    (1, ["MULTI"], ["SUBSCRIBE", "tx"], ["PUBLISH", "tx", "queued"], ["EXEC"]),
    (1, "UNSUBSCRIBE", "tx"),
    (1, "COMMAND", "GETKEYS", "SPUBLISH", "a", "b"),
    (1, "COMMAND", "INFO", "SUBSCRIBE", "PUBLISH", "SPUBLISH", "SSUBSCRIBE", "PUBSUB|NUMSUB"),
    (1, "CONFIG", "SET", "client-output-buffer-limit", "normal 0 0"),
    (1, "CONFIG", "SET", "client-output-buffer-limit", "bogus 0 0 0"),
    (1, "CONFIG", "SET", "client-output-buffer-limit", "pubsub x 0 0"),
    (1, "CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 1kb -1"),
    (1, "CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60"),
]
# In RESP3 a subscribed connection runs any command: these are compared there too, and a
# connection publishing to itself gets its message before PUBLISH's reply.
STEPS_RESP3 = [
    (0, "SUBSCRIBE", "self"),
    (0, "PUBLISH", "self", "to me"),
    (0, "GET", "k"),
    (0, "UNSUBSCRIBE", "nope"),
    (0, "UNSUBSCRIBE", "self"),
]


def sync(conn, token):
    """Reads replies (and pushes) raw until the reply to PING <token> has arrived."""
    conn.send(encode_command("PING", token))
    got = []
    while True:
        raw = conn.read_reply(raw=True)
        got.append(raw)
        if token.encode() in raw and (raw.startswith(b"$") or raw.startswith(b"*2\r\n$4\r\npong")):
            return b"".join(got)


def run_steps(port, resp3, steps=None):
    conns = [RawConn(port, timeout=10) for _ in range(4)]
    out = []
    try:
        for c in conns:
            if resp3:
                c.call("HELLO", "3")  # not compared: server version and id differ
        if steps is None:
            steps = STEPS + (STEPS_RESP3 if resp3 else [])
        for n, (ci, *args) in enumerate(steps):
            if ci == "block":  # a command that blocks: the others sync, this one later
                conns[args[0]].send(encode_command(*args[1]))
                time.sleep(0.1)
                for k in range(len(conns)):
                    out.append((n, k, b"(blocked)" if k == args[0]
                                else sync(conns[k], f"sync-{n}-{k}")))
                continue
            if ci == "sleep":  # lets a TTL pass, then runs a command; one step for both
                time.sleep(args[0])
                conns[args[1]].send(encode_command(*args[2]))
                for k in [args[1]] + [i for i in range(len(conns)) if i != args[1]]:
                    out.append((n, k, sync(conns[k], f"sync-{n}-{k}")))
                continue
            # a step is one command, or several lists sent together (a MULTI block, whose
            # PINGs would only be queued)
            quiet = args[0] == "~"
            if quiet:
                args = args[1:]
            cmds = args if isinstance(args[0], list) else [args]
            conns[ci].send(b"".join(encode_command(*a) for a in cmds))
            # the acting connection first: its command has run before the others are asked
            for k in [ci] + [i for i in range(len(conns)) if i != ci]:
                got = sync(conns[k], f"sync-{n}-{k}")
                out.append((n, k, b"(not compared)" if quiet and k == ci else got))
    finally:
        for c in conns:
            c.close()
    out.sort(key=lambda t: (t[0], t[1]))
    return out


@pytest.mark.parametrize("resp3", [False, True], ids=["resp2", "resp3"])
def test_pubsub_matches_redis(servers, resp3):  # noqa: F811
    steps = STEPS + (STEPS_RESP3 if resp3 else [])
    want = run_steps(servers.ports["redis"], resp3)
    got = run_steps(servers.ports["tessera"], resp3)
    diffs = []
    for (n, k, w), (_, _, g) in zip(want, got):
        if w != g:
            diffs.append(f"step {n} {steps[n]} conn {k}:\n  redis   {w!r}\n  tessera {g!r}")
    assert not diffs, "\n".join(diffs[:20])


# Keyspace notifications for the events built so far (generic, strings, expired), compared
# with redis-server: conn 0 listens to every keyspace and keyevent channel of db 0 through one
# pattern (one pattern, so each event's two messages come in a fixed order).
NOTIFY_STEPS = [
    (1, "CONFIG", "SET", "notify-keyspace-events", "Q"),
    (1, "CONFIG", "SET", "notify-keyspace-events", "Kx"),
    (1, "CONFIG", "GET", "notify-keyspace-events"),
    (1, "CONFIG", "SET", "notify-keyspace-events", "Eg$lshzxetdnm"),
    (1, "CONFIG", "GET", "notify-keyspace-events"),
    (1, "CONFIG", "SET", "notify-keyspace-events", "KEA"),
    (1, "CONFIG", "GET", "notify-keyspace-events"),
    (0, "PSUBSCRIBE", "__key*@0__:*"),
    (1, "FLUSHALL"),
    (1, "SET", "s1", "v"),
    (1, "SET", "s1", "v2", "NX"),
    (1, "SET", "s1", "v3", "XX", "GET"),
    (1, "SET", "s2", "v", "EX", "100"),
    (1, "SET", "s2", "v", "KEEPTTL"),
    (1, "SETNX", "s1", "x"),
    (1, "SETNX", "s3", "x"),
    (1, "SETEX", "s4", "100", "x"),
    (1, "PSETEX", "s5", "100000", "x"),
    (1, "GETSET", "s1", "y"),
    (1, "MSET", "m1", "1", "m2", "2"),
    (1, "MSETNX", "m1", "1", "m3", "3"),
    (1, "MSETNX", "m4", "1", "m5", "3"),
    (1, "APPEND", "s1", "zz"),
    (1, "INCR", "n"),
    (1, "DECR", "n"),
    (1, "INCRBY", "n", "5"),
    (1, "DECRBY", "n", "2"),
    (1, "INCRBY", "s1", "1"),
    (1, "INCRBYFLOAT", "n", "1.5"),
    (1, "SETRANGE", "s1", "1", "abc"),
    (1, "SETRANGE", "s1", "1", ""),
    (1, "SETRANGE", "nokey", "1", ""),
    (1, "DEL", "m1", "nokey", "m2"),
    (1, "UNLINK", "m3", "m4"),
    (1, "GETDEL", "m5"),
    (1, "GETDEL", "m5"),
    (1, "EXPIRE", "s1", "100"),
    (1, "EXPIRE", "s1", "100", "NX"),
    (1, "PEXPIRE", "nokey", "100"),
    (1, "PERSIST", "s1"),
    (1, "PERSIST", "s1"),
    (1, "EXPIRE", "s3", "-1"),
    (1, "RENAME", "s4", "s6"),
    (1, "RENAME", "s6", "s6"),
    (1, "RENAMENX", "s5", "s6"),
    (1, "RENAMENX", "s5", "s7"),
    (1, "SET", "short", "v", "PX", "20"),
    # expired by the active cycle or by this GET, whichever comes first: one step either way
    ("sleep", 0.1, 1, ["GET", "short"]),
    # lists
    (1, "LPUSH", "l1", "a", "b"),
    (1, "RPUSH", "l1", "c"),
    (1, "LPUSHX", "nolist", "a"),
    (1, "RPUSHX", "l1", "d"),
    (1, "LSET", "l1", "0", "z"),
    (1, "LINSERT", "l1", "BEFORE", "c", "y"),
    (1, "LINSERT", "l1", "BEFORE", "nope", "y"),
    (1, "LREM", "l1", "0", "y"),
    (1, "LREM", "l1", "0", "nope"),
    (1, "LTRIM", "l1", "0", "1"),
    (1, "LTRIM", "nolist", "0", "1"),
    (1, "LMOVE", "l1", "l2", "LEFT", "RIGHT"),
    (1, "RPOPLPUSH", "l2", "l3"),
    (1, "LPOP", "l1"),
    (1, "RPOP", "l3"),
    (1, "RPOP", "l3"),
    (1, "RPUSH", "l4", "a", "b"),
    (1, "LTRIM", "l4", "5", "6"),
    # hashes
    (1, "HSET", "h1", "f", "1", "g", "2"),
    (1, "HMSET", "h1", "f", "3"),
    (1, "HSETNX", "h1", "f", "4"),
    (1, "HSETNX", "h1", "n", "4"),
    (1, "HINCRBY", "h1", "f", "2"),
    (1, "HINCRBYFLOAT", "h1", "f", "0.5"),
    (1, "HDEL", "h1", "nope"),
    (1, "HDEL", "h1", "f", "g", "n"),
    # sets
    (1, "SADD", "st1", "a", "b", "c"),
    (1, "SADD", "st1", "a"),
    (1, "SREM", "st1", "a", "zz"),
    (1, "SREM", "st1", "zz"),
    (1, "SMOVE", "st1", "st2", "b"),
    (1, "SMOVE", "st1", "st2", "nope"),
    (1, "SADD", "st3", "x", "b"),
    (1, "SINTERSTORE", "st4", "st2", "st3"),
    (1, "SUNIONSTORE", "st4", "st2", "st3"),
    (1, "SDIFFSTORE", "st5", "st3", "st2"),
    (1, "SPOP", "st5"),
    (1, "SPOP", "st3", "0"),
    # sorted sets
    (1, "ZADD", "z1", "1", "a", "2", "b", "3", "c"),
    (1, "ZADD", "z1", "1", "a"),
    (1, "ZADD", "z1", "5", "a"),
    (1, "ZADD", "z1", "INCR", "1", "a"),
    (1, "ZADD", "z1", "NX", "9", "a"),
    (1, "ZINCRBY", "z1", "2", "b"),
    (1, "ZREM", "z1", "nope"),
    (1, "ZREM", "z1", "a"),
    (1, "ZADD", "z2", "1", "x", "2", "y", "3", "z", "4", "w"),
    (1, "ZREMRANGEBYRANK", "z2", "0", "0"),
    (1, "ZREMRANGEBYSCORE", "z2", "2", "2"),
    (1, "ZREMRANGEBYLEX", "z2", "[z", "[z"),
    (1, "ZREMRANGEBYSCORE", "z2", "100", "200"),
    (1, "ZPOPMIN", "z1"),
    (1, "ZPOPMAX", "z1"),
    (1, "ZADD", "z3", "1", "m"),
    (1, "ZUNIONSTORE", "z4", "2", "z2", "z3"),
    (1, "ZINTERSTORE", "z5", "2", "z2", "z3"),
    (1, "ZDIFFSTORE", "z6", "2", "z4", "z3"),
    (1, "ZRANGESTORE", "z7", "z4", "0", "-1"),
    # the rest
    (1, "SETBIT", "b1", "7", "1"),
    (1, "SETBIT", "b2", "3", "1"),
    (1, "BITOP", "OR", "b3", "b1", "b2"),
    (1, "BITOP", "AND", "b4", "nokey"),
    (1, "PFADD", "hll", "a", "b"),
    (1, "PFADD", "hll", "a"),
    (1, "PFMERGE", "hll2", "hll"),
    (1, "COPY", "b1", "b5"),
    (1, "COPY", "b1", "b5"),
    (1, "MOVE", "b5", "1"),
    (1, "SET", "gx", "v"),
    (1, "GETEX", "gx", "EX", "100"),
    (1, "GETEX", "gx"),
    (1, "RPUSH", "ml", "1", "2", "3"),
    (1, "LMPOP", "2", "nokey", "ml", "RIGHT", "COUNT", "2"),
    (1, "BLPOP", "ml", "0"),
    (1, "ZADD", "mz", "1", "a", "2", "b"),
    (1, "ZMPOP", "1", "mz", "MAX"),
    (1, "BZPOPMIN", "mz", "0"),
    (1, "RPUSH", "src", "3", "1", "2"),
    (1, "SORT", "src", "STORE", "sorted"),
    (1, "SORT", "nokey", "STORE", "sorted2"),
    # a STORE whose result is empty deletes an existing destination: "del"
    (1, "SORT", "nokey", "STORE", "sorted"),
    (1, "SINTERSTORE", "st4", "st2", "nokey"),
    (1, "SINTERSTORE", "st4", "st2", "nokey"),
    (1, "ZUNIONSTORE", "z4", "1", "nokey"),
    (1, "ZRANGESTORE", "z7", "nokey", "0", "-1"),
    (1, "BITOP", "AND", "b3", "nokey"),
    # SPOP taking the whole set, SMOVE emptying its source
    (1, "SADD", "sp", "1", "2"),
    (1, "SPOP", "sp", "5"),
    (1, "SADD", "sm1", "a"),
    (1, "SMOVE", "sm1", "sm2", "a"),
    # geo: GEOADD is ZADD; the STORE forms
    (1, "GEOADD", "geo", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"),
    (1, "GEOADD", "geo", "13.361389", "38.115556", "Palermo"),
    (1, "GEOADD", "geo", "CH", "13.361390", "38.115556", "Palermo"),
    (1, "GEOSEARCHSTORE", "gdst", "geo", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"),
    (1, "GEORADIUS", "geo", "15", "37", "200", "km", "STORE", "gdst2"),
    (1, "GEORADIUS", "geo", "15", "37", "200", "km", "STOREDIST", "gdst3"),
    (1, "GEOSEARCHSTORE", "gdst", "geo", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"),
    (1, "GEOSEARCHSTORE", "gdst2", "nogeo", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"),
    # BITFIELD writes are "setbit"; GETs and refused writes are silent
    (1, "BITFIELD", "bf", "SET", "u8", "0", "255"),
    (1, "BITFIELD", "bf", "GET", "u8", "0"),
    (1, "BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "10"),
    (1, "BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "10", "INCRBY", "u8", "8", "1"),
    # GETEX PERSIST: "persist" only when a TTL went
    (1, "GETEX", "gx", "PERSIST"),
    (1, "GETEX", "gx", "PERSIST"),
    # waiters served by a later push: the push, then the waiter's pop, then "del"
    ("block", 2, ["BLPOP", "bl", "0"]),
    (1, "RPUSH", "bl", "a"),
    ("block", 2, ["BRPOP", "bl", "0"]),
    (1, "RPUSH", "bl", "a", "b"),
    (1, "DEL", "bl"),
    ("block", 2, ["BLMOVE", "bm", "bmdst", "LEFT", "RIGHT", "0"]),
    (1, "LPUSH", "bm", "x"),
    ("block", 2, ["BLMPOP", "0", "1", "bl2", "RIGHT", "COUNT", "5"]),
    (1, "RPUSH", "bl2", "a", "b"),
    ("block", 2, ["BZPOPMAX", "bz", "0"]),
    (1, "ZADD", "bz", "1", "a", "2", "b"),
    ("block", 2, ["BZMPOP", "0", "1", "bz2", "MIN", "COUNT", "9"]),
    (1, "ZADD", "bz2", "1", "a"),
    ("block", 2, ["BLPOP", "bl3", "0"]),
    (1, ["MULTI"], ["RPUSH", "bl3", "a"], ["SET", "after", "1"], ["EXEC"]),
    # new keys and read misses (classes n and m, outside A)
    (1, "CONFIG", "SET", "notify-keyspace-events", "KEnm"),
    (1, "SET", "fresh", "1"),
    (1, "SET", "fresh", "2"),
    (1, "RPUSH", "freshlist", "a"),
    (1, "GET", "missing"),
    (1, "MGET", "fresh", "missing2"),
    (1, "EXISTS", "missing3"),
    (1, "RENAME", "fresh", "fresher"),
    (1, "SET", "short2", "v", "PX", "10"),
    ("sleep", 0.1, 1, ["GET", "short2"]),
    (1, "CONFIG", "SET", "notify-keyspace-events", "E$"),
    (1, "SET", "s1", "only-keyevent"),
    (1, "DEL", "s1"),
    (1, "CONFIG", "SET", "notify-keyspace-events", ""),
    (1, "SET", "s1", "silent"),
]


def test_keyspace_notifications_match_redis(servers):  # noqa: F811
    want = run_steps(servers.ports["redis"], False, NOTIFY_STEPS)
    got = run_steps(servers.ports["tessera"], False, NOTIFY_STEPS)
    diffs = [f"step {n} {NOTIFY_STEPS[n]} conn {k}:\n  redis   {w!r}\n  tessera {g!r}"
             for (n, k, w), (_, _, g) in zip(want, got) if w != g]
    assert not diffs, "\n".join(diffs[:20])


def test_expired_and_evicted_events(make_server):
    srv = make_server()
    admin = RawConn(srv.port, timeout=10)
    sub = RawConn(srv.port, timeout=10)
    try:
        assert admin.call("CONFIG", "SET", "notify-keyspace-events", "Exe") == "OK"
        assert sub.call("SUBSCRIBE", "__keyevent@0__:expired", "__keyevent@0__:evicted")[0] == b"subscribe"
        sub.read_reply()
        # active expiry: nobody reads the keys
        for i in range(20):
            admin.call("SET", f"ttl:{i}", "v", "PX", "50")
        seen = set()
        while len(seen) < 20:
            m = sub.read_reply()
            assert m[:2] == [b"message", b"__keyevent@0__:expired"], m
            seen.add(m[2])
        assert seen == {f"ttl:{i}".encode() for i in range(20)}
        # eviction
        assert admin.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random") == "OK"
        for i in range(2000):
            admin.call("SET", f"big:{i}", "x" * 1000)
        used = int(dict(l.split(":", 1) for l in admin.call("INFO", "memory").decode().split("\r\n")
                        if ":" in l)["used_memory"])
        assert admin.call("CONFIG", "SET", "maxmemory", str(used - 500_000)) == "OK"
        m = sub.read_reply()
        assert m[:2] == [b"message", b"__keyevent@0__:evicted"] and m[2].startswith(b"big:")
        assert admin.call("CONFIG", "SET", "maxmemory", "0") == "OK"
    finally:
        admin.close()
        sub.close()


# ----------------------------------------------------------------------------- delivery
def read_messages(conn, count):
    """`count` message frames from a RESP2 subscriber, as (channel, data) pairs."""
    msgs = []
    while len(msgs) < count:
        m = conn.read_reply()
        assert m[0] in (b"message", b"pmessage"), m
        msgs.append((m[-2], m[-1]))
    return msgs


def test_fan_out_order_and_exactly_once(make_server):
    srv = make_server("--threads", "2")
    subs = []
    try:
        for i in range(16):
            c = RawConn(srv.port, timeout=20)
            if i % 2:
                assert c.call("PSUBSCRIBE", "feed.*") == [b"psubscribe", b"feed.*", 1]
            else:
                assert c.call("SUBSCRIBE", "feed.a", "feed.b")[-1] == 1
                assert c.read_reply() == [b"subscribe", b"feed.b", 2]
            subs.append(c)
        per_pub = 2000

        def publish(channel):
            p = RawConn(srv.port, timeout=20)
            try:
                # pipelined in batches: many messages in flight at once
                for start in range(0, per_pub, 100):
                    batch = b"".join(encode_command("PUBLISH", channel, f"{channel}:{i}")
                                     for i in range(start, start + 100))
                    p.send(batch)
                    for _ in range(100):
                        assert p.read_reply() == 16
            finally:
                p.close()

        pubs = [threading.Thread(target=publish, args=(ch,)) for ch in ("feed.a", "feed.b")]
        for t in pubs:
            t.start()
        for t in pubs:
            t.join()
        for c in subs:
            msgs = read_messages(c, 2 * per_pub)
            for ch in ("feed.a", "feed.b"):
                seq = [m[1] for m in msgs if m[0] == ch.encode()]
                assert seq == [f"{ch}:{i}".encode() for i in range(per_pub)], "lost, duplicated or reordered"
            assert c.read_available(wait=0.2) == b""  # nothing more: exactly once
    finally:
        for c in subs:
            c.close()


def test_slow_subscriber_is_cut_off_others_keep_receiving(make_server):
    srv = make_server("--threads", "2")
    admin = RawConn(srv.port, timeout=20)
    slow = RawConn(srv.port, timeout=20, connect=False)
    slow.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # our side stays small
    slow.sock.settimeout(20)
    slow.sock.connect((HOST, srv.port))
    good = RawConn(srv.port, timeout=20)
    try:
        assert admin.call("CONFIG", "SET", "client-output-buffer-limit",
                          "pubsub 1mb 512kb 60") == "OK"
        slow_id = slow.call("CLIENT", "ID")
        assert slow.call("SUBSCRIBE", "big") == [b"subscribe", b"big", 1]
        assert good.call("SUBSCRIBE", "big") == [b"subscribe", b"big", 1]
        payload = "x" * 32768
        received = []

        def reader():
            while len(received) < 200:
                received.append(good.read_reply()[2].decode())

        t = threading.Thread(target=reader)
        t.start()
        counts = []
        for _ in range(200):  # 6.4 MB in all, the slow one reads none of it
            counts.append(admin.call("PUBLISH", "big", payload))
        t.join(timeout=20)
        assert len(received) == 200 and all(m == payload for m in received)
        assert counts[0] == 2 and counts[-1] == 1, "the slow subscriber was not dropped"

        def ids():
            return [int(f.split("=")[1]) for line in admin.call("CLIENT", "LIST").decode().splitlines()
                    for f in line.split() if f.startswith("id=")]
        assert wait_until(lambda: slow_id not in ids(), timeout=10)
        assert wait_closed(slow, 10)
        assert admin.call("PUBSUB", "NUMSUB", "big") == [b"big", 1]
    finally:
        for c in (admin, slow, good):
            c.close()


def test_soft_limit_closes_after_its_seconds(make_server):
    srv = make_server()
    admin = RawConn(srv.port, timeout=20)
    slow = RawConn(srv.port, timeout=20, connect=False)
    slow.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    slow.sock.settimeout(20)
    slow.sock.connect((HOST, srv.port))
    try:
        assert admin.call("CONFIG", "SET", "client-output-buffer-limit",
                          "pubsub 0 256kb 1") == "OK"
        assert admin.call("CONFIG", "GET", "client-output-buffer-limit")[1].endswith(
            b"pubsub 0 262144 1")
        assert slow.call("SUBSCRIBE", "s") == [b"subscribe", b"s", 1]
        payload = "y" * 65536
        # 8 MB: more than the kernel's socket buffers take, so the rest waits in the server,
        # over the soft limit (there is no hard limit)
        for _ in range(128):
            assert admin.call("PUBLISH", "s", payload) == 1
        start = time.monotonic()
        # still connected right away: the soft limit allows its second
        assert admin.call("PUBSUB", "NUMSUB", "s") == [b"s", 1]
        while admin.call("PUBSUB", "NUMSUB", "s") == [b"s", 1]:
            assert time.monotonic() - start < 10, "never cut off at the soft limit"
            admin.call("PUBLISH", "s", payload)  # keeps it over the limit
            time.sleep(0.1)
    finally:
        admin.close()
        slow.close()


def test_subscriptions_end_with_the_connection(server):
    admin = server.raw()
    c = server.raw()
    try:
        assert c.call("SUBSCRIBE", "gone") == [b"subscribe", b"gone", 1]
        assert c.call("PSUBSCRIBE", "go*") == [b"psubscribe", b"go*", 2]
        assert admin.call("PUBSUB", "NUMSUB", "gone") == [b"gone", 1]
        c.close()
        assert wait_until(lambda: admin.call("PUBSUB", "NUMSUB", "gone") == [b"gone", 0])
        assert admin.call("PUBSUB", "NUMPAT") == 0
        assert admin.call("PUBLISH", "gone", "x") == 0
    finally:
        admin.close()


def test_client_list_info_and_types(server):
    admin = server.raw()
    sub = server.raw()
    try:
        sub_id = sub.call("CLIENT", "ID")
        assert sub.call("SUBSCRIBE", "a") == [b"subscribe", b"a", 1]
        assert sub.call("PSUBSCRIBE", "b*") == [b"psubscribe", b"b*", 2]
        assert sub.call("SSUBSCRIBE", "c") == [b"ssubscribe", b"c", 1]
        line = [l for l in admin.call("CLIENT", "LIST").decode().splitlines() if f"id={sub_id} " in l][0]
        fields = dict(f.split("=", 1) for f in line.split())
        assert (fields["flags"], fields["sub"], fields["psub"], fields["ssub"]) == ("P", "1", "1", "1")
        assert f"id={sub_id} " in admin.call("CLIENT", "LIST", "TYPE", "pubsub").decode()
        assert f"id={sub_id} " not in admin.call("CLIENT", "LIST", "TYPE", "normal").decode()
        info = admin.call("INFO", "stats").decode()
        assert "pubsub_channels:1" in info and "pubsub_patterns:1" in info
        assert "pubsubshard_channels:1" in info
        assert admin.call("CLIENT", "KILL", "TYPE", "pubsub") == 1
        assert wait_closed(sub, 5)
        assert wait_until(lambda: b"pubsub_channels:0" in admin.call("INFO", "stats"))
    finally:
        admin.close()
        sub.close()


def test_resp3_push_frames_and_commands_while_subscribed(server):
    c = server.raw()
    p = server.raw()
    try:
        c.call("HELLO", "3")
        c.send(encode_command("SUBSCRIBE", "r3"))
        assert c.read_reply(raw=True) == b">3\r\n$9\r\nsubscribe\r\n$2\r\nr3\r\n:1\r\n"
        assert c.call("SET", "r3key", "v") == "OK"  # any command works in RESP3
        assert p.call("PUBLISH", "r3", "pushed") == 1
        assert c.read_reply(raw=True) == b">3\r\n$7\r\nmessage\r\n$2\r\nr3\r\n$6\r\npushed\r\n"
        assert c.call("GET", "r3key") == b"v"
        # back to RESP2 while subscribed: messages become arrays, the RESP2 rules apply
        c.call("HELLO", "2")
        assert p.call("PUBLISH", "r3", "again") == 1
        assert c.read_reply(raw=True) == b"*3\r\n$7\r\nmessage\r\n$2\r\nr3\r\n$5\r\nagain\r\n"
        assert c.call("GET", "r3key").startswith("ERR Can't execute 'get'")
    finally:
        c.close()
        p.close()


# ----------------------------------------------------------------------------- real clients
def test_redis_py_pubsub(server):
    r = server.client()
    ps = r.pubsub()
    try:
        ps.subscribe("py1")
        ps.psubscribe("py.*")
        assert ps.get_message(timeout=5)["type"] == "subscribe"
        assert ps.get_message(timeout=5)["type"] == "psubscribe"
        assert r.publish("py1", "one") == 1
        assert r.publish("py.x", "two") == 1
        m1 = ps.get_message(timeout=5)
        m2 = ps.get_message(timeout=5)
        assert (m1["type"], m1["channel"], m1["data"]) == ("message", b"py1", b"one")
        assert (m2["type"], m2["pattern"], m2["channel"], m2["data"]) == (
            "pmessage", b"py.*", b"py.x", b"two")
        assert r.pubsub_numsub("py1") == [(b"py1", 1)]
        assert r.pubsub_numpat() == 1
        assert b"py1" in r.pubsub_channels()
        got = []
        done = threading.Event()

        def handler(msg):
            got.append(msg["data"])
            if len(got) == 50:
                done.set()

        ps2 = r.pubsub()
        ps2.subscribe(**{"py-thread": handler})
        worker = ps2.run_in_thread(sleep_time=0.01)
        try:
            assert wait_until(lambda: r.pubsub_numsub("py-thread")[0][1] == 1)
            for i in range(50):
                r.publish("py-thread", str(i))
            assert done.wait(10)
            assert got == [str(i).encode() for i in range(50)]
        finally:
            worker.stop()
            worker.join(5)
            ps2.close()
        ps.unsubscribe("py1")
        ps.punsubscribe("py.*")
        assert ps.get_message(timeout=5)["type"] == "unsubscribe"
        assert ps.get_message(timeout=5)["type"] == "punsubscribe"
        assert r.ping()
    finally:
        ps.close()
        r.close()


def test_redis_cli_subscribe(server):
    proc = subprocess.Popen(["redis-cli", "-h", HOST, "-p", str(server.port), "subscribe", "cli"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    admin = server.raw()
    try:
        assert wait_until(lambda: admin.call("PUBSUB", "NUMSUB", "cli") == [b"cli", 1], timeout=10)
        assert admin.call("PUBLISH", "cli", "from-test") == 1
        lines = []
        deadline = time.monotonic() + 10
        while "from-test" not in lines and time.monotonic() < deadline:
            lines.append(proc.stdout.readline().decode().strip())
        assert lines[:3] == ["subscribe", "cli", "1"]
        assert lines[-3:] == ["message", "cli", "from-test"]
    finally:
        admin.close()
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
