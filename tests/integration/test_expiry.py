"""Active expiry: keys with a TTL that nobody reads are reclaimed by the background cycle."""

import re
import time

from conftest import wait_until


def info(client, section):
    return client.info(section)  # redis-py parses the text into a dict


def test_active_expiry_reclaims_unread_keys(make_server):
    srv = make_server()
    r = srv.client()
    r5 = srv.client(db=5)
    try:
        pipe = r.pipeline(transaction=False)
        for i in range(1000):
            pipe.set(f"volatile:{i}", "x", px=100)
        for i in range(10):
            pipe.set(f"longlived:{i}", "x", ex=1000)
            pipe.set(f"persistent:{i}", "x")
        pipe.execute()
        pipe = r5.pipeline(transaction=False)
        for i in range(200):
            pipe.set(f"volatile5:{i}", "x", px=100)
        pipe.execute()

        assert r.dbsize() == 1020
        assert r5.dbsize() == 200
        ks = info(r, "keyspace")
        assert ks["db0"]["keys"] == 1020 and ks["db0"]["expires"] == 1010
        assert ks["db5"]["keys"] == 200 and ks["db5"]["expires"] == 200
        assert info(r, "stats")["expired_keys"] == 0

        # Do not touch the keys: only DBSIZE / INFO, which do not expire anything lazily.
        time.sleep(1.5)
        # a little grace for a slow machine, but the keys must go without being read
        assert wait_until(lambda: r.dbsize() == 20, timeout=1.0), r.dbsize()
        assert wait_until(lambda: r5.dbsize() == 0, timeout=1.0), r5.dbsize()

        ks = info(r, "keyspace")
        assert ks["db0"]["keys"] == 20 and ks["db0"]["expires"] == 10
        assert "db5" not in ks
        assert info(r, "stats")["expired_keys"] >= 1200

        with srv.raw() as c:
            raw_ks = c.call("INFO", "keyspace").decode()
        assert re.search(r"db0:keys=20,expires=10,avg_ttl=\d+", raw_ks)

        # survivors are intact
        assert r.mget([f"persistent:{i}" for i in range(10)]) == [b"x"] * 10
        assert all(990 <= r.ttl(f"longlived:{i}") <= 1000 for i in range(10))
        assert r.get("volatile:0") is None
    finally:
        r.close()
        r5.close()


def test_expired_key_is_invisible_before_reclaim(make_server):
    # With hz 1 the background cycle is slow; every read path must still hide the key.
    srv = make_server("--hz", "1")
    with srv.raw() as c:
        assert c.call("SET", "k", "v", "PX", "50") == "OK"
        assert c.call("MSET", "a", "1") == "OK"
        assert c.call("PEXPIRE", "a", "50") == 1
        time.sleep(0.2)
        assert c.call("GET", "k") is None
        assert c.call("EXISTS", "k", "a") == 0
        assert c.call("TTL", "k") == -2
        assert c.call("MGET", "k", "a") == [None, None]
        assert c.call("KEYS", "*") == []
        assert c.call("STRLEN", "a") == 0
        assert c.call("TYPE", "a") == "none"
        assert c.call("SCAN", "0", "COUNT", "100")[1] == []
        assert c.call("RANDOMKEY") is None
        # SET NX on an expired key succeeds; INCR starts from 0
        assert c.call("SET", "k", "new", "NX") == "OK"
        c.call("SET", "n", "41", "PX", "50")
        time.sleep(0.2)
        assert c.call("INCR", "n") == 1
        assert c.call("TTL", "n") == -1


def test_a_burst_of_expiring_keys_is_reclaimed_within_seconds(make_server):
    # 500k keys with a 1 s TTL, never read: the background cycle frees them all within a
    # few seconds (bounded work per turn, so the server keeps answering meanwhile), and
    # used_memory comes back to where it was before they were written.
    srv = make_server()
    n = 500_000
    with srv.raw(timeout=30) as c:
        base = int(re.search(rb"used_memory:(\d+)", c.call_raw("INFO", "memory")).group(1))
        batch = 10_000
        for start in range(0, n, batch):
            c.send(b"".join(b"*5\r\n$3\r\nSET\r\n$14\r\nkey:%010d\r\n$16\r\nxxxxxxxxxxxxxxxx\r\n"
                            b"$2\r\nPX\r\n$4\r\n1000\r\n" % i for i in range(start, start + batch)))
            for _ in range(batch):
                c.read_reply()
        loaded = time.monotonic()
        assert c.call("DBSIZE") > n // 2  # most are still there (the load takes ~1 s)
        worst_ping = 0.0
        while c.call("DBSIZE") > 0:
            assert time.monotonic() - loaded < 8, "expired keys not reclaimed in time"
            t = time.monotonic()
            assert c.call("PING") == "PONG"
            worst_ping = max(worst_ping, time.monotonic() - t)
            time.sleep(0.05)
        assert worst_ping < 0.2, worst_ping  # served all along, not stalled by the cycle
        stats = c.call_raw("INFO", "stats")
        assert int(re.search(rb"expired_keys:(\d+)", stats).group(1)) == n
        used = int(re.search(rb"used_memory:(\d+)", c.call_raw("INFO", "memory")).group(1))
        # The table's bucket segments stay allocated (the table never shrinks but by a
        # flush): about 8 bytes / 1.5 per key that was there.
        assert used - base < n * 8, (used, base)


def test_info_keyspace_estimates_avg_ttl(make_server):
    # Redis's avg_ttl is an estimate too; with every TTL near 1000 s it must be near it.
    srv = make_server()
    r = srv.client()
    pipe = r.pipeline(transaction=False)
    for i in range(1000):
        pipe.set(f"k:{i}", "x", ex=1000)
    pipe.set("persistent", "x")
    pipe.execute()
    db0 = r.info("keyspace")["db0"]
    assert db0["keys"] == 1001 and db0["expires"] == 1000
    assert 990_000 <= db0["avg_ttl"] <= 1_000_000, db0
    r.flushall()
    r.set("p", "x")
    assert r.info("keyspace")["db0"]["avg_ttl"] == 0
