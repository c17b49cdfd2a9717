"""Inputs that used to hang or could crash the server: pathological glob patterns in every
glob user (KEYS, SCAN MATCH, HSCAN/SSCAN/ZSCAN MATCH, CONFIG GET, PSUBSCRIBE, PUBSUB
CHANNELS, COMMAND LIST FILTERBY PATTERN), and a stop (SIGTERM, SHUTDOWN) while a long
command occupies a loop, which must end the process within its stated bound (2 s of grace,
src/server/main.cc)."""

import os
import signal
import subprocess
import time

from conftest import RawConn

# "a*a*...*a*b" against runs of a's: exponential for a plain backtracking matcher.
EVIL = "a*" * 20 + "b"
LONG_A = "a" * 40


def test_pathological_patterns_answer_at_once(make_server):
    srv = make_server()
    r = srv.client(socket_timeout=10)
    r.set(LONG_A, 1)
    r.hset("h", LONG_A, 1)
    r.sadd("s", LONG_A)
    r.zadd("z", {LONG_A: 1})
    assert r.keys(EVIL) == []
    assert r.keys("a*" * 20 + "a") == [LONG_A.encode()]
    assert r.scan(0, match=EVIL, count=1000) == (0, [])
    assert r.hscan("h", 0, match=EVIL) == (0, {})
    assert r.sscan("s", 0, match=EVIL) == (0, [])
    assert r.zscan("z", 0, match=EVIL) == (0, [])
    assert r.config_get("*" + "a*" * 30 + "zzz") == {}
    lister = RawConn(srv.port, timeout=10)
    try:
        assert lister.call("COMMAND", "LIST", "FILTERBY", "PATTERN", EVIL) == []
    finally:
        lister.close()
    # a pattern subscription to the same: PUBLISH matches it against the channel
    sub = RawConn(srv.port, timeout=10)
    try:
        assert sub.call("PSUBSCRIBE", EVIL)[0] == b"psubscribe"
        assert r.publish(LONG_A, "x") == 0
        r.execute_command("PUBSUB", "CHANNELS", EVIL)
    finally:
        sub.close()
    # the server still serves everyone
    assert r.ping()


def test_stop_is_bounded_while_a_command_runs(make_server):
    srv = make_server("--enable-debug-command", "yes", "--threads", "2")
    busy = RawConn(srv.port, timeout=10)
    try:
        busy.send(b"*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$3\r\n600\r\n")
        time.sleep(0.3)  # the command is running on its loop
        start = time.monotonic()
        os.kill(srv.pid, signal.SIGTERM)
        try:
            srv.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            srv.proc.kill()
            raise AssertionError("tessera did not stop within 10 s of SIGTERM")
        took = time.monotonic() - start
        assert srv.proc.returncode == 0
        assert took < 5, took
        assert "exiting anyway" in srv.log()
    finally:
        busy.close()


def test_shutdown_command_is_bounded_while_another_loop_is_busy(make_server):
    srv = make_server("--enable-debug-command", "yes", "--threads", "2")
    # connections made before the sleep are spread over the loops; the ones that still
    # answer once it runs are on the free loop
    conns = [RawConn(srv.port, timeout=10) for _ in range(8)]
    try:
        for c in conns:
            assert c.call("PING") == "PONG"
        busy, others = conns[0], conns[1:]
        busy.send(b"*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$3\r\n600\r\n")
        time.sleep(0.3)
        free = None
        for c in others:
            c.sock.settimeout(0.3)
            try:
                if c.call("PING") == "PONG":
                    free = c
                    break
            except OSError:
                continue
        assert free is not None, "every connection landed on the busy loop"
        free.sock.settimeout(10)
        start = time.monotonic()
        free.send(b"*1\r\n$8\r\nSHUTDOWN\r\n")
        try:
            srv.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            srv.proc.kill()
            raise AssertionError("tessera did not stop within 10 s of SHUTDOWN")
        assert srv.proc.returncode == 0
        assert time.monotonic() - start < 5
    finally:
        for c in conns:
            c.close()
