#!/usr/bin/python3
"""Ground truth for tests/core/geohash_test.cc, recorded from a real redis-server 7.0.

Regenerate (Debian's redis-server 7.0.15 and python3-redis):
    redis-server --port 16412 --bind 127.0.0.1 --save '' --appendonly no &
    /usr/bin/python3 tests/core/geohash_vectors.py --port 16412 --write tests/core/geohash_test.cc
    kill <that server's pid>
It FLUSHALLs the server it is given. With --write it replaces the text between the
"BEGIN GENERATED VECTORS" and "END GENERATED VECTORS" lines of the test; without, it only
checks its own assertions and prints sizes.

What is recorded, from seeded random point sets (clusters, both poles, the antimeridian, the
exact limits, duplicate coordinates, shared longitudes, and members ZADDed with stray scores):
  - per point: the GEOADD arguments, ZSCORE, GEOPOS's two strings and GEOHASH's string;
  - GEODIST between random pairs in random units (its reply text);
  - per search (BYRADIUS and BYBOX, FROMLONLAT and FROMMEMBER, all units, radii from 0 to
    infinity): the walk order (GEOSEARCH ... COUNT <huge> ANY, which returns every match
    unsorted, in the order Redis visits them) and each match's exact distance in the query's
    unit (GEOSEARCHSTORE ... STOREDIST, read back at full precision).
What is asserted here instead of recorded (so the vectors stay small): WITHDIST text is "%.4f"
of the STOREDIST value; ASC and DESC are stable sorts of the walk by that distance; COUNT k ANY
is the walk's first k; COUNT k is ASC's first k; GEORADIUS and GEORADIUSBYMEMBER agree with the
GEOSEARCH form.
"""
import argparse
import math
import random
import re
import sys

import redis

SEED = 7015
BIG = 10**9  # a COUNT no search reaches
DISTS_KEPT = 12  # distances recorded per search (the walk is recorded whole)


def pqsort_order(keys, cmp, count):
    """Redis 7.0's partial quicksort (pqsort(array, n, cmp, 0, count - 1)) on a list: Bentley and
    McIlroy's three-way partition (median of 3, or ninther past 40 elements, pivot swapped to
    the front, equal keys parked at both ends then swapped to the middle), insertion sort below
    7 elements, recursing only into parts that start before count. Unlike some BSD qsorts it
    has no switch to insertion sort after a pass that swapped nothing: redis-server 7.0.15's
    replies show none. Returns the permuted list."""
    a = list(keys)

    def insertion(lo, n):
        for m in range(lo + 1, lo + n):
            l = m
            while l > lo and cmp(a[l - 1], a[l]) > 0:
                a[l], a[l - 1] = a[l - 1], a[l]
                l -= 1

    def med3(i, j, k):
        if cmp(a[i], a[j]) < 0:
            return j if cmp(a[j], a[k]) < 0 else (k if cmp(a[i], a[k]) < 0 else i)
        return j if cmp(a[j], a[k]) > 0 else (i if cmp(a[i], a[k]) < 0 else k)

    def vecswap(i, j, n):
        for t in range(n):
            a[i + t], a[j + t] = a[j + t], a[i + t]

    def sort(lo, n):
        while True:
            if n < 7:
                insertion(lo, n)
                return
            pm = lo + n // 2
            if n > 7:
                pl, pn = lo, lo + n - 1
                if n > 40:
                    d = n // 8
                    pl = med3(pl, pl + d, pl + 2 * d)
                    pm = med3(pm - d, pm, pm + d)
                    pn = med3(pn - 2 * d, pn - d, pn)
                pm = med3(pl, pm, pn)
            a[lo], a[pm] = a[pm], a[lo]
            pa = pb = lo + 1
            pc = pd = lo + n - 1
            while True:
                while pb <= pc:
                    c = cmp(a[pb], a[lo])
                    if c > 0:
                        break
                    if c == 0:
                        a[pa], a[pb] = a[pb], a[pa]
                        pa += 1
                    pb += 1
                while pb <= pc:
                    c = cmp(a[pc], a[lo])
                    if c < 0:
                        break
                    if c == 0:
                        a[pc], a[pd] = a[pd], a[pc]
                        pd -= 1
                    pc -= 1
                if pb > pc:
                    break
                a[pb], a[pc] = a[pc], a[pb]
                pb += 1
                pc -= 1
            pn = lo + n
            r = min(pa - lo, pb - pa)
            vecswap(lo, pb - r, r)
            r = min(pd - pc, pn - pd - 1)
            vecswap(pb, pn - r, r)
            r = pb - pa
            if r > 1 and lo < count:
                sort(lo, r)
            r = pd - pc
            if r > 1:
                lo, n = pn - r, r
                if lo < count:
                    continue
            return

    sort(0, len(a))
    return a


def sorted_reply(names, dist, desc, count):
    """The order Redis 7.0 replies in when it sorts: a full sort (glibc's qsort, a stable merge
    sort) when every match is returned, else its own partial quicksort (pqsort) on the walk."""
    sign = -1 if desc else 1

    def cmp(a, b):
        da, db = dist[a], dist[b]
        return 0 if da == db else sign * (1 if da > db else -1)
    if count == 0 or count >= len(names):
        return sorted(names, key=lambda m: sign * dist[m])
    return pqsort_order(names, cmp, count)[:count]


def connect(port):
    r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
    r.response_callbacks.clear()  # raw replies: the exact text Redis sends
    return r


def fmt(x, digits):
    s = "%.*f" % (digits, x)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def lat_text(lat, digits):
    """lat rounded to digits, kept inside Redis's limits (rounding can step past them)."""
    s = fmt(lat, digits)
    if abs(float(s)) > 85.05112878:
        s = "85.05112878" if lat > 0 else "-85.05112878"
    return s


def make_sets(rng):
    """Each set: (name, list of points); a point is (lon_text, lat_text) or ('score', text)."""
    sets = []

    def cluster(name, n, lon0, lat0, dlon, dlat, digits=6):
        pts = []
        for _ in range(n):
            lon = min(180.0, max(-180.0, lon0 + rng.uniform(-dlon, dlon)))
            lat = min(85.05112878, max(-85.05112878, lat0 + rng.uniform(-dlat, dlat)))
            d = digits if rng.random() < 0.8 else 15
            pts.append((fmt(lon, d), lat_text(lat, d)))
        return pts

    def sprinkle(pts, k):
        # duplicate coordinates (ties in distance and score) and shared longitudes (Redis's
        # equal-longitude distance shortcut).
        for _ in range(k):
            a = rng.choice(pts)
            pts.append(a)
            b = rng.choice(pts)
            pts.append((b[0], lat_text(float(b[1]) + rng.uniform(-0.01, 0.01), 6)))
        return pts

    sets.append(("sicily", sprinkle(cluster("sicily", 35, 14.0, 37.5, 1.5, 1.0), 5)))
    north = cluster("north", 35, 0.0, 83.0, 180.0, 2.06)
    north += [("0", "85.05112878"), ("180", "85.05112878"), ("-180", "85.05112878"),
              ("12.5", "85.05112878"), ("12.5", "85.05112877")]
    sets.append(("north", sprinkle(north, 4)))
    south = cluster("south", 35, 0.0, -81.5, 180.0, 3.6)
    south += [("0", "-85.05112878"), ("-180", "-85.05112878"), ("180", "-85.05112878")]
    sets.append(("south", sprinkle(south, 4)))
    anti = cluster("anti", 20, 179.5, 0.0, 0.5, 5.0) + cluster("anti2", 20, -179.5, 0.0, 0.5, 5.0)
    anti += [("180", "0"), ("-180", "0"), ("180", "1.5"), ("-180", "-1.5"), ("179.9999999", "0")]
    sets.append(("antimeridian", sprinkle(anti, 4)))
    sets.append(("global", cluster("global", 90, 0.0, 0.0, 180.0, 85.05112878)))
    sets.append(("dense", sprinkle(cluster("dense", 35, 2.35, 48.85, 0.0005, 0.0003, 7), 8)))
    zero = cluster("zero", 25, 0.0, 0.0, 0.05, 0.05)
    zero += [("0", "0"), ("0", "0.00001"), ("-0.00001", "0")]
    sets.append(("origin", sprinkle(zero, 3)))
    # Members a plain ZADD put there: fractions, negatives, past 2^52 (the overflow cells next
    # to the upper limits), huge. Searches near the corners reach some of them.
    stray = [("score", s) for s in ("0", "1.5", "3", "-1", "-0.5", "4503599627370496",
                                    "4503599627370497", "6755399441055744", "9007199254740992",
                                    "10133099161583616", "13510798882111488", "18014398509481983",
                                    "1e20", "-1e30", "inf", "-inf", "9.3e18")]
    stray += [("score", str(rng.randrange(0, 1 << 54))) for _ in range(10)]
    stray += [("180", fmt(rng.uniform(-85, 85), 6)) for _ in range(5)]
    stray += [(fmt(rng.uniform(-180, 180), 6), "85.05112878") for _ in range(5)]
    stray += [("-179.999999", "-85.05112"), ("-180", "-85.05112878")]
    sets.append(("stray", stray))
    # Many members on few positions: equal distances, where sorting order shows.
    spots = cluster("ties", 7, -73.98, 40.75, 0.02, 0.02)
    ties = []
    for _ in range(60):
        ties.append(rng.choice(spots))
    sets.append(("ties", ties))
    return sets


def load(r, sets):
    r.execute_command("FLUSHALL")
    out = []
    for si, (name, pts) in enumerate(sets):
        key = "set%d" % si
        rows = []
        for i, p in enumerate(pts):
            m = "m%d" % i
            if p[0] == "score":
                assert r.execute_command("ZADD", key, p[1], m) == 1
            else:
                assert r.execute_command("GEOADD", key, p[0], p[1], m) == 1, (p, m)
            score = r.execute_command("ZSCORE", key, m)
            pos = r.execute_command("GEOPOS", key, m)[0]
            gh = r.execute_command("GEOHASH", key, m)[0]
            rows.append(dict(p=p, score=score, pos=pos, hash=gh))
        out.append(rows)
    return out


def rand_size_m(rng):
    x = rng.random()
    if x < 0.04:
        return 0.0
    if x < 0.06:
        return float("inf")
    return 10 ** rng.uniform(-1, 7.4)


UNITS = [("m", 1.0), ("km", 1000.0), ("mi", 1609.34), ("ft", 0.3048), ("KM", 1000.0)]


def size_text(v):
    return "inf" if math.isinf(v) else ("%.6g" % v)


def make_query(rng, si, name, pts, rows):
    unit, conv = rng.choice(UNITS)
    if rng.random() < 0.3:
        origin = ["FROMMEMBER", "m%d" % rng.randrange(len(pts))]
    else:
        geo = [p for p in pts if p[0] != "score"]
        base = rng.choice(geo)
        lon, lat = float(base[0]), float(base[1])
        x = rng.random()
        if x < 0.15 and name in ("north", "south", "antimeridian", "stray"):
            lon = rng.choice([180.0, -180.0, lon])
            lat = rng.choice([85.05112878, -85.05112878, lat]) if name != "antimeridian" else lat
        elif x < 0.8:
            lon = min(180.0, max(-180.0, lon + rng.uniform(-0.3, 0.3)))
            lat = min(85.05112878, max(-85.05112878, lat + rng.uniform(-0.3, 0.3)))
        origin = ["FROMLONLAT", fmt(lon, rng.choice([4, 6, 9])),
                  lat_text(lat, rng.choice([4, 6, 9]))]
    if rng.random() < 0.55:
        shape = ["BYRADIUS", size_text(rand_size_m(rng) / conv), unit]
    else:
        w = rand_size_m(rng)
        h = w * 10 ** rng.uniform(-1, 1) if not math.isinf(w) else w
        shape = ["BYBOX", size_text(w / conv), size_text(h / conv), unit]
    return origin + shape


def run_query(r, key, args):
    walk = r.execute_command("GEOSEARCH", key, *args, "COUNT", BIG, "ANY", "WITHDIST")
    names = [w[0] for w in walk]
    n = r.execute_command("GEOSEARCHSTORE", "tmp", key, *args, "STOREDIST")
    stored = r.execute_command("ZRANGE", "tmp", 0, -1, "WITHSCORES")
    dist_text = dict(zip(stored[0::2], stored[1::2]))
    assert n == len(dist_text) == len(set(names)), (args, n, len(names))
    dist = {k: float(v) for k, v in dist_text.items()}
    for name, shown in walk:  # WITHDIST is "%.4f" of the distance in the unit
        assert shown == "%.4f" % dist[name], (args, name, shown, dist_text[name])
    asc = r.execute_command("GEOSEARCH", key, *args, "ASC")
    desc_ = r.execute_command("GEOSEARCH", key, *args, "DESC")
    assert asc == sorted_reply(names, dist, False, 0), args
    assert desc_ == sorted_reply(names, dist, True, 0), args
    counted = []
    for k in COUNTS(len(names)):
        assert r.execute_command("GEOSEARCH", key, *args, "COUNT", k, "ANY") == names[:k], args
        got = r.execute_command("GEOSEARCH", key, *args, "COUNT", k, "ANY", "DESC")
        assert got == sorted_reply(names[:k], dist, True, 0), (args, k)  # walk cut, then sorted
        for desc in (False, True):
            got = r.execute_command("GEOSEARCH", key, *args, "COUNT", k, "DESC" if desc else "ASC")
            assert got == sorted_reply(names, dist, desc, k), (args, k, desc, got)
            if got != (desc_ if desc else asc)[:k]:  # ties the partial sort reorders
                counted.append((k, desc, got))
    if "BYRADIUS" in args:
        i = args.index("BYRADIUS")
        if args[0] == "FROMLONLAT":
            legacy = ["GEORADIUS", key, args[1], args[2], args[i + 1], args[i + 2]]
        else:
            legacy = ["GEORADIUSBYMEMBER", key, args[1], args[i + 1], args[i + 2]]
        got = r.execute_command(*legacy, "COUNT", BIG, "ANY", "WITHDIST")
        assert got == walk, (legacy, got, walk)
    return names, [dist_text[m] for m in names], counted


def COUNTS(n):
    """The COUNT values tried on a search with n matches (the test uses the same list)."""
    return sorted({k for k in (1, 2, 3, 5, 7, 8, 13, 41, n // 3, n // 2, n - 1, n) if k >= 1})


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrap_literal(prefix, text, indent, width=100):
    """A C string literal split into adjacent literals so no line passes width."""
    lines, cur = [], prefix + '"'
    for tok in text.split(" "):
        piece = tok if cur.endswith('"') else " " + tok
        if len(cur) + len(piece) + 3 > width:
            lines.append(cur + '"')
            cur = indent + '" ' + tok  # the space separates it from the previous literal
        else:
            cur += piece
    lines.append(cur + '"')
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=16412)
    ap.add_argument("--write", help="the test file whose generated block to replace")
    ap.add_argument("--queries", type=int, default=24, help="searches per point set")
    ap.add_argument("--seed", type=int, default=SEED, help="another seed: a wider check")
    ap.add_argument("--dists", type=int, default=DISTS_KEPT, help="distances kept per search")
    args = ap.parse_args()
    r = connect(args.port)
    version = r.execute_command("INFO", "server")
    version = re.search(r"redis_version:(\S+)", version).group(1)
    rng = random.Random(args.seed)
    sets = make_sets(rng)
    rows = load(r, sets)

    point_lines, set_lines, dist_lines, query_lines, counted_lines = [], [], [], [], []
    first = 0
    for si, (name, pts) in enumerate(sets):
        set_lines.append("    {%s, %d, %d}," % (cstr(name), first, len(pts)))
        first += len(pts)
        for row in rows[si]:
            p = row["p"]
            lon, lat = (p[0], p[1]) if p[0] != "score" else ("", "")
            pos = row["pos"]
            line = "    {%s, %s, %s, %s, %s, %s}," % (
                cstr(lon), cstr(lat), cstr(row["score"] if p[0] != "score" else p[1]),
                cstr(pos[0]), cstr(pos[1]), cstr(row["hash"]))
            if len(line) > 100:  # break after the score
                cut = line.index(",", line.index(",", line.index(",") + 1) + 1) + 1
                line = line[:cut] + "\n    " + line[cut:]
            point_lines.append(line)
    for _ in range(160):
        si = rng.randrange(len(sets))
        n = len(sets[si][1])
        a, b = rng.randrange(n), rng.randrange(n)
        unit = rng.choice(["m", "km", "mi", "ft", "Mi"])
        reply = r.execute_command("GEODIST", "set%d" % si, "m%d" % a, "m%d" % b, unit)
        dist_lines.append("    {%d, %d, %d, %s, %s}," % (si, a, b, cstr(unit), cstr(reply)))
    total_matches = 0
    for si, (name, pts) in enumerate(sets):
        for _ in range(args.queries):
            q = make_query(rng, si, name, pts, rows[si])
            names, dists, counted = run_query(r, "set%d" % si, q)
            # Every reordered (COUNT, direction) is listed; the full order of a few is kept.
            reordered = " ".join("%d%s" % (k, "d" if desc else "a") for k, desc, _ in counted)
            keep = 6 if name == "ties" else 1
            if len(counted) > keep:
                counted = [counted[i] for i in sorted(rng.sample(range(len(counted)), keep))]
            for k, desc, got in counted:
                counted_lines.append("    {%d, %d, %s,\n%s}," % (
                    len(query_lines), k, "true" if desc else "false",
                    wrap_literal("     ", " ".join(m[1:] for m in got), "     ")))
            total_matches += len(names)
            walk = " ".join(m[1:] for m in names)
            query_lines.append("    {%d, %s,\n%s,\n%s,\n     %s}," % (
                si, cstr(" ".join(q)), wrap_literal("     ", walk, "     "),
                wrap_literal("     ", " ".join(dists[:args.dists]), "     "), cstr(reordered)))
    r.execute_command("DEL", "tmp")

    block = "\n".join([
        "// Generated by tests/core/geohash_vectors.py (seed %d) from redis-server %s."
        % (args.seed, version),
        "const SetVector kSets[] = {", *set_lines, "};",
        "// lon, lat (empty: the member was ZADDed with score), ZSCORE, GEOPOS lon, lat, GEOHASH.",
        "const PointVector kPoints[] = {", *point_lines, "};",
        "// set, member a, member b, unit, GEODIST reply.",
        "const DistVector kDists[] = {", *dist_lines, "};",
        "// set, GEOSEARCH arguments, walk order (member numbers), STOREDIST of the first %d,"
        % args.dists,
        "// the COUNTs (a: ASC, d: DESC) whose reply orders ties unlike a stable sort.",
        "const QueryVector kQueries[] = {", *query_lines, "};",
        "// query, COUNT, DESC, reply order: some of the replies where Redis's partial sort",
        "// orders ties unlike a stable sort (every COUNT not listed as reordered gives the",
        "// stable sort's first COUNT).",
        "const CountedVector kCounted[] = {", *counted_lines, "};",
    ])
    print("points %d, queries %d, matches %d, counted %d, block %d bytes" % (
        len(point_lines), len(query_lines), total_matches, len(counted_lines), len(block)),
        file=sys.stderr)
    if args.write:
        text = open(args.write).read()
        begin = "// BEGIN GENERATED VECTORS\n"
        end = "// END GENERATED VECTORS\n"
        i, j = text.index(begin) + len(begin), text.index(end)
        open(args.write, "w").write(text[:i] + block + "\n" + text[j:])


if __name__ == "__main__":
    main()
