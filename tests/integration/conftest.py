"""Shared fixtures for Tessera's real-socket integration tests.

Every server these tests talk to is a tessera process started here, on a free loopback
port, and stopped here by PID with SIGTERM; teardown asserts that it exited 0.

Run from the repository root:
    /usr/bin/python3 -m pytest -q tests/integration
TESSERA_BIN names the binary (default /work/main/build/tessera).
TESSERA_IO_ENGINE (uring or epoll), when set, is passed as --io-engine to every server a
test starts without choosing an engine itself; with uring, a server that fell back to
epoll fails the test, so a run "on uring" really ran on io_uring. CTest runs the whole
suite once per engine.

Fixtures:
  server        module-scoped tessera with default options (shared by a test module)
  make_server   factory: make_server("--maxclients", "5") -> a fresh, started server;
                make_server("--config", f, port=p) when the arguments choose the port
  r             redis.Redis (RESP2) on `server`, after FLUSHALL
  raw           RawConn on `server` (exact RESP bytes, RESP2 or RESP3)
  tessera_bin   path of the binary
"""

import os
import signal
import socket
import subprocess
import time

import pytest
import redis

DEFAULT_BIN = "/work/main/build/tessera"
HOST = "127.0.0.1"
START_TIMEOUT = 10.0  # seconds to wait for a server to accept connections
STOP_TIMEOUT = 15.0  # seconds to wait for a server to exit after SIGTERM
SOCKET_TIMEOUT = 10.0  # default timeout of every client socket
TEST_TIMEOUT = 90  # hard per-test limit (SIGALRM), so that no test can hang the run


# ---------------------------------------------------------------------------------------
# Binary and ports


def tessera_binary():
    path = os.environ.get("TESSERA_BIN") or DEFAULT_BIN
    # The binary may be mid-rebuild by another engineer: wait for it a little.
    deadline = time.monotonic() + 120
    while not (os.path.isfile(path) and os.access(path, os.X_OK)):
        if time.monotonic() > deadline:
            pytest.fail(f"tessera binary not found or not executable: {path}")
        time.sleep(5)
    return path


def engine_args(args=()):
    """--io-engine from TESSERA_IO_ENGINE, unless `args` already choose one."""
    engine = os.environ.get("TESSERA_IO_ENGINE")
    if not engine or "--io-engine" in args:
        return []
    return ["--io-engine", engine]


def server_args(args=()):
    """engine_args, and the memcached front end off unless `args` configure it (so test
    servers do not compete for its default port)."""
    extra = engine_args(args)
    if not any(str(a).startswith("--memcached-port") for a in args):
        extra += ["--memcached-port", "0"]
    return extra


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((HOST, 0))
        return s.getsockname()[1]
    finally:
        s.close()


def port_accepts(port, timeout=0.5):
    try:
        socket.create_connection((HOST, port), timeout=timeout).close()
        return True
    except OSError:
        return False


# ---------------------------------------------------------------------------------------
# RESP: encoding and a small exact parser


def encode_command(*args):
    """RESP multibulk encoding of one command."""
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        elif isinstance(a, int):
            a = str(a).encode()
        elif isinstance(a, float):
            a = repr(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class SimpleString(str):
    """A RESP '+' reply."""


class ErrorReply(str):
    """A RESP '-' reply (text without the '-' and CRLF)."""


class Verbatim(bytes):
    """A RESP3 '=' reply; .fmt holds the 3-letter format."""

    fmt = b""


class Push(list):
    """A RESP3 '>' reply."""


class ConnectionClosed(Exception):
    pass


class RawConn:
    """A plain TCP client that speaks RESP byte-exactly.

    call(*args)      -> parsed reply (see the types above; nulls are None)
    call_raw(*args)  -> the reply's exact bytes
    read_reply(raw=False), send(bytes), read_exactly(n), read_until_closed()
    """

    def __init__(self, port, timeout=SOCKET_TIMEOUT, connect=True):
        self.port = port
        self.sock = None
        self.buf = bytearray()
        self.pos = 0
        self.timeout = timeout
        if connect:
            self.sock = socket.create_connection((HOST, port), timeout=timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # -- I/O
    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionClosed("server closed the connection")
        if self.pos > (1 << 20) and self.pos > len(self.buf) // 2:
            del self.buf[: self.pos]
            self.pos = 0
        self.buf += chunk

    def _readline(self):
        while True:
            i = self.buf.find(b"\r\n", self.pos)
            if i >= 0:
                line = bytes(self.buf[self.pos : i])
                self.pos = i + 2
                return line
            self._fill()

    def _read(self, n):
        while len(self.buf) - self.pos < n:
            self._fill()
        data = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return data

    def read_exactly(self, n):
        return self._read(n)

    def read_available(self, wait=0.3):
        """Whatever arrives within `wait` seconds (b'' if nothing); stops at EOF too."""
        self.sock.settimeout(wait)
        try:
            while True:
                try:
                    self._fill()
                except (socket.timeout, ConnectionClosed, ConnectionResetError):
                    break
        finally:
            self.sock.settimeout(self.timeout)
        data = bytes(self.buf[self.pos :])
        self.pos = len(self.buf)
        return data

    def read_until_closed(self, timeout=None):
        """Reads until EOF or a reset; returns (bytes read, how it ended: 'eof'|'reset').

        Raises socket.timeout if the connection stays open past the timeout."""
        if timeout is not None:
            self.sock.settimeout(timeout)
        try:
            while True:
                try:
                    self._fill()
                except ConnectionClosed:
                    how = "eof"
                    break
                except (ConnectionResetError, BrokenPipeError):
                    how = "reset"
                    break
        finally:
            if timeout is not None:
                self.sock.settimeout(self.timeout)
        data = bytes(self.buf[self.pos :])
        self.pos = len(self.buf)
        return data, how

    # -- replies
    def _parse(self):
        line = self._readline()
        t, rest = line[:1], line[1:]
        if t == b"+":
            return SimpleString(rest.decode("utf-8", "replace"))
        if t == b"-":
            return ErrorReply(rest.decode("utf-8", "replace"))
        if t == b":":
            return int(rest)
        if t == b"(":
            return int(rest)
        if t == b",":
            return float(rest)
        if t == b"#":
            return rest == b"t"
        if t == b"_":
            return None
        if t in (b"$", b"=", b"!"):
            n = int(rest)
            if n < 0:
                return None
            data = self._read(n + 2)
            assert data[-2:] == b"\r\n", f"bulk not terminated by CRLF: {data[-10:]!r}"
            data = data[:-2]
            if t == b"=":
                v = Verbatim(data[4:])
                v.fmt = data[:3]
                return v
            if t == b"!":
                return ErrorReply(data.decode("utf-8", "replace"))
            return data
        if t in (b"*", b"~", b">"):
            n = int(rest)
            if n < 0:
                return None
            items = [self._parse() for _ in range(n)]
            if t == b">":
                return Push(items)
            if t == b"~":
                try:
                    return set(items)
                except TypeError:
                    return items
            return items
        if t in (b"%", b"|"):
            n = int(rest)
            out = {}
            for _ in range(n):
                k = self._parse()
                v = self._parse()
                if isinstance(k, list):
                    k = tuple(k)
                out[k] = v
            return out
        raise AssertionError(f"unexpected RESP type byte in line {line!r}")

    def read_reply(self, raw=False):
        start = self.pos
        value = self._parse()
        if raw:
            return bytes(self.buf[start : self.pos])
        return value

    def call(self, *args):
        self.send(encode_command(*args))
        return self.read_reply()

    def call_raw(self, *args):
        self.send(encode_command(*args))
        return self.read_reply(raw=True)

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def wait_closed(conn, timeout=5.0):
    """True when `conn` (RawConn) sees EOF or a reset within the timeout."""
    try:
        conn.read_until_closed(timeout=timeout)
        return True
    except socket.timeout:
        return False


def wait_until(pred, timeout=5.0, interval=0.05):
    """Polls pred() until it is truthy; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v or time.monotonic() > deadline:
            return v
        time.sleep(interval)


# ---------------------------------------------------------------------------------------
# The server process


class TesseraServer:
    def __init__(self, binary, args, log_dir, port=None):
        self.binary = binary
        self.args = list(args)
        self.log_dir = log_dir
        # port=None: pick a free port and pass --port/--bind; otherwise the caller's args
        # (e.g. a --config file) choose the port, and we only wait for it.
        self.fixed_port = port
        self.port = None
        self.proc = None
        self.log_path = None
        self.returncode = None

    @property
    def pid(self):
        return self.proc.pid

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def start(self):
        last_log = ""
        for attempt in range(3):  # a free port can be taken by someone else meanwhile
            extra = server_args(self.args)
            if self.fixed_port is None:
                self.port = free_port()
                cmd = [self.binary, "--port", str(self.port), "--bind", HOST] + extra + self.args
            else:
                self.port = self.fixed_port
                cmd = [self.binary] + extra + self.args
            self.log_path = os.path.join(self.log_dir, f"tessera-{self.port}.log")
            logf = open(self.log_path, "wb")
            self.proc = subprocess.Popen(
                cmd, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
            logf.close()
            if self._wait_ready():
                if "uring" in extra and "io_uring unavailable" in self.log():
                    self._kill()
                    pytest.fail(f"asked for io_uring, got the epoll fallback:\n{self.log()}")
                return self
            last_log = self.log()
            if self.proc.poll() is None:
                self._kill()
                break
            if self.fixed_port is not None or (
                "bind" not in last_log and "in use" not in last_log
            ):
                break
        pytest.fail(
            f"tessera did not start (args {self.args}, rc {self.proc.poll()}):\n{last_log}"
        )

    def _wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with socket.create_connection((HOST, self.port), timeout=1.0) as s:
                    s.settimeout(2.0)
                    # QUIT makes the server close first, so the probe no longer counts
                    # as a connected client once we see EOF.
                    s.sendall(b"PING\r\nQUIT\r\n")
                    data = b""
                    # a server started with --requirepass answers NOAUTH: ready all the same
                    ready = (b"+PONG\r\n", b"-NOAUTH")
                    while not data.startswith(ready):
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    if data.startswith(ready):
                        try:  # wait for the server's close (QUIT itself is tested elsewhere)
                            while s.recv(4096):
                                pass
                        except OSError:
                            pass
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def _kill(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self, check=True):
        """SIGTERM by PID, wait, and (check=True) assert exit status 0."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._kill()
                if check:
                    pytest.fail(
                        f"tessera (pid {self.proc.pid}) did not exit within {STOP_TIMEOUT}s "
                        f"of SIGTERM; killed.\n{self.log()[-3000:]}"
                    )
        self.returncode = self.proc.returncode
        if check:
            assert self.returncode == 0, (
                f"tessera exited with {self.returncode} after SIGTERM:\n{self.log()[-3000:]}"
            )
        return self.returncode

    # -- clients
    def client(self, **kw):
        kw.setdefault("socket_timeout", SOCKET_TIMEOUT)
        kw.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        return redis.Redis(host=HOST, port=self.port, **kw)

    def raw(self, timeout=SOCKET_TIMEOUT):
        return RawConn(self.port, timeout=timeout)


# ---------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(autouse=True)
def _per_test_alarm():
    """A hard time limit per test: a hung socket call raises instead of hanging the run."""

    def on_alarm(signum, frame):
        raise TimeoutError(f"test exceeded {TEST_TIMEOUT}s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TEST_TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="session")
def tessera_bin():
    return tessera_binary()


@pytest.fixture(scope="module")
def server(tessera_bin, tmp_path_factory):
    srv = TesseraServer(tessera_bin, [], str(tmp_path_factory.mktemp("tessera")))
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def make_server(tessera_bin, tmp_path):
    started = []

    def make(*args, port=None):
        srv = TesseraServer(tessera_bin, args, str(tmp_path), port=port)
        srv.start()
        started.append(srv)
        return srv

    yield make
    failures = []
    for srv in started:
        try:
            srv.stop()
        except BaseException as e:  # stop every server even when one fails
            failures.append(e)
    if failures:
        raise failures[0]


@pytest.fixture
def r(server):
    client = server.client()
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def raw(server):
    conns = []

    def new():
        c = server.raw()
        conns.append(c)
        return c

    first = new()
    assert first.call("FLUSHALL") == "OK"
    first.new = new  # raw.new() opens another connection, closed at teardown too
    yield first
    for c in conns:
        c.close()
