"""Connection commands (PING ECHO CLIENT RESET QUIT) and server commands (INFO CONFIG TIME
COMMAND), over redis-py and raw sockets.

Expected replies were checked against Debian's redis-server 7.0.15.
"""

import re
import time

from conftest import wait_closed, wait_until


def pairs(lst):
    """[k1, v1, k2, v2, ...] -> {k1: v1, ...} (RESP2 maps)."""
    assert len(lst) % 2 == 0, lst
    return dict(zip(lst[0::2], lst[1::2]))


def info_fields(text):
    if isinstance(text, bytes):
        text = text.decode()
    out = {}
    for line in text.split("\r\n"):
        if line and not line.startswith("#") and ":" in line:
            k, v = line.split(":", 1)
            out[k] = v
    return out


def client_fields(line):
    if isinstance(line, bytes):
        line = line.decode()
    return dict(kv.split("=", 1) for kv in line.strip().split(" "))


# ----------------------------------------------------------------------------- PING / ECHO


def test_ping_echo(r, raw):
    assert r.ping() is True
    assert raw.call_raw("PING") == b"+PONG\r\n"
    assert raw.call_raw("PING", "hello") == b"$5\r\nhello\r\n"
    assert raw.call_raw("ping", "") == b"$0\r\n\r\n"
    assert raw.call("PING", "a", "b") == "ERR wrong number of arguments for 'ping' command"
    assert raw.call_raw("ECHO", "hi there") == b"$8\r\nhi there\r\n"
    assert r.echo(b"\x00\xff\r\n") == b"\x00\xff\r\n"
    assert raw.call("ECHO") == "ERR wrong number of arguments for 'echo' command"
    assert raw.call("ECHO", "a", "b") == "ERR wrong number of arguments for 'echo' command"


# ----------------------------------------------------------------------------- CLIENT


def test_client_setname_getname_id(server, raw):
    assert raw.call_raw("CLIENT", "GETNAME") == b"$-1\r\n"
    assert raw.call("CLIENT", "SETNAME", "worker-1") == "OK"
    assert raw.call("CLIENT", "GETNAME") == b"worker-1"
    assert (
        raw.call("CLIENT", "SETNAME", "a b")
        == "ERR Client names cannot contain spaces, newlines or special characters."
    )
    assert raw.call("CLIENT", "GETNAME") == b"worker-1"
    assert raw.call("CLIENT", "SETNAME", "") == "OK"  # empty name clears it
    assert raw.call("CLIENT", "GETNAME") is None
    id1 = raw.call("CLIENT", "ID")
    other = raw.new()
    id2 = other.call("CLIENT", "ID")
    assert isinstance(id1, int) and isinstance(id2, int)
    assert id1 > 0 and id2 > id1  # ids are unique and increasing
    assert raw.call("CLIENT", "ID") == id1
    assert raw.call("CLIENT", "ID", "x") == "ERR wrong number of arguments for 'client|id' command"
    assert raw.call("CLIENT", "FOO") == "ERR unknown subcommand 'FOO'. Try CLIENT HELP."
    assert raw.call("CLIENT") == "ERR wrong number of arguments for 'client' command"
    # redis-py's helpers
    c = server.client(client_name="via-redis-py")
    try:
        assert c.client_getname() in ("via-redis-py", b"via-redis-py")
        assert c.client_id() > id2
    finally:
        c.close()


def test_client_list_and_info(make_server):
    srv = make_server()
    a, b = srv.raw(), srv.raw()
    try:
        a.call("CLIENT", "SETNAME", "alpha")
        b.call("SELECT", "3")
        id_a, id_b = a.call("CLIENT", "ID"), b.call("CLIENT", "ID")
        listing = a.call("CLIENT", "LIST")
        assert isinstance(listing, bytes)
        lines = [l for l in listing.decode().split("\n") if l]
        assert len(lines) == 2, listing
        by_id = {int(client_fields(l)["id"]): client_fields(l) for l in lines}
        assert set(by_id) == {id_a, id_b}
        fa, fb = by_id[id_a], by_id[id_b]
        assert fa["name"] == "alpha" and fb["name"] == ""
        assert fa["db"] == "0" and fb["db"] == "3"
        assert fa["cmd"] == "client|list"
        assert fb["cmd"] == "client|id"
        assert fa["addr"].startswith("127.0.0.1:")
        assert fa["laddr"] == f"127.0.0.1:{srv.port}"
        assert fa["addr"] == "127.0.0.1:%d" % a.sock.getsockname()[1]
        for key in ("fd", "age", "idle", "flags", "qbuf", "omem", "tot-mem", "user", "resp"):
            assert key in fa, key
        # CLIENT LIST ID filters
        only_b = b.call("CLIENT", "LIST", "ID", str(id_b)).decode()
        assert [int(client_fields(l)["id"]) for l in only_b.split("\n") if l] == [id_b]
        assert b.call("CLIENT", "LIST", "ID", "abc") == "ERR Invalid client ID"
        assert b.call("CLIENT", "LIST", "TYPE", "foo") == "ERR Unknown client type 'foo'"
        # CLIENT INFO: this connection's line, newline-terminated
        info = b.call("CLIENT", "INFO")
        assert info.endswith(b"\n")
        fi = client_fields(info)
        assert int(fi["id"]) == id_b
        assert fi["db"] == "3"
        assert fi["cmd"] == "client|info"
        assert fi["resp"] == "2"
        # a closed connection disappears from the list
        a.close()
        assert wait_until(lambda: len([l for l in b.call("CLIENT", "LIST").split(b"\n") if l]) == 1)
    finally:
        a.close()
        b.close()


def test_client_kill_closes_other_connection(make_server):
    srv = make_server()
    killer, v1, v2, v3 = srv.raw(), srv.raw(), srv.raw(), srv.raw()
    try:
        # CLIENT KILL ID
        vid = v1.call("CLIENT", "ID")
        assert killer.call("CLIENT", "KILL", "ID", str(vid)) == 1
        assert wait_closed(v1, 5), "killed connection stayed open"
        # CLIENT KILL ADDR (new form) -> count
        addr2 = client_fields(v2.call("CLIENT", "INFO"))["addr"]
        assert killer.call("CLIENT", "KILL", "ADDR", addr2) == 1
        assert wait_closed(v2, 5)
        # old form CLIENT KILL ip:port -> OK
        addr3 = client_fields(v3.call("CLIENT", "INFO"))["addr"]
        assert killer.call("CLIENT", "KILL", addr3) == "OK"
        assert wait_closed(v3, 5)
        # the killer is still served; the victims are gone from CLIENT LIST
        assert killer.call("PING") == "PONG"
        assert wait_until(
            lambda: len([l for l in killer.call("CLIENT", "LIST").split(b"\n") if l]) == 1
        )
        # nothing to kill
        assert killer.call("CLIENT", "KILL", "ID", "999999") == 0
        assert killer.call("CLIENT", "KILL", "127.0.0.1:1") == "ERR No such client"
        assert killer.call("CLIENT", "KILL", "ID", "0") == "ERR client-id should be greater than 0"
        assert killer.call("CLIENT", "KILL", "FOO", "bar") == "ERR syntax error"
        # SKIPME yes is the default for the new form: killing my own address kills nobody
        my_addr = client_fields(killer.call("CLIENT", "INFO"))["addr"]
        assert killer.call("CLIENT", "KILL", "ADDR", my_addr) == 0
        # SKIPME no: the reply arrives, then the connection closes
        my_id = killer.call("CLIENT", "ID")
        assert killer.call_raw("CLIENT", "KILL", "ID", str(my_id), "SKIPME", "no") == b":1\r\n"
        assert wait_closed(killer, 5)
    finally:
        for c in (killer, v1, v2, v3):
            c.close()


def test_reset(raw):
    raw.call("SELECT", "1")
    raw.call("SET", "in-db1", "x")
    raw.call("CLIENT", "SETNAME", "named")
    assert raw.call_raw("RESET") == b"+RESET\r\n"
    assert raw.call("CLIENT", "GETNAME") is None
    assert raw.call("GET", "in-db1") is None  # back in db 0
    assert client_fields(raw.call("CLIENT", "INFO"))["db"] == "0"
    assert raw.call("SELECT", "1") == "OK"
    assert raw.call("GET", "in-db1") == b"x"
    assert raw.call("RESET", "x") == "ERR wrong number of arguments for 'reset' command"


def test_quit(server, raw):
    c = raw.new()
    assert c.call_raw("QUIT") == b"+OK\r\n"
    data, how = c.read_until_closed(timeout=5)
    assert data == b""
    # commands pipelined after QUIT are not executed
    c2 = raw.new()
    c2.send(b"*1\r\n$4\r\nQUIT\r\n*3\r\n$3\r\nSET\r\n$9\r\nafterquit\r\n$1\r\n1\r\n")
    data, how = c2.read_until_closed(timeout=5)
    assert data == b"+OK\r\n"
    assert raw.call("EXISTS", "afterquit") == 0


# ----------------------------------------------------------------------------- INFO


def test_info_sections(server, r, raw):
    r.set("a", "1")
    r.set("b", "2", ex=1000)
    text = raw.call("INFO")
    assert isinstance(text, bytes)
    for header in ("# Server", "# Clients", "# Memory", "# Stats", "# Keyspace"):
        assert header.encode() in text, header
    f = info_fields(text)
    assert f["redis_version"].startswith("7.")
    assert f["redis_mode"] == "standalone"
    assert int(f["tcp_port"]) == server.port
    assert int(f["process_id"]) == server.pid
    assert int(f["uptime_in_seconds"]) >= 0
    assert int(f["connected_clients"]) >= 2
    assert int(f["maxclients"]) == 10000
    assert int(f["used_memory"]) > 0
    assert int(f["total_connections_received"]) >= 2
    assert int(f["total_commands_processed"]) > 0
    assert re.fullmatch(r"keys=2,expires=1,avg_ttl=\d+", f["db0"]), f["db0"]
    assert "db1" not in f

    # one section only
    server_only = raw.call("INFO", "server").decode()
    assert server_only.startswith("# Server\r\n")
    assert "# Clients" not in server_only and "# Keyspace" not in server_only
    # several sections (Redis 7)
    two = raw.call("INFO", "clients", "keyspace").decode()
    assert "# Clients" in two and "# Keyspace" in two and "# Server" not in two
    # an unknown section is empty, not an error
    assert raw.call_raw("INFO", "nosuchsection") == b"$0\r\n\r\n"
    # keyspace hits / misses
    before = info_fields(raw.call("INFO", "stats"))
    r.get("a")
    r.get("a")
    r.get("missing")
    after = info_fields(raw.call("INFO", "stats"))
    assert int(after["keyspace_hits"]) - int(before["keyspace_hits"]) == 2
    assert int(after["keyspace_misses"]) - int(before["keyspace_misses"]) == 1
    # commandstats (in "all" / "everything" and by name)
    stats = raw.call("INFO", "commandstats").decode()
    assert stats.startswith("# Commandstats\r\n")
    m = re.search(r"cmdstat_get:calls=(\d+),usec=\d+,usec_per_call=[\d.]+", stats)
    assert m and int(m.group(1)) >= 3, stats
    assert b"cmdstat_get:" in raw.call("INFO", "everything")


# ----------------------------------------------------------------------------- CONFIG


def test_config_get_patterns(server, raw):
    assert raw.call("CONFIG", "GET", "maxclients") == [b"maxclients", b"10000"]
    assert pairs(raw.call("CONFIG", "GET", "port")) == {b"port": str(server.port).encode()}
    assert pairs(raw.call("CONFIG", "GET", "bind")) == {b"bind": b"127.0.0.1"}
    assert pairs(raw.call("CONFIG", "GET", "databases")) == {b"databases": b"16"}
    assert pairs(raw.call("CONFIG", "GET", "timeout")) == {b"timeout": b"0"}
    assert pairs(raw.call("CONFIG", "GET", "proto-max-bulk-len")) == {
        b"proto-max-bulk-len": b"536870912"
    }
    assert pairs(raw.call("CONFIG", "GET", "hz")) == {b"hz": b"10"}
    # glob patterns
    mx = pairs(raw.call("CONFIG", "GET", "max*"))
    assert {b"maxclients", b"maxmemory", b"maxmemory-policy"} <= set(mx)
    assert all(k.startswith(b"max") for k in mx)
    assert mx[b"maxmemory"] == b"0"
    q = pairs(raw.call("CONFIG", "GET", "?z"))
    assert q == {b"hz": b"10"}
    every = pairs(raw.call("CONFIG", "GET", "*"))
    assert {b"port", b"bind", b"databases", b"maxclients", b"timeout", b"hz"} <= set(every)
    # names match case-insensitively (Redis echoes the name as typed; not checked here)
    upper = pairs(raw.call("CONFIG", "GET", "MAXCLIENTS"))
    assert {k.lower(): v for k, v in upper.items()} == {b"maxclients": b"10000"}
    # several patterns at once (Redis 7), no duplicates
    both = raw.call("CONFIG", "GET", "maxclients", "timeout", "maxclients")
    assert pairs(both) == {b"maxclients": b"10000", b"timeout": b"0"}
    assert len(both) == 4
    assert raw.call_raw("CONFIG", "GET", "nosuchparam") == b"*0\r\n"
    assert raw.call("CONFIG", "GET") == "ERR wrong number of arguments for 'config|get' command"


def test_config_set(make_server):
    srv = make_server()
    c = srv.raw()
    try:
        assert c.call("CONFIG", "SET", "maxmemory", "10mb") == "OK"
        assert c.call("CONFIG", "GET", "maxmemory") == [b"maxmemory", b"10485760"]
        assert c.call("CONFIG", "SET", "maxmemory", "1gb") == "OK"
        assert c.call("CONFIG", "GET", "maxmemory") == [b"maxmemory", b"1073741824"]
        assert c.call("CONFIG", "SET", "hz", "11", "maxclients", "200") == "OK"
        assert pairs(c.call("CONFIG", "GET", "hz", "maxclients")) == {
            b"hz": b"11",
            b"maxclients": b"200",
        }
        assert c.call("CONFIG", "SET", "TIMEOUT", "300") == "OK"  # names are case-insensitive
        assert c.call("CONFIG", "GET", "timeout") == [b"timeout", b"300"]
        assert (
            c.call("CONFIG", "SET", "xyz", "1")
            == "ERR Unknown option or number of arguments for CONFIG SET - 'xyz'"
        )
        assert c.call("CONFIG", "SET", "max*", "1") == (
            "ERR Unknown option or number of arguments for CONFIG SET - 'max*'"
        )
        assert c.call("CONFIG", "SET", "maxclients", "abc") == (
            "ERR CONFIG SET failed (possibly related to argument 'maxclients') - "
            "argument couldn't be parsed into an integer"
        )
        assert c.call("CONFIG", "SET", "maxclients") == (
            "ERR wrong number of arguments for 'config|set' command"
        )
        # all-or-nothing: a bad second pair leaves the first unchanged
        assert c.call("CONFIG", "SET", "maxclients", "100", "timeout", "abc") == (
            "ERR CONFIG SET failed (possibly related to argument 'timeout') - "
            "argument couldn't be parsed into an integer"
        )
        assert c.call("CONFIG", "GET", "maxclients") == [b"maxclients", b"200"]
        assert c.call("CONFIG", "GET", "timeout") == [b"timeout", b"300"]
    finally:
        c.close()


def test_config_set_duplicate_parameter(make_server):
    srv = make_server()
    with srv.raw() as c:
        assert c.call("CONFIG", "SET", "timeout", "5", "timeout", "6") == (
            "ERR CONFIG SET failed (possibly related to argument 'timeout') - duplicate parameter"
        )
        assert c.call("CONFIG", "GET", "timeout") == [b"timeout", b"0"]


def test_config_set_bad_enum_message(make_server):
    srv = make_server()
    with srv.raw() as c:
        assert c.call("CONFIG", "SET", "appendonly", "maybe") == (
            "ERR CONFIG SET failed (possibly related to argument 'appendonly') - "
            "argument must be 'yes' or 'no'"
        )
        assert c.call("CONFIG", "GET", "appendonly") == [b"appendonly", b"no"]


# ----------------------------------------------------------------------------- TIME


def test_time(raw):
    before = time.time()
    reply = raw.call("TIME")
    after = time.time()
    assert isinstance(reply, list) and len(reply) == 2
    assert all(isinstance(x, bytes) and x.isdigit() for x in reply)
    secs, usecs = int(reply[0]), int(reply[1])
    assert 0 <= usecs < 1_000_000
    t = secs + usecs / 1e6
    assert before - 1 <= t <= after + 1
    assert raw.call("TIME", "x") == "ERR wrong number of arguments for 'time' command"


# ----------------------------------------------------------------------------- COMMAND


def test_command_count_and_list(raw):
    count = raw.call("COMMAND", "COUNT")
    assert isinstance(count, int) and count >= 40
    everything = raw.call("COMMAND")
    assert len(everything) == count
    names = {entry[0] for entry in everything}
    for name in (b"get", b"set", b"del", b"scan", b"client", b"config", b"command", b"info"):
        assert name in names, name
    assert raw.call("COMMAND", "COUNT", "x") == (
        "ERR wrong number of arguments for 'command|count' command"
    )
    assert raw.call("COMMAND", "FOO") == "ERR unknown subcommand 'FOO'. Try COMMAND HELP."


def test_command_info(raw):
    (get,) = raw.call("COMMAND", "INFO", "get")
    assert get[0] == b"get"
    assert get[1] == 2
    assert {"readonly", "fast"} <= set(get[2])
    assert get[3:6] == [1, 1, 1]
    (st,) = raw.call("COMMAND", "INFO", "SET")
    assert st[0] == b"set" and st[1] == -3 and "write" in st[2]
    (mset,) = raw.call("COMMAND", "INFO", "mset")
    assert mset[1] == -3 and mset[3:6] == [1, -1, 2]
    (cfg_get,) = raw.call("COMMAND", "INFO", "config|get")
    assert cfg_get[0] == b"config|get" and cfg_get[1] == -3
    several = raw.call("COMMAND", "INFO", "get", "del")
    assert [e[0] for e in several] == [b"get", b"del"]


def test_command_info_unknown_is_null_bulk(raw):
    # Redis 7.0 replies with a null bulk string ($-1) for each unknown name in RESP2.
    assert raw.call_raw("COMMAND", "INFO", "nosuchcmd") == b"*1\r\n$-1\r\n"
    reply = raw.call_raw("COMMAND", "INFO", "get", "nosuchcmd")
    assert reply.endswith(b"$-1\r\n"), reply[-20:]


def test_command_docs(raw):
    reply = raw.call("COMMAND", "DOCS", "get")
    assert reply[0] == b"get"
    docs = pairs(reply[1])
    assert docs[b"group"] == b"string"
    assert docs[b"since"] == b"1.0.0"
    assert docs[b"complexity"] == b"O(1)"
    assert isinstance(docs[b"summary"], bytes) and docs[b"summary"]
    assert raw.call_raw("COMMAND", "DOCS", "nosuchcmd") == b"*0\r\n"
    both = pairs(raw.call("COMMAND", "DOCS", "set", "nosuchcmd", "incr"))
    assert set(both) == {b"set", b"incr"}


def test_command_getkeys(raw):
    assert raw.call("COMMAND", "GETKEYS", "SET", "a", "b") == [b"a"]
    assert raw.call("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2") == [b"a", b"b"]
    assert raw.call("COMMAND", "GETKEYS", "DEL", "x", "y", "z") == [b"x", b"y", b"z"]
    assert raw.call("COMMAND", "GETKEYS", "RENAME", "old", "new") == [b"old", b"new"]
    assert raw.call("COMMAND", "GETKEYS", "PING", "x") == "ERR The command has no key arguments"
    assert raw.call("COMMAND", "GETKEYS", "NOSUCH", "x") == "ERR Invalid command specified"
    assert raw.call("COMMAND", "GETKEYS", "GET", "a", "b") == (
        "ERR Invalid number of arguments specified for command"
    )


def test_command_getkeys_arity(raw):
    # COMMAND GETKEYS has arity -4 in Redis 7.0: a command name alone is too few arguments.
    assert raw.call("COMMAND", "GETKEYS", "GET") == (
        "ERR wrong number of arguments for 'command|getkeys' command"
    )
