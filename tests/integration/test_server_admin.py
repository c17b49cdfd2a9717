"""Operator commands over real sockets: SHUTDOWN, CLIENT REPLY, SLOWLOG, LATENCY, DEBUG SLEEP,
INFO errorstats, ROLE, LASTSAVE. Reply bytes are compared with what Redis 7 sends."""

import socket
import subprocess
import time

from conftest import RawConn


def test_shutdown_stops_the_server_with_status_0(make_server):
    srv = make_server()
    out = subprocess.run(["redis-cli", "-p", str(srv.port), "shutdown"],
                         capture_output=True, text=True, timeout=10)
    assert out.returncode == 0, out
    srv.proc.wait(timeout=10)
    assert srv.proc.returncode == 0
    s = socket.socket()  # the port now refuses connections
    s.settimeout(2)
    assert s.connect_ex(("127.0.0.1", srv.port)) != 0
    s.close()


def test_shutdown_abort_and_syntax(server):
    c = RawConn(server.port)
    assert c.call("SHUTDOWN", "ABORT") == "ERR No shutdown in progress."
    assert c.call("SHUTDOWN", "BOGUS") == "ERR syntax error"
    assert c.call("PING") == "PONG"


def test_client_reply_off_on_skip(server):
    c = RawConn(server.port)
    # OFF: nothing comes back until ON, which answers OK
    c.send(b"*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n"
           b"*3\r\n$3\r\nSET\r\n$2\r\nrk\r\n$1\r\n1\r\n"
           b"*2\r\n$4\r\nINCR\r\n$2\r\nrk\r\n"
           b"*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n")
    assert c.read_reply() == "OK"
    assert c.call("GET", "rk") == b"2"
    # SKIP: no reply for SKIP itself nor the next command
    c.send(b"*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n"
           b"*2\r\n$4\r\nINCR\r\n$2\r\nrk\r\n"
           b"*2\r\n$4\r\nINCR\r\n$2\r\nrk\r\n")
    assert c.read_reply() == 4


def test_slowlog(server):
    c = RawConn(server.port)
    assert c.call("CONFIG", "SET", "slowlog-log-slower-than", "0") == "OK"
    assert c.call("SLOWLOG", "RESET") == "OK"
    c.call("SET", "slow", "x" * 200)
    entries = c.call("SLOWLOG", "GET", "1")
    assert len(entries) == 1
    eid, ts, dur, args, addr, name = entries[0]
    assert isinstance(eid, int) and abs(ts - time.time()) < 10 and dur >= 0
    assert args[0] == b"SET" and args[1] == b"slow"
    assert args[2] == b"x" * 128 + b"... (72 more bytes)"
    assert addr.startswith(b"127.0.0.1:")
    assert c.call("SLOWLOG", "LEN") >= 1
    assert c.call("SLOWLOG", "GET", "-2") == "ERR count should be greater than or equal to -1"
    assert c.call("CONFIG", "SET", "slowlog-log-slower-than", "-1") == "OK"
    assert c.call("SLOWLOG", "RESET") == "OK"
    c.call("PING")
    assert c.call("SLOWLOG", "LEN") == 0
    assert c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000") == "OK"


def test_debug_needs_enable_debug_command(server):
    c = RawConn(server.port)
    assert c.call("DEBUG", "SLEEP", "0").startswith("ERR DEBUG command not allowed.")
    assert c.call("CONFIG", "SET", "enable-debug-command", "yes").endswith(
        "can't set immutable config")


def test_latency_and_debug_sleep(make_server):
    srv = make_server("--enable-debug-command", "local")
    c = RawConn(srv.port)
    assert c.call("LATENCY", "RESET") >= 0
    assert c.call("CONFIG", "SET", "latency-monitor-threshold", "5") == "OK"
    t0 = time.monotonic()
    assert c.call("DEBUG", "SLEEP", "0.05") == "OK"
    assert time.monotonic() - t0 >= 0.05
    latest = c.call("LATENCY", "LATEST")
    assert len(latest) == 1 and latest[0][0] == b"command" and latest[0][2] >= 45
    hist = c.call("LATENCY", "HISTORY", "command")
    assert len(hist) == 1 and hist[0][1] >= 45
    assert c.call("LATENCY", "RESET", "command") == 1
    assert c.call("LATENCY", "LATEST") == []
    assert c.call("CONFIG", "SET", "latency-monitor-threshold", "0") == "OK"
    assert c.call("DEBUG", "NOPE").startswith("ERR unknown subcommand or wrong number")


def test_errorstats_role_lastsave(server):
    c = RawConn(server.port)
    assert c.call("CONFIG", "RESETSTAT") == "OK"
    c.call("NOSUCHCMD")
    c.call("INCR", "a", "b")
    c.call("SET", "es", "x")
    c.call("INCR", "es")
    info = c.call("INFO", "errorstats")
    text = info.decode() if isinstance(info, bytes) else str(info)
    assert "errorstat_ERR:count=3" in text, text
    stats = c.call("INFO", "stats")
    stats = stats.decode() if isinstance(stats, bytes) else str(stats)
    assert "total_error_replies:3" in stats
    assert c.call("ROLE") == [b"master", 0, []]
    assert abs(c.call("LASTSAVE") - time.time()) < 3600
