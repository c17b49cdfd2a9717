"""Command-line flags and the TOML --config file: values, precedence, invalid input, --help."""

import os
import signal
import subprocess

import pytest

from conftest import HOST, RawConn, free_port, port_accepts

# Every option tessera documents (see `tessera --help` and CONFIG GET *).
OPTIONS = [
    "config", "bind", "port", "databases", "threads", "shards", "io-engine", "io-uring-sqpoll",
    "maxclients",
    "timeout", "maxmemory", "proto-max-bulk-len", "client-query-buffer-limit",
    "client-output-buffer-limit", "hz", "loglevel", "save", "appendonly", "maxmemory-policy",
]


def run_binary(tessera_bin, *args, timeout=10):
    """Runs the binary expecting it to exit by itself; kills it (by PID) if it does not."""
    proc = subprocess.Popen(
        [tessera_bin, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)
        pytest.fail(f"tessera {args} kept running instead of exiting")
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def write_toml(tmp_path, text, name="tessera.toml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# ----------------------------------------------------------------------------- --help


def test_help_mentions_every_option(tessera_bin, make_server):
    rc, out, err = run_binary(tessera_bin, "--help")
    assert rc == 0, err
    for name in OPTIONS:
        assert f"--{name}" in out, f"--help does not mention --{name}"
    # and every runtime parameter a server reports is a documented flag
    srv = make_server()
    with srv.raw() as c:
        params = c.call("CONFIG", "GET", "*")[0::2]
    assert params
    for p in params:
        assert f"--{p.decode()}" in out, f"CONFIG parameter {p!r} missing from --help"
    rc, out, err = run_binary(tessera_bin, "-h")
    assert rc == 0 and "--port" in out


def test_version(tessera_bin):
    rc, out, err = run_binary(tessera_bin, "--version")
    assert rc == 0, err
    assert "tessera" in out


# ----------------------------------------------------------------------------- bad values


@pytest.mark.parametrize(
    "args,mentions",
    [
        (["--port", "abc"], "port"),
        (["--port", "70000"], "port"),
        (["--port", "-1"], "port"),
        (["--maxmemory", "12xb"], "maxmemory"),
        (["--maxmemory", "-5"], "maxmemory"),
        (["--databases", "0"], "databases"),
        (["--maxclients", "0"], "maxclients"),
        (["--timeout", "x"], "timeout"),
        (["--hz", "abc"], "hz"),
        (["--proto-max-bulk-len", "lots"], "proto-max-bulk-len"),
        (["--client-output-buffer-limit", "1zb"], "client-output-buffer-limit"),
        (["--io-engine", "kqueue"], "io-engine"),
        (["--io-uring-sqpoll", "perhaps"], "io-uring-sqpoll"),
        (["--loglevel", "loud"], "loglevel"),
        (["--appendonly", "maybe"], "appendonly"),
        (["--no-such-flag", "1"], "no-such-flag"),
        (["--config", "/nonexistent/tessera.toml"], "nonexistent"),
        (["--threads", "2000"], "threads"),
        (["--bind", "not-an-ip"], "not-an-ip"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else v,
)
def test_invalid_flag_value_exits_nonzero(tessera_bin, args, mentions):
    # a free port, so that a binary which wrongly starts does not collide with anything
    bind = [] if "--bind" in args else ["--bind", HOST]
    rc, out, err = run_binary(tessera_bin, *bind, "--port", str(free_port()), *args)
    assert rc != 0, f"{args} was accepted (stdout {out!r})"
    assert err.strip(), "no message on stderr"
    assert mentions in err, err


def test_port_in_use_exits_nonzero(tessera_bin, make_server):
    # Redis: "Could not create server TCP listening socket ... Address already in use", exit 1.
    # A second server must not silently share the port with the first one.
    srv = make_server()  # holds its port
    rc, out, err = run_binary(tessera_bin, "--bind", HOST, "--port", str(srv.port), timeout=5)
    assert rc != 0
    assert (out + err).strip()
    with srv.raw() as c:
        assert c.call("PING") == "PONG"


# ----------------------------------------------------------------------------- --config


def test_config_file_sets_port_and_databases(tmp_path, make_server):
    port = free_port()
    path = write_toml(
        tmp_path,
        f'bind = "{HOST}"\nport = {port}\ndatabases = 4\nmaxclients = 77\n'
        f'hz = 20\nmaxmemory = "10mb"\ntimeout = 0\n',
    )
    srv = make_server("--config", path, port=port)
    with srv.raw() as c:
        assert c.call("CONFIG", "GET", "port") == [b"port", str(port).encode()]
        assert c.call("CONFIG", "GET", "databases") == [b"databases", b"4"]
        assert c.call("CONFIG", "GET", "maxclients") == [b"maxclients", b"77"]
        assert c.call("CONFIG", "GET", "hz") == [b"hz", b"20"]
        assert c.call("CONFIG", "GET", "maxmemory") == [b"maxmemory", b"10485760"]
        assert c.call("SELECT", "3") == "OK"
        assert c.call("SELECT", "4") == "ERR DB index is out of range"
        info = c.call("INFO", "server").decode()
        assert f"tcp_port:{port}\r\n" in info
        assert f"config_file:{path}\r\n" in info


def test_flags_override_config_file(tmp_path, make_server):
    file_port, flag_port = free_port(), free_port()
    while flag_port == file_port:
        flag_port = free_port()
    path = write_toml(
        tmp_path,
        f'bind = "{HOST}"\nport = {file_port}\ndatabases = 4\nmaxclients = 77\nhz = 20\n',
    )
    srv = make_server(
        "--config", path, "--port", str(flag_port), "--maxclients", "9", port=flag_port
    )
    assert not port_accepts(file_port), "the file's port is listening although --port overrides it"
    with srv.raw() as c:
        assert c.call("CONFIG", "GET", "port") == [b"port", str(flag_port).encode()]
        assert c.call("CONFIG", "GET", "maxclients") == [b"maxclients", b"9"]
        # values only in the file still apply
        assert c.call("CONFIG", "GET", "databases") == [b"databases", b"4"]
        assert c.call("CONFIG", "GET", "hz") == [b"hz", b"20"]
        assert c.call("SELECT", "4") == "ERR DB index is out of range"
    # flag order does not matter: --port before --config also wins
    other = free_port()
    srv2 = make_server("--port", str(other), "--config", path, port=other)
    with RawConn(srv2.port) as c:
        assert c.call("CONFIG", "GET", "port") == [b"port", str(other).encode()]


@pytest.mark.parametrize(
    "body,mentions",
    [
        ('port = "abc"\n', "port"),
        ("port = 99999\n", "port"),
        ('maxmemory = "12xb"\n', "maxmemory"),
        ("databases = 0\n", "databases"),
        ("nosuchoption = 1\n", "nosuchoption"),
        ("port = [1, 2]\n", "port"),
        ("port = \n", "tessera.toml"),
        ("this is not toml\n", "tessera.toml"),
    ],
    ids=["port-string", "port-range", "maxmemory-unit", "databases-0", "unknown-key",
         "array", "missing-value", "not-toml"],
)
def test_invalid_config_file_exits_nonzero(tessera_bin, tmp_path, body, mentions):
    path = write_toml(tmp_path, f'bind = "{HOST}"\n' + body)
    rc, out, err = run_binary(tessera_bin, "--config", path)
    assert rc != 0, f"config {body!r} was accepted"
    assert err.strip(), "no message on stderr"
    assert mentions in err, err

