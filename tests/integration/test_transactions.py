"""MULTI/EXEC/WATCH over real sockets: redis-py pipelines, WATCH retry loops across the
server's worker threads, and the error cases, with replies checked byte for byte."""

import threading

import redis

from conftest import RawConn


def test_redis_py_pipeline_uses_multi_exec(make_server):
    srv = make_server("--threads", "2")
    r = redis.Redis(host="127.0.0.1", port=srv.port, socket_timeout=10)
    with r.pipeline(transaction=True) as p:
        p.set("a", "1").incr("a").get("a").incrbyfloat("f", "1.5")
        assert p.execute() == [True, 2, b"2", 1.5]
    # a runtime error inside EXEC is one reply among the others
    r.set("s", "abc")
    with r.pipeline(transaction=True) as p:
        p.incr("s").set("t", "1")
        res = p.execute(raise_on_error=False)
    assert isinstance(res[0], redis.ResponseError)
    assert str(res[0]) == "value is not an integer or out of range"
    assert res[1] is True


def test_watch_retry_loops_across_threads_are_exact(make_server):
    srv = make_server("--threads", "2")
    n_clients, n_incr = 8, 150
    redis.Redis(host="127.0.0.1", port=srv.port).set("counter", 0)
    errors = []

    def worker():
        try:
            r = redis.Redis(host="127.0.0.1", port=srv.port, socket_timeout=20)

            def incr(pipe):
                v = int(pipe.get("counter"))
                pipe.multi()
                pipe.set("counter", v + 1)

            for _ in range(n_incr):
                r.transaction(incr, "counter")
        except BaseException as e:  # reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=worker) for _ in range(n_clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    r = redis.Redis(host="127.0.0.1", port=srv.port)
    assert int(r.get("counter")) == n_clients * n_incr


def test_watch_abort_and_error_replies(server):
    a = RawConn(server.port)
    b = RawConn(server.port)
    assert a.call("SET", "wk", "1") == "OK"
    assert a.call("WATCH", "wk") == "OK"
    assert b.call("SET", "wk", "2") == "OK"
    assert a.call("MULTI") == "OK"
    assert a.call("GET", "wk") == "QUEUED"
    assert a.call_raw("EXEC") == b"*-1\r\n"
    assert a.call("EXEC") == "ERR EXEC without MULTI"
    assert a.call("MULTI") == "OK"
    assert a.call("NOSUCH") == "ERR unknown command 'NOSUCH', with args beginning with: "
    assert a.call("EXEC") == "EXECABORT Transaction discarded because of previous errors."
    # readers on another connection never see half of a transaction
    assert b.call("MSET", "x", "0", "y", "0") == "OK"
    for i in range(1, 200):
        a.call("MULTI")
        a.call("SET", "x", str(i))
        a.call("SET", "y", str(i))
        a.call("EXEC")
        x, y = b.call("MGET", "x", "y")
        assert x == y
