#!/usr/bin/env python3
"""Red-team corpus 2 for gate278: 40 blind 005010X217 278 requests.

Written by an independent reviewer from the two seed policies alone (Anthem Blue
Cross CT CG-DME-21, /work/shared/seeds/000_215f0b6b90ae3e1a.txt; Vermont DVHA
external infusion pump guideline, 004_27486b74d1dcb4ec.txt), DESIGN.md §5 and
criteria.md (its Corrections first), without reading the engine, and with every
expectation written BEFORE the engine ran on any of these files.

    python3 gen.py      # writes *.x12 and expected.json here (deterministic, stdlib only)

Focus: what samples/adversarial/ does not cover: combinations across lines
(two pumps, supplies whose pump is not certified, supplies beyond the pump's
period or quantity), conflicting evidence in different places (event HSD vs
pump code, line vs event place of service, MSG vs HI), dates (period just over
12 months, retroactive, birth after service, drug code not valid on the date of
service), diagnosis neighbours one character off a covered group, implausible
units, a payer ID whose name says the other payer, prescriber roles (taxonomy,
NPI check digit, NPI of the requesting organisation), lowercase / dotted /
space-padded codes, attachments without a control number, and ten positive
controls that the seeds support (so over-pending is visible).

Expectations assume the embedded default configuration (adverse: review,
drug_lines: review, attestation accepted): no line is A3. A line whose `hcr01`
is `AAA` expects an AAA in that loop instead of an HCR (`aaa` gives AAA03).
`accept` lists other outcomes that are also acceptable for that line (for
example an AAA 57 instead of a pend on impossible dates); an A1 is never in
`accept` where `hcr01` is A4: a certification there is a wrong approval.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_DIR = os.environ.get("GATE278_SEEDS", "/work/shared/seeds")
SEED_A = "000_215f0b6b90ae3e1a.txt"
SEED_V = "004_27486b74d1dcb4ec.txt"


def npi(nine):
    """Luhn check digit over the prefix 80840 (the NPI rule)."""
    total = 0
    for i, ch in enumerate(reversed("80840" + nine)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return nine + str((10 - total % 10) % 10)


assert npi("123456789") == "1234567893"

BAD_NPI = npi("287319054")[:9] + str((int(npi("287319054")[9]) + 3) % 10)   # check digit wrong on purpose
assert BAD_NPI != npi("287319054")

# ordering providers: (NM101, NM102, last, first, NPI or None, taxonomy)
DK = {
    "onc":     ("DK", "1", "ROSENQVIST", "ALMA", npi("281734509"), "207RX0202X"),   # medical oncology
    "hemonc":  ("DK", "1", "OKONKWO", "IFEOMA", npi("264019385"), "207RH0003X"),    # hematology & oncology
    "heme":    ("DK", "1", "VANTERPOOL", "LEAH", npi("255830917"), "207RH0000X"),   # hematology
    "id":      ("DK", "1", "MORIARTY", "CIARAN", npi("243168590"), "207RI0200X"),   # infectious disease
    "hf":      ("DK", "1", "TALIAFERRO", "JUNE", npi("238604172"), "207RA0001X"),   # advanced HF & transplant cardiology
    "pain":    ("DK", "1", "SZABO", "ISTVAN", npi("279041638"), "208VP0014X"),      # interventional pain
    "chiro":   ("DK", "1", "BELLWETHER", "GRANT", npi("216390475"), "111N00000X"),  # chiropractor
    "badnpi":  ("DK", "1", "ROSENQVIST", "ALMA", BAD_NPI, "207RX0202X"),             # oncologist, NPI fails the check digit
}
PAYERS = {"anthem": ("ANTHEM BLUE CROSS CT", "PI", "ANTHEMCT"), "vt": ("VERMONT MEDICAID DVHA", "PI", "VTMEDICAID")}
REQ = {"anthem": ("NUTMEG HOME INFUSION SERVICES", npi("319527048"), "3336H0001X"),
       "vt": ("GREEN MOUNTAIN HOME INFUSION", npi("328416059"), "3336H0001X")}
# the ordering "physician" whose NPI is the requesting home infusion organisation's own NPI
DK["reqnpi"] = ("DK", "1", "ROSENQVIST", "ALMA", REQ["vt"][1], "207RX0202X")
SENDER = {"anthem": "NUTMEGHI", "vt": "GRNMTNHI"}

SUBS = {"anthem": [("ABERNATHY", "CORA", "ZQR5501231", "19640212", "F"), ("BALDASSARE", "NICO", "ZQR5501342", "19580727", "M"),
                   ("CHEVALIER", "MAUD", "ZQR5501453", "19711104", "F"), ("DUNMORE", "ELLIS", "ZQR5501564", "19690318", "M"),
                   ("EKSTROM", "LINNEA", "ZQR5501675", "19770901", "F"), ("FARQUHAR", "ANGUS", "ZQR5501786", "19530120", "M")],
        "vt": [("GOSSELIN", "ELODIE", "VT80041231", "19660506", "F"), ("HAZELTINE", "BRAM", "VT80041342", "19590214", "M"),
               ("IVERSEN", "SIGRID", "VT80041453", "19820823", "F"), ("JUNEAU", "PASCAL", "VT80041564", "19700611", "M"),
               ("KITTREDGE", "WREN", "VT80041675", "19880130", "F"), ("LAMOUREUX", "OLIVIER", "VT80041786", "19610919", "M")]}

DATES = ("20260305", "20260604")

# ----------------------------------------------------------------- seed clauses (verbatim, checked against the seeds)
Q = {
    "A.scope": (SEED_A, "Description (opening paragraph)",
                "This document addresses the use of external infusion pumps for the administration of parenteral or enteral drugs in the home or other residential care settings for diagnoses other than diabetes mellitus or pulmonary hypertension."),
    "A.lead": (SEED_A, "Clinical Indications › Medically Necessary (lead-in)",
               "An external infusion pump is considered medically necessary for the administration of intravenous medications if either of the following sets of criteria (Criteria set 1 OR Criteria set 2) is met:"),
    "A.s1a": (SEED_A, "Criteria set 1, bullet 1", "Parenteral administration of the drug in the home is reasonable and necessary; and"),
    "A.s1b": (SEED_A, "Criteria set 1, bullet 2", "An infusion pump is necessary to safely administer the drug; and"),
    "A.s1c": (SEED_A, "Criteria set 1, bullet 3",
              "The drug is administered by a prolonged infusion of at least 8 hours because of proven improved clinical efficacy; and"),
    "A.s1d": (SEED_A, "Criteria set 1, item 4",
              "The therapeutic regimen is proven or generally accepted to have significant advantages over intermittent bolus administration regimens or infusions lasting less than 8 hours."),
    "A.s2a": (SEED_A, "Criteria set 2, bullet 1", "Parenteral administration of the drug in the home is reasonable and necessary; and"),
    "A.s2c": (SEED_A, "Criteria set 2, bullet 3",
              "The drug is administered by intermittent infusion (each episode of infusion lasting less than 8 hours) that does not require the individual to return to the physician’s office prior to the beginning of each infusion; and"),
    "A.s2d": (SEED_A, "Criteria set 2, bullet 4",
              "Systemic toxicity or adverse effects of the drug are unavoidable without infusing it at a strictly controlled rate as indicated in the Prescribers’ Digital Reference."),
    "A.nmn": (SEED_A, "Clinical Indications › Not Medically Necessary, ¶1",
              "External infusion pumps and related supplies are considered not medically necessary when the criteria described above are not met."),
    "V.disc": (SEED_V, "Disclaimer",
               "Prior Authorization (PA) is only valid if the member is eligible for the applicable item or service on the date of service."),
    "V.presc": (SEED_V, "Coverage Position, bullet 1",
                "When the external infusion pump is prescribed by a licensed medical provider, enrolled in the Vermont Medicaid program, operating within their scope of practice in accordance with Vermont State Practice Act, who is knowledgeable in the use of the external infusion pump and who provides medical care to the member AND"),
    "V.i1": (SEED_V, "Coverage Guidelines, indication 1",
             "Parenteral anticancer chemotherapy drugs (bleomycin, cladribine, cytarabine, doxorubicin (non-liposomal), floxuridine, fluorouracil, vinblastine, vincristine, etc.) in providing an evidence-based chemotherapy regimen."),
    "V.i2": (SEED_V, "Coverage Guidelines, indication 2",
             "Certain parenteral antifungal/antiviral and antimicrobial drugs (acyclovir, amphotericin B, foscarnet, ganciclovir, etc.)."),
    "V.i4": (SEED_V, "Coverage Guidelines, indication 4", "Gallium nitrate for symptomatic cancer related hypercalcemia."),
    "V.i5": (SEED_V, "Coverage Guidelines, indication 5", "Deferoxamine for the treatment of chronic iron overload."),
    "V.i7": (SEED_V, "Coverage Guidelines, indication 7",
             "Morphine/narcotic analgesics (except meperidine) for intractable pain caused by cancer and the patient have not responded adequately to oral/transdermal therapeutic regimen and/or the patient is unable to tolerate oral/transdermal narcotic analgesic."),
    "V.i9": (SEED_V, "Coverage Guidelines, indication 9",
             "Parenteral inotropic therapy with dobutamine, dopamine, milrinone, and other agents in patients with congestive heart failure and depressed cardiac function."),
    "V.c2": (SEED_V, "Coverage Guidelines, condition 2",
             "The drug requires a prolonged infusion because of proven clinical efficacy over other forms of administration, or there are safety risks including systemic toxicity or adverse effects with other forms of administration as evidenced by supportive documentation. AND"),
    "V.c4": (SEED_V, "Coverage Guidelines, condition 4",
             "The individual and/or caregiver demonstrate follow-through in other areas of disease management (such as nutrition, exercise, lifestyle changes, smoking cessation) to improve disease/symptom control, if appropriate. AND"),
    "V.c6": (SEED_V, "Coverage Guidelines, condition 6",
             "The therapeutic regimen is proven to have significant advantage over intermittent bolus administration regimens or infusions lasting less than 8 hours."),
    "V.ei": (SEED_V, "Type of service or procedure not covered",
             "The DVHA considers external infusion pumps experimental and investigational for all other indications not listed in the Coverage Guidelines."),
}
S1 = ["A.scope", "A.lead", "A.s1a", "A.s1b", "A.s1c", "A.s1d"]
S2 = ["A.scope", "A.lead", "A.s2a", "A.s2c", "A.s2d"]
VC = ["V.presc", "V.c2", "V.c4", "V.c6"]


def _norm(s):
    return re.sub(r"(\w)- (\w)", r"\1-\2", re.sub(r"\s+", " ", s))


def check_quotes():
    seeds = {f: _norm(open(os.path.join(SEED_DIR, f), encoding="utf-8").read()) for f in (SEED_A, SEED_V)}
    for k, (f, _, q) in Q.items():
        if _norm(q) not in seeds[f]:
            sys.exit("clause %s is not verbatim in %s" % (k, f))


def clause(keys):
    return " + ".join('"%s" (%s, %s)' % (Q[k][2], Q[k][0], Q[k][1]) for k in keys)


# ----------------------------------------------------------------- expectations
def A1(note):
    return dict(hcr01="A1", note=note)


def P(note, accept=()):
    return dict(hcr01="A4", note=note, accept=list(accept))


def AAA(code, note, accept=()):
    return dict(hcr01="AAA", aaa=code, note=note, accept=list(accept))


def C(note):
    return dict(hcr01="C", note=note)


DRUG = dict(hcr01="A4", note="drug line: evidence for the pump line, routed to drug benefit review (A4 0V)", accept=["AAA"])
FOLLOW = "FOLLOW"


def L(code, exp, qual="HC", mods=(), cert="I", svc=None, ref_bb=None, dates=None, hsd=None, pwk=(), units=None,
      pos=None, msg=None):
    kind = kind_of(code)
    if svc is None:
        svc = {"pump": "18", "supply": "12"}.get(kind)
    if units is None:
        units = {"pump": "3", "supply": "13"}.get(kind, "30")
    charge = {"E0779": "420", "E0780": "300", "E0781": "1350", "E0791": "1500", "K0455": "2100", "E0784": "1900"}.get(
        code.strip().upper(), "250")
    return dict(code=code, qual=qual, mods=list(mods), cert=cert, svc=svc, ref_bb=ref_bb, dates=dates, hsd=hsd,
                pwk=list(pwk), units=units, charge=charge, pos=pos, msg=msg, exp=exp)


def kind_of(code):
    c = code.strip().upper()
    if c in ("E0779", "E0780", "E0781", "E0791", "K0455"):
        return "pump"
    if c in ("A4221", "A4222", "K0552", "E0776"):
        return "supply"
    if c.startswith("J"):
        return "drug"
    return "other"


def EV(dx, cert="I", pos="12", dates=DATES, pwk=(), dk="onc", hsd=None, msg=None, ref_bb=None):
    return dict(dx=list(dx), cert=cert, pos=pos, dates=dates, pwk=list(pwk), dk=dk, hsd=hsd, msg=msg, ref_bb=ref_bb)


DOCS = [("DB", "EL"), ("M1", "EL")]
HS46 = "HS*46***26*6"


def perday(h, days):
    return "HS*%s***7*%d" % (h, days)


CASES = []


def case(name, payer, cls, proves, keys, why, lines, ev, isa15="T", umo=None, dmg=None, debatable=None, post=False):
    CASES.append(dict(name="rt2-%s-%s" % (payer, name), payer=payer, cls=cls, proves=proves, clause=clause(keys),
                      why=why, lines=lines, ev=ev, isa15=isa15, umo=umo, dmg=dmg, debatable=debatable, post=post))


# ----------------------------------------------------------------- X12
def pwk_segs(pw, ref):
    out = []
    for i, p in enumerate(pw):
        t, tx = p[0], p[1]
        nocn = len(p) > 2 and p[2] == "nocn"
        out.append("PWK*%s*%s" % (t, tx) if tx == "AA" or nocn else "PWK*%s*%s***AC*%s%d" % (t, tx, ref, i + 1))
    return out


def dk_segs(key):
    nm101, nm102, last, first, n, tax = DK[key]
    if nm102 == "2":
        nm = "NM1*%s*2*%s*****XX*%s" % (nm101, last, n)
    else:
        nm = "NM1*%s*1*%s*%s****XX*%s" % (nm101, last, first, n)
    return [nm, "PRV*OR*PXC*%s" % tax]


def set_segments(c, ref, sub):
    pname, pq, pid = c["umo"] or PAYERS[c["payer"]]
    rname, rnpi, rtax = REQ[c["payer"]]
    e = c["ev"]
    seg = ["ST*278*0001*005010X217", "BHT*0007*13*%s*20260302*0915" % ref,
           "HL*1**20*1", "NM1*X3*2*%s*****%s*%s" % (pname, pq, pid),
           "HL*2*1*21*1", "NM1*1P*2*%s*****XX*%s" % (rname, rnpi), "PER*IC*INTAKE*TE*8025550147",
           "PRV*PE*PXC*%s" % rtax]
    last, first, mid, dob, g = sub
    if c["dmg"]:
        dob = c["dmg"]
    seg += ["HL*3*2*22*1", "NM1*IL*1*%s*%s****MI*%s" % (last, first, mid), "DMG*D8*%s*%s" % (dob, g)]
    seg += ["HL*4*3*EV*1", "TRN*1*%sE*9223409876" % ref]
    um = "UM*HS*%s*18" % e["cert"]
    if e["pos"]:
        um += "*%s:B" % e["pos"]
    seg.append(um)
    if e["ref_bb"]:
        seg.append("REF*BB*%s" % e["ref_bb"])
    if e["dates"]:
        seg.append("DTP*AAH*RD8*%s-%s" % e["dates"])
    if e["dx"]:
        seg.append("HI*" + "*".join(("ABK:" if i == 0 else "ABF:") + d for i, d in enumerate(e["dx"])))
    if e["hsd"]:
        seg.append("HSD*" + e["hsd"])
    seg += pwk_segs(e["pwk"], ref + "A")
    if e["msg"]:
        seg.append("MSG*" + e["msg"])
    if e["dk"]:
        seg += dk_segs(e["dk"])
    hl = 4
    for i, l in enumerate(c["lines"]):
        hl += 1
        seg += ["HL*%d*4*SS*0" % hl, "TRN*1*%sL%d*9223409876" % (ref, i + 1)]
        um = "UM*HS*%s" % l["cert"]
        if l["svc"] or l["pos"]:
            um += "*%s" % (l["svc"] or "")
        if l["pos"]:
            um += "*%s:B" % l["pos"]
        seg.append(um)
        if l["ref_bb"]:
            seg.append("REF*BB*%s" % l["ref_bb"])
        d = l["dates"] or e["dates"]
        if d:
            seg.append("DTP*472*RD8*%s-%s" % d)
        seg.append("SV1*%s*%s*UN*%s" % (":".join([l["qual"], l["code"]] + l["mods"]), l["charge"], l["units"]))
        if l["hsd"]:
            seg.append("HSD*" + l["hsd"])
        seg += pwk_segs(l["pwk"], "%sL%d" % (ref, i + 1))
        if l["msg"]:
            seg.append("MSG*" + l["msg"])
    seg.append("SE*%d*0001" % (len(seg) + 1))
    return seg


def interchange(ctrl, c, ref, sub):
    snd = SENDER[c["payer"]]
    isa = "ISA*00*          *00*          *ZZ*%-15s*ZZ*%-15s*260302*0915*^*00501*%09d*0*%s*:~" % (
        snd, "GATE278", ctrl, c["isa15"])
    assert len(isa) == 106, isa
    out = [isa[:-1], "GS*HI*%s*GATE278*20260302*0915*%d*X*005010X217" % (snd, ctrl)]
    out += set_segments(c, ref, sub)
    out += ["GE*1*%d" % ctrl, "IEA*1*%09d" % ctrl]
    return "".join(s + "~\n" for s in out)


# ----------------------------------------------------------------- the corpus
def build():
    A, V = "anthem", "vt"
    POS, COMB, SUP, CONF, DATE, NEIGH, UNITS, PAYER, ROLE, WS, ATT = (
        "positive", "combination", "supply-without-certified-pump", "conflicting-evidence", "dates",
        "dx-neighbour", "units-repeats", "payer-identity", "prescriber-role", "code-spelling", "attachment")

    # ============================ positive controls (10) ============================
    case("pos-production-isa15-p", A, POS, "ISA15 P (production) set 1: 5-FU + C18.0 + E0779 at home; A4222 follows",
         S1, "Production usage changes nothing clinically: every set 1 bullet has structured evidence (home POS 12, J9190 on the continuous-chemotherapy list with a malignancy, E0779 >= 8 h by definition). criteria.md §6.1 A-7.",
         [L("E0779", A1("set 1 by structured proxies"), mods=["RR"]), L("A4222", FOLLOW, units="6"), L("J9190", DRUG, units="36")],
         EV(["C180"]), isa15="P")
    case("pos-set2-acyclovir-benign-msg", A, POS, "set 2: acyclovir E0780 for HSV encephalitis; an event MSG with harmless logistics",
         S2, "Acyclovir (rate-controlled antiviral) + B00.4 (herpesviral encephalitis) + E0780 (< 8 h) + home meet set 2. A MSG that neither supports nor contradicts anything must not cause a pend.",
         [L("E0780", A1("set 2"), units="1"), L("J0133", DRUG, units="420")],
         EV(["B004"], dk="id", dates=("20260305", "20260325"), msg="DELIVER TO HOME; CAREGIVER TRAINED ON PUMP USE"))
    case("pos-set1-cytarabine-aml-7day-line-pos", A, POS, "set 1: cytarabine 24 h/day x 7 days for AML, E0781; line UM04 12:B repeats the event's home",
         S1, "Cytarabine (J9100) is on the continuous list; C92.00 AML is a malignancy; HSD 24 h/day (>= 8 h, <= 24 h); home at event and line. Set 1 met.",
         [L("E0781", A1("set 1: J9100 + C92.00 + HSD 24 h/day"), units="1", hsd=perday(24, 7), pos="12",
            dates=("20260309", "20260315")), L("J9100", DRUG, units="70", dates=("20260309", "20260315"))],
         EV(["C9200"], dk="hemonc", dates=("20260309", "20260315")))
    case("pos-set2-foscarnet-e0781-2h-k0552", A, POS, "set 2: foscarnet 2 h/day on E0781 for CMV pneumonitis in HIV; K0552 follows",
         S2, "Foscarnet (J1455) is rate-controlled; B25.0 CMV pneumonitis is a herpesvirus infection of its own group; HSD 2 h/day is intermittent (< 8 h); home. Set 2 met; the syringe cartridges follow the pump.",
         [L("E0781", A1("set 2: J1455 + B25.0 + HSD 2 h/day"), units="1", hsd=perday(2, 21), dates=("20260305", "20260325")),
          L("K0552", FOLLOW, units="21", dates=("20260305", "20260325")), L("J1455", DRUG, units="84", dates=("20260305", "20260325"))],
         EV(["B250", "B20"], dk="id", dates=("20260305", "20260325")))
    case("pos-set1-5fu-rectal-two-supplies-db", A, POS, "set 1: 5-FU for rectal cancer on E0779 with A4221 (13 weeks) and A4222 (6 cassettes) and a DB",
         S1 + ["A.nmn"], "Set 1 met by structured evidence (J9190 + C20 + E0779 + home); 13 weekly catheter-supply units and 6 cassettes over 13 weeks are plausible; both related supplies follow the certified pump.",
         [L("E0779", A1("set 1"), mods=["RR"]), L("A4221", FOLLOW, units="13"), L("A4222", FOLLOW, units="6"),
          L("J9190", DRUG, units="36")],
         EV(["C20"], pwk=[("DB", "EL")]))
    case("pos-ind1-cytarabine-aml", V, POS, "indication 1: cytarabine 24 h/day x 7 days for AML, DB + M1 sent, hematologist-oncologist orders",
         ["V.i1"] + VC, "Cytarabine is named in indication 1; C92.00 is a malignancy; 24 h/day (condition 6); home (condition 3); a DME prescription and a medical record sent electronically attest conditions 1, 2, 4, 5 and the prescriber's knowledge/treating relation; licensed physician with NPI and oncology taxonomy; no enrollment table is configured (skipped).",
         [L("E0781", A1("indication 1, all six conditions, prescriber conditions"), units="1", hsd=perday(24, 7),
            dates=("20260309", "20260315")), L("J9100", DRUG, units="70", dates=("20260309", "20260315"))],
         EV(["C9200"], dk="hemonc", pwk=DOCS, dates=("20260309", "20260315")))
    case("pos-ind2-vancomycin-endocarditis", V, POS, "indication 2: continuous vancomycin for MRSA endocarditis, DB + M1",
         ["V.i2"] + VC, "Vermont's indication 2 names antimicrobial drugs; vancomycin is an antibacterial and I33.0 acute infective endocarditis (with B95.62 MRSA) is a bacterial infection; 24 h/day continuous; documents attest the rest.",
         [L("E0781", A1("indication 2 (antibacterial + bacterial infection)"), units="2", hsd=perday(24, 42),
            dates=("20260305", "20260415")), L("J3370", DRUG, units="252", dates=("20260305", "20260415"))],
         EV(["I330", "B9562"], dk="id", pwk=DOCS, dates=("20260305", "20260415")))
    case("pos-ind5-deferoxamine-thalassemia", V, POS, "indication 5: deferoxamine 10 h/day for transfusional iron overload in beta thalassemia",
         ["V.i5"] + VC, "E83.111 (hemochromatosis due to repeated red blood cell transfusions) is chronic iron overload; D56.1 supports; 10 h/day >= 8 h; DB + M1 sent; hematologist orders.",
         [L("E0781", A1("indication 5"), hsd=perday(10, 90)), L("J0895", DRUG, units="180")],
         EV(["E83111", "D561"], dk="heme", pwk=DOCS))
    case("pos-ind7-fentanyl-pancreatic-cancer-pain", V, POS, "indication 7: continuous fentanyl (not meperidine) for pancreatic cancer pain, M1 shows the oral trial",
         ["V.i7"] + VC, "G89.3 + C25.0 code pain caused by cancer; fentanyl is a narcotic analgesic other than meperidine; 24 h/day; the medical record (EL) can show intractability and the failed oral/transdermal regimen.",
         [L("E0781", A1("indication 7"), hsd=perday(24, 90)), L("J3010", DRUG, units="900")],
         EV(["G893", "C250"], dk="pain", pwk=DOCS))
    case("pos-ind9-dobutamine-combined-hf-production", V, POS, "indication 9 in a production interchange: dobutamine 24 h/day for chronic combined systolic/diastolic HF",
         ["V.i9"] + VC, "I50.42 (chronic combined systolic and diastolic heart failure) shows depressed cardiac function; dobutamine is named; advanced-HF cardiologist orders; DB + M1 sent; ISA15 P.",
         [L("E0781", A1("indication 9"), hsd=perday(24, 90)), L("J1250", DRUG, units="90")],
         EV(["I5042"], dk="hf", pwk=DOCS), isa15="P")

    # ============================ combinations ============================
    case("combo-second-pump-disjoint-dates-vancomycin", A, COMB,
         "E0779 with 5-FU Mar-Jun (certifiable) and a second pump E0781 Jul-Sep whose only drug in its dates is vancomycin",
         S1 + ["A.s2d"], "The E0779 line is set 1 (5-FU + C18.0, same dates). The E0781 line's period Jul 1-Sep 30 has only vancomycin (not on Anthem's continuous or rate-controlled lists; the 5-FU line ends Jun 4). One driving drug must satisfy the set for that pump (DESIGN §5); borrowing the 5-FU line, whose dates do not reach the second pump's, is not specific, consistent evidence.",
         [L("E0779", A1("set 1 with the 5-FU line of the same dates"), dates=DATES),
          L("E0781", P("its period has only vancomycin: no set is met"), hsd=perday(24, 92), dates=("20260701", "20260930")),
          L("J9190", DRUG, units="36", dates=DATES), L("J3370", DRUG, units="368", dates=("20260701", "20260930"))],
         EV(["C180", "M8610"], dates=("20260305", "20260930")),
         debatable="the engine may also pend E0779 (two pumps, two drugs); that would be an over-pend, not a wrong approval")
    case("combo-two-drugs-one-pump-prostacyclin-ph-dx-plus-5fu", A, COMB,
         "one E0781 with 5-FU (colon cancer) and epoprostenol, diagnoses C18.0 + I27.0: the PH diagnosis routes the pump whatever the drug",
         ["A.scope"], "Correction 1: a pulmonary hypertension diagnosis (I27.x) routes the Anthem pump line whatever the drug. Here a second drug (epoprostenol) on the same request shows the PH is being treated with this pump, so the covered 5-FU cannot carry the pump to A1.",
         [L("E0781", P("scope: pulmonary hypertension is not addressed by CG-DME-21 (routed)"), hsd=HS46),
          L("J9190", DRUG, units="36"), L("J1325", DRUG, units="540")],
         EV(["C180", "I270"]))

    # ============================ supplies whose pump is not certified ============================
    case("supply-pump-code-malformed", A, SUP, "the pump line's code E779 is not a HCPCS code (AAA AG); A4222 and K0552 must not be certified alone",
         S1 + ["A.nmn"], "With the pump line rejected there is no certified pump for the supplies to follow; related supplies with no (decided) pump pend 0U (DESIGN §5 supply lines).",
         [L("E779", AAA("AG", "procedure code not well-formed", accept=["A4"])), L("A4222", P("no certified pump to follow")),
          L("K0552", P("no certified pump to follow")), L("J9190", DRUG, units="36")],
         EV(["C180"]))
    case("supply-pump-line-cancelled", A, SUP, "the only pump line cancels an older authorization (UM02 3 + REF*BB); a new A4222 line must not be certified",
         ["A.nmn"], "The pump is being cancelled (HCR C); supplies follow the pump's decision and a cancelled pump certifies no supplies; with no pump to follow they pend.",
         [L("E0779", C("cancel with REF*BB"), cert="3", ref_bb="ANT2025-778120"), L("A4222", P("the pump it would follow is cancelled")),
          L("J9190", DRUG, units="36")],
         EV(["C180"]))
    case("supply-beside-insulin-pump-only", A, SUP, "E0784 (insulin pump, routed) + A4221 + A4222 + 5-FU for colon cancer: no CG-DME-21 pump, supplies pend",
         ["A.scope", "A.nmn"], "E0784 belongs to CG-DME-51 (Note); it is no CG-DME-21 pump. A4221/A4222 are 'related supplies' of an external infusion pump this policy certifies; there is none, so they pend 0U; the 5-FU drug line is evidence only.",
         [L("E0784", P("routed to CG-DME-51")), L("A4221", P("no CG-DME-21 pump on the request")),
          L("A4222", P("no CG-DME-21 pump on the request")), L("J9190", DRUG, units="36")],
         EV(["C180"]))
    case("supply-beside-k0455-chemo", A, SUP, "K0455 (prostacyclin pump, not in CG-DME-21) with 5-FU for colon cancer and K0552: the pump is routed, K0552 pends",
         ["A.scope", "A.nmn"], "criteria.md §2: K0455 is not in CG-DME-21's coding and is routed whatever the drug; DESIGN §5 'K0455 where the policy covers it'. So no certified pump; K0552 must pend.",
         [L("K0455", P("K0455 not covered by CG-DME-21: routed"), hsd=HS46), L("K0552", P("its pump is not certified")),
          L("J9190", DRUG, units="36")],
         EV(["C180"]))
    case("supply-dates-beyond-pump", A, SUP, "E0779 certified Mar 5-Jun 4; the A4222 line asks Jul 1-Sep 30, after the pump's period",
         S1 + ["A.nmn"], "Related supplies follow the pump, but only for the period of covered pump use: cassettes for Jul-Sep have no certified pump in those months. The pump itself is A1.",
         [L("E0779", A1("set 1"), dates=DATES), L("A4222", P("supply period outside the certified pump period"), dates=("20260701", "20260930"), units="6"),
          L("J9190", DRUG, units="36", dates=DATES)],
         EV(["C180"], dates=("20260305", "20260930")))

    # ============================ units / repeats ============================
    case("units-a4221-400-weeks", A, UNITS, "A4221 (per week) 400 units for a 13-week period beside a certifiable E0779",
         S1 + ["A.nmn"], "A4221 is priced per week; 400 weeks in 13 weeks is implausible (criteria.md §7.4, A-13: excess units pend). The pump is A1; the supply pends.",
         [L("E0779", A1("set 1")), L("A4221", P("400 weekly units in a 13-week period"), units="400"), L("J9190", DRUG, units="36")],
         EV(["C180"]))
    case("units-pump-36-rental-months-in-3", A, UNITS, "E0781 rental quantity 36 for a 3-month period (set 1 otherwise met)",
         S1, "A pump is rented one unit per month (criteria.md §7.4); 36 rental months inside a 3-month service period cannot be certified as asked (DESIGN §5 plausible data).",
         [L("E0781", P("36 rental units for 3 months"), mods=["RR"], hsd=HS46, units="36"), L("J9190", DRUG, units="36")],
         EV(["C180"]))
    case("repeat-e0779-rental-and-purchase", A, UNITS, "the same E0779 asked twice on the same dates, once rented (RR) and once purchased (NU)",
         S1, "Two pumps of the same class for one regimen on overlapping dates pend 0V (DESIGN §5 plausible data); a different modifier does not make them two regimens.",
         [L("E0779", P("two E0779 for one regimen"), mods=["RR"]), L("E0779", P("two E0779 for one regimen"), mods=["NU"], svc="12", units="1"),
          L("J9190", DRUG, units="36")],
         EV(["C180"]))

    # ============================ conflicting evidence ============================
    case("conflict-event-hsd-2h-vs-e0779", A, CONF, "event-level HSD 2 hours/day against E0779 (>= 8 h by definition) with no line HSD",
         S1 + ["A.s2c"], "Two structured duration facts disagree (the event's HSD says 2 h per day, the pump code says >= 8 h). Set 1 bullet 3 is not consistently shown; pend 0V.",
         [L("E0779", P("duration evidence conflicts")), L("J9190", DRUG, units="36")],
         EV(["C180"], hsd=perday(2, 90)))
    case("conflict-line-pos-office-event-home", A, CONF, "event UM04 home, but the pump line's own UM04 is 11 (office)",
         S1, "Place of service is read line before event (DESIGN §5 Evidence); the line says office, outside 'the home or other residential care settings'.",
         [L("E0779", P("line place of service is office"), pos="11"), L("J9190", DRUG, units="36")],
         EV(["C180"]))
    case("conflict-msg-says-dx-entered-in-error", A, CONF, "HI C18.0 but the event MSG says the cancer code was entered in error (benign adenoma)",
         S1, "Free text never satisfies a criterion, but here it contradicts the only diagnosis that makes 5-FU reasonable and necessary; 'certify only on specific, consistent evidence' means a human should look.",
         [L("E0779", P("free text contradicts the diagnosis")), L("J9190", DRUG, units="36")],
         EV(["C180"], msg="CORRECTION - DX C18.0 ENTERED IN ERROR; PATHOLOGY SHOWS BENIGN TUBULAR ADENOMA; NO MALIGNANCY"),
         debatable="DESIGN says MSG never satisfies a criterion; it does not say whether MSG may contradict one. An engine that ignores MSG entirely will certify")

    # ============================ dates ============================
    case("dates-12-months-plus-one-day", A, DATE, "certification period 2026-03-05 to 2027-03-05 (12 months and one day)",
         S1, "The embedded maximum is 12 months (DESIGN §5 plausible data); 2026-03-05..2027-03-04 is 12 months, one more day exceeds it.",
         [L("E0779", P("period exceeds the 12-month maximum")), L("J9190", DRUG, units="36")],
         EV(["C180"], dates=("20260305", "20270305")),
         debatable="boundary: an engine counting whole calendar months may treat it as 12 months")
    case("dates-retroactive-2025", A, DATE, "a prior authorization asked on 2026-03-02 for services 2025-01-05..2025-04-04 (over a year in the past)",
         S1, "A prior authorization for a period that ended eleven months before the request cannot be certified as asked (DESIGN §5 plausible data / AAA 57 dates of service that cannot be certified).",
         [L("E0779", P("service period entirely in the past", accept=["AAA"])), L("J9190", DRUG, units="36")],
         EV(["C180"], dates=("20250105", "20250404")),
         debatable="retro-authorization windows are payer policy; the seeds are silent")
    case("dates-birth-after-service", A, DATE, "subscriber birth date 2027-01-15, after the service dates",
         S1, "A member not yet born on the date of service: the data cannot be right; pend or AAA, never certify.",
         [L("E0779", P("birth date after service", accept=["AAA"])), L("J9190", DRUG, units="36", )],
         EV(["C180"]), dmg="20270115")
    case("dates-gallium-j1457-after-end-date", V, DATE, "gallium nitrate billed J1457 for March 2026; J1457 ends 12/31/2025 (J7799 from 2026)",
         ["V.i4"] + VC, "criteria.md §3.2 V(F)/§4 row 4 (A52507): J1457 is valid for dates of service up to 12/31/2025 only. A drug code that does not exist on the date of service cannot identify the driving drug; E83.52 + C34.90 and full documents otherwise.",
         [L("E0781", P("driving drug code not valid on the date of service"), hsd=perday(24, 5), dates=("20260309", "20260313")),
          L("J1457", DRUG, units="1400", dates=("20260309", "20260313"))],
         EV(["E8352", "C3490"], dk="onc", pwk=DOCS, dates=("20260309", "20260313")),
         debatable="rests on criteria.md's A52507 dates, not on the seed text")

    # ============================ diagnosis neighbours ============================
    case("dx-acyclovir-mumps-b269", A, NEIGH, "acyclovir on E0780 with B26.9 mumps (one step from B25 CMV)",
         S2, "Mumps is a paramyxovirus, not a herpesvirus; acyclovir's indication group is herpesvirus infection (B00-B02, B10, B25, A60). Reasonable and necessary not shown.",
         [L("E0780", P("diagnosis outside the antiviral's group"), units="1"), L("J0133", DRUG, units="420")],
         EV(["B269"], dk="id", dates=("20260305", "20260325")))
    case("dx-5fu-colon-carcinoma-in-situ-d010", A, NEIGH, "5-FU on E0779 with D01.0 carcinoma in situ of colon (not C18)",
         S1, "In-situ neoplasms (D00-D09) are not malignant neoplasms (C00-C96); the continuous chemotherapy indication needs a malignancy (Correction 2).",
         [L("E0779", P("no malignancy coded")), L("J9190", DRUG, units="36")],
         EV(["D010"]))
    case("dx-vancomycin-osteonecrosis-m87", V, NEIGH, "vancomycin 24 h/day with M87.050 idiopathic aseptic necrosis (one step from M86 osteomyelitis)",
         ["V.i2"] + VC, "Aseptic (avascular) necrosis is not an infection; an antibacterial needs a bacterial infection (Correction 4). Full documents cannot supply the missing diagnosis.",
         [L("E0781", P("no bacterial infection coded"), hsd=perday(24, 42), dates=("20260305", "20260415")),
          L("J3370", DRUG, units="252", dates=("20260305", "20260415"))],
         EV(["M87050"], dk="id", pwk=DOCS, dates=("20260305", "20260415")))
    case("dx-deferoxamine-other-iron-metabolism-e8319", V, NEIGH, "deferoxamine with E83.19 (other disorders of iron metabolism), not E83.11x hemochromatosis",
         ["V.i5"] + VC, "Indication 5 is chronic iron overload; criteria.md §4 row 5 lists E83.11x. E83.19 is a neighbour that does not say overload; D56.1 alone does not show it either.",
         [L("E0781", P("chronic iron overload not coded"), hsd=perday(10, 90)), L("J0895", DRUG, units="180")],
         EV(["E8319", "D561"], dk="heme", pwk=DOCS),
         debatable="a clinician might read E83.19 + thalassemia as overload; the code list does not")

    # ============================ payer identity ============================
    case("payer-vt-id-with-anthem-name-set2-no-docs", V, PAYER, "UMO NM103 says ANTHEM BLUE CROSS CT but NM109 is VTMEDICAID; the request meets Anthem set 2, not Vermont",
         ["V.c2", "V.c4", "V.c6"], "The payer ID (NM108/NM109) selects the policy (DESIGN §5). Vermont needs supportive documentation (condition 2), follow-through (condition 4), and condition 6 for an intermittent antiviral is a clinician's question; no PWK is sent. Anthem's set 2 would certify this; Vermont must not.",
         [L("E0780", P("Vermont conditions 2/4/6 not shown", accept=[]), units="1"), L("J0133", DRUG, units="420")],
         EV(["B027"], dk="id", dates=("20260305", "20260325")),
         umo=("ANTHEM BLUE CROSS CT", "PI", "VTMEDICAID"))

    # ============================ prescriber roles (Vermont) ============================
    vt_base_lines = lambda: [L("E0781", None, hsd=HS46), L("J9190", DRUG, units="36")]

    def vt5fu(name, dk, proves, why, exp, pwk=DOCS, debatable=None):
        ls = vt_base_lines()
        ls[0]["exp"] = exp
        case(name, V, ROLE if name.startswith("role") else ATT, proves, ["V.presc", "V.i1", "V.c2", "V.c4"], why, ls,
             EV(["C160"], dk=dk, pwk=pwk), debatable=debatable)

    vt5fu("role-dk-chiropractor", "chiro", "indication 1 complete, but the ordering provider's taxonomy is chiropractor (111N00000X)",
          "A chiropractor has no prescribing authority for parenteral chemotherapy: 'operating within their scope of practice' is contradicted by structured data, which beats the attached documents (DESIGN §5).",
          P("prescriber outside scope of practice"))
    vt5fu("role-dk-npi-check-digit-fails", "badnpi", "indication 1 complete, ordering oncologist's NPI fails the Luhn check digit",
          "An NPI that fails its check digit identifies no provider; 'prescribed by a licensed medical provider' is not shown by a valid identifier.",
          P("prescriber NPI invalid"))
    vt5fu("role-dk-npi-is-requesting-organisation", "reqnpi", "ordering 'physician' carries the home infusion organisation's own NPI (the 2010B requester NPI)",
          "The prescriber's NPI is the supplier's organisational NPI: the requester must not stand in for the prescriber (DESIGN §5); structured data contradicts an individual licensed prescriber.",
          P("prescriber NPI is the requester's"))

    # ============================ attachments ============================
    vt5fu("attach-pwk-without-control-number", "onc", "DB and M1 'sent electronically' (EL) but with no PWK05/PWK06 attachment control number",
          "A document sent separately is matched by its attachment control number (x12-278.md §2.6: PWK05 AC + PWK06 needed whenever PWK02 is not AA); without it nothing can be matched, so nothing attests condition 2/4.",
          P("attachments cannot be linked"), pwk=[("DB", "EL", "nocn"), ("M1", "EL", "nocn")],
          debatable="some engines will count any PWK EL; x12-278.md marks the PWK05 requirement [L]")

    # ============================ code spelling ============================
    case("spell-lowercase-diabetes-e119", A, WS, "HI ABK C18.0 + ABF e119 (lowercase diabetes code) on a 5-FU E0779 request",
         ["A.scope"], "E11.9 type 2 diabetes routes the pump (scope: diagnoses other than diabetes mellitus). Whether the engine reads e119 as E11.9 (route) or as an invalid code (AAA AF / pend), it must not ignore it and certify.",
         [L("E0779", P("diabetes scope, or an unreadable diagnosis", accept=["AAA"])), L("J9190", DRUG, units="36")],
         EV(["C180", "e119"]))
    case("spell-dotted-diabetes-e11-9", A, WS, "HI ABF E11.9 written with its decimal point",
         ["A.scope"], "The guide sends codes without the decimal point; 'E11.9' is still plainly type 2 diabetes. Route it or reject it (AAA AF); never skip it and certify.",
         [L("E0779", P("diabetes scope, or an unreadable diagnosis", accept=["AAA"])), L("J9190", DRUG, units="36")],
         EV(["C180", "E11.9"]))
    case("spell-space-padded-ph-i2720", A, WS, "HI ABF ' I2720' (leading space) beside C18.0",
         ["A.scope"], "Pulmonary hypertension routes the Anthem pump whatever the drug (Correction 1); a padded code must be read or rejected, never silently dropped.",
         [L("E0779", P("PH scope, or an unreadable diagnosis", accept=["AAA"])), L("J9190", DRUG, units="36")],
         EV(["C180", " I2720"]))
    case("spell-lowercase-meperidine-beside-morphine", V, WS, "morphine for cancer pain plus a second drug line 'j2175' (meperidine, lowercase)",
         ["V.i7"] + VC, "Indication 7 excludes meperidine; the request carries a meperidine line. If the engine cannot read 'j2175', an unidentified drug line still never proves 'not meperidine' (DESIGN §5 identified drugs only); if it reads it, meperidine beside morphine is not conclusive either way. Pend.",
         [L("E0779", P("meperidine (or an unreadable drug) beside morphine")), L("J2270", DRUG, units="180"),
          L("j2175", DRUG, units="30")],
         EV(["G893", "C259"], dk="pain", pwk=DOCS))


    # post-run probes: written after the first engine run on the 40 above (whose explain text said a second
    # same-class pump passes when "the event has more drug lines"), with the expectation written before these
    # two files were run. Marked "post_run" in expected.json.
    case("repeat-e0779-twice-drug-line-repeated", A, UNITS, "two E0779 (RR and NU) on the same dates with the 5-FU line sent twice",
         S1, "A repeated drug line is the same regimen, not a second one: one regimen needs one pump (DESIGN §5 plausible data: two pumps of the same class for one regimen on overlapping dates pend 0V).",
         [L("E0779", P("two E0779 for one regimen"), mods=["RR"]), L("E0779", P("two E0779 for one regimen"), mods=["NU"], svc="12", units="1"),
          L("J9190", DRUG, units="36"), L("J9190", DRUG, units="36")],
         EV(["C180"]), post=True)
    case("repeat-e0779-twice-5fu-and-vancomycin", A, UNITS, "two E0779 on the same dates, drugs 5-FU (C18.0) and vancomycin (M86.10)",
         S1 + ["A.s2d"], "5-FU can drive one pump (set 1); vancomycin meets no Anthem set. So at most one pump is certified; I expect the first A1 and the second A4 (an engine pending both would over-pend, not wrongly approve).",
         [L("E0779", A1("set 1 with 5-FU"), mods=["RR"]), L("E0779", P("vancomycin meets no set; 5-FU cannot drive two pumps"), mods=["NU"], svc="12", units="1"),
          L("J9190", DRUG, units="36"), L("J3370", DRUG, units="368")],
         EV(["C180", "M8610"]), post=True)

def resolve(c):
    pump = next((l["exp"] for l in c["lines"] if kind_of(l["code"]) == "pump"), None)
    out = []
    for l in c["lines"]:
        e = l["exp"]
        if e == FOLLOW:
            e = dict(pump)
            e["note"] = "supply follows the pump line"
        d = dict(code=l["code"], hcr01=e["hcr01"])
        for k in ("aaa", "accept"):
            if e.get(k):
                d[k] = e[k]
        d["note"] = e["note"]
        out.append(d)
    return out


def event_of(lines):
    acts = {l["hcr01"] for l in lines if l["hcr01"] != "AAA"}
    if acts == {"C"}:
        return "C"
    if acts == {"A1"}:
        return "A1"
    if "A4" in acts or "C" in acts:
        return "A4"
    return "A2"


def main():
    check_quotes()
    build()
    for f in os.listdir(HERE):
        if f.endswith(".x12") or f.endswith(".edi"):
            os.remove(os.path.join(HERE, f))
    entries, names, idx = [], set(), {"anthem": 0, "vt": 0}
    for i, c in enumerate(CASES):
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
        pool = SUBS[c["payer"]]
        sub = pool[idx[c["payer"]] % len(pool)]
        idx[c["payer"]] += 1
        ref = "%s%03d" % ("RTA" if c["payer"] == "anthem" else "RTV", i + 1)
        # a request with an NPI that fails its check digit on purpose is .edi, not .x12: the edi package's
        # corpus tests require every samples/**/*.x12 to carry valid NPIs (samples/README.md, errors/*.edi)
        fname = c["name"] + (".edi" if c["name"].endswith("npi-check-digit-fails") else ".x12")
        with open(os.path.join(HERE, fname), "w") as f:
            f.write(interchange(810000001 + i, c, ref, sub))
        lines = resolve(c)
        ent = dict(file=fname, payer=(c["umo"] or PAYERS[c["payer"]])[2], **{"class": c["cls"]},
                   clause=c["clause"], why=c["why"], lines=lines, event=event_of(lines), proves=c["proves"])
        if c["debatable"]:
            ent["debatable"] = c["debatable"]
        if c["post"]:
            ent["post_run"] = True
        entries.append(ent)
    assert sum(1 for e in entries if not e.get("post_run")) == 40, len(entries)
    assert sum(1 for e in entries if e["class"] == "positive") == 10
    assert all(l["hcr01"] != "A3" for e in entries for l in e["lines"])
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(entries, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote %d files" % len(entries))


if __name__ == "__main__":
    main()
