#!/usr/bin/env python3
"""Ground truth for tests/storage/hll_test.cc, taken from a real redis-server (7.0).

The test embeds what this script prints between the "BEGIN GENERATED" and "END GENERATED"
lines of hll_test.cc. To regenerate:

    redis-server --port 16411 --bind 127.0.0.1 --save '' --appendonly no &
    python3 tests/storage/hll_vectors.py --port 16411 --update tests/storage/hll_test.cc
    kill <that redis-server's pid>

Without --update the block is printed on stdout. The script uses only a raw RESP client (so
error texts arrive exactly as sent), FLUSHALLs the server it talks to and changes
hll-sparse-max-bytes while it runs (restored to 3000 at the end): point it at a scratch
server only. Everything is deterministic: elements are "<prefix><i>" or bytes derived from
their index, and the random corruptions come from a fixed seed.
"""

import argparse
import random
import re
import socket
import sys

FNV_OFFSET = 0xcbf29ce484222325
FNV_PRIME = 0x100000001b3


def fnv64(data):
    """FNV-1a, 64 bit: the test hashes large values instead of embedding them."""
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xffffffffffffffff
    return h


class Resp:
    """Minimal RESP2 client: replies as Python values, errors as ('-', text)."""

    def __init__(self, port):
        self.sock = socket.create_connection(('127.0.0.1', port))
        self.buf = b''

    def _line(self):
        while b'\r\n' not in self.buf:
            self.buf += self.sock.recv(1 << 16)
        line, self.buf = self.buf.split(b'\r\n', 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            self.buf += self.sock.recv(1 << 16)
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b'+':
            return ('+', rest.decode())
        if kind == b'-':
            return ('-', rest.decode())
        if kind == b':':
            return int(rest)
        if kind == b'$':
            n = int(rest)
            return None if n < 0 else self._exact(n)
        if kind == b'*':
            return [self._reply() for _ in range(int(rest))]
        raise ValueError(line)

    def send(self, *args):
        out = b'*%d\r\n' % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b'$%d\r\n%s\r\n' % (len(a), a)
        self.sock.sendall(out)

    def cmd(self, *args):
        self.send(*args)
        return self._reply()

    def pipeline(self, commands):
        for c in commands:
            self.send(*c)
        return [self._reply() for _ in commands]


def add_many(r, key, prefix, start, end, batch=1000):
    for lo in range(start, end, batch):
        els = ['%s%d' % (prefix, i) for i in range(lo, min(end, lo + batch))]
        r.cmd('PFADD', key, *els)


def binary_element(i):
    """Element i of the binary set: i bytes (0..40), covering every tail length."""
    return bytes((i * 37 + j * 11 + 5) & 0xff for j in range(i))


def reply_text(rep):
    """A reply as the test spells it: ":n", "+status", "-error", "$bulk" or "*<fnv of list>"."""
    if isinstance(rep, int):
        return ':%d' % rep
    if isinstance(rep, tuple):
        return rep[0] + rep[1]
    if isinstance(rep, bytes):
        return '$' + rep.decode('latin-1')
    if isinstance(rep, list):
        return '*%016x' % fnv64(','.join(str(x) for x in rep).encode())
    if rep is None:
        return '$nil'
    raise ValueError(rep)


def cstr(s, width=72, indent=8):
    """s as a C++ string literal, split into adjacent literals of at most `width` characters
    on separate lines so the file keeps to 100 columns."""
    assert all(32 <= ord(ch) < 127 and ch not in '"\\' for ch in s)
    if len(s) <= width:
        return '"%s"' % s
    parts = ['"%s"' % s[i:i + width] for i in range(0, len(s), width)]
    return ('\n' + ' ' * indent).join(parts)


def generate(r, random_cases=70):
    lines = []
    emit = lines.append
    r.cmd('FLUSHALL')
    r.cmd('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000')

    # --- small sparse values, element by element ---------------------------------------
    emit('// GET after PFADD of "s<i>" for i < n to a new key (hex).')
    emit('const SmallVector kSmall[] = {')
    r.cmd('DEL', 'k')
    for n in range(0, 41):
        if n > 0:
            r.cmd('PFADD', 'k', 's%d' % (n - 1))
        else:
            r.cmd('PFADD', 'k')
        v = r.cmd('GET', 'k')
        dec = r.cmd('PFDEBUG', 'DECODE', 'k')
        emit('    {%d,\n     %s,\n     %s},' % (n, cstr(v.hex(), indent=5),
                                             cstr(dec.decode(), indent=5)))
    emit('};')

    emit('// GET after PFADD of binary_element(i) alone to a new key (hex).')
    emit('const char* const kBinarySingles[] = {')
    for i in range(41):
        r.cmd('DEL', 'b')
        r.cmd('PFADD', 'b', binary_element(i))
        emit('    %s,' % cstr(r.cmd('GET', 'b').hex(), indent=4))
    emit('};')

    # --- larger values: hashes of the bytes and counts ------------------------------------
    emit('// PFADD "<prefix><i>" for i < n: FNV-1a of GET, PFCOUNT, FNV-1a of GET after it.')
    emit('const BigVector kBig[] = {')
    for n in [0, 1, 10, 100, 1000, 10000, 100000, 1000000]:
        r.cmd('DEL', 'g')
        r.cmd('PFADD', 'g')
        add_many(r, 'g', 'big-', 0, n)
        before = r.cmd('GET', 'g')
        count = r.cmd('PFCOUNT', 'g')
        after = r.cmd('GET', 'g')
        emit('    {"big-", %d, 0x%016xULL, %d, 0x%016xULL, "%s"},' %
             (n, fnv64(before), count, fnv64(after), r.cmd('PFDEBUG', 'ENCODING', 'g')[1]))
    emit('};')

    # --- promotion point ----------------------------------------------------------------
    emit('// With hll-sparse-max-bytes = max, PFADD "p<i>" one at a time: the first element')
    emit('// that makes the value dense, FNV-1a of the last sparse value and of the first')
    emit('// dense one, the last sparse length.')
    emit('const PromotionVector kPromotion[] = {')
    for mx in [18, 19, 30, 100, 1000, 3000]:
        r.cmd('CONFIG', 'SET', 'hll-sparse-max-bytes', str(mx))
        r.cmd('DEL', 'p')
        r.cmd('PFADD', 'p')
        last = r.cmd('GET', 'p')
        i = 0
        while True:
            r.cmd('PFADD', 'p', 'p%d' % i)
            v = r.cmd('GET', 'p')
            if v[4] == 0:
                break
            last = v
            i += 1
        emit('    {%d, %d, 0x%016xULL, 0x%016xULL, %d},' %
             (mx, i, fnv64(last), fnv64(v), len(last)))
    emit('};')
    r.cmd('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000')

    # --- union and merge ----------------------------------------------------------------
    # Keys: a, b, c small sparse; big dense (5000 elements); s1, s2 sparse near the limit.
    r.cmd('FLUSHALL')
    add_many(r, 'a', 'a-', 0, 20)
    add_many(r, 'b', 'b-', 0, 30)
    add_many(r, 'c', 'a-', 10, 40)  # overlaps a
    add_many(r, 'big', 'big-', 0, 5000)
    add_many(r, 's1', 'a-', 0, 1000)
    add_many(r, 's2', 'b-', 0, 1000)
    emit('// Each case: the keys built (see MergeFixture), the command, its reply, then')
    emit('// FNV-1a and encoding of the destination and PFCOUNT of it afterwards.')
    emit('const MergeVector kMerge[] = {')
    cases = [
        ('PFCOUNT', ['a', 'b', 'c']),
        ('PFCOUNT', ['a', 'big', 'nokey']),
        ('PFCOUNT', ['s1', 's2']),
        ('PFMERGE', ['d1', 'a', 'b', 'c']),
        ('PFMERGE', ['d2', 'a', 'big']),
        ('PFMERGE', ['a', 'b']),          # existing sparse destination
        ('PFMERGE', ['d3', 's1', 's2']),  # union outgrows the sparse limit while written
        ('PFMERGE', ['big', 'a', 'b']),   # dense destination, sparse sources
        ('PFMERGE', ['d4']),              # no sources at all
        ('PFMERGE', ['d5', 'nokey']),
    ]
    for cmd, keys in cases:
        rep = r.cmd(cmd, *keys)
        if cmd == 'PFMERGE':
            v = r.cmd('GET', keys[0])
            enc = r.cmd('PFDEBUG', 'ENCODING', keys[0])[1]
            cnt = r.cmd('PFCOUNT', keys[0])
            emit('    {"%s", "%s", "%s", 0x%016xULL, "%s", %d},' %
                 (cmd, ' '.join(keys), reply_text(rep), fnv64(v), enc, cnt))
        else:
            emit('    {"%s", "%s", "%s", 0, "", 0},' % (cmd, ' '.join(keys), reply_text(rep)))
    emit('};')

    # --- hand-made damaged values -------------------------------------------------------
    hdr_ok = b'HYLL\x01\x00\x00\x00' + bytes(8)
    hdr_stale = b'HYLL\x01\x00\x00\x00' + bytes(7) + b'\x80'
    crafted = [
        hdr_ok,                                   # empty body, cache valid
        hdr_stale,                                # empty body, cache stale
        hdr_stale + b'\x7f\xff\x7f\xff',          # covers 32768 registers
        hdr_stale + b'\x7f\xff',                  # exactly 16384: fine
        hdr_stale + b'\x7f\x00',                  # covers 16129
        hdr_stale + b'\x7f',                      # truncated XZERO: NUL read after it
        hdr_stale + b'\x40\x00\x7f',              # XZERO 1, truncated XZERO of 16129
        hdr_stale + b'\x7f\xfe\x80',              # 16383 zeros, a VAL
        hdr_stale + b'\x7f\xfe\x83',              # VAL run 4 past the end
        hdr_stale + b'\x83' + b'\x7f\xfb',        # VAL run 4 then zeros: fine
        hdr_stale + b'\xfc\x7f\xfe',              # VAL 32 at register 0: fine
        hdr_stale + b'\x7f\xff\x00',              # one ZERO too many
        b'HYLL\x01\x05\x06\x07' + bytes(7) + b'\x80' + b'\x7f\xff',  # unused bytes set
        b'HYLL\x01\x00\x00\x00\x05' + bytes(7) + b'\x7f\xff',         # cache 5, body empty-ok
        b'HYLL\x01\x00\x00\x00\x05' + bytes(7),   # cache 5, no body
        b'HYLL\x02' + bytes(11) + b'\x7f\xff',    # encoding 2
        b'HYLX\x01' + bytes(11) + b'\x7f\xff',    # bad magic
        b'HYLL\x01' + bytes(10),                  # 15 bytes
        b'HYLL\x00' + bytes(11) + b'\x7f\xff',    # dense of the wrong size
        ('HYLL\x00' + '\x00' * 11, '00', 12288),        # dense, all zero, cache valid 0
        ('HYLL\x00' + '\x00' * 10 + '\x80', '00', 12287),  # dense one byte short
        ('HYLL\x00' + '\x00' * 10 + '\x80', 'ff', 12288),  # dense, every register 63
        ('HYLL\x00' + '\x00' * 10 + '\x80', '411004', 4096),  # every register 1
        ('HYLL\x00' + '\x00' * 10 + '\x80', 'c30c30', 4096),  # registers 3 51 0 12 ...
        ('HYLL\x00' + '\x00' * 10 + '\x80', 'e81d00', 4096),  # registers 40 55 1 0 ...
        ('HYLL\x00' + '\x00' * 10 + '\x80', '00', 12289),  # dense one byte long
        b'',
        b'HYLL',
    ]
    # Sparse values near the edge of the register space, built by hand: a VAL at the last
    # register, and a body whose runs stop 4 short so some PFADDs fit and some do not.
    crafted.append(hdr_stale + b'\x7f\xfe\xa0')
    crafted.append(hdr_stale + b'\x7f\xfb')

    # (value, spec): the spec is how the test rebuilds the value, see DamagedValue.
    cases = []
    for c in crafted:
        if isinstance(c, tuple):
            prefix, pattern, reps = c
            prefix = prefix.encode('latin-1')
            cases.append((prefix + bytes.fromhex(pattern) * reps,
                          'R:%s:%s:%d' % (prefix.hex(), pattern, reps)))
        else:
            cases.append((c, c.hex()))

    rng = random.Random(20240607)
    # Dense values from PFADD "d-<i>" for i < n, a few bytes then overwritten.
    for n in [3000, 20000]:
        r.cmd('DEL', 'd')
        add_many(r, 'd', 'd-', 0, n)
        base = r.cmd('GET', 'd')
        for _ in range(3):
            v = bytearray(base)
            edits = []
            for _ in range(rng.randrange(1, 6)):
                pos = rng.randrange(16, len(v)) if rng.randrange(4) else rng.randrange(16)
                v[pos] = rng.randrange(256)
                edits.append('%d=%02x' % (pos, v[pos]))
            cases.append((bytes(v), 'D:%d:%s' % (n, ','.join(edits))))

    bases = []
    for n in [1, 3, 8, 20, 60]:
        r.cmd('DEL', 'base')
        add_many(r, 'base', 'm%d-' % n, 0, n)
        bases.append(r.cmd('GET', 'base'))
    for _ in range(random_cases):
        v = bytearray(rng.choice(bases))
        kind = rng.randrange(6)
        if kind == 0:    # a body byte replaced
            v[rng.randrange(16, len(v))] = rng.randrange(256)
        elif kind == 1:  # truncated inside the body
            del v[rng.randrange(16, len(v)):]
        elif kind == 2:  # bytes appended
            v += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4)))
        elif kind == 3:  # two body bytes replaced, cache stale
            for _ in range(2):
                v[rng.randrange(16, len(v))] = rng.randrange(256)
            v[15] |= 0x80
        elif kind == 4:  # a bit flipped anywhere
            pos = rng.randrange(len(v))
            v[pos] ^= 1 << rng.randrange(8)
        else:            # body byte removed
            del v[rng.randrange(16, len(v))]
        cases.append((bytes(v), bytes(v).hex()))

    emit('// Damaged values: what each command replies on a copy, and FNV-1a of the key (for')
    emit('// PFMERGE: of the new destination) afterwards. Ops: see RunDamagedOp.')
    emit('const char* const kDamagedOps[] = {"PFADD", "PFCOUNT", "PFCOUNT2", "PFMERGE",')
    emit('                                   "TODENSE", "GETREG", "DECODE", "ENCODING"};')
    emit('const DamagedVector kDamaged[] = {')
    for idx, (v, spec) in enumerate(cases):
        results = []
        for op in ['PFADD', 'PFCOUNT', 'PFCOUNT2', 'PFMERGE', 'TODENSE', 'GETREG', 'DECODE',
                   'ENCODING']:
            r.cmd('DEL', 'x', 'y', 'z')
            r.cmd('SET', 'x', v)
            r.cmd('PFADD', 'y', 'y-1', 'y-2')
            if op == 'PFADD':
                rep = r.cmd('PFADD', 'x', *['e%d-%d' % (idx, j) for j in range(4)])
                after = r.cmd('GET', 'x')
            elif op == 'PFCOUNT':
                rep = r.cmd('PFCOUNT', 'x')
                after = r.cmd('GET', 'x')
            elif op == 'PFCOUNT2':
                rep = r.cmd('PFCOUNT', 'y', 'x')
                after = r.cmd('GET', 'x')
            elif op == 'PFMERGE':
                rep = r.cmd('PFMERGE', 'z', 'y', 'x')
                after = r.cmd('GET', 'z')
            else:
                rep = r.cmd('PFDEBUG', op, 'x')
                after = r.cmd('GET', 'x')
            results.append('{%s, 0x%016xULL}' % (cstr(reply_text(rep), width=60, indent=7),
                                                fnv64(after or b'')))
        emit('    {%s,' % cstr(spec, indent=5))
        emit('     {' + ',\n      '.join(results) + '}},')
    emit('};')
    r.cmd('FLUSHALL')
    return '\n'.join(lines) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--port', type=int, default=16411)
    ap.add_argument('--update', metavar='HLL_TEST_CC')
    ap.add_argument('--random', type=int, default=70,
                    help='random damaged values (more for a one-off differential run)')
    args = ap.parse_args()
    r = Resp(args.port)
    block = generate(r, args.random)
    if not args.update:
        sys.stdout.write(block)
        return
    with open(args.update) as f:
        text = f.read()
    begin = '// BEGIN GENERATED by tests/storage/hll_vectors.py\n'
    end = '// END GENERATED\n'
    pat = re.compile(re.escape(begin) + '.*?' + re.escape(end), re.S)
    if not pat.search(text):
        sys.exit('markers not found in ' + args.update)
    text = pat.sub(lambda _: begin + block + end, text)
    with open(args.update, 'w') as f:
        f.write(text)


if __name__ == '__main__':
    main()
