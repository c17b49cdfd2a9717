"""Debian's redis-cli against tessera: one-shot commands and --pipe mass insertion."""

import random
import shutil
import subprocess

import pytest

from conftest import HOST, encode_command

REDIS_CLI = shutil.which("redis-cli") or "/usr/bin/redis-cli"


@pytest.fixture(scope="module")
def cli_available():
    if not shutil.which("redis-cli"):
        pytest.fail("redis-cli is not installed (Debian package redis-tools)")


def cli(port, *args, stdin=None, timeout=60):
    return subprocess.run(
        [REDIS_CLI, "-h", HOST, "-p", str(port), *args],
        input=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=timeout,
    )


def test_redis_cli_ping_set_get(cli_available, server, r):
    p = cli(server.port, "ping")
    assert p.returncode == 0, p.stderr
    assert p.stdout == b"PONG\n"
    p = cli(server.port, "set", "cli:key", "hello world")
    assert p.returncode == 0 and p.stdout == b"OK\n", p
    p = cli(server.port, "get", "cli:key")
    assert p.stdout == b"hello world\n"
    assert r.get("cli:key") == b"hello world"
    p = cli(server.port, "incrby", "cli:n", "5")
    assert p.stdout == b"5\n"
    p = cli(server.port, "get", "nope")
    assert p.returncode == 0 and p.stdout == b"\n"
    p = cli(server.port, "get")
    assert b"ERR wrong number of arguments for 'get' command" in p.stdout + p.stderr
    # RESP3 mode: the CLI sends HELLO 3 first
    p = cli(server.port, "-3", "config", "get", "maxclients")
    assert p.returncode == 0, p.stderr
    assert p.stdout == b"maxclients 10000\n"  # a map prints as "key value" lines


def test_redis_cli_pipe_mass_insert(cli_available, server, r, tmp_path):
    n = 100_000
    path = tmp_path / "mass.resp"
    with open(path, "wb") as f:
        chunk = []
        for i in range(n):
            chunk.append(encode_command("SET", f"mass:{i}", f"value-{i}-{i * 7 % 1000}"))
            if len(chunk) == 5000:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))
    with open(path, "rb") as f:
        p = subprocess.run(
            [REDIS_CLI, "-h", HOST, "-p", str(server.port), "--pipe"],
            stdin=f,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=90,
        )
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out + p.stderr.decode(errors="replace")
    assert f"errors: 0, replies: {n}" in out, out
    assert r.dbsize() == n
    rnd = random.Random(42)
    sample = [0, n - 1] + [rnd.randrange(n) for _ in range(500)]
    values = r.mget([f"mass:{i}" for i in sample])
    assert values == [f"value-{i}-{i * 7 % 1000}".encode() for i in sample]
    assert r.exists(f"mass:{n}") == 0
