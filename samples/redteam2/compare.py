#!/usr/bin/env python3
"""Compare gate278's answers with expected.json, line by line.

    python3 compare.py BIN [DIR]      # BIN: a built gate278 (go build -o /tmp/g278 ./cmd/gate278)

Per 2000F line (in request order) it reads the response HCR01 (or AAA03 in that
loop) and reports: WRONG-A1 (engine certified where A4/AAA/C was expected),
OVER-PEND (expected A1, engine did not certify), A3 (any machine denial),
OTHER (any other difference not covered by `accept`). A request answered with
an AAA above the lines (2010A/2010C/2000E) counts as that AAA for every line.
"""
import json, os, subprocess, sys

BIN = sys.argv[1]
DIR = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
NOW = "2026-03-02T09:16:00Z"


def answers(path):
    out = subprocess.run([BIN, "adjudicate", "-now", NOW, path], capture_output=True, text=True).stdout
    i = out.find("ST*278")
    if i < 0:
        return None, "no 278 (999/TA1 only)"
    term = out[out.rfind("ISA", 0, i):][105]
    lines, cur, upper = [], None, None
    for s in out[i:].split(term):
        el = s.strip().split("*")
        if el[0] == "HL":
            cur = el[3] if len(el) > 3 else ""
            if cur == "SS":
                lines.append(None)
        elif el[0] == "HCR" and cur == "SS":
            lines[-1] = el[1]
        elif el[0] == "AAA":
            if cur == "SS":
                lines[-1] = "AAA" + (el[3] if len(el) > 3 else "")
            elif upper is None:
                upper = "AAA" + (el[3] if len(el) > 3 else "") + "@" + str(cur)
        elif el[0] == "SE":
            break
    return lines, upper


def main():
    exp = json.load(open(os.path.join(DIR, "expected.json")))
    buckets = {"WRONG-A1": [], "OVER-PEND": [], "A3": [], "OTHER": []}
    ok = 0
    for e in exp:
        got, upper = answers(os.path.join(DIR, e["file"]))
        bad = False
        for k, l in enumerate(e["lines"]):
            g = None
            if got is not None and k < len(got):
                g = got[k]
            if g is None:
                g = upper if isinstance(upper, str) else "?"
            want = l["hcr01"]
            fine = (g == want or (want == "AAA" and g.startswith("AAA"))
                    or any(g == a or (a == "AAA" and g.startswith("AAA")) for a in l.get("accept", [])))
            if fine:
                continue
            bad = True
            row = (e["file"], k + 1, l["code"], "expected", want, "got", g)
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
