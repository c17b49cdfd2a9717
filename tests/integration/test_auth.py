"""requirepass over real sockets: redis-cli and redis-py are refused until they AUTH."""

import subprocess

import pytest
import redis

from conftest import RawConn


def test_requirepass_with_redis_py(make_server):
    srv = make_server("--requirepass", "s3cret")
    anon = redis.Redis(host="127.0.0.1", port=srv.port, socket_timeout=10)
    with pytest.raises(redis.AuthenticationError):
        anon.get("k")
    good = redis.Redis(host="127.0.0.1", port=srv.port, password="s3cret", socket_timeout=10)
    assert good.set("k", "v") is True
    assert good.get("k") == b"v"
    bad = redis.Redis(host="127.0.0.1", port=srv.port, password="nope", socket_timeout=10)
    # redis-py 4.3 raises WRONGPASS as a plain ResponseError (newer versions map it)
    with pytest.raises((redis.AuthenticationError, redis.ResponseError), match="WRONGPASS"):
        bad.get("k")


def test_requirepass_with_redis_cli(make_server):
    srv = make_server("--requirepass", "s3cret")
    out = subprocess.run(["redis-cli", "-p", str(srv.port), "get", "k"],
                         capture_output=True, text=True, timeout=10)
    assert "NOAUTH Authentication required." in out.stdout
    out = subprocess.run(["redis-cli", "-p", str(srv.port), "--no-auth-warning", "-a", "s3cret",
                          "ping"], capture_output=True, text=True, timeout=10)
    assert out.stdout.strip() == "PONG"


def test_config_set_requirepass_at_runtime(make_server):
    srv = make_server()
    a = RawConn(srv.port)
    assert a.call("CONFIG", "SET", "requirepass", "pw") == "OK"
    # connections made before keep working; new ones must authenticate
    assert a.call("PING") == "PONG"
    b = RawConn(srv.port)
    assert b.call("PING") == "NOAUTH Authentication required."
    # before AUTH, Redis limits requests to 10 arguments
    b.send(b"*11\r\n" + b"$1\r\nx\r\n" * 11)
    assert b.read_reply() == "ERR Protocol error: unauthenticated multibulk length"
    c = RawConn(srv.port)
    assert c.call("AUTH", "pw") == "OK"
    assert c.call("PING") == "PONG"
    assert a.call("CONFIG", "SET", "requirepass", "") == "OK"
    d = RawConn(srv.port)
    assert d.call("PING") == "PONG"
