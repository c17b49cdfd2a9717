"""Client-side caching (CLIENT TRACKING) against Debian's redis-server: invalidation pushes in
RESP3, redirection to a RESP2 client subscribed to __redis__:invalidate, BCAST prefixes,
OPTIN/OPTOUT with CLIENT CACHING, NOLOOP, FLUSHALL's null invalidation, the option errors,
GETREDIR and TRACKINGINFO, all compared byte for byte over several connections."""

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
    (0, "CLIENT", "CACHING", "YES"),
    (0, "GET", "o2"),
    (1, "SET", "o1", "x"),
    (1, "SET", "o2", "x"),
    (0, "CLIENT", "TRACKING", "OFF"),
    (0, "CLIENT", "TRACKING", "ON", "OPTOUT", "NOLOOP"),
    (0, "CLIENT", "CACHING", "NO"),
    (0, "GET", "n1"),
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
]


def run(port):
    conns = [RawConn(port, timeout=10) for _ in range(4)]
    out = []
    try:
        for k in (0, 3):
            conns[k].call("HELLO", "3")
        ids = [c.call("CLIENT", "ID") for c in conns]
        for n, (ci, *args) in enumerate(STEPS):
            if ci == "redirect":
                tracker, target, *opts = args
                conns[tracker].send(encode_command("CLIENT", "TRACKING", "ON", "REDIRECT",
                                                   str(ids[target]), *opts))
            else:
                conns[ci].send(encode_command(*args))
            for k, c in enumerate(conns):
                got = sync(c, f"sync-{n}-{k}")
                out.append((n, k, got))
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
