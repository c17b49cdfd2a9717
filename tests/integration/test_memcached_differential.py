"""Differential test of tessera's memcached front end against Debian's memcached 1.6.

Every session of memcached_script.txt runs, line by line and in lockstep, on a fresh raw
TCP connection to a real memcached and to tessera's memcached port; the reply bytes are
compared exactly, after three normalizations that the script asks for or that are
unavoidable:
  * CAS uniques: each distinct non-zero cas value a server returns in a session (VALUE
    lines of gets/gats, meta 'c' flags, me's cas=) is renamed <cas1>, <cas2>, ... in order
    of first appearance, so what is compared is which replies carry the same cas;
    `$CAS` in a line is replaced, per server, by the last cas that server returned on it;
  * `@mask REGEX` / `@maskall REGEX` lines (values that differ by nature: TTLs that tick,
    version, la=, ...);
  * `~stats` lines (only the STAT names listed must be present; values are ignored).
The script syntax is described at the top of memcached_script.txt.

Each session is one test case (test_session[NAME]). Every mismatch of a session is
collected and reported in one assertion message.

Environment:
  TESSERA_BIN          tessera binary (default /work/main/build/tessera), started as
                       TESSERA_BIN --port P1 --memcached-port P2 --bind 127.0.0.1 --threads 1
  MEMCACHED_BIN        memcached binary (default /usr/bin/memcached)
  TESSERA_MC_SELFTEST  =1: a second memcached stands in for tessera (validates the harness)
  TESSERA_IO_ENGINE    passed to tessera as --io-engine (see conftest.py)

Ports come from 16700-16799 (loopback only). Both servers are started here with
subprocess and stopped through their own Popen objects.

To see what memcached answers to every line (handy when writing the script):
    /usr/bin/python3 tests/integration/test_memcached_differential.py [SESSION...]
"""

import os
import random
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

try:
    from conftest import engine_args
except ImportError:  # run as a script, outside pytest
    def engine_args(args=()):
        return []

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "memcached_script.txt"
TESSERA_BIN = os.environ.get("TESSERA_BIN", "/work/main/build/tessera")
MEMCACHED_BIN = os.environ.get("MEMCACHED_BIN", "/usr/bin/memcached")
SELFTEST = os.environ.get("TESSERA_MC_SELFTEST", "") not in ("", "0")
HOST = "127.0.0.1"
PORT_RANGE = range(16700, 16800)

QUIET = 0.15  # seconds without new bytes after which a reply is taken as complete
# After a reply looks complete, wait this long for anything more: one chunk can draw
# several replies that a server writes separately (memcached reads a data block straight
# off the socket, answers, then reads the next command).
GRACE = 0.01
MAX_WAIT = 15.0  # hard limit for one line's reply
START_TIMEOUT = 10.0

# Known, accepted differences: (session, exact script line) -> reason. Lines listed here
# still run (later lines see the same state) but their replies are not compared.
# Keep this small, and give a reason for every entry.
DOCUMENTED_DIFFERENCES: dict[tuple[str, str], str] = {}


# ----------------------------------------------------------------------------- script
class ScriptError(Exception):
    pass


_ESCAPES = {"r": b"\r", "n": b"\n", "t": b"\t", "\\": b"\\", "e": b""}


def decode_escapes(text):
    """Script line text -> (bytes, append_crlf).

    \\r \\n \\t \\\\ \\xHH; \\e is nothing (to keep trailing spaces or send an empty line);
    \\c (at the end) suppresses the CRLF the harness appends; \\{TEXT*N} is TEXT (itself
    escaped) repeated N times.
    """
    out = bytearray()
    crlf = True
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\":
            out += ch.encode("utf-8")
            i += 1
            continue
        if i + 1 >= len(text):
            raise ScriptError(f"dangling backslash in {text!r}")
        e = text[i + 1]
        if e in _ESCAPES:
            out += _ESCAPES[e]
            i += 2
        elif e == "x":
            hh = text[i + 2:i + 4]
            if not re.fullmatch(r"[0-9a-fA-F]{2}", hh):
                raise ScriptError(f"bad \\x escape in {text!r}")
            out.append(int(hh, 16))
            i += 4
        elif e == "c":
            if i + 2 != len(text):
                raise ScriptError(f"\\c must end the line: {text!r}")
            crlf = False
            i += 2
        elif e == "{":
            j = text.find("}", i + 2)
            star = text.rfind("*", i + 2, j)
            if j < 0 or star < 0 or not text[star + 1:j].isdigit():
                raise ScriptError(f"bad \\{{TEXT*N}} in {text!r}")
            piece, _ = decode_escapes(text[i + 2:star])
            out += piece * int(text[star + 1:j])
            i = j + 1
        else:
            raise ScriptError(f"unknown escape \\{e} in {text!r}")
    return bytes(out), crlf


class Step:
    """One script item: kind is 'send', 'stats', 'sleep' or 'close'."""

    def __init__(self, lineno, kind, text="", masks=(), names=(), seconds=0.0):
        self.lineno = lineno
        self.kind = kind
        self.text = text  # the line as written (for reports and DOCUMENTED_DIFFERENCES)
        self.masks = list(masks)
        self.names = list(names)
        self.seconds = seconds


class Session:
    def __init__(self, name, lineno):
        self.name = name
        self.lineno = lineno
        self.steps = []


def load_script(path=SCRIPT):
    sessions = []
    cur = None
    pending_masks = []
    session_masks = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if line.startswith("=== "):
            name = line[4:].strip()
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
                raise ScriptError(f"line {lineno}: bad session name {name!r}")
            if any(s.name == name for s in sessions):
                raise ScriptError(f"line {lineno}: duplicate session {name!r}")
            if pending_masks:
                raise ScriptError(f"line {lineno}: @mask not followed by a request line")
            cur = Session(name, lineno)
            sessions.append(cur)
            session_masks = []
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if cur is None:
            raise ScriptError(f"line {lineno}: request before the first '=== name' line")
        if line.startswith("@"):
            word, _, arg = line.partition(" ")
            try:
                if word == "@sleep":
                    cur.steps.append(Step(lineno, "sleep", line, seconds=float(arg)))
                elif word == "@close":
                    cur.steps.append(Step(lineno, "close", line))
                elif word == "@mask":
                    pending_masks.append(re.compile(arg))
                elif word == "@maskall":
                    session_masks.append(re.compile(arg))
                else:
                    raise ScriptError(f"unknown directive {word}")
            except (ValueError, re.error) as e:
                raise ScriptError(f"line {lineno}: {line!r}: {e}") from e
            continue
        masks = session_masks + pending_masks
        pending_masks = []
        if line.startswith("~stats "):
            cmd, sep, names = line[len("~stats "):].partition(" :: ")
            if not sep or not names.split():
                raise ScriptError(f"line {lineno}: ~stats needs 'COMMAND :: NAME...'")
            decode_escapes(cmd)
            cur.steps.append(Step(lineno, "stats", cmd, masks, names.split()))
            continue
        decode_escapes(line)  # syntax check now, not halfway through a run
        cur.steps.append(Step(lineno, "send", line, masks))
    if pending_masks:
        raise ScriptError("@mask at the end of the script")
    return sessions


# ----------------------------------------------------------------------------- replies
_CAS_RE = re.compile(rb"\$CAS([+-]\d+)?")


def reply_complete(buf):
    """True when buf is a whole number of memcached replies, the last one final.

    VALUE blocks, STAT/ITEM lines are not final (END follows); a VA line is final once
    its data block is in; every other CRLF-terminated line is final.
    """
    pos = 0
    final = False
    n = len(buf)
    while pos < n:
        i = buf.find(b"\r\n", pos)
        if i < 0:
            return False
        line = buf[pos:i]
        pos = i + 2
        parts = line.split(b" ")
        if parts[0] in (b"VALUE", b"VA"):
            idx = 3 if parts[0] == b"VALUE" else 1
            if len(parts) > idx and parts[idx].isdigit():
                pos += int(parts[idx]) + 2
                if pos > n:
                    return False
                final = parts[0] == b"VA"
                continue
        final = parts[0] not in (b"STAT", b"ITEM", b"PREFIX")
    return final


def iter_lines(buf):
    """Yields (line, eol, data) for each reply line: eol is CRLF, or empty for a trailing
    partial line; data is the block (with its CRLF, maybe partial) after a VALUE/VA line."""
    pos = 0
    n = len(buf)
    while pos < n:
        i = buf.find(b"\r\n", pos)
        if i < 0:
            yield buf[pos:], b"", None
            return
        line = buf[pos:i]
        pos = i + 2
        parts = line.split(b" ")
        data = None
        if parts[0] in (b"VALUE", b"VA"):
            idx = 3 if parts[0] == b"VALUE" else 1
            if len(parts) > idx and parts[idx].isdigit():
                ln = int(parts[idx])
                data = buf[pos:pos + ln + 2]
                pos += ln + 2
        yield line, b"\r\n", data


_META_CODES = {b"HD", b"VA", b"EN", b"NF", b"NS", b"EX", b"MN"}


def cas_tokens(line):
    """Indices of the tokens of a reply line that carry a cas value, and how."""
    parts = line.split(b" ")
    found = []
    if parts[0] == b"VALUE" and len(parts) == 5 and parts[4].isdigit():
        found.append((4, b""))
    elif parts[0] in _META_CODES:
        for i, p in enumerate(parts[1:], 1):
            if p[:1] == b"c" and p[1:].isdigit():
                found.append((i, b"c"))
    elif parts[0] == b"ME":
        for i, p in enumerate(parts[2:], 2):
            if p.startswith(b"cas=") and p[4:].isdigit():
                found.append((i, b"cas="))
    return parts, found


class Conn:
    """One raw connection to one server, with its own $CAS and cas-renaming state."""

    def __init__(self, name, port):
        self.name = name
        self.port = port
        self.sock = None
        self.last_cas = None
        self.cas_names = {}

    def connect(self):
        self.close()
        self.sock = socket.create_connection((HOST, self.port), timeout=5.0)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None

    def prepare(self, text, problems=None):
        """Script text -> bytes to send on this connection ($CAS substituted).

        $CAS before any cas was seen is an error of the script on the reference server;
        on tessera it is noted in `problems` and 0 is used."""
        def sub(m):
            if self.last_cas is None:
                msg = f"$CAS used before {self.name} returned any cas"
                if problems is None:
                    raise ScriptError(f"{msg}: {text!r}")
                problems.append(msg + " (0 sent)")
                return str(int(m.group(1) or 0)).encode()
            return str(self.last_cas + int(m.group(1) or 0)).encode()

        data, crlf = decode_escapes(text)
        if b"$CAS" in data:
            data = _CAS_RE.sub(sub, data)
        return data + (b"\r\n" if crlf else b"")

    def normalize(self, buf):
        """Records the last cas and renames cas values; returns the normalized bytes."""
        out = []
        for line, eol, data in iter_lines(buf):
            parts, found = cas_tokens(line)
            for idx, prefix in found:
                value = int(parts[idx][len(prefix):])
                if value == 0:
                    continue
                self.last_cas = value
                label = self.cas_names.setdefault(value, len(self.cas_names) + 1)
                parts[idx] = prefix + b"<cas%d>" % label
            out.append(b" ".join(parts) + eol)
            if data is not None:
                out.append(data)
        return b"".join(out)


class Reply:
    def __init__(self, data=b"", closed=False, timed_out=False, error=None):
        self.data = data
        self.closed = closed
        self.timed_out = timed_out
        self.error = error

    def describe(self, limit=400):
        d = self.data
        s = repr(d[:limit])
        if len(d) > limit:
            s += f"...({len(d)} bytes)"
        if self.closed:
            s += " [connection closed]"
        if self.timed_out:
            s += " [reply still streaming after MAX_WAIT]"
        if self.error:
            s += f" [{self.error}]"
        return s


def exchange(conns, payloads):
    """Sends payloads[i] on conns[i] (reconnecting closed ones), reads all replies in
    parallel; returns a list of Reply (raw bytes)."""
    sel = selectors.DefaultSelector()
    state = []
    for c, payload in zip(conns, payloads):
        r = Reply()
        st = {"conn": c, "reply": r, "buf": bytearray(), "last": time.monotonic(), "done": False}
        state.append(st)
        try:
            if c.sock is None:
                c.connect()
            c.sock.setblocking(True)
            c.sock.settimeout(MAX_WAIT)
            c.sock.sendall(payload)
            c.sock.setblocking(False)
        except OSError as e:
            # memcached closes on some inputs (line too long) while we are still sending
            r.closed = True
            r.error = f"send: {type(e).__name__}"
            st["done"] = True
            c.close()
            continue
        st["last"] = time.monotonic()
        sel.register(c.sock, selectors.EVENT_READ, st)
    start = time.monotonic()
    while any(not st["done"] for st in state):
        now = time.monotonic()
        timeout = None
        for st in state:
            if st["done"]:
                continue
            wait = GRACE if reply_complete(st["buf"]) else QUIET
            deadline = st["last"] + wait
            if now >= deadline or now - start > MAX_WAIT:
                st["done"] = True
                st["reply"].timed_out = now - start > MAX_WAIT
                sel.unregister(st["conn"].sock)
                continue
            timeout = deadline - now if timeout is None else min(timeout, deadline - now)
        if timeout is None:
            break
        for key, _ in sel.select(timeout):
            st = key.data
            try:
                chunk = st["conn"].sock.recv(1 << 20)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if not chunk:
                st["done"] = True
                st["reply"].closed = True
                sel.unregister(st["conn"].sock)
                st["conn"].close()
                continue
            st["buf"] += chunk
            st["last"] = time.monotonic()
    sel.close()
    for st in state:
        st["reply"].data = bytes(st["buf"])
    return [st["reply"] for st in state]


def apply_masks(data, masks):
    if not masks:
        return data
    text = data.decode("latin-1")
    for m in masks:
        text = m.sub("<masked>", text)
    return text.encode("latin-1")


def stats_check(reply, names):
    """Problems with a stats reply: malformed lines, missing names."""
    problems = []
    seen = []
    lines = reply.data.split(b"\r\n")
    if reply.closed or not reply.data.endswith(b"END\r\n"):
        problems.append("reply does not end with END")
    for ln in lines[:-1]:
        if ln == b"END":
            continue
        parts = ln.split(b" ", 2)
        if len(parts) < 3 or parts[0] != b"STAT":
            problems.append(f"malformed line {ln[:80]!r}")
            continue
        seen.append(parts[1].decode("latin-1"))
    missing = [n for n in names if n not in seen]
    if missing:
        problems.append(f"missing STAT names {missing}")
    return problems


def run_session(session, servers):
    """Runs one session on both servers; returns a list of mismatch descriptions."""
    ref = Conn("memcached", servers.ref_port)
    tes = Conn("tessera", servers.tes_port)
    conns = [ref, tes]
    mismatches = []
    try:
        for c in conns:
            c.connect()
        for step in session.steps:
            if step.kind == "sleep":
                time.sleep(step.seconds)
                continue
            if step.kind == "close":
                for c in conns:
                    c.connect()
                continue
            where = f"line {step.lineno}: {step.text[:200]}"
            notes = []
            payloads = [ref.prepare(step.text), tes.prepare(step.text, notes)]
            rref, rtes = exchange(conns, payloads)
            if rref.timed_out:
                raise AssertionError(f"{session.name} {where}: memcached reply did not end")
            if step.kind == "stats":
                bad_ref = stats_check(rref, step.names)
                if bad_ref:
                    raise ScriptError(f"{session.name} {where}: memcached itself: {bad_ref}")
                bad = stats_check(rtes, step.names)
                if bad and (session.name, step.text) not in DOCUMENTED_DIFFERENCES:
                    mismatches.append(f"{where}\n    tessera: {'; '.join(bad)}\n"
                                      f"    reply:   {rtes.describe(300)}")
                continue
            nref = apply_masks(ref.normalize(rref.data), step.masks)
            ntes = apply_masks(tes.normalize(rtes.data), step.masks)
            same = nref == ntes and rref.closed == rtes.closed
            if same or (session.name, step.text) in DOCUMENTED_DIFFERENCES:
                continue
            shown_ref = Reply(nref, rref.closed, rref.timed_out, rref.error)
            shown_tes = Reply(ntes, rtes.closed, rtes.timed_out, rtes.error)
            mismatches.append(f"{where}\n    memcached: {shown_ref.describe()}\n"
                              f"    tessera:   {shown_tes.describe()}"
                              + "".join(f"\n    note: {n}" for n in notes))
            if servers.tessera_dead():
                mismatches.append(f"tessera exited (status {servers.tes_proc.poll()}); "
                                  f"rest of the session skipped\n{servers.tessera_log_tail()}")
                break
    finally:
        for c in conns:
            c.close()
    return mismatches


# ----------------------------------------------------------------------------- servers
def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
            return True
        except OSError:
            return False


def pick_ports(n, taken=()):
    candidates = [p for p in PORT_RANGE if p not in taken]
    random.shuffle(candidates)
    out = []
    for p in candidates:
        if port_free(p):
            out.append(p)
            if len(out) == n:
                return out
    raise RuntimeError(f"no {n} free ports in {PORT_RANGE}")


def wait_mc_ready(proc, port, timeout=START_TIMEOUT):
    """Waits until `port` answers 'version' with VERSION; False if proc exited or the
    time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((HOST, port), timeout=1.0) as s:
                s.settimeout(2.0)
                s.sendall(b"version\r\n")
                data = b""
                while b"\r\n" not in data:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                if data.startswith(b"VERSION "):
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def stop_proc(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class Servers:
    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="tessera-mcdiff-")
        self.ref_proc = self.tes_proc = None
        self.ref_port = self.tes_port = None
        self.tes_log = os.path.join(self.tmp, "tessera.log")

    def _start_memcached(self, logname):
        cmd_base = [MEMCACHED_BIN, "-l", HOST, "-U", "0", "-t", "1", "-m", "64"]
        if os.geteuid() == 0:
            cmd_base += ["-u", "root"]  # memcached refuses to run as root without -u
        for _ in range(5):  # a free port can be taken by someone else meanwhile
            port = pick_ports(1, taken=(self.ref_port, self.tes_port))[0]
            log = open(os.path.join(self.tmp, logname), "ab")
            proc = subprocess.Popen(cmd_base + ["-p", str(port)], stdout=log,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            log.close()
            if wait_mc_ready(proc, port):
                return proc, port
            stop_proc(proc)
        raise RuntimeError(f"memcached did not start; see {self.tmp}/{logname}")

    def start(self):
        self.ref_proc, self.ref_port = self._start_memcached("memcached-ref.log")
        self.start_tessera()

    def start_tessera(self):
        if SELFTEST:
            self.tes_proc, self.tes_port = self._start_memcached("memcached-selftest.log")
            return
        for _ in range(5):
            p1, p2 = pick_ports(2, taken=(self.ref_port,))
            with open(self.tes_log, "ab") as log:
                self.tes_proc = subprocess.Popen(
                    [TESSERA_BIN, "--port", str(p1), "--memcached-port", str(p2),
                     "--bind", HOST, "--threads", "1"] + engine_args(),
                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    cwd=self.tmp)
            self.tes_port = p2
            if wait_mc_ready(self.tes_proc, p2):
                return
            status = self.tes_proc.poll()
            stop_proc(self.tes_proc)
            tail = self.tessera_log_tail(20)
            if status is None or ("in use" not in tail and "bind" not in tail):
                break  # not a port clash: retrying will not help
        raise RuntimeError(f"tessera did not start or did not answer 'version' on its "
                           f"memcached port (status {status}):\n{tail}")

    def tessera_dead(self):
        return self.tes_proc is not None and self.tes_proc.poll() is not None

    def tessera_log_tail(self, n=8):
        try:
            with open(self.tes_log, "rb") as f:
                lines = f.read().decode(errors="replace").splitlines()
            return "\n".join("      | " + ln for ln in lines[-n:])
        except OSError:
            return ""

    def stop(self):
        procs = [p for p in (self.tes_proc, self.ref_proc) if p is not None]
        for p in procs:  # signal both first, then wait: halves the teardown
            if p.poll() is None:
                p.terminate()
        for p in procs:
            stop_proc(p)
        shutil.rmtree(self.tmp, ignore_errors=True)


SESSIONS = load_script()


@pytest.fixture(scope="module")
def servers():
    if not os.access(MEMCACHED_BIN, os.X_OK):
        pytest.fail(f"memcached not found at {MEMCACHED_BIN} (apt-get install memcached)")
    if not SELFTEST and not (os.path.isfile(TESSERA_BIN) and os.access(TESSERA_BIN, os.X_OK)):
        pytest.fail(f"tessera binary not found or not executable: {TESSERA_BIN}")
    s = Servers()
    try:
        s.start()
        yield s
    finally:
        s.stop()


@pytest.mark.parametrize("session", SESSIONS, ids=[s.name for s in SESSIONS])
def test_session(servers, session):
    if servers.tessera_dead():
        status = servers.tes_proc.poll()
        servers.start_tessera()
        pytest.fail(f"tessera had exited (status {status}) before this session; restarted")
    mismatches = run_session(session, servers)
    assert not mismatches, (f"{len(mismatches)} mismatch(es) in session {session.name} "
                            f"against memcached:\n" + "\n".join(mismatches))


def test_documented_differences_exist_in_script():
    texts = {(s.name, st.text) for s in SESSIONS for st in s.steps}
    stale = [k for k in DOCUMENTED_DIFFERENCES if k not in texts]
    assert not stale, f"DOCUMENTED_DIFFERENCES entries not in the script: {stale}"


def test_reply_complete_heuristic():
    assert reply_complete(b"STORED\r\n")
    assert not reply_complete(b"VALUE a 0 5\r\nab")
    assert not reply_complete(b"VALUE a 0 2\r\nab\r\n")
    assert reply_complete(b"VALUE a 0 2\r\nab\r\nEND\r\n")
    assert reply_complete(b"VA 2 t-1\r\nab\r\n")
    assert not reply_complete(b"VA 2 t-1\r\na")
    assert not reply_complete(b"STAT pid 1\r\n")
    assert reply_complete(b"STAT pid 1\r\nEND\r\n")
    assert not reply_complete(b"")
    assert decode_escapes(r"a\r\nb\x00\\\e \{ab*3}\c") == (b"a\r\nb\x00\\ ababab", False)


# ----------------------------------------------------------------------------- authoring
def _show(names):
    """Prints memcached's (normalized) reply to every line of the chosen sessions."""
    s = Servers()
    try:
        s.ref_proc, s.ref_port = s._start_memcached("memcached-ref.log")
        for session in SESSIONS:
            if names and session.name not in names:
                continue
            print(f"=== {session.name}")
            c = Conn("memcached", s.ref_port)
            c.connect()
            for step in session.steps:
                if step.kind == "sleep":
                    time.sleep(step.seconds)
                    continue
                if step.kind == "close":
                    c.connect()
                    continue
                (r,) = exchange([c], [c.prepare(step.text)])
                shown = Reply(apply_masks(c.normalize(r.data), step.masks), r.closed)
                print(f"{step.lineno:4d} {step.text[:100]}\n       -> {shown.describe(300)}")
            c.close()
    finally:
        stop_proc(s.ref_proc)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _show(set(sys.argv[1:]))
