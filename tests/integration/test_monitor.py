"""MONITOR over real sockets: a monitor on one connection sees, in Redis's line format, the
commands other connections run (on any worker thread)."""

import re

from conftest import RawConn


def test_monitor_streams_commands(make_server):
    srv = make_server("--threads", "2")
    mon = RawConn(srv.port)
    assert mon.call("MONITOR") == "OK"
    others = [RawConn(srv.port) for _ in range(4)]  # spread over both worker threads
    for i, c in enumerate(others):
        assert c.call("SET", f"k{i}", "va\"l\n") == "OK"
    c = others[0]
    assert c.call("SELECT", "3") == "OK"
    assert c.call("GET", "x") is None
    assert c.call("CONFIG", "GET", "port")  # admin commands are not shown
    lines = []
    while len(lines) < 6:
        lines.append(mon.read_reply())
    pat = re.compile(r'^\d+\.\d{6} \[(\d+) 127\.0\.0\.1:\d+\] (.*)$')
    parsed = [pat.match(str(l)) for l in lines]
    assert all(parsed), lines
    cmds = sorted(m.group(2) for m in parsed[:4])
    assert cmds == [f'"SET" "k{i}" "va\\"l\\n"' for i in range(4)]
    assert parsed[4].group(2) == '"SELECT" "3"'
    assert parsed[5].group(1) == "3" and parsed[5].group(2) == '"GET" "x"'
    # nothing more is queued: the CONFIG command was not fed
    assert c.call("PING") == "PONG"
    assert str(mon.read_reply()).endswith('"PING"')
