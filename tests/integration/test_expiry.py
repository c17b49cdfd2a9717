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
