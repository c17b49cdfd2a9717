"""Randomised differential test of the collection types: tessera against redis-server 7.0.

For each collection family (list, hash, set; zset in test_random_zsets) and a few fixed
seeds, a seeded random sequence of commands from that family (plus a few keyspace
commands: SET on a string key to provoke WRONGTYPE, DEL, RENAME, RENAMENX, COPY) runs on a
real redis-server and on tessera. The key space is tiny (three keys and one string key)
and so are the member, field and value alphabets, so collisions, empty-key deletion and
type errors happen often.

After every command:
  * the replies are compared as raw RESP bytes, except for replies whose element order
    Redis does not define (members of hashtable-encoded sets, fields/values of
    hashtable-encoded hashes, results of SINTER/SUNION/SDIFF, whole-set SPOP/SRANDMEMBER,
    HRANDFIELD, ZRANDMEMBER), which are compared sorted;
  * the full contents of every key are compared: TYPE, then LRANGE 0 -1 (exact order) for
    lists, HGETALL as sorted (field, value) pairs for hashes, SMEMBERS sorted for sets,
    ZRANGE 0 -1 WITHSCORES (exact order and score text) for zsets, GET for strings, and
    OBJECT ENCODING for every collection (Redis 7.0: lists are always "quicklist"; hashes
    listpack/hashtable; sets intset/hashtable; zsets listpack/skiplist).

Some seeds first lower the conversion thresholds (set-max-intset-entries 4,
hash-max-listpack-entries 4, list-max-listpack-size 2; for zsets
zset-max-listpack-entries 4) on both servers, so that intset->hashtable and
listpack->hashtable (->skiplist) conversions are exercised; they are set back to
512/512/-2 (128) afterwards.

Only forms whose result Redis determines are generated: SPOP/SRANDMEMBER/HRANDFIELD/
ZRANDMEMBER only with a count >= the size (or, without a count / with a negative count, on
sets of at most one member); ZSCAN only on listpack zsets; lex ranges only on zsets whose
scores are all equal (and, see ZSET_MIXED_LEX_ON_LISTPACK, sometimes on mixed-score
listpacks); a SUM over three or more inputs only of finite scores (Redis adds the inputs
in ascending order of size, and inf + -inf = 0 then depends on that order); blocking pops
only with a 0.01 s timeout.

On the first mismatch the test fails with the family, seed and step, the last 20 commands
with redis's replies, and both replies (or both key states), so the failure reproduces
with the same seed.

Servers are started and stopped by test_differential's `servers` fixture (free ports,
TESSERA_IO_ENGINE honoured through conftest.engine_args, stopped by PID), after waiting
for the binary with conftest.tessera_binary() (it may be mid-rebuild).

Environment: TESSERA_BIN, REDIS_SERVER (as in test_differential.py).
"""

import random

import pytest

from conftest import tessera_binary
from test_differential import Conn, RespError, servers  # noqa: F401  (servers: fixture)

KEYS = ["k0", "k1", "k2"]
STR_KEY = "str"
ALL_KEYS = KEYS + [STR_KEY]
STEPS = 500
HISTORY = 20

SMALL_CONFIG = [
    ("set-max-intset-entries", "4", "512"),
    ("hash-max-listpack-entries", "4", "512"),
    ("list-max-listpack-size", "2", "-2"),
]

# (seed, lower the encoding thresholds first?)
SEEDS = [(1001, False), (2002, True), (3003, True), (4004, False)]

LIST_ELEMS = ["a", "b", "c", "d", "1", "2"]
HASH_FIELDS = ["f1", "f2", "f3", "f4", "f5", "f6"]
HASH_VALUES = ["1", "2", "-3", "10", "0", "1.5", "a", "xyz", ""]
LONG_VALUE = "v" * 70  # longer than hash-max-listpack-value (64): forces hashtable
HINCRBY_INCRS = ["1", "-1", "5", "-100", "0"]
HINCRBYFLOAT_INCRS = ["1.5", "-0.25", "0.5", "2", "-3.75", "10"]
SET_INTS = ["1", "2", "3", "4", "5", "6", "-7", "100"]
SET_STRS = ["a", "b", "c", "007"]  # "007" is not a canonical integer: never intset

# Sorted sets. Scores are exactly representable (dyadic) so that sums never round, and
# repeat a lot (ties are ordered by member); inf/-inf/-0 come up too. Redis 7.0's listpack
# stores an integral score as an integer, so -0 is kept (and replied) as 0 there, while a
# skiplist node keeps -0 (also after a listpack->skiplist conversion, 0 stays 0).
ZSET_SMALL_CONFIG = [("zset-max-listpack-entries", "4", "128")]
ZSET_MEMBERS = ["a", "b", "c", "d", "e", "f", "g", "aa"]
ZSET_LONG_MEMBER = "z" * 70  # longer than zset-max-listpack-value (64): forces skiplist
ZSET_SCORES = ["0", "1", "2", "3", "-1", "1.5", "0.5", "-2.25", "10", "inf", "-inf", "+inf",
               "-0"]
ZSET_INCRS = ["1", "-1", "0.5", "2", "-3.75", "0", "inf", "-inf"]
ZSET_WEIGHTS = ["1", "2", "0.5", "-1", "0", "inf", "-inf"]
ZSET_LEX_KEY = "k0"  # ZADD on it mostly uses score 0, so lex ranges on it are well defined
# Lex ranges over members of different scores are unspecified by Redis's docs; on a
# listpack Redis checks the range against the first and last members, then walks from an
# end (deterministic); on a skiplist the result depends on the random node levels. With
# this on, a few lex commands also run on mixed-score listpack zsets.
ZSET_MIXED_LEX_ON_LISTPACK = True


# ----------------------------------------------------------------------------- helpers
def weighted(rng, table):
    total = sum(w for w, _ in table)
    x = rng.uniform(0, total)
    for w, fn in table:
        x -= w
        if x <= 0:
            return fn
    return table[-1][1]


def pick_key(rng):
    return STR_KEY if rng.random() < 0.06 else rng.choice(KEYS)


def pick_keys(rng, lo=1, hi=3):
    return [pick_key(rng) for _ in range(rng.randint(lo, hi))]


def fmt_args(args):
    return " ".join(repr(a) if (a == "" or " " in a) else a for a in args)


def sort_items(items):
    return sorted(items, key=repr)


def sort_pairs(items):
    pairs = [(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]
    return sorted(pairs, key=repr)


def normalize(parsed, how):
    """how: 'exact' (never reaches here), 'sorted' or 'pairs'."""
    if parsed[0] not in ("array", "set", "map"):
        return parsed
    items = parsed[1]
    if how == "pairs":
        return ("pairs", sort_pairs(items))
    return ("sorted", sort_items(items))


# ----------------------------------------------------------------------------- generators
# Each generator gets (rng, state) -- state: key -> (type, encoding, contents) on redis
# before the command -- and returns (args, compare) where compare is 'exact', 'sorted'
# or 'pairs'.


def gen_common(rng, st):
    """Keyspace commands shared by every family."""
    def set_str():
        return ["SET", STR_KEY, rng.choice(["hello", "12", "x"])], "exact"

    def delete():
        return ["DEL"] + pick_keys(rng, 1, 2), "exact"

    def rename():
        return [rng.choice(["RENAME", "RENAMENX"]), pick_key(rng), pick_key(rng)], "exact"

    def copy():
        args = ["COPY", pick_key(rng), pick_key(rng)]
        if rng.random() < 0.5:
            args.append("REPLACE")
        return args, "exact"

    def misc():
        return [rng.choice(["TYPE", "EXISTS"]), pick_key(rng)], "exact"

    return weighted(rng, [(3, set_str), (2, delete), (3, rename), (3, copy), (1, misc)])()


def gen_list(rng, st):
    def elems(lo=1, hi=4):
        return [rng.choice(LIST_ELEMS) for _ in range(rng.randint(lo, hi))]

    def idx():
        return str(rng.randint(-6, 6) if rng.random() < 0.9 else rng.choice([-100, 100]))

    def side():
        return rng.choice(["LEFT", "RIGHT"])

    def push():
        return [rng.choice(["LPUSH", "RPUSH"]), pick_key(rng)] + elems(), "exact"

    def pushx():
        return [rng.choice(["LPUSHX", "RPUSHX"]), pick_key(rng)] + elems(1, 3), "exact"

    def pop():
        args = [rng.choice(["LPOP", "RPOP"]), pick_key(rng)]
        if rng.random() < 0.5:
            args.append(str(rng.choice([0, 1, 2, 3, 5, 10, -1]) if rng.random() < 0.95
                            else "x"))
        return args, "exact"

    def lset():
        return ["LSET", pick_key(rng), idx(), rng.choice(LIST_ELEMS)], "exact"

    def linsert():
        return ["LINSERT", pick_key(rng), rng.choice(["BEFORE", "AFTER"]),
                rng.choice(LIST_ELEMS), rng.choice(LIST_ELEMS)], "exact"

    def lrem():
        return ["LREM", pick_key(rng), str(rng.randint(-2, 2)), rng.choice(LIST_ELEMS)], "exact"

    def ltrim():
        return ["LTRIM", pick_key(rng), str(rng.randint(-5, 4)), str(rng.randint(-5, 8))], "exact"

    def lmove():
        return ["LMOVE", pick_key(rng), pick_key(rng), side(), side()], "exact"

    def rpoplpush():
        return ["RPOPLPUSH", pick_key(rng), pick_key(rng)], "exact"

    def lmpop():
        ks = pick_keys(rng)
        numkeys = len(ks) if rng.random() < 0.95 else rng.choice([0, len(ks) + 1])
        args = ["LMPOP", str(numkeys)] + ks + [side()]
        if rng.random() < 0.6:
            args += ["COUNT", str(rng.choice([1, 2, 3, 10, 0]))]
        return args, "exact"

    def lpos():
        args = ["LPOS", pick_key(rng), rng.choice(LIST_ELEMS)]
        opts = [["RANK", str(rng.choice([1, 2, -1, -2, 3, 0]))],
                ["COUNT", str(rng.choice([0, 1, 2, 5]))],
                ["MAXLEN", str(rng.choice([0, 1, 3, 10]))]]
        rng.shuffle(opts)
        for o in opts[: rng.randint(0, 3)]:
            args += o
        return args, "exact"

    def lindex():
        return ["LINDEX", pick_key(rng), idx()], "exact"

    def lrange():
        return ["LRANGE", pick_key(rng), idx(), idx()], "exact"

    def llen():
        return ["LLEN", pick_key(rng)], "exact"

    return weighted(rng, [
        (8, push), (2, pushx), (5, pop), (2, lset), (2, linsert), (2, lrem), (1.5, ltrim),
        (2, lmove), (1, rpoplpush), (2, lmpop), (2, lpos), (1, lindex), (1, lrange),
        (1, llen), (1.5, lambda: gen_common(rng, st)),
    ])()


def gen_hash(rng, st):
    def field():
        return rng.choice(HASH_FIELDS)

    def value():
        return LONG_VALUE if rng.random() < 0.03 else rng.choice(HASH_VALUES)

    def fields(lo=1, hi=3):
        return [field() for _ in range(rng.randint(lo, hi))]

    def hset():
        args = ["HSET", pick_key(rng)]
        for _ in range(rng.randint(1, 3)):
            args += [field(), value()]
        if rng.random() < 0.03:
            args.pop()  # odd number of arguments: arity error
        return args, "exact"

    def hsetnx():
        return ["HSETNX", pick_key(rng), field(), value()], "exact"

    def hdel():
        return ["HDEL", pick_key(rng)] + fields(), "exact"

    def hincrby():
        inc = rng.choice(HINCRBY_INCRS) if rng.random() < 0.95 else rng.choice(
            ["9223372036854775807", "-9223372036854775808", "1.5", "x"])
        return ["HINCRBY", pick_key(rng), field(), inc], "exact"

    def hincrbyfloat():
        inc = rng.choice(HINCRBYFLOAT_INCRS) if rng.random() < 0.97 else rng.choice(["x", "inf"])
        return ["HINCRBYFLOAT", pick_key(rng), field(), inc], "exact"

    def reads():
        k = pick_key(rng)
        return weighted(rng, [
            (2, lambda: (["HGET", k, field()], "exact")),
            (2, lambda: (["HMGET", k] + fields(1, 4), "exact")),
            (1, lambda: (["HSTRLEN", k, field()], "exact")),
            (1, lambda: (["HEXISTS", k, field()], "exact")),
            (1, lambda: (["HLEN", k], "exact")),
        ])()

    def whole():
        k = pick_key(rng)
        t, enc, _ = st[k]
        ordered = t != "hash" or enc == "listpack"
        cmd = rng.choice(["HGETALL", "HKEYS", "HVALS"])
        how = "exact" if ordered else ("pairs" if cmd == "HGETALL" else "sorted")
        return [cmd, k], how

    def hrandfield():
        k = pick_key(rng)
        t, _, contents = st[k]
        size = len(contents) if t == "hash" else 0
        args = ["HRANDFIELD", k, str(size + rng.randint(0, 2))]
        how = "sorted"
        if rng.random() < 0.5:
            args.append("WITHVALUES")
            how = "pairs"
        return args, how

    return weighted(rng, [
        (7, hset), (2, hsetnx), (3, hdel), (3, hincrby), (3, hincrbyfloat), (5, reads),
        (2, whole), (0.7, hrandfield), (1.5, lambda: gen_common(rng, st)),
    ])()


def gen_set(rng, st):
    # mostly integers, so sets stay intset long enough to convert by size too
    int_bias = 0.9

    def member():
        return rng.choice(SET_INTS) if rng.random() < int_bias else rng.choice(SET_STRS)

    def members(lo=1, hi=4):
        return [member() for _ in range(rng.randint(lo, hi))]

    def size_of(k):
        t, _, contents = st[k]
        return len(contents) if t == "set" else 0

    def sadd():
        return ["SADD", pick_key(rng)] + members(), "exact"

    def srem():
        return ["SREM", pick_key(rng)] + members(1, 3), "exact"

    def smove():
        return ["SMOVE", pick_key(rng), pick_key(rng), member()], "exact"

    def spop():
        k = pick_key(rng)
        n = size_of(k)
        if n <= 1 and rng.random() < 0.3:
            return ["SPOP", k], "exact"
        if rng.random() < 0.1:
            return ["SPOP", k, rng.choice(["0", "-1"])], "exact"
        return ["SPOP", k, str(n + rng.randint(0, 2))], "sorted"

    def srandmember():
        k = pick_key(rng)
        n = size_of(k)
        if n <= 1:
            return weighted(rng, [
                (1, lambda: (["SRANDMEMBER", k], "exact")),
                (1, lambda: (["SRANDMEMBER", k, str(-rng.randint(1, 3))], "exact")),
                (1, lambda: (["SRANDMEMBER", k, str(n + rng.randint(0, 2))], "exact")),
            ])()
        return ["SRANDMEMBER", k, str(n + rng.randint(0, 2))], "sorted"

    def store():
        cmd = rng.choice(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"])
        return [cmd, pick_key(rng)] + pick_keys(rng), "exact"

    def algebra():
        return [rng.choice(["SINTER", "SUNION", "SDIFF"])] + pick_keys(rng), "sorted"

    def sintercard():
        ks = pick_keys(rng)
        numkeys = len(ks) if rng.random() < 0.95 else rng.choice([0, len(ks) + 1])
        args = ["SINTERCARD", str(numkeys)] + ks
        if rng.random() < 0.4:
            args += ["LIMIT", str(rng.choice([0, 1, 2, 5]))]
        return args, "exact"

    def reads():
        k = pick_key(rng)
        return weighted(rng, [
            (2, lambda: (["SISMEMBER", k, member()], "exact")),
            (2, lambda: (["SMISMEMBER", k] + members(1, 4), "exact")),
            (1, lambda: (["SCARD", k], "exact")),
        ])()

    def smembers():
        k = pick_key(rng)
        t, enc, _ = st[k]
        return ["SMEMBERS", k], ("exact" if t != "set" or enc == "intset" else "sorted")

    return weighted(rng, [
        (8, sadd), (3, srem), (2, smove), (1.5, spop), (1, srandmember), (3, store),
        (2, algebra), (1.5, sintercard), (3, reads), (1.5, smembers),
        (1.5, lambda: gen_common(rng, st)),
    ])()


def gen_zset(rng, st):
    def member():
        return ZSET_LONG_MEMBER if rng.random() < 0.03 else rng.choice(ZSET_MEMBERS)

    def members(lo=1, hi=4):
        return [member() for _ in range(rng.randint(lo, hi))]

    def zinfo(k):
        """(is_zset, size, encoding, finite scores only?, all scores equal?)"""
        t, enc, contents = st[k]
        if t != "zset":
            return False, 0, enc, True, True
        scores = {float(sc) for _, sc in contents}
        finite = all(abs(x) != float("inf") for x in scores)
        return True, len(contents), enc, finite, len(scores) <= 1

    def lex_ok(k):
        is_z, _, enc, _, uniform = zinfo(k)
        if not is_z or uniform:
            return True
        return ZSET_MIXED_LEX_ON_LISTPACK and enc == "listpack" and rng.random() < 0.15

    def score_for(k):
        if k == ZSET_LEX_KEY and rng.random() < 0.85:
            return "0"
        if rng.random() < 0.015:
            return rng.choice(["nan", "x", "", "1e400"])  # not a valid float
        return rng.choice(ZSET_SCORES)

    def idx():
        return str(rng.randint(-6, 6) if rng.random() < 0.9 else rng.choice([-100, 100]))

    def score_bound():
        if rng.random() < 0.02:
            return rng.choice(["x", "[1", "nan"])  # "min or max is not a float"
        b = rng.choice(["-inf", "+inf", "inf", "0", "1", "2", "1.5", "-1", "3", "10", "0.5"])
        return ("(" + b) if rng.random() < 0.3 else b

    def lex_bound():
        if rng.random() < 0.02:
            return rng.choice(["a", "", "+x"])  # "min or max not valid string range item"
        r = rng.random()
        if r < 0.15:
            return "-"
        if r < 0.3:
            return "+"
        return rng.choice(["[", "("]) + rng.choice(ZSET_MEMBERS + [""])

    def limit():
        return ["LIMIT", str(rng.choice([0, 1, 2, 5, -1])), str(rng.choice([0, 1, 2, 3, -1, 10]))]

    def with_opts(base, opts):
        rng.shuffle(opts)
        for o in opts:
            base += o
        return base

    def zadd():
        k = pick_key(rng)
        flags = [f for f, p in (("NX", 0.12), ("XX", 0.12), ("GT", 0.12), ("LT", 0.1),
                                ("CH", 0.2)) if rng.random() < p]
        incr = rng.random() < 0.15
        if rng.random() < 0.92:  # mostly a valid combination
            if "NX" in flags and "XX" in flags:
                flags.remove(rng.choice(["NX", "XX"]))
            if "GT" in flags and "LT" in flags:
                flags.remove(rng.choice(["GT", "LT"]))
            if "NX" in flags and ("GT" in flags or "LT" in flags):
                flags.remove("NX")
        if incr:
            flags.append("INCR")
        rng.shuffle(flags)
        args = ["ZADD", k] + flags
        npairs = 1 if incr and rng.random() < 0.95 else rng.randint(1, 4)
        for _ in range(npairs):
            args += [rng.choice(ZSET_INCRS) if incr else score_for(k), member()]
        if rng.random() < 0.02:
            args.pop()  # a score without its member
        return args, "exact"

    def zincrby():
        k = pick_key(rng)
        inc = rng.choice(ZSET_INCRS) if rng.random() < 0.97 else rng.choice(["x", "nan"])
        return ["ZINCRBY", k, inc, member()], "exact"

    def zrem():
        return ["ZREM", pick_key(rng)] + members(1, 3), "exact"

    def zrange():
        k = pick_key(rng)
        kind = weighted(rng, [(3, lambda: "rank"), (3, lambda: "score"),
                              (2 if lex_ok(k) else 0, lambda: "lex")])()
        ws = [["WITHSCORES"]] if rng.random() < 0.5 else []
        rev = [["REV"]] if rng.random() < 0.4 else []
        lim = [limit()] if rng.random() < 0.4 else []
        if kind == "rank":
            # LIMIT with a rank range is an error (unless its count is negative)
            return with_opts(["ZRANGE", k, idx(), idx()],
                             ws + rev + (lim if rng.random() < 0.1 else [])), "exact"
        if kind == "score":
            return with_opts(["ZRANGE", k, score_bound(), score_bound(), "BYSCORE"],
                             ws + rev + lim), "exact"
        # WITHSCORES with BYLEX is an error: only now and then
        return with_opts(["ZRANGE", k, lex_bound(), lex_bound(), "BYLEX"],
                         (ws if rng.random() < 0.1 else []) + rev + lim), "exact"

    def legacy_range():
        k = pick_key(rng)
        ws = ["WITHSCORES"] if rng.random() < 0.5 else []
        lim = limit() if rng.random() < 0.4 else []
        choices = [
            (2, lambda: ["ZREVRANGE", k, idx(), idx()] + ws),
            (2, lambda: ["ZRANGEBYSCORE", k, score_bound(), score_bound()] + ws + lim),
            (2, lambda: ["ZREVRANGEBYSCORE", k, score_bound(), score_bound()] + lim + ws),
        ]
        if lex_ok(k):
            choices += [(1.5, lambda: ["ZRANGEBYLEX", k, lex_bound(), lex_bound()] + lim),
                        (1.5, lambda: ["ZREVRANGEBYLEX", k, lex_bound(), lex_bound()] + lim)]
        return weighted(rng, choices)(), "exact"

    def zrangestore():
        dst, src = pick_key(rng), pick_key(rng)
        kind = weighted(rng, [(2, lambda: "rank"), (2, lambda: "score"),
                              (1.5 if lex_ok(src) else 0, lambda: "lex")])()
        rev = [["REV"]] if rng.random() < 0.4 else []
        lim = [limit()] if rng.random() < 0.4 else []
        if kind == "rank":
            return with_opts(["ZRANGESTORE", dst, src, idx(), idx()], rev), "exact"
        if kind == "score":
            return with_opts(["ZRANGESTORE", dst, src, score_bound(), score_bound(), "BYSCORE"],
                             rev + lim), "exact"
        return with_opts(["ZRANGESTORE", dst, src, lex_bound(), lex_bound(), "BYLEX"],
                         rev + lim), "exact"

    def zremrange():
        k = pick_key(rng)
        choices = [(2, lambda: ["ZREMRANGEBYRANK", k, idx(), idx()]),
                   (2, lambda: ["ZREMRANGEBYSCORE", k, score_bound(), score_bound()])]
        if lex_ok(k):
            choices.append((2, lambda: ["ZREMRANGEBYLEX", k, lex_bound(), lex_bound()]))
        return weighted(rng, choices)(), "exact"

    def zpop():
        args = [rng.choice(["ZPOPMIN", "ZPOPMAX"]), pick_key(rng)]
        if rng.random() < 0.6:
            args.append(str(rng.choice([0, 1, 2, 3, 10, -1])) if rng.random() < 0.97 else "x")
        return args, "exact"

    def zmpop():
        ks = pick_keys(rng)
        numkeys = len(ks) if rng.random() < 0.95 else rng.choice([0, len(ks) + 1])
        args = ["ZMPOP", str(numkeys)] + ks + [rng.choice(["MIN", "MAX"])]
        if rng.random() < 0.6:
            args += ["COUNT", str(rng.choice([1, 2, 3, 10, 0]))]
        return args, "exact"

    def bzpop():
        # never a 0 timeout: on empty keys a 10 ms wait and a null reply
        ks = pick_keys(rng, 1, 2)
        if rng.random() < 0.5:
            return [rng.choice(["BZPOPMIN", "BZPOPMAX"])] + ks + ["0.01"], "exact"
        args = ["BZMPOP", "0.01", str(len(ks))] + ks + [rng.choice(["MIN", "MAX"])]
        if rng.random() < 0.5:
            args += ["COUNT", str(rng.choice([1, 2, 5]))]
        return args, "exact"

    def aggregate_args(ks, allow_weights=True):
        """WEIGHTS/AGGREGATE options. A SUM over three or more inputs stays finite, since
        Redis adds inputs in ascending order of size and inf + -inf (= 0) then depends on
        the order (tested in the differential script, not left to chance here)."""
        n = len(ks)
        finite_inputs = all(zinfo(k)[3] for k in ks)
        weights = None
        if allow_weights and rng.random() < 0.5:
            weights = [rng.choice(ZSET_WEIGHTS) for _ in range(n)]
            if rng.random() < 0.03:  # a weight too few (syntax error) or not a float
                if n > 1 and rng.random() < 0.5:
                    weights.pop()
                else:
                    weights.append("x")
        agg = rng.choice([None, None, "SUM", "MIN", "MAX"]) if allow_weights else None
        if n >= 3 and agg in (None, "SUM"):
            if not finite_inputs:
                agg = rng.choice(["MIN", "MAX"])
            elif weights:
                weights = [w if "inf" not in w else "1" for w in weights]
        out = []
        opts = []
        if weights is not None:
            opts.append(["WEIGHTS"] + weights)
        if agg is not None:
            opts.append(["AGGREGATE", agg])
        rng.shuffle(opts)
        for o in opts:
            out += o
        return out

    def algebra_keys():
        return [pick_key(rng) if rng.random() < 0.9 else rng.choice(KEYS)
                for _ in range(rng.randint(1, 3))]

    def store():
        cmd = rng.choice(["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"])
        ks = algebra_keys()
        numkeys = len(ks) if rng.random() < 0.96 else rng.choice([0, len(ks) + 1])
        opts = aggregate_args(ks, allow_weights=(cmd != "ZDIFFSTORE" or rng.random() < 0.03))
        return [cmd, pick_key(rng), str(numkeys)] + ks + opts, "exact"

    def algebra():
        cmd = rng.choice(["ZUNION", "ZINTER", "ZDIFF"])
        ks = algebra_keys()
        opts = aggregate_args(ks, allow_weights=(cmd != "ZDIFF" or rng.random() < 0.03))
        if rng.random() < 0.6:
            opts.append("WITHSCORES")
        return [cmd, str(len(ks))] + ks + opts, "exact"

    def zintercard():
        ks = algebra_keys()
        numkeys = len(ks) if rng.random() < 0.95 else rng.choice([0, len(ks) + 1])
        args = ["ZINTERCARD", str(numkeys)] + ks
        if rng.random() < 0.4:
            args += ["LIMIT", str(rng.choice([0, 1, 2, 5]))]
        return args, "exact"

    def reads():
        k = pick_key(rng)
        choices = [
            (2, lambda: ["ZSCORE", k, member()]),
            (2, lambda: ["ZMSCORE", k] + members(1, 4)),
            (1.5, lambda: [rng.choice(["ZRANK", "ZREVRANK"]), k, member()]),
            (1, lambda: ["ZCARD", k]),
            (2, lambda: ["ZCOUNT", k, score_bound(), score_bound()]),
        ]
        if lex_ok(k):
            choices.append((1.5, lambda: ["ZLEXCOUNT", k, lex_bound(), lex_bound()]))
        return weighted(rng, choices)(), "exact"

    def zrandmember():
        k = pick_key(rng)
        _, n, _, _, _ = zinfo(k)
        ws = rng.random() < 0.5
        tail = ["WITHSCORES"] if ws else []
        if n <= 1:
            return weighted(rng, [
                (1, lambda: (["ZRANDMEMBER", k], "exact")),
                (1, lambda: (["ZRANDMEMBER", k, str(-rng.randint(1, 3))] + tail, "exact")),
                (1, lambda: (["ZRANDMEMBER", k, str(n + rng.randint(0, 2))] + tail, "exact")),
            ])()
        return ["ZRANDMEMBER", k, str(n + rng.randint(0, 2))] + tail, ("pairs" if ws else "sorted")

    def zscan():
        k = pick_key(rng)
        is_z, _, enc, _, _ = zinfo(k)
        if is_z and enc != "listpack":  # a skiplist scans in hash order
            return ["ZCARD", k], "exact"
        args = ["ZSCAN", k, "0"]
        if rng.random() < 0.4:
            args += ["MATCH", rng.choice(["a*", "*", "b", "?", "z*"])]
        return args, "exact"

    def plain_set():
        # plain sets are valid inputs of ZUNION/ZINTER/ZDIFF (score 1 each)
        return ["SADD", rng.choice(KEYS)] + members(1, 3), "exact"

    return weighted(rng, [
        (9, zadd), (2.5, zincrby), (3, zrem), (4, zrange), (2.5, legacy_range),
        (2, zrangestore), (2, zremrange), (2, zpop), (1.5, zmpop), (0.6, bzpop), (3, store),
        (2, algebra), (1.2, zintercard), (3, reads), (1, zrandmember), (0.8, zscan),
        (0.4, plain_set), (1.5, lambda: gen_common(rng, st)),
    ])()


GENERATORS = {"list": gen_list, "hash": gen_hash, "set": gen_set, "zset": gen_zset}
# Thresholds that "small" seeds lower, per family (default: SMALL_CONFIG).
SMALL_CONFIGS = {"zset": ZSET_SMALL_CONFIG}


# ----------------------------------------------------------------------------- state
def snapshot(conn):
    """key -> (type, encoding, contents), contents comparable across servers."""
    out = {}
    for k in ALL_KEYS:
        _, (_, t) = conn.call(["TYPE", k])
        t = t.decode()
        enc, contents = None, None
        if t in ("list", "hash", "set", "zset"):
            _, enc = conn.call(["OBJECT", "ENCODING", k])
        if t == "list":
            _, (_, items) = conn.call(["LRANGE", k, "0", "-1"])
            contents = [v for _, v in items]
        elif t == "hash":
            _, (_, items) = conn.call(["HGETALL", k])
            contents = sort_pairs([v for _, v in items])
        elif t == "set":
            _, (_, items) = conn.call(["SMEMBERS", k])
            contents = sorted(v for _, v in items)
        elif t == "zset":  # (member, score) pairs in (score, member) order, scores as printed
            _, (_, items) = conn.call(["ZRANGE", k, "0", "-1", "WITHSCORES"])
            flat = [v for _, v in items]
            contents = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
        elif t == "string":
            _, (_, contents) = conn.call(["GET", k])
        out[k] = (t, enc, contents)
    return out


def state_view(st):
    """For snapshot()'s users: (type, encoding-string, contents)."""
    view = {}
    for k, (t, enc, contents) in st.items():
        e = enc[1].decode() if enc and enc[0] == "bulk" else enc
        view[k] = (t, e, contents)
    return view


# ----------------------------------------------------------------------------- runner
class Run:
    def __init__(self, srv, family, seed, small):
        self.srv, self.family, self.seed, self.small = srv, family, seed, small
        self.history = []  # (step, args, redis raw reply)
        self.redis = Conn(srv.ports["redis"])
        self.tessera = Conn(srv.ports["tessera"])

    def close(self):
        self.redis.close()
        self.tessera.close()

    def header(self, step):
        return (f"family={self.family} seed={self.seed} small_config={self.small} "
                f"step={step}/{STEPS}")

    def history_text(self):
        lines = [f"  #{s}: {fmt_args(a)}  -> redis {r!r}" for s, a, r in self.history[-HISTORY:]]
        return "last commands (redis replies):\n" + "\n".join(lines)

    def tessera_call(self, args, step):
        try:
            return self.tessera.call(args)
        except (OSError, ConnectionError, RespError) as e:
            pytest.fail(f"{self.header(step)}\ntessera failed on {fmt_args(args)}: "
                        f"{type(e).__name__}: {e} (exit status {self.srv.tessera.poll()})\n"
                        f"{self.srv.tessera_log_tail()}\n{self.history_text()}",
                        pytrace=False)

    def both(self, args, step, how="exact"):
        rraw, rparsed = self.redis.call(args)
        traw, tparsed = self.tessera_call(args, step)
        if how == "exact":
            same = rraw == traw
        else:
            same = normalize(rparsed, how) == normalize(tparsed, how)
        if not same:
            self.history.append((step, args, rraw))
            pytest.fail(f"{self.header(step)}: reply mismatch [{how}]\n"
                        f"command: {fmt_args(args)}\n"
                        f"  redis:   {rraw!r}\n  tessera: {traw!r}\n{self.history_text()}",
                        pytrace=False)
        return rraw

    def compare_state(self, step):
        rst = state_view(snapshot(self.redis))
        try:
            tst = state_view(snapshot(self.tessera))
        except (OSError, ConnectionError, RespError, ValueError, TypeError) as e:
            pytest.fail(f"{self.header(step)}: reading tessera's state failed: "
                        f"{type(e).__name__}: {e}\n{self.history_text()}", pytrace=False)
        for k in ALL_KEYS:
            if rst[k] != tst[k]:
                pytest.fail(f"{self.header(step)}: state of key {k!r} differs after "
                            f"the last command\n  redis:   {rst[k]!r}\n"
                            f"  tessera: {tst[k]!r}\n{self.history_text()}", pytrace=False)
        return rst

    def run(self):
        rng = random.Random(f"{self.family}:{self.seed}")
        gen = GENERATORS[self.family]
        config = SMALL_CONFIGS.get(self.family, SMALL_CONFIG)
        self.both(["FLUSHALL"], 0)
        if self.small:
            for name, small, _ in config:
                self.history.append((0, ["CONFIG", "SET", name, small], b""))
                self.both(["CONFIG", "SET", name, small], 0)
        try:
            st = self.compare_state(0)
            for step in range(1, STEPS + 1):
                args, how = gen(rng, st)
                rraw = self.both(args, step, how)
                self.history.append((step, args, rraw))
                st = self.compare_state(step)
        finally:
            if self.small:
                for name, _, default in config:
                    self.redis.call(["CONFIG", "SET", name, default])
                    try:
                        self.tessera.call(["CONFIG", "SET", name, default])
                    except (OSError, ConnectionError, RespError):
                        pass


@pytest.mark.parametrize("seed,small", SEEDS, ids=[f"seed{s}{'-small' if m else ''}"
                                                    for s, m in SEEDS])
@pytest.mark.parametrize("family", ["list", "hash", "set"])
def test_random_collections(request, family, seed, small):
    # The binary may be mid-rebuild by someone else: wait for it (conftest's helper) before
    # test_differential's `servers` fixture, which fails at once when the binary is missing.
    tessera_binary()
    srv = request.getfixturevalue("servers")
    run = Run(srv, family, seed, small)
    try:
        run.run()
    finally:
        run.close()


@pytest.mark.parametrize("seed,small", SEEDS, ids=[f"seed{s}{'-small' if m else ''}"
                                                    for s, m in SEEDS])
def test_random_zsets(request, seed, small):
    """The sorted-set family (gen_zset), as a test of its own; small seeds lower
    zset-max-listpack-entries to 4 (listpack -> skiplist by size; long members convert by
    length on every seed)."""
    tessera_binary()
    srv = request.getfixturevalue("servers")
    run = Run(srv, "zset", seed, small)
    try:
        run.run()
    finally:
        run.close()
