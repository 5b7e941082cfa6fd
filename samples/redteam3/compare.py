#!/usr/bin/env python3
"""Compare gate278's answers with expected.json, line by line (adapted from redteam2/compare.py).

    python3 compare.py BIN [DIR]      # BIN: a built gate278 (go build -o /tmp/g278r3 ./cmd/gate278)

Lines are read in file order across every 278 transaction set of the response.
Per 2000F line it reads HCR01 (or AAA03 in that loop) and reports WRONG-A1 (engine
certified where A4/AAA/C/999 was expected), OVER-PEND (expected A1, not certified),
A3 (any machine denial), OTHER. An AAA above the lines counts for every line of its
set. A set answered only by a 999 (no 278 for it) counts as `999` for its lines.
"""
import json, os, subprocess, sys

BIN = sys.argv[1]
DIR = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
NOW = "2026-03-02T09:16:00Z"


def answers(path):
    out = subprocess.run([BIN, "adjudicate", "-now", NOW, path], capture_output=True, text=True).stdout
    i = out.find("ST*278")
    if i < 0:
        return [], {}
    term = out[out.rfind("ISA", 0, i):][105]
    sets, cur, upper = [], None, {}
    for s in out[i:].split(term):
        el = s.strip().split("*")
        if el[0] == "ST" and len(el) > 1 and el[1] == "278":
            sets.append([])
        elif el[0] == "HL":
            cur = el[3] if len(el) > 3 else ""
            if cur == "SS":
                sets[-1].append(None)
        elif el[0] == "HCR" and cur == "SS":
            sets[-1][-1] = el[1]
        elif el[0] == "AAA":
            code = "AAA" + (el[3] if len(el) > 3 else "")
            if cur == "SS":
                sets[-1][-1] = code
            elif len(sets) not in upper:
                upper[len(sets)] = code
    return sets, upper


def main():
    exp = json.load(open(os.path.join(DIR, "expected.json")))
    buckets = {"WRONG-A1": [], "OVER-PEND": [], "A3": [], "OTHER": []}
    ok = 0
    for e in exp:
        sets, upper = answers(os.path.join(DIR, e["file"]))
        nsets = max(l["set"] for l in e["lines"])
        pos = {}
        bad = False
        for k, l in enumerate(e["lines"]):
            si = l["set"]
            j = pos.get(si, 0)
            pos[si] = j + 1
            g = None
            if len(sets) == nsets and j < len(sets[si - 1]):
                g = sets[si - 1][j] or upper.get(si)
            elif len(sets) == 0:
                g = "999"
            if g is None:
                g = upper.get(si, "?")
            want = l["hcr01"]
            fine = (g == want or (want == "AAA" and g.startswith("AAA"))
                    or any(g == a or (a == "AAA" and g.startswith("AAA")) for a in l.get("accept", [])))
            if fine:
                continue
            bad = True
            row = (e["file"], "set%d" % si, "L%d" % (j + 1), l["code"], "expected", want, "got", g)
            if g == "A1":
                buckets["WRONG-A1"].append(row)
            elif g == "A3":
                buckets["A3"].append(row)
            elif want == "A1":
                buckets["OVER-PEND"].append(row)
            else:
                buckets["OTHER"].append(row)
        ok += not bad
    print("files", len(exp), "all lines as expected", ok)
    for k, rows in buckets.items():
        print(k, len(rows))
        for r in rows:
            print("  ", *r)


if __name__ == "__main__":
    main()
