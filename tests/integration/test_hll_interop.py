"""HyperLogLog values against Debian's redis-server: the same seeded elements added to both
give the same PFCOUNT and byte-identical GET values (sparse and dense, single keys, unions,
PFMERGE), and an HLL string moves between the servers with GET/SET and keeps counting."""

import random

import pytest

from test_differential import servers  # noqa: F401  (fixture: redis-server + tessera)
import redis


@pytest.fixture
def clients(servers):  # noqa: F811
    t = redis.Redis(port=servers.ports["tessera"])
    r = redis.Redis(port=servers.ports["redis"])
    for c in (t, r):
        c.flushall()
    yield t, r
    for c in (t, r):
        c.flushall()
        c.close()


def test_counts_and_bytes_match(clients):
    t, r = clients
    rng = random.Random(7)
    for n in [0, 1, 10, 100, 1000, 5000, 20000, 100000]:
        key = "h%d" % n
        elements = [str(rng.random()) for _ in range(n)]
        for c in (t, r):
            if n == 0:
                c.pfadd(key)
            for i in range(0, n, 1000):
                c.pfadd(key, *elements[i:i + 1000])
        assert t.pfcount(key) == r.pfcount(key), n
        assert t.get(key) == r.get(key), n
    keys = ["h10", "h1000", "h100000"]
    assert t.pfcount(*keys) == r.pfcount(*keys)
    for c in (t, r):
        c.pfmerge("merged", *keys)
    assert t.get("merged") == r.get("merged")
    assert t.pfcount("merged") == r.pfcount("merged")


def test_values_move_between_servers(clients):
    t, r = clients
    r.pfadd("from_redis", *["a%d" % i for i in range(3000)])
    t.set("from_redis", r.get("from_redis"))
    assert t.pfcount("from_redis") == r.pfcount("from_redis")
    t.pfadd("from_tessera", *["b%d" % i for i in range(50)])
    r.set("from_tessera", t.get("from_tessera"))
    assert r.pfcount("from_tessera") == t.pfcount("from_tessera")
    for c in (t, r):
        c.pfadd("from_redis", "one more")
    assert t.get("from_redis") == r.get("from_redis")


def test_damaged_values_get_redis_errors(clients):
    t, r = clients
    rng = random.Random(3)
    r.pfadd("base", *["x%d" % i for i in range(200)])
    base = r.get("base")
    for trial in range(200):
        v = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            v[rng.randrange(len(v))] = rng.randrange(256)
        if rng.random() < 0.3:
            v = v[:rng.randrange(len(v))]
        for cmd in (["PFCOUNT", "k"], ["PFADD", "k", "e%d" % trial], ["PFMERGE", "d", "k"],
                    ["PFDEBUG", "ENCODING", "k"]):
            got = []
            for c in (t, r):
                c.set("k", bytes(v))
                try:
                    got.append(("ok", c.execute_command(*cmd)))
                except redis.ResponseError as e:
                    got.append(("err", str(e)))
                got.append(c.get("k"))
            assert got[0:2] == got[2:4], (trial, cmd)
    assert t.ping()
