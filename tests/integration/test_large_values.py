"""A 50 MB value: SET / GET / STRLEN round trip, and other clients served meanwhile."""

import hashlib
import os

SIZE = 50 * 1024 * 1024


def test_50mb_value_round_trip(server, r, raw):
    value = os.urandom(1024 * 1024) * 50  # 50 MB, not trivially compressible per MB
    assert len(value) == SIZE
    digest = hashlib.sha256(value).hexdigest()
    assert r.set("big", value) is True
    assert r.strlen("big") == SIZE
    got = r.get("big")
    assert len(got) == SIZE
    assert hashlib.sha256(got).hexdigest() == digest
    del got
    assert r.getrange("big", SIZE - 10, -1) == value[-10:]
    assert r.getrange("big", 0, 9) == value[:10]
    assert r.append("big", b"!") == SIZE + 1
    assert r.getrange("big", -2, -1) == value[-1:] + b"!"

    # exact framing of the reply header on a raw socket
    raw.send(b"*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n")
    header = b""
    while not header.endswith(b"\r\n"):
        header += raw.read_exactly(1)
    assert header == b"$%d\r\n" % (SIZE + 1)
    body = raw.read_exactly(SIZE + 1 + 2)
    assert body[-3:] == b"!\r\n"
    assert hashlib.sha256(body[:-3]).hexdigest() == digest
    assert raw.call("PING") == "PONG"


def test_other_clients_served_while_big_reply_pending(server, r, raw):
    r.set("big2", b"z" * SIZE)
    slow = raw.new()
    # ask for the big value three times and read nothing yet
    slow.send(b"*2\r\n$3\r\nGET\r\n$4\r\nbig2\r\n" * 3)
    other = raw.new()
    for i in range(50):
        assert other.call("INCR", "while-big") == i + 1
    # now drain the slow client completely: all three replies arrive intact
    for _ in range(3):
        reply = slow.read_reply()
        assert len(reply) == SIZE and reply[:1] == b"z" and reply[-1:] == b"z"
    assert slow.call("PING") == "PONG"
    assert r.delete("big2") == 1
