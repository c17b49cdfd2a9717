"""The wire protocol over raw sockets: malformed input, bulk length limits, pipelining,
commands split into tiny writes, inline commands.

Expected bytes were checked against Debian's redis-server 7.0.15.
"""

import random
import time

import pytest

from conftest import encode_command

# (bytes sent, exact error line the server must send before closing)
MALFORMED = [
    (b"*1\r\n$abc\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*2\r\n$3\r\nfoo\r\n+bad\r\n", b"-ERR Protocol error: expected '$', got '+'\r\n"),
    (b"*abc\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*\xff\xfe\x81\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*1 \r\n$4\r\nPING\r\n", b"-ERR Protocol error: invalid multibulk length\r\n"),
    (b"*1\r\n$4 \r\nPING\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b"*1\r\n$-1\r\n", b"-ERR Protocol error: invalid bulk length\r\n"),
    (b'set "a b\r\n', b"-ERR Protocol error: unbalanced quotes in request\r\n"),
    (b"set 'a b\r\n", b"-ERR Protocol error: unbalanced quotes in request\r\n"),
    (b'set "a"b c\r\n', b"-ERR Protocol error: unbalanced quotes in request\r\n"),
    (
        b"*1\r\n$" + b"1" * 70000,
        b"-ERR Protocol error: too big bulk count string\r\n",
    ),
    (b"*" + b"1" * 70000, b"-ERR Protocol error: too big mbulk count string\r\n"),
]


@pytest.mark.parametrize("payload,error", MALFORMED, ids=[repr(p[:24]) for p, _ in MALFORMED])
def test_malformed_input_errors_and_closes(server, raw, payload, error):
    bystander = raw  # connected before the garbage arrives
    assert bystander.call("SET", "bystander", "ok") == "OK"
    bad = raw.new()
    bad.send(payload)
    data, how = bad.read_until_closed(timeout=5)
    assert data == error, (data, how)
    # the other client is still served correctly, and the server is up
    assert bystander.call("GET", "bystander") == b"ok"
    assert bystander.call("INCR", "after-garbage") >= 1
    assert server.proc.poll() is None


def test_random_garbage_does_not_hurt_other_clients(server, raw):
    bystander = raw
    bystander.call("SET", "stay", "here")
    rnd = random.Random(1234)
    header_bytes = [b for b in range(1, 256) if b not in (10, 13) and not 48 <= b <= 57]
    for i in range(20):
        bad = raw.new()
        # a '*' header made of random non-digit bytes is always a protocol error
        junk = b"*" + bytes(rnd.choice(header_bytes) for _ in range(rnd.randrange(1, 400)))
        bad.send(junk + b"\r\n" + bytes(rnd.randrange(256) for _ in range(200)))
        data, _ = bad.read_until_closed(timeout=5)
        assert data == b"-ERR Protocol error: invalid multibulk length\r\n", data
        bad.close()
        assert bystander.call("GET", "stay") == b"here"
    # plain random bytes with no structure: the server answers or waits, but stays sane
    for i in range(10):
        bad = raw.new()
        bad.send(bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 2000))))
        bad.read_available(0.05)
        bad.close()
    assert bystander.call("GET", "stay") == b"here"
    assert bystander.call("PING") == "PONG"
    assert server.proc.poll() is None


def test_too_big_inline_request(server, raw):
    bad = raw.new()
    bad.send(b"a" * 70000)  # no newline, past the 64 KB inline limit
    data, _ = bad.read_until_closed(timeout=5)
    assert data == b"-ERR Protocol error: too big inline request\r\n"
    assert raw.call("PING") == "PONG"


def test_bulk_length_over_proto_max_bulk_len(make_server):
    srv = make_server("--proto-max-bulk-len", "1mb")
    with srv.raw() as ok, srv.raw() as bad:
        assert ok.call("CONFIG", "GET", "proto-max-bulk-len") == [
            b"proto-max-bulk-len",
            b"1048576",
        ]
        # exactly the limit is accepted
        big = b"x" * (1 << 20)
        assert ok.call("SET", "big", big) == "OK"
        assert ok.call("STRLEN", "big") == 1 << 20
        # one byte more is a protocol error, before the payload is even sent
        bad.send(b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n")
        data, _ = bad.read_until_closed(timeout=5)
        assert data == b"-ERR Protocol error: invalid bulk length\r\n"
        assert ok.call("EXISTS", "k") == 0
        assert ok.call("PING") == "PONG"
        # APPEND / SETRANGE may not grow a value past the limit either
        assert ok.call("APPEND", "big", "y") == (
            "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
        )
        assert ok.call("SETRANGE", "big", str(1 << 20), "y") == (
            "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
        )
        assert ok.call("STRLEN", "big") == 1 << 20


def test_pipeline_10000_commands_in_one_write(raw):
    n = 10_000
    cmds = []
    expected = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            cmds.append(encode_command("SET", f"p:{i}", f"v{i}"))
            expected.append(b"+OK\r\n")
        elif kind == 1:
            cmds.append(encode_command("GET", f"p:{i - 1}"))
            v = f"v{i - 1}".encode()
            expected.append(b"$%d\r\n%s\r\n" % (len(v), v))
        elif kind == 2:
            cmds.append(encode_command("INCR", "p:counter"))
            expected.append(b":%d\r\n" % (i // 5 + 1))
        elif kind == 3:
            cmds.append(encode_command("ECHO", f"echo-{i}"))
            v = f"echo-{i}".encode()
            expected.append(b"$%d\r\n%s\r\n" % (len(v), v))
        else:
            cmds.append(encode_command("GET", f"missing:{i}"))
            expected.append(b"$-1\r\n")
    raw.send(b"".join(cmds))
    got = [raw.read_reply(raw=True) for _ in range(n)]
    for i, (g, e) in enumerate(zip(got, expected)):
        assert g == e, f"reply {i}: {g!r} != {e!r}"
    assert raw.call("GET", "p:counter") == str(n // 5).encode()
    # nothing extra was sent
    assert raw.read_available(0.2) == b""


def test_inline_pipeline(raw):
    lines = b"".join(b"SET il:%d %d\r\n" % (i, i) for i in range(1000))
    lines += b"".join(b"GET il:%d\r\n" % i for i in range(1000))
    raw.send(lines)
    for i in range(1000):
        assert raw.read_reply(raw=True) == b"+OK\r\n"
    for i in range(1000):
        v = str(i).encode()
        assert raw.read_reply(raw=True) == b"$%d\r\n%s\r\n" % (len(v), v)


def send_slowly(conn, data, delay=0.002):
    for i in range(len(data)):
        conn.send(data[i : i + 1])
        if delay:
            time.sleep(delay)


def test_command_split_byte_by_byte(raw):
    value = "split value \r\n with CRLF inside"
    send_slowly(raw, encode_command("SET", "split", value))
    assert raw.read_reply(raw=True) == b"+OK\r\n"
    send_slowly(raw, encode_command("GET", "split"))
    v = value.encode()
    assert raw.read_reply(raw=True) == b"$%d\r\n%s\r\n" % (len(v), v)
    # inline, byte by byte
    send_slowly(raw, b"PING\r\n")
    assert raw.read_reply(raw=True) == b"+PONG\r\n"
    # two commands whose boundary falls inside a write
    data = encode_command("INCR", "splitn") + encode_command("INCR", "splitn")
    for cut in (1, 5, len(data) // 2, len(data) - 1):
        raw.send(data[:cut])
        time.sleep(0.02)
        raw.send(data[cut:])
        assert raw.read_reply() >= 1
        assert raw.read_reply() >= 2
    assert raw.call("GET", "splitn") == b"8"


def test_large_argument_in_small_chunks(raw):
    value = bytes(random.Random(7).randrange(256) for _ in range(300_000))
    data = encode_command("SET", "chunked", value)
    for i in range(0, len(data), 1000):
        raw.send(data[i : i + 1000])
    assert raw.read_reply(raw=True) == b"+OK\r\n"
    assert raw.call("GET", "chunked") == value


def test_inline_commands(raw):
    raw.send(b"PING\r\n")
    assert raw.read_reply(raw=True) == b"+PONG\r\n"
    raw.send(b"SET a b\r\n")
    assert raw.read_reply(raw=True) == b"+OK\r\n"
    raw.send(b"GET a\r\n")
    assert raw.read_reply(raw=True) == b"$1\r\nb\r\n"
    # bare LF terminator, extra spaces, empty lines are skipped
    raw.send(b"  get   a  \n\r\n\r\nPING\n")
    assert raw.read_reply(raw=True) == b"$1\r\nb\r\n"
    assert raw.read_reply(raw=True) == b"+PONG\r\n"
    # quoting and escapes
    raw.send(b'SET q "hello world\\n\\x41"\r\n')
    assert raw.read_reply(raw=True) == b"+OK\r\n"
    assert raw.call("GET", "q") == b"hello world\nA"
    raw.send(b"SET q2 'it''s'\r\n")  # adjacent quoted parts are not allowed
    data, _ = raw.read_until_closed(timeout=5)
    assert data == b"-ERR Protocol error: unbalanced quotes in request\r\n"


def test_inline_single_quotes_and_errors(raw):
    raw.send(b"SET sq 'a \\' b'\r\n")
    assert raw.read_reply(raw=True) == b"+OK\r\n"
    assert raw.call("GET", "sq") == b"a ' b"
    raw.send(b"GET\r\n")
    assert raw.read_reply(raw=True) == b"-ERR wrong number of arguments for 'get' command\r\n"
    raw.send(b"NOSUCH x\r\n")
    assert raw.read_reply(raw=True) == (
        b"-ERR unknown command 'NOSUCH', with args beginning with: 'x' \r\n"
    )
    # RESP-looking lines that are not '*' are inline commands, not protocol errors
    raw.send(b"+PING\r\n")
    assert raw.read_reply(raw=True) == (
        b"-ERR unknown command '+PING', with args beginning with: \r\n"
    )
    # empty multibulk headers are skipped
    raw.send(b"*0\r\n*-1\r\nPING\r\n")
    assert raw.read_reply(raw=True) == b"+PONG\r\n"
    assert raw.read_available(0.2) == b""
