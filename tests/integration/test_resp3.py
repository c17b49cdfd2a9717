"""RESP3 through HELLO 3 on a raw socket (Debian's redis-py 4.3 has no protocol=3), with
exact reply bytes. Expected bytes were checked against Debian's redis-server 7.0.15.
"""

import re


def hello3(conn):
    raw = conn.call_raw("HELLO", "3")
    assert raw.startswith(b"%7\r\n"), raw
    return raw


def test_hello3_map(raw):
    cid = raw.call("CLIENT", "ID")
    reply = hello3(raw)
    expected = (
        b"%7\r\n"
        b"$6\r\nserver\r\n$5\r\nredis\r\n"
        b"$7\r\nversion\r\n$6\r\n7.0.15\r\n"
        b"$5\r\nproto\r\n:3\r\n"
        b"$2\r\nid\r\n:" + str(cid).encode() + b"\r\n"
        b"$4\r\nmode\r\n$10\r\nstandalone\r\n"
        b"$4\r\nrole\r\n$6\r\nmaster\r\n"
        b"$7\r\nmodules\r\n*0\r\n"
    )
    # the version string is the one thing allowed to differ from the reference server
    assert re.sub(rb"\$\d+\r\n7\.\d+\.\d+\r\n", b"V", reply) == re.sub(
        rb"\$\d+\r\n7\.\d+\.\d+\r\n", b"V", expected
    )
    # parsed: a dict
    again = raw.call("HELLO", "3")
    assert isinstance(again, dict)
    assert again[b"proto"] == 3 and again[b"id"] == cid and again[b"server"] == b"redis"


def test_resp3_null_and_types(raw):
    hello3(raw)
    assert raw.call_raw("GET", "missing") == b"_\r\n"
    assert raw.call_raw("SET", "k", "v") == b"+OK\r\n"
    assert raw.call_raw("GET", "k") == b"$1\r\nv\r\n"
    assert raw.call_raw("MGET", "k", "missing") == b"*2\r\n$1\r\nv\r\n_\r\n"
    assert raw.call_raw("SET", "k", "v2", "NX") == b"_\r\n"
    assert raw.call_raw("SET", "k2", "v", "NX", "GET") == b"_\r\n"
    assert raw.call_raw("SET", "k", "v3", "GET") == b"$1\r\nv\r\n"
    assert raw.call_raw("GETDEL", "missing") == b"_\r\n"
    assert raw.call_raw("RANDOMKEY") in (b"$1\r\nk\r\n", b"$2\r\nk2\r\n")
    assert raw.call_raw("CLIENT", "GETNAME") == b"_\r\n"
    assert raw.call_raw("INCR", "n") == b":1\r\n"
    assert raw.call_raw("INCRBYFLOAT", "n", "1.5") == b"$3\r\n2.5\r\n"
    assert raw.call_raw("EXISTS", "k", "nope") == b":1\r\n"
    assert raw.call_raw("TTL", "nope") == b":-2\r\n"
    assert raw.call_raw("TYPE", "k") == b"+string\r\n"
    assert raw.call_raw("GET") == b"-ERR wrong number of arguments for 'get' command\r\n"


def test_resp3_maps_sets_verbatim(raw):
    hello3(raw)
    assert raw.call_raw("CONFIG", "GET", "maxclients") == (
        b"%1\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"
    )
    assert raw.call_raw("CONFIG", "GET", "nosuchparam") == b"%0\r\n"
    assert raw.call_raw("COMMAND", "DOCS", "nosuchcmd") == b"%0\r\n"
    assert raw.call_raw("COMMAND", "INFO", "nosuchcmd") == b"*1\r\n_\r\n"
    docs = raw.call("COMMAND", "DOCS", "get")
    assert isinstance(docs, dict) and isinstance(docs[b"get"], dict)
    assert docs[b"get"][b"group"] == b"string"
    # COMMAND INFO: flags and ACL categories are sets in RESP3
    info = raw.call_raw("COMMAND", "INFO", "get")
    assert info.startswith(b"*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n"), info
    # INFO and CLIENT INFO are verbatim strings with the txt format
    raw.call("FLUSHALL")
    assert raw.call_raw("INFO", "keyspace") == b"=16\r\ntxt:# Keyspace\r\n\r\n"
    raw.call("SET", "a", "1")
    assert raw.call_raw("INFO", "keyspace") == (
        b"=48\r\ntxt:# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n"
    )
    ci = raw.call_raw("CLIENT", "INFO")
    assert ci.startswith(b"=") and b"\r\ntxt:id=" in ci and b" resp=3\n\r\n" in ci
    parsed = raw.call("CLIENT", "INFO")
    assert parsed.fmt == b"txt" and b"resp=3" in parsed
    assert raw.call_raw("CLIENT", "LIST", "ID", "999999") == b"=4\r\ntxt:\r\n"


def test_hello_switches_back_and_errors(raw):
    hello3(raw)
    assert raw.call_raw("GET", "missing") == b"_\r\n"
    reply2 = raw.call_raw("HELLO", "2")
    assert reply2.startswith(b"*14\r\n$6\r\nserver\r\n")
    assert raw.call_raw("GET", "missing") == b"$-1\r\n"
    assert raw.call_raw("CONFIG", "GET", "maxclients") == (
        b"*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"
    )
    # HELLO with no version keeps the current protocol
    assert raw.call_raw("HELLO").startswith(b"*14\r\n")
    # errors leave the protocol unchanged
    assert raw.call_raw("HELLO", "1") == b"-NOPROTO unsupported protocol version\r\n"
    assert raw.call_raw("HELLO", "4") == b"-NOPROTO unsupported protocol version\r\n"
    assert raw.call_raw("HELLO", "abc") == (
        b"-ERR Protocol version is not an integer or out of range\r\n"
    )
    assert raw.call_raw("HELLO", "3", "foo") == b"-ERR Syntax error in HELLO option 'foo'\r\n"
    assert raw.call_raw("HELLO", "3", "SETNAME") == (
        b"-ERR Syntax error in HELLO option 'SETNAME'\r\n"
    )
    assert raw.call_raw("GET", "missing") == b"$-1\r\n"


def test_hello_setname_auth_and_reset(raw):
    reply = raw.call("HELLO", "3", "SETNAME", "r3client")
    assert reply[b"proto"] == 3
    assert raw.call("CLIENT", "GETNAME") == b"r3client"
    assert raw.call("HELLO", "3", "AUTH", "default", "anything")[b"proto"] == 3
    assert raw.call("HELLO", "3", "AUTH", "nosuchuser", "pw") == (
        "WRONGPASS invalid username-password pair or user is disabled."
    )
    assert raw.call("HELLO", "3", "SETNAME", "a b") == (
        "ERR Client names cannot contain spaces, newlines or special characters."
    )
    assert raw.call("CLIENT", "GETNAME") == b"r3client"
    # RESET goes back to RESP2 and clears the name
    assert raw.call_raw("RESET") == b"+RESET\r\n"
    assert raw.call_raw("GET", "missing") == b"$-1\r\n"
    assert raw.call_raw("CLIENT", "GETNAME") == b"$-1\r\n"


def test_resp3_is_per_connection(raw):
    hello3(raw)
    other = raw.new()
    assert other.call_raw("GET", "missing") == b"$-1\r\n"
    assert raw.call_raw("GET", "missing") == b"_\r\n"
