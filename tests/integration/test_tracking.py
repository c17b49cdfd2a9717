"""Client-side caching (CLIENT TRACKING) against Debian's redis-server: invalidation pushes in
RESP3, redirection to a RESP2 client subscribed to __redis__:invalidate, BCAST prefixes,
OPTIN/OPTOUT with CLIENT CACHING, NOLOOP, FLUSHALL's null invalidation, the option errors,
GETREDIR and TRACKINGINFO, all compared byte for byte over several connections."""

import time

import pytest

from conftest import RawConn, encode_command
from test_differential import servers  # noqa: F401  (fixture: redis-server + tessera)
from test_pubsub import sync

# (conn, command...) as in test_pubsub.py. ("redirect", tracker, target, options...) turns
# tracking on for `tracker` redirected to `target` (whose id differs between the servers).
# Conn 0 and 3 speak RESP3 (switched first, not compared); 1 and 2 stay RESP2.
STEPS = [
    (1, "CLIENT", "TRACKING", "ON", "PREFIX", "a"),
    (1, "CLIENT", "TRACKING", "ON", "OPTIN", "OPTOUT"),
    (1, "CLIENT", "TRACKING", "ON", "BCAST", "OPTIN"),
    (1, "CLIENT", "TRACKING", "ON", "REDIRECT", "999999"),
    (1, "CLIENT", "TRACKING", "MAYBE"),
    (1, "CLIENT", "TRACKING", "ON", "BOGUS"),
    (1, "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "a", "PREFIX", "ab"),
    (1, "CLIENT", "CACHING", "YES"),
    (1, "CLIENT", "GETREDIR"),
    (1, "CLIENT", "TRACKINGINFO"),
    (0, "CLIENT", "TRACKING", "ON"),
    (0, "CLIENT", "TRACKING", "ON", "BCAST"),
    (0, "CLIENT", "CACHING", "YES"),
    (0, "CLIENT", "GETREDIR"),
    (0, "CLIENT", "TRACKINGINFO"),
    (0, "GET", "k1"),
    (0, "MGET", "k2", "k3"),
    (1, "SET", "k1", "x"),
    (1, "SET", "k1", "y"),  # already invalidated: nothing more until read again
    (0, "GET", "k1"),
    (0, "SET", "k1", "z"),  # its own change: the invalidation follows the reply
    (1, "MSET", "k2", "1", "k3", "2"),
    (0, "GET", "k4"),
    (1, "FLUSHALL"),
    (0, "CLIENT", "TRACKING", "OFF"),
    (0, "CLIENT", "TRACKINGINFO"),
    (0, "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "p:", "PREFIX", "q:"),
    (0, "CLIENT", "TRACKINGINFO"),
    (1, "SET", "p:1", "x"),
    (1, "SET", "r:1", "x"),
    (1, "DEL", "q:1"),
    (1, "SET", "q:1", "x"),
    (0, "CLIENT", "TRACKING", "OFF"),
    (0, "CLIENT", "TRACKING", "ON", "OPTIN"),
    (0, "GET", "o1"),
    (0, "CLIENT", "CACHING", "NO"),
    # CLIENT CACHING applies to the next command: sent together, so no sync PING between
    (0, ["CLIENT", "CACHING", "YES"], ["GET", "o2"]),
    (1, "SET", "o1", "x"),
    (1, "SET", "o2", "x"),
    (0, "CLIENT", "TRACKING", "OFF"),
    (0, "CLIENT", "TRACKING", "ON", "OPTOUT", "NOLOOP"),
    (0, ["CLIENT", "CACHING", "NO"], ["GET", "n1"]),
    (0, "GET", "n2"),
    (0, "SET", "n2", "mine"),
    (1, "SET", "n1", "x"),
    (1, "SET", "n2", "x"),
    (0, "CLIENT", "TRACKINGINFO"),
    (0, "CLIENT", "TRACKING", "OFF"),
    # redirection to a RESP2 subscriber of __redis__:invalidate
    (2, "SUBSCRIBE", "__redis__:invalidate"),
    ("redirect", 0, 2),
    (0, "GET", "rk"),
    (1, "SET", "rk", "x"),
    (1, "FLUSHALL"),
    (0, "CLIENT", "TRACKING", "OFF"),
    # redirection to another RESP3 client
    ("redirect", 0, 3, "BCAST", "PREFIX", "b"),
    (1, "SET", "bx", "1"),
    (0, "GET", "bx"),
    (0, "CLIENT", "TRACKING", "OFF"),
    (0, "RESET"),
    (0, "CLIENT", "TRACKINGINFO"),
    (0, "~", "HELLO", "3"),  # "~": run, not compared (the reply has the client id)
    # BCAST: one message per prefix (in byte order) with the command's keys, sorted, each once
    (0, "CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b", "PREFIX", "a"),
    (1, "MSET", "b1", "1", "a2", "2", "b0", "3", "zz", "4", "b1", "5"),
    (1, ["MULTI"], ["SET", "a9", "1"], ["SET", "a1", "2"], ["DEL", "b0"], ["EXEC"]),
    (1, "DEL", "b1", "a2", "a1"),
    (0, "CLIENT", "TRACKING", "OFF"),
    (0, "CLIENT", "TRACKING", "ON", "BCAST", "NOLOOP"),
    (0, "MSET", "x1", "1", "x2", "2"),
    (1, "MSET", "x2", "1", "x1", "2"),
    (0, "CLIENT", "TRACKING", "OFF"),
    # the redirect client goes away: tracking-redir-broken on each invalidation (RESP3),
    # TRACKINGINFO's broken_redirect once one was tried, cleared by turning tracking on again
    ("redirect", 0, 2),
    ("close", 2),
    (0, "CLIENT", "TRACKINGINFO"),
    (0, "GET", "gone"),
    (1, "SET", "gone", "1"),
    (0, "CLIENT", "TRACKINGINFO"),
    (0, "GET", "gone"),
    (1, "SET", "gone", "2"),
    (0, "CLIENT", "TRACKING", "ON"),
    (0, "CLIENT", "TRACKINGINFO"),
    (0, "CLIENT", "TRACKING", "OFF"),
]


def same_ids(raw, ids):
    """The redirect ids in TRACKINGINFO and tracking-redir-broken, as connection numbers
    (the servers number their clients differently)."""
    for k, i in enumerate(ids):
        for ctx in (b"redirect\r\n", b"tracking-redir-broken\r\n"):
            raw = raw.replace(ctx + b":%d\r\n" % i, ctx + b":<conn %d>\r\n" % k)
    return raw


def run(port):
    conns = [RawConn(port, timeout=10) for _ in range(4)]
    out = []
    try:
        for k in (0, 3):
            conns[k].call("HELLO", "3")
        ids = [c.call("CLIENT", "ID") for c in conns]
        for n, (ci, *args) in enumerate(STEPS):
            quiet = False
            if ci == "close":  # the connection goes; a new one takes its place
                conns[args[0]].close()
                conns[args[0]] = RawConn(port, timeout=10)
                time.sleep(0.1)
                out.append((n, args[0], b"(closed)"))
                continue
            if ci == "redirect":
                tracker, target, *opts = args
                conns[tracker].send(encode_command("CLIENT", "TRACKING", "ON", "REDIRECT",
                                                   str(ids[target]), *opts))
            else:  # one command, or several lists sent together
                quiet = args[0] == "~"
                if quiet:
                    args = args[1:]
                cmds = args if isinstance(args[0], list) else [args]
                conns[ci].send(b"".join(encode_command(*a) for a in cmds))
            # the acting connection first: its command has run before the others are asked
            actor = args[0] if ci == "redirect" else ci
            for k in [actor] + [i for i in range(len(conns)) if i != actor]:
                got = sync(conns[k], f"sync-{n}-{k}")
                if quiet and k == actor:
                    got = b"(not compared)"
                out.append((n, k, same_ids(got, ids)))
        out.sort(key=lambda t: (t[0], t[1]))
    finally:
        for c in conns:
            c.close()
    return out


def test_tracking_matches_redis(servers):  # noqa: F811
    want = run(servers.ports["redis"])
    got = run(servers.ports["tessera"])
    diffs = [f"step {n} {STEPS[n]} conn {k}:\n  redis   {w!r}\n  tessera {g!r}"
             for (n, k, w), (_, _, g) in zip(want, got) if w != g]
    assert not diffs, "\n".join(diffs[:20])


def test_redis_py_sees_invalidations_through_redirect(make_server):
    """redis-py (RESP2): one connection subscribes to __redis__:invalidate, another tracks
    with REDIRECT to it and reads; writes from a third client (on another thread) invalidate."""
    srv = make_server("--threads", "2")
    import redis
    r = redis.Redis(host="127.0.0.1", port=srv.port)
    listener = r.pubsub()
    tracker = redis.Redis(host="127.0.0.1", port=srv.port, single_connection_client=True)
    writer = redis.Redis(host="127.0.0.1", port=srv.port, single_connection_client=True)
    try:
        listener.subscribe("__redis__:invalidate")
        assert listener.get_message(timeout=5)["type"] == "subscribe"
        assert r.execute_command("PUBSUB", "NUMSUB", "__redis__:invalidate") == [
            b"__redis__:invalidate", 1]
        pubsub_clients = r.execute_command("CLIENT", "LIST", "TYPE", "pubsub").decode()
        lid = int(pubsub_clients.split("id=")[1].split()[0])
        assert tracker.execute_command("CLIENT", "TRACKING", "ON", "REDIRECT", lid) == b"OK"
        assert tracker.execute_command("CLIENT", "GETREDIR") == lid
        for i in range(20):
            writer.set(f"cached:{i}", i)
            assert tracker.get(f"cached:{i}") == str(i).encode()
        for i in range(20):
            writer.set(f"cached:{i}", "new")
        seen = []
        while len(seen) < 20:
            m = listener.get_message(timeout=5)
            assert m is not None, f"only {len(seen)} invalidations arrived"
            assert m["type"] == "message" and m["channel"] == b"__redis__:invalidate"
            seen.extend(m["data"])
        assert sorted(seen) == sorted(f"cached:{i}".encode() for i in range(20))
        # each key was invalidated once: changing it again sends nothing until it is read again
        writer.set("cached:0", "again")
        assert listener.get_message(timeout=0.3) is None
        assert writer.info("stats")["tracking_total_keys"] == 0
    finally:
        listener.close()
        for c in (tracker, writer, r):
            c.close()


def test_tracking_table_max_keys_invalidates_the_excess(make_server):
    srv = make_server()
    c = RawConn(srv.port, timeout=10)
    try:
        c.call("HELLO", "3")
        assert c.call("CONFIG", "SET", "tracking-table-max-keys", "10") == "OK"
        assert c.call("CLIENT", "TRACKING", "ON") == "OK"
        for i in range(30):
            c.send(encode_command("GET", f"t:{i}"))
        pushes = 0
        replies = 0
        while replies < 30:
            m = c.read_reply()
            if isinstance(m, list) and m and m[0] == b"invalidate":
                pushes += 1
            else:
                replies += 1
        pushes += c.read_available(wait=0.3).count(b"invalidate")
        other = RawConn(srv.port, timeout=10)
        info = other.call("INFO", "stats")
        other.close()
        keys = int(info.split(b"tracking_total_keys:")[1].split(b"\r\n")[0])
        assert keys <= 10
        assert pushes >= 20  # the keys past the limit were invalidated
    finally:
        c.close()


def client_info_fields(port):
    """CLIENT INFO's flags= and redir= through tracking's states, on one server."""
    a, b, w = (RawConn(port, timeout=10) for _ in range(3))
    seen = []

    def fields():
        info = a.call("CLIENT", "INFO")
        info = info.decode() if isinstance(info, bytes) else str(info)
        kv = dict(f.split("=", 1) for f in info.split() if "=" in f)
        return kv["flags"], kv["redir"]

    try:
        a.call("HELLO", "3")
        seen.append(fields())
        a.call("CLIENT", "TRACKING", "ON")
        seen.append(fields())
        a.call("CLIENT", "TRACKING", "OFF")
        a.call("CLIENT", "TRACKING", "ON", "BCAST")
        seen.append(fields())
        a.call("CLIENT", "TRACKING", "OFF")
        bid = b.call("CLIENT", "ID")
        a.call("CLIENT", "TRACKING", "ON", "REDIRECT", str(bid))
        b.close()
        time.sleep(0.1)
        seen.append(fields()[0])  # redir is the (server-specific) id
        a.call("GET", "k")
        w.call("SET", "k", "1")
        sync(a, "after-set")
        seen.append(fields()[0])
        a.call("CLIENT", "TRACKING", "OFF")
        seen.append(fields())
    finally:
        for c in (a, w):
            c.close()
    return seen


def test_client_info_tracking_flags_match_redis(servers):  # noqa: F811
    want = client_info_fields(servers.ports["redis"])
    assert want[4] == "tR"  # the broken redirect shows once an invalidation was tried
    assert client_info_fields(servers.ports["tessera"]) == want
