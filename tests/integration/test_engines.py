"""I/O engines: the choice, the fallback, and the behaviours both must share.

CTest runs this whole suite (like every other module) once with TESSERA_IO_ENGINE=uring and
once with epoll, so the connection-behaviour tests below run on each engine. The engine
choice and fallback tests start their own servers with an explicit --io-engine.
"""

import ctypes
import os
import resource
import selectors
import socket
import subprocess
import time

import pytest

from conftest import HOST, RawConn, encode_command, wait_until

# ---------------------------------------------------------------------------------------
# Engine choice and fallback


def multiplexing_api(srv):
    info = srv.client().info("server")
    return info["multiplexing_api"]


def test_uring_engine_is_used_when_asked(make_server):
    srv = make_server("--io-engine", "uring")
    assert multiplexing_api(srv) == "io_uring"
    assert "io_uring unavailable" not in srv.log()
    c = srv.client()
    assert c.set("k", "v") and c.get("k") == b"v"


def test_uring_with_sqpoll(make_server):
    srv = make_server("--io-engine", "uring", "--io-uring-sqpoll", "yes", "--threads", "2")
    assert multiplexing_api(srv) == "io_uring"
    c = srv.client()
    p = c.pipeline(transaction=False)
    for i in range(1000):
        p.set(f"k{i}", i)
    assert all(p.execute())
    assert c.get("k999") == b"999"
    assert srv.client().config_get("io-uring-sqpoll") == {"io-uring-sqpoll": "yes"}


def test_epoll_engine_is_used_when_asked(make_server):
    srv = make_server("--io-engine", "epoll")
    assert multiplexing_api(srv) == "epoll"
    c = srv.client()
    assert c.set("k", "v") and c.get("k") == b"v"


class _Bare:
    """A tessera started with exactly `args` (no TESSERA_IO_ENGINE flag), stopped by PID."""

    def __init__(self, binary, args, log, preexec_fn=None, env=None):
        from conftest import free_port
        self.port = free_port()
        self.log_path = log
        with open(log, "wb") as f:
            self.proc = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", HOST] + list(args),
                stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=preexec_fn, env=env)

    def wait_ready(self):
        from conftest import port_accepts
        assert wait_until(lambda: port_accepts(self.port) or self.proc.poll() is not None, 10)
        assert self.proc.poll() is None, self.log()

    def log(self):
        return self.log_path.read_text()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
        rc = self.proc.wait(timeout=15)
        assert rc == 0, f"exit status {rc}:\n{self.log()[-3000:]}"


def test_default_engine_is_uring(tessera_bin, tmp_path):
    srv = _Bare(tessera_bin, ["--threads", "2"], tmp_path / "default.log")
    try:
        srv.wait_ready()
        c = RawConn(srv.port)
        assert "multiplexing_api:io_uring" in c.call("INFO", "server").decode()
        c.close()
    finally:
        srv.stop()
    assert "io_uring" not in srv.log()  # no fallback line


# A seccomp filter that makes io_uring_setup fail with ENOSYS, as a container runtime's
# default profile does. Installed in the child between fork and exec (preexec_fn).
_IO_URING_SETUP = 425  # the same number on every Linux architecture
_ENOSYS = 38


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _deny_io_uring():
    libc = ctypes.CDLL(None, use_errno=True)
    BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
    SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
    prog = (_SockFilter * 4)(
        _SockFilter(BPF_LD_W_ABS, 0, 0, 0),                # A = seccomp_data.nr
        _SockFilter(BPF_JEQ_K, 0, 1, _IO_URING_SETUP),     # io_uring_setup?
        _SockFilter(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | _ENOSYS),
        _SockFilter(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    )
    fprog = _SockFprog(4, prog)
    PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS)")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(SECCOMP)")


def test_fallback_to_epoll_when_io_uring_setup_fails(tessera_bin, tmp_path):
    srv = _Bare(tessera_bin, ["--threads", "2", "--io-engine", "uring"],
                tmp_path / "fallback.log", preexec_fn=_deny_io_uring)
    try:
        srv.wait_ready()
        c = RawConn(srv.port)
        assert c.call("SET", "k", "v") == "OK"
        assert c.call("GET", "k") == b"v"
        assert "multiplexing_api:epoll" in c.call("INFO", "server").decode()
        c.close()
    finally:
        srv.stop()
    lines = [l for l in srv.log().splitlines() if "io_uring" in l]
    assert len(lines) == 1, srv.log()  # one line, however many loops
    assert "io_uring unavailable (io_uring_setup: Function not implemented); using epoll" \
        in lines[0]


def test_bad_engine_name_is_refused(tessera_bin):
    out = subprocess.run([tessera_bin, "--io-engine", "select", "--port", "0"],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 1
    assert "io-engine" in out.stderr


# ---------------------------------------------------------------------------------------
# Behaviour shared by both engines (this module runs once per engine)


def test_1000_connections(make_server):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    srv = make_server("--threads", "2")
    conns = []
    try:
        for i in range(1000):
            s = socket.create_connection((HOST, srv.port), timeout=10)
            conns.append(s)
        # every connection sends, then every connection reads: all are served at once
        for i, s in enumerate(conns):
            s.sendall(encode_command("SET", f"k{i}", f"v{i}") + encode_command("GET", f"k{i}"))
        for i, s in enumerate(conns):
            want = b"+OK\r\n" + b"$%d\r\nv%d\r\n" % (len(f"v{i}"), i)
            got = b""
            while len(got) < len(want):
                chunk = s.recv(4096)
                assert chunk, f"connection {i} closed"
                got += chunk
            assert got == want
        assert srv.client().info("clients")["connected_clients"] >= 1000
        assert srv.client().dbsize() == 1000
    finally:
        for s in conns:
            s.close()
    c = srv.client()
    assert wait_until(lambda: c.info("clients")["connected_clients"] == 1, 10)


def test_half_closed_client_gets_every_reply(server):
    # Commands, then FIN: the server answers all of them, then closes.
    n = 2000
    s = socket.create_connection((HOST, server.port), timeout=10)
    s.sendall(b"".join(encode_command("INCR", "half") for _ in range(n)))
    s.shutdown(socket.SHUT_WR)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    assert data == b"".join(b":%d\r\n" % i for i in range(1, n + 1))


def test_half_closed_after_a_large_reply(server):
    server.client().set("big", b"x" * (4 << 20))
    s = socket.create_connection((HOST, server.port), timeout=10)
    s.sendall(encode_command("GET", "big"))
    s.shutdown(socket.SHUT_WR)
    time.sleep(0.2)  # the server sees the FIN while most of the reply is still queued
    data = b""
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        data += chunk
    s.close()
    assert data == b"$%d\r\n" % (4 << 20) + b"x" * (4 << 20) + b"\r\n"


def test_slow_reader_gets_everything_and_others_are_served(server):
    value = b"v" * 100_000
    server.client().set("slow", value)
    slow = socket.create_connection((HOST, server.port), timeout=10)
    n = 100  # 10 MB of replies, far more than the socket buffers hold
    slow.sendall(b"".join(encode_command("GET", "slow") for _ in range(n)))
    time.sleep(0.3)
    # while the slow reader reads nothing, another client gets prompt answers
    other = server.client()
    t0 = time.monotonic()
    for i in range(200):
        assert other.incr("fast") == i + 1
    assert time.monotonic() - t0 < 5
    # then the slow reader, reading in small steps, gets every byte in order
    want = (b"$100000\r\n" + value + b"\r\n") * n
    got = bytearray()
    while len(got) < len(want):
        chunk = slow.recv(8192)
        assert chunk, f"closed after {len(got)} of {len(want)} bytes"
        got += chunk
    assert bytes(got) == want
    slow.close()


def test_pipeline_10000_mixed_commands_in_one_write(server):
    s = socket.create_connection((HOST, server.port), timeout=10)
    cmds = []
    want = []
    for i in range(10000):
        if i % 2 == 0:
            cmds.append(encode_command("SET", f"p{i}", "x" * (i % 50)))
            want.append(b"+OK\r\n")
        else:
            j = i - 1
            cmds.append(encode_command("GET", f"p{j}"))
            want.append(b"$%d\r\n%s\r\n" % (j % 50, b"x" * (j % 50)))
    s.sendall(b"".join(cmds))
    want = b"".join(want)
    got = bytearray()
    while len(got) < len(want):
        chunk = s.recv(1 << 16)
        assert chunk
        got += chunk
    assert bytes(got) == want
    s.close()


def test_many_clients_pipelining_concurrently(server):
    # 50 clients, each with 200 pipelined INCRs in flight, through one selector
    n_clients, n_cmds = 50, 200
    sel = selectors.DefaultSelector()
    socks = []
    for i in range(n_clients):
        s = socket.create_connection((HOST, server.port), timeout=10)
        s.setblocking(False)
        s.sendall(b"".join(encode_command("INCR", f"c{i}") for _ in range(n_cmds)))
        sel.register(s, selectors.EVENT_READ, i)
        socks.append(s)
    want = {i: b"".join(b":%d\r\n" % k for k in range(1, n_cmds + 1)) for i in range(n_clients)}
    got = {i: b"" for i in range(n_clients)}
    deadline = time.monotonic() + 20
    while any(len(got[i]) < len(want[i]) for i in got) and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            got[key.data] += key.fileobj.recv(65536)
    for i in range(n_clients):
        assert got[i] == want[i]
    for s in socks:
        s.close()


def test_clients_sending_more_than_the_receive_ring_holds(server):
    # 30 clients at once, each with 400 SETs of 1 KB in one write: 12 MB in flight, far more
    # than io_uring's provided receive buffers (256 KB per loop), so receives run out of
    # buffers and are read directly. Every value must land intact and in order.
    import threading
    n_clients, n_cmds = 30, 400
    values = {i: [os.urandom(1024) for _ in range(n_cmds)] for i in range(n_clients)}
    errors = []

    def client(i):
        try:
            with socket.create_connection((HOST, server.port), timeout=20) as s:
                # the same key twice: the second value must win, so order matters
                cmds = b"".join(encode_command("SET", f"r{i}:{k % (n_cmds // 2)}", v)
                                for k, v in enumerate(values[i]))
                s.sendall(cmds)
                want = b"+OK\r\n" * n_cmds
                got = b""
                while len(got) < len(want):
                    chunk = s.recv(65536)
                    assert chunk, "connection closed"
                    got += chunk
                assert got == want
        except Exception as e:  # reported below, from the main thread
            errors.append((i, e))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(n_clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors[:3]
    r = server.client()
    for i in range(n_clients):
        half = n_cmds // 2
        got = r.mget([f"r{i}:{k}" for k in range(half)])
        assert got == values[i][half:], f"client {i}: values lost or out of order"


def test_out_of_descriptors_neither_spins_nor_stops(tessera_bin, tmp_path):
    # With a 64-descriptor limit, connections past it wait in the backlog: the server keeps
    # serving the ones it has, retries accepting now and then instead of spinning, and
    # takes the waiting ones once descriptors are free again.
    engine = os.environ.get("TESSERA_IO_ENGINE", "uring")

    def low_fd_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))

    srv = _Bare(tessera_bin, ["--threads", "1", "--io-engine", engine],
                tmp_path / "emfile.log", preexec_fn=low_fd_limit)
    socks = []
    try:
        srv.wait_ready()
        for _ in range(100):
            socks.append(socket.create_connection((HOST, srv.port), timeout=10))
        s0 = socks[0]
        s0.sendall(encode_command("PING"))
        assert s0.recv(64) == b"+PONG\r\n"
        cpu = lambda: sum(int(x) for x in
                          open(f"/proc/{srv.proc.pid}/stat").read().rsplit(")", 1)[1].split()[11:13])
        c0 = cpu()
        time.sleep(1.0)
        used = (cpu() - c0) / os.sysconf("SC_CLK_TCK")
        assert used < 0.3, f"{used:.2f} s of CPU in 1 s while out of descriptors"
        warnings = srv.log().count("accept: Too many open files")
        assert 1 <= warnings <= 40, srv.log()[-2000:]
        # free descriptors: the last connection, still in the backlog, gets served
        for s in socks[:50]:
            s.close()
        last = socks[-1]
        last.sendall(encode_command("PING"))
        last.settimeout(10)
        assert last.recv(64) == b"+PONG\r\n"
    finally:
        for s in socks:
            s.close()
        srv.stop()
