#!/usr/bin/env python3
"""Red-team corpus 3 for gate278: 40 blind 005010X217 278 requests.

Written by an independent reviewer from the two seed policies (Anthem Blue Cross
CT CG-DME-21, /work/shared/seeds/000_215f0b6b90ae3e1a.txt; Vermont DVHA external
infusion pump guideline, 004_27486b74d1dcb4ec.txt), DESIGN.md §5, criteria.md
(Corrections first) and docs/x12-278.md, without reading the engine, with every
expectation written BEFORE the engine ran on any of these files.

    python3 gen.py      # writes *.x12 / *.edi and expected.json here (deterministic, stdlib only)

Focus (classes the adversarial and redteam2 corpora do not cover): evidence
leaking between transaction sets of one interchange (other patients, or the
same patient's other request), more than one 2000E in a set, the patient being
the dependent (DMG of the subscriber vs the dependent), diagnosis qualifier and
code validity (ICD-9 BK, ICD-10 category headers, extra characters), place of
service given as a UB facility code (UM04 qualifier A), inpatient event with a
home line, drug-line HSD vs pump-line HSD, the drug line's product qualifier
(IV instead of HC), cancelled or zero-unit drug lines, zero/negative units,
line dates outside the event's period, an event cancel with a new line, neoplasm
pain without a malignancy, plus 8 positive controls the seeds support.

Expectations assume the embedded default configuration (adverse: review,
drug_lines: review, attestation accepted): no line is A3. `hcr01` AAA expects an
AAA in that loop instead of an HCR; `999` expects the set to be rejected (no
278 answer for it). `accept` lists other acceptable outcomes; A1 is never in
`accept` where `hcr01` is A4: a certification there is a wrong approval.
Lines are listed in file order across all transaction sets (`set` = ST index).
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_DIR = os.environ.get("GATE278_SEEDS", "/work/shared/seeds")
DOC_DIR = os.environ.get("GATE278_DOCS", "/work/shared/docs")
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




def perday(h, days):
    return "HS*%s***7*%d" % (h, days)

DOCS = [("DB", "EL"), ("M1", "EL")]

Q.update({
    "V.i6": (SEED_V, "Coverage Guidelines, indication 6",
             "Heparin to adequately anticoagulate women through pregnancy (warfarin compounds are not routinely used for this indication)."),
    "V.c1": (SEED_V, "Coverage Guidelines, condition 1", "An infusion pump is necessary to safely administer the drug. AND"),
    "V.c3": (SEED_V, "Coverage Guidelines, condition 3",
             "The drug does not require the individual to return to a physician’s office before the beginning of each infusion. AND"),
    "A.home": (SEED_A, "Title", "External Infusion Pumps for the Administration of Drugs in the Home or Residential Care Settings"),
})
# DESIGN.md §5 and docs/x12-278.md sentences (checked verbatim against those files)
DQ = {
    "D.one": ("DESIGN.md", "§5 Certify only on specific, consistent evidence › One driving drug",
              "One drug line of the same event, identified by the policy's drug table, satisfies every criterion of one criteria set"),
    "D.evid": ("DESIGN.md", "§5 Evidence",
               "comes from structured data only: diagnoses (2000E HI), place of service (UM04 qualifier B, line before event), the drug lines of the same patient event"),
    "D.hsd": ("DESIGN.md", "§5 Evidence",
              "infusion duration (HSD hours per episode or day on the pump line; E0779 means ≥ 8 h and E0780 < 8 h by definition)"),
    "D.dx": ("DESIGN.md", "§5 Drug and diagnosis belong together",
             "The driving drug's indication requires a diagnosis on the request from the drug's own indication group"),
    "D.ident": ("DESIGN.md", "§5 Identified drugs only",
                "an unidentified drug line never shows that a drug is absent"),
    "D.plaus": ("DESIGN.md", "§5 Plausible data",
                "service dates that cannot be certified as asked pend with 0V and the reason in the trace."),
    "D.certify": ("DESIGN.md", "§5", "A pump line is certified (A1) only when all of this holds; anything short of it pends:"),
    "D.contra": ("DESIGN.md", "§5 Evidence", "Structured evidence that contradicts a criterion always wins over attestation"),
    "D.cancel": ("DESIGN.md", "§5 Certification type", "`3` cancels (HCR `C`, needs REF*BB)"),
    "D.aaa": ("DESIGN.md", "§5 Request errors",
              "no diagnosis where the payer needs one (2000E `AF`; HI is situational in the guide)"),
    "X.multi": ("x12-278.md", "§1.5", "Multiple patients ⇒ multiple transaction sets."),
    "X.one": ("x12-278.md", "§8 item 2", "one 2000E per ST"),
    "X.um04": ("x12-278.md", "UM04", "UM04-2 qualifier `B` = CMS place-of-service (e.g. `12:B` home, `11:B` office), `A` = UB bill-type facility code"),
    "X.hi": ("x12-278.md", "§2.2 HI", "`ABK` ICD-10-CM principal, `BK` ICD-9 principal"),
}


def _norm(s):
    return re.sub(r"(\w)- (\w)", r"\1-\2", re.sub(r"\s+", " ", s))


def check_quotes():
    seeds = {f: _norm(open(os.path.join(SEED_DIR, f), encoding="utf-8").read()) for f in (SEED_A, SEED_V)}
    for k, (f, _, q) in Q.items():
        if _norm(q) not in seeds[f]:
            sys.exit("clause %s is not verbatim in %s" % (k, f))
    docs = {f: _norm(open(os.path.join(DOC_DIR, f), encoding="utf-8").read()) for f in ("DESIGN.md", "x12-278.md")}
    for k, (f, _, q) in DQ.items():
        if _norm(q) not in docs[f]:
            sys.exit("clause %s is not verbatim in %s" % (k, f))


def clause(keys):
    out = []
    for k in keys:
        f, sec, q = Q[k] if k in Q else DQ[k]
        out.append('"%s" (%s, %s)' % (q, f, sec))
    return " + ".join(out)


def A1(note):
    return dict(hcr01="A1", note=note)


def P(note, accept=()):
    return dict(hcr01="A4", note=note, accept=list(accept))


def AAA(code, note, accept=()):
    return dict(hcr01="AAA", aaa=code, note=note, accept=list(accept))


def C(note, accept=()):
    return dict(hcr01="C", note=note, accept=list(accept))


def REJ(note):
    return dict(hcr01="999", note=note)


DRUG = dict(hcr01="A4", note="drug line: evidence for the pump line, routed to drug benefit review (A4 0V)", accept=["AAA"])
FOLLOW = "FOLLOW"


def kind_of(code):
    c = code.strip().upper()
    if c in ("E0779", "E0780", "E0781", "E0791", "K0455"):
        return "pump"
    if c in ("A4221", "A4222", "K0552", "E0776"):
        return "supply"
    if c.startswith("J"):
        return "drug"
    return "other"


def L(code, exp, qual="HC", mods=(), cert="I", svc=None, ref_bb=None, dates=None, hsd=None, pwk=(), units=None,
      pos=None, posq="B", msg=None, dtp=None):
    kind = kind_of(code)
    if svc is None:
        svc = {"pump": "18", "supply": "12"}.get(kind)
    if units is None:
        units = {"pump": "3", "supply": "13"}.get(kind, "30")
    charge = {"E0779": "420", "E0780": "300", "E0781": "1350", "E0791": "1500", "K0455": "2100"}.get(code, "250")
    return dict(code=code, qual=qual, mods=list(mods), cert=cert, svc=svc, ref_bb=ref_bb, dates=dates, hsd=hsd,
                pwk=list(pwk), units=units, charge=charge, pos=pos, posq=posq, msg=msg, dtp=dtp, exp=exp)


def EV(dx, lines, cert="I", pos="12", posq="B", dates=DATES, pwk=(), dk="onc", hsd=None, msg=None, ref_bb=None,
       hi=None, dtp=None):
    """One 2000E with its 2000F lines. dx: ICD-10 codes (first ABK, others ABF); hi: raw HI composites instead."""
    return dict(dx=list(dx), lines=lines, cert=cert, pos=pos, posq=posq, dates=dates, pwk=list(pwk), dk=dk, hsd=hsd,
                msg=msg, ref_bb=ref_bb, hi=hi, dtp=dtp)


def ST(events, sub=None, subdmg=None, dep=None):
    """One transaction set. sub: subscriber tuple (default: next of the pool); subdmg: (dob, gender) or False (no
    DMG); dep: dependent (last, first, dob, gender) or None (the subscriber is the patient)."""
    if isinstance(events, dict):
        events = [events]
    return dict(events=events, sub=sub, subdmg=subdmg, dep=dep)


CASES = []


def case(name, payer, cls, proves, keys, why, sets, isa15="T", debatable=None, ext=".x12"):
    if isinstance(sets, dict):
        sets = [sets]
    CASES.append(dict(name="rt3-%s-%s" % (payer, name), payer=payer, cls=cls, proves=proves, clause=clause(keys),
                      why=why, sets=sets, isa15=isa15, debatable=debatable, ext=ext))


# ----------------------------------------------------------------- X12
def pwk_segs(pw, ref):
    out = []
    for i, p in enumerate(pw):
        t, tx = p[0], p[1]
        out.append("PWK*%s*%s" % (t, tx) if tx == "AA" else "PWK*%s*%s***AC*%s%d" % (t, tx, ref, i + 1))
    return out


def dk_segs(key):
    nm101, nm102, last, first, n, tax = DK[key]
    return ["NM1*%s*1*%s*%s****XX*%s" % (nm101, last, first, n), "PRV*OR*PXC*%s" % tax]


def set_segments(c, s, stn, ref, sub):
    pname, pq, pid = PAYERS[c["payer"]]
    rname, rnpi, rtax = REQ[c["payer"]]
    seg = ["ST*278*%04d*005010X217" % stn, "BHT*0007*13*%s*20260302*0915" % ref,
           "HL*1**20*1", "NM1*X3*2*%s*****%s*%s" % (pname, pq, pid),
           "HL*2*1*21*1", "NM1*1P*2*%s*****XX*%s" % (rname, rnpi), "PER*IC*INTAKE*TE*8025550147",
           "PRV*PE*PXC*%s" % rtax]
    last, first, mid, dob, g = sub
    seg += ["HL*3*2*22*1", "NM1*IL*1*%s*%s****MI*%s" % (last, first, mid)]
    if s["subdmg"] is not False:
        if s["subdmg"]:
            dob, g = s["subdmg"]
        seg.append("DMG*D8*%s*%s" % (dob, g))
    hl, parent = 3, 3
    if s["dep"]:
        dl, df, ddob, dg = s["dep"]
        hl = 4
        seg += ["HL*4*3*23*1", "NM1*QC*1*%s*%s" % (dl, df), "DMG*D8*%s*%s" % (ddob, dg), "INS*N*19"]
        parent = 4
    for en, e in enumerate(s["events"]):
        hl += 1
        ehl = hl
        seg += ["HL*%d*%d*EV*1" % (ehl, parent), "TRN*1*%sE%d*9223409876" % (ref, en + 1)]
        um = "UM*HS*%s*18" % e["cert"]
        if e["pos"]:
            um += "*%s:%s" % (e["pos"], e["posq"])
        seg.append(um)
        if e["ref_bb"]:
            seg.append("REF*BB*%s" % e["ref_bb"])
        if e["dtp"]:
            seg.append("DTP*AAH*" + e["dtp"])
        elif e["dates"]:
            seg.append("DTP*AAH*RD8*%s-%s" % e["dates"])
        if e["hi"]:
            seg.append("HI*" + "*".join(e["hi"]))
        elif e["dx"]:
            seg.append("HI*" + "*".join(("ABK:" if i == 0 else "ABF:") + d for i, d in enumerate(e["dx"])))
        if e["hsd"]:
            seg.append("HSD*" + e["hsd"])
        seg += pwk_segs(e["pwk"], ref + "E%d" % (en + 1))
        if e["msg"]:
            seg.append("MSG*" + e["msg"])
        if e["dk"]:
            seg += dk_segs(e["dk"])
        for i, l in enumerate(e["lines"]):
            hl += 1
            seg += ["HL*%d*%d*SS*0" % (hl, ehl), "TRN*1*%sE%dL%d*9223409876" % (ref, en + 1, i + 1)]
            um = "UM*HS*%s" % l["cert"]
            if l["svc"] or l["pos"]:
                um += "*%s" % (l["svc"] or "")
            if l["pos"]:
                um += "*%s:%s" % (l["pos"], l["posq"])
            seg.append(um)
            if l["ref_bb"]:
                seg.append("REF*BB*%s" % l["ref_bb"])
            if l["dtp"]:
                seg.append("DTP*472*" + l["dtp"])
            else:
                d = l["dates"] or e["dates"]
                if d:
                    seg.append("DTP*472*RD8*%s-%s" % d)
            seg.append("SV1*%s*%s*UN*%s" % (":".join([l["qual"], l["code"]] + l["mods"]), l["charge"], l["units"]))
            if l["hsd"]:
                seg.append("HSD*" + l["hsd"])
            seg += pwk_segs(l["pwk"], "%sE%dL%d" % (ref, en + 1, i + 1))
            if l["msg"]:
                seg.append("MSG*" + l["msg"])
    seg.append("SE*%d*%04d" % (len(seg) + 1, stn))
    return seg


def interchange(ctrl, c, ref, subs):
    snd = SENDER[c["payer"]]
    isa = "ISA*00*          *00*          *ZZ*%-15s*ZZ*%-15s*260302*0915*^*00501*%09d*0*%s*:~" % (
        snd, "GATE278", ctrl, c["isa15"])
    assert len(isa) == 106, isa
    out = [isa[:-1], "GS*HI*%s*GATE278*20260302*0915*%d*X*005010X217" % (snd, ctrl)]
    for k, s in enumerate(c["sets"]):
        out += set_segments(c, s, k + 1, "%s%s" % (ref, "" if len(c["sets"]) == 1 else "S%d" % (k + 1)), subs[k])
    out += ["GE*%d*%d" % (len(c["sets"]), ctrl), "IEA*1*%09d" % ctrl]
    return "".join(s + "~\n" for s in out)


# ----------------------------------------------------------------- the corpus
def build():
    A, V = "anthem", "vt"
    POS, XSET, MULTI, DEP, DXQ, PLACE, DUR, DRUGQ, DATE, UNITS, CERT, PAIN = (
        "positive", "cross-set-leak", "multi-event-set", "dependent-patient", "dx-code-validity", "place-qualifier",
        "duration-source", "drug-line-validity", "dates", "units-zero-negative", "cert-type-conflict", "pain-without-malignancy")
    D5 = ("20260305", "20260604")
    SUBA2 = ("MACALLISTER", "ROWAN", "ZQR5509911", "19620830", "F")
    SUBV2 = ("NADEAU", "CELESTE", "VT80049911", "19740412", "F")

    def s1(pexp=None, dx=("C180",), **kw):
        return EV(list(dx), [L("E0779", pexp or A1("set 1: J9190 + malignancy + E0779 + home"), mods=["RR"]),
                             L("J9190", DRUG, units="36")], **kw)

    def vt1(pexp=None, dx=("C180",), pwk=DOCS, **kw):
        return EV(list(dx), [L("E0781", pexp or A1("indication 1, conditions 1-6, prescriber"), units="3", hsd=perday(24, 92)),
                             L("J9190", DRUG, units="92")], pwk=pwk, **kw)

    # ============================ positive controls (8) ============================
    case("pos-set1-rectal-principal-with-hypertension-secondary", A, POS,
         "set 1: 5-FU + C20 (ABK) + I10 (ABF, harmless comorbidity) on E0779 at home; A4222 follows", S1,
         "Every set 1 bullet has structured evidence; an unrelated secondary diagnosis (essential hypertension) neither routes nor contradicts.",
         ST(EV(["C20", "I10"], [L("E0779", A1("set 1"), mods=["RR"]), L("A4222", FOLLOW, units="6"), L("J9190", DRUG, units="36")])))
    case("pos-set2-ganciclovir-dependent-child", A, POS,
         "set 2: ganciclovir E0780 for CMV hepatitis (B25.1) in a dependent child (2000D), subscriber is the parent", S2,
         "The patient is the dependent; the event hangs under 2000D; ganciclovir is rate-controlled with a herpesvirus (CMV) diagnosis; E0780 < 8 h; home.",
         ST(EV(["B251"], [L("E0780", A1("set 2"), units="1"), L("J1570", DRUG, units="42")], dk="id", dates=("20260305", "20260325")),
            dep=("MACALLISTER", "TAMSIN", "20150611", "F")))
    case("pos-set1-exactly-12-months", A, POS,
         "set 1: 5-FU + C18.0 on E0779 for exactly 12 months (2026-03-05..2027-03-04), 12 rental units", S1 + ["D.plaus"],
         "Twelve months is the embedded maximum; a period of exactly 12 months (ending the day before the anniversary) is within it.",
         ST(EV(["C180"], [L("E0779", A1("set 1, 12-month period at the maximum"), mods=["RR"], units="12"), L("J9190", DRUG, units="144")],
               dates=("20260305", "20270304"))))
    case("pos-two-sets-two-patients-both-certifiable", A, POS,
         "two transaction sets in one GS: patient A 5-FU/C18.0/E0779, patient B acyclovir/B00.4/E0780; each certifiable on its own", S1 + S2 + ["X.multi"],
         "Two complete requests in one functional group; both meet a set with their own evidence. A positive control for the cross-set-leak class.",
         [ST(s1()), ST(EV(["B004"], [L("E0780", A1("set 2 on its own evidence"), units="1"), L("J0133", DRUG, units="420")], dk="id",
                          dates=("20260305", "20260325")), sub=SUBA2)])
    case("pos-set1-principal-z5111-secondary-c180", A, POS,
         "set 1: HI ABK Z51.11 (encounter for chemotherapy) + ABF C18.0; 5-FU on E0779", S1 + ["D.dx"],
         "DESIGN asks for a diagnosis 'on the request' from the drug's group; the malignancy as a secondary (ABF) diagnosis is on the request (the TR3's own example codes it this way, x12-278.md HI*ABK:C180*ABF:Z5111 reversed).",
         ST(EV(["Z5111", "C180"], [L("E0779", A1("set 1, malignancy in ABF"), mods=["RR"]), L("J9190", DRUG, units="36")])),
         debatable="an engine that reads only the principal diagnosis pends this; I consider that an over-pend")
    case("pos-ind1-floxuridine-hcc", V, POS,
         "indication 1 (and 3): floxuridine continuous 24 h/day for hepatocellular carcinoma C22.0, DB + M1, oncologist", ["V.i1"] + VC,
         "Floxuridine is named in indication 1; C22.0 is a malignancy; 24 h/day; home; DB + M1 sent electronically attest the documentary conditions.",
         ST(EV(["C220"], [L("E0781", A1("indication 1"), units="3", hsd=perday(24, 92)), L("J9200", DRUG, units="92")], pwk=DOCS)))
    case("pos-ind7-methadone-lung-cancer-pain", V, POS,
         "indication 7: continuous methadone (not meperidine) for lung cancer pain C34.90 + G89.3, M1 shows the failed oral trial", ["V.i7"] + VC,
         "Methadone is a narcotic analgesic other than meperidine; malignancy plus neoplasm-related pain coded; 24 h/day; M1 + DB sent.",
         ST(EV(["C3490", "G893"], [L("E0781", A1("indication 7"), units="3", hsd=perday(24, 92)), L("J1230", DRUG, units="276")], pwk=DOCS, dk="pain")))
    case("pos-ind5-deferoxamine-dependent-transfusional", V, POS,
         "indication 5: deferoxamine 10 h/day for transfusional iron overload (E83.111 + D57.1 sickle cell) in a dependent child", ["V.i5"] + VC,
         "Deferoxamine for chronic iron overload (hemochromatosis due to repeated transfusions); 10 h/day; DB + M1; hematologist; the patient is the 2000D dependent.",
         ST(EV(["E83111", "D571"], [L("E0781", A1("indication 5"), units="3", hsd=perday(10, 92)), L("J0895", DRUG, units="184")],
               pwk=DOCS, dk="heme"), sub=SUBV2, dep=("NADEAU", "JULES", "20120303", "M")))

    # ============================ evidence leaking across transaction sets (7) ============================
    case("xset-second-patient-acyclovir-no-infection", A, XSET,
         "set 1 patient A certifiable 5-FU/C18.0/E0779; set 2 patient B acyclovir on E0780 with only Z79.899 (no infection)", S2 + ["D.dx", "X.multi"],
         "Patient B's acyclovir has no herpesvirus diagnosis of its own; patient A's request (another ST) must not lend anything.",
         [ST(s1()), ST(EV(["Z79899"], [L("E0780", P("no viral diagnosis on patient B's request"), units="1"), L("J0133", DRUG, units="420")],
                          dk="id", dates=("20260305", "20260325")), sub=SUBA2)])
    case("xset-drug-in-one-set-pump-in-next-other-patient", A, XSET,
         "set 1 patient A: J9190 + C18.0, no pump; set 2 patient B: E0779 + C18.0 but no drug line", S1 + ["D.one", "X.multi"],
         "Patient B's pump has no drug line in its own event; the drug in patient A's set is another person's.",
         [ST(EV(["C180"], [L("J9190", DRUG, units="36")])),
          ST(EV(["C180"], [L("E0779", P("no drug line in this event"), mods=["RR"])]), sub=SUBA2)])
    case("xset-same-member-drug-and-pump-split", A, XSET,
         "the same member in two sets: set 1 has the 5-FU line, set 2 the E0779 (both HI C18.0)", S1 + ["D.one", "D.evid"],
         "DESIGN takes the drug lines of the same patient event; a separate transaction set is a separate event, so set 2's pump has no drug.",
         [ST(EV(["C180"], [L("J9190", DRUG, units="36")])),
          ST(EV(["C180"], [L("E0779", P("no drug line in this event (drug sent in another set)"), mods=["RR"])]), sub=None)],
         debatable="a payer could link the two by member and dates; DESIGN says 'same patient event'")
    case("xset-malignancy-on-other-patient", A, XSET,
         "set 1 patient A: HI C18.0 and only an A4222 line; set 2 patient B: 5-FU on E0779 with HI Z51.11 only", S1 + ["D.dx", "X.multi"],
         "Patient B has no malignancy coded; patient A's cancer diagnosis is in another set.",
         [ST(EV(["C180"], [L("A4222", P("supply with no pump line pends (0U)"), units="6")])),
          ST(EV(["Z5111"], [L("E0779", P("no malignancy on patient B's request"), mods=["RR"]), L("J9190", DRUG, units="36")]), sub=SUBA2)])
    case("xset-attachments-on-other-patient", V, XSET,
         "set 1 patient A: indication 1 with DB + M1; set 2 patient B: the same request without any PWK", ["V.i1", "V.c2", "V.c4", "X.multi"],
         "Conditions 2/4 and the prescriber's knowledge need documents; patient B sent none; patient A's attachments are not B's.",
         [ST(vt1()), ST(vt1(pexp=P("no attachment on patient B's request (0U)"), pwk=()), sub=SUBV2)])
    case("xset-prescriber-on-other-patient", V, XSET,
         "set 1 patient A: indication 1 with DB + M1 and ordering oncologist; set 2 patient B: same with DB + M1 but no ordering provider", ["V.presc", "X.multi"],
         "The Coverage Position needs a prescriber; patient B's request names none; the requester must not stand in, nor another set's DK.",
         [ST(vt1()), ST(vt1(pexp=P("no ordering provider on patient B's request"), dk=None), sub=SUBV2)])
    case("xset-inpatient-second-patient", A, XSET,
         "set 1 patient A home; set 2 patient B the same set 1 request but event UM04 21:B (inpatient hospital)", ["A.home", "A.scope"] + ["X.multi"],
         "Patient B is an inpatient: the policy addresses the home or residential care settings; patient A's home place is not B's.",
         [ST(s1()), ST(s1(pexp=P("inpatient place of service (routed/pend)"), pos="21"), sub=SUBA2)])

    # ============================ more than one 2000E in a set (2, rejected) ============================
    case("multi-two-events-one-set", A, MULTI,
         "one ST with two 2000E events (5-FU/E0779 and acyclovir/E0780 with Z79.899): the guide allows one event per ST", ["X.one"],
         "The implementation checklist makes one 2000E per ST a structure rule (999). If the engine accepts it, the second event's pump must not borrow the first's evidence.",
         ST([EV(["C180"], [L("E0779", REJ("set rejected (999)"), mods=["RR"]), L("J9190", REJ("set rejected (999)"), units="36")]),
             EV(["Z79899"], [L("E0780", REJ("set rejected (999); if adjudicated: A4, no viral dx in its event"), units="1"), L("J0133", REJ("set rejected"), units="420")], dk="id")]),
         ext=".edi")
    case("multi-two-events-drug-in-first-pump-in-second", A, MULTI,
         "one ST, two 2000E: event 1 holds J9190 + C18.0, event 2 holds E0779 + C18.0 without a drug line", ["X.one", "D.one"],
         "Rejected by structure; if adjudicated, event 2's pump has no drug of its own event.",
         ST([EV(["C180"], [L("J9190", REJ("set rejected (999)"), units="36")]),
             EV(["C180"], [L("E0779", REJ("set rejected (999); if adjudicated: A4, no drug in its event"), mods=["RR"])])]),
         ext=".edi")

    # ============================ the patient is the dependent (2) ============================
    case("dep-heparin-pregnancy-male-dependent-female-subscriber", V, DEP,
         "heparin for pregnancy (O22.33 + Z33.1): the 2000D dependent patient is male, the subscriber female", ["V.i6", "D.contra"],
         "Indication 6 is for women through pregnancy; the patient (dependent) is male: contradicting structured data. The subscriber's F must not be read as the patient's.",
         ST(EV(["O2233", "Z331"], [L("E0781", P("patient male: pregnancy indication contradicted"), units="3", hsd=perday(24, 92)),
                                   L("J1644", DRUG, units="2760")], pwk=DOCS, dk="heme"),
            subdmg=("19800214", "F"), dep=("GOSSELIN", "THEO", "19990802", "M")))
    case("dep-heparin-pregnancy-dependent-age-3", V, DEP,
         "heparin for pregnancy: the dependent patient is female but born 2023 (age 2)", ["V.i6", "D.plaus"],
         "A pregnancy diagnosis in a 2-year-old is implausible data; the subscriber (adult female) is not the patient.",
         ST(EV(["O2233", "Z331"], [L("E0781", P("implausible: pregnancy at age 2"), units="3", hsd=perday(24, 92)),
                                   L("J1644", DRUG, units="2760")], pwk=DOCS, dk="heme"),
            sub=SUBV2, subdmg=("19900101", "F"), dep=("NADEAU", "ISOLDE", "20230610", "F")))
    # ============================ diagnosis qualifier and validity (5) ============================
    case("dx-icd9-bk-qualifier", A, DXQ,
         "5-FU on E0779 with the diagnosis sent as ICD-9 (HI*BK:1530, colon cancer in ICD-9) for 2026 service dates", S1 + ["X.hi", "D.dx"],
         "ICD-9 codes are not valid for 2026 dates of service (ICD-10 since 2015-10-01); 1530 is not an ICD-10 malignancy. No valid diagnosis from the drug's group.",
         ST(EV([], [L("E0779", P("no valid ICD-10 diagnosis", ["AAA"]), mods=["RR"]), L("J9190", DRUG, units="36")], hi=["BK:1530"])))
    case("dx-icd10-category-header-c18", A, DXQ,
         "5-FU on E0779 with HI ABK:C18 (category header, not a billable code)", S1 + ["D.dx", "D.aaa"],
         "C18 needs a fourth character; a category header is not a valid diagnosis code (AAA AF or a pend), and prefix matching must not make it a malignancy.",
         ST(s1(pexp=P("invalid ICD-10 code (category header)", ["AAA"]), dx=["C18"])))
    case("dx-icd10-extra-character-c1810", A, DXQ,
         "5-FU on E0779 with HI ABK:C1810 (C18.1 has no fifth character)", S1 + ["D.dx"],
         "C18.10 does not exist in ICD-10-CM; it only looks like C18.1.",
         ST(s1(pexp=P("invalid ICD-10 code", ["AAA"]), dx=["C1810"])))
    case("dx-icd10-extra-character-b2509", A, DXQ,
         "ganciclovir on E0780 with HI ABK:B2509 (B25.0 CMV pneumonitis has no fifth character)", S2 + ["D.dx"],
         "B25.09 does not exist; prefix matching on B25 would accept it.",
         ST(EV(["B2509"], [L("E0780", P("invalid ICD-10 code", ["AAA"]), units="1"), L("J1570", DRUG, units="42")], dk="id",
               dates=("20260305", "20260325"))))
    case("dx-malignancy-only-as-drg", A, DXQ,
         "5-FU on E0779 whose only 'diagnosis' is a DRG (HI*DR:847, chemotherapy) with C18.0 nowhere", S1 + ["D.dx"],
         "A DRG is not a diagnosis; no malignancy is coded.",
         ST(EV([], [L("E0779", P("no ICD-10 diagnosis", ["AAA"]), mods=["RR"]), L("J9190", DRUG, units="36")], hi=["DR:847"])))

    # ============================ place of service qualifier / inpatient (3) ============================
    case("place-ub-facility-12-qualifier-a", A, PLACE,
         "set 1 request with event UM04 12:A (UB facility type 12 = hospital inpatient, Part B), no :B place anywhere", ["A.home", "X.um04"],
         "Qualifier A is a UB bill-type facility code, not a CMS place of service; '12' here is a hospital, not the home. No home place is shown.",
         ST(s1(pexp=P("no CMS place of service; facility code 12 is a hospital"), posq="A")))
    case("place-ub-facility-13-qualifier-a", V, PLACE,
         "indication 1 with event UM04 13:A (UB hospital outpatient) and no :B place", ["V.c3", "X.um04"],
         "Condition 3 (no return to the physician's office) and the home setting are unknown; 13:A is not assisted living (13:B).",
         ST(vt1(pexp=P("no CMS place of service; facility code 13 is hospital outpatient"), pos="13", posq="A")))
    case("place-event-inpatient-line-home", A, PLACE,
         "event UM04 21:B (inpatient hospital) with the pump line's UM04 12:B (home)", ["A.home", "D.evid", "D.certify"],
         "DESIGN reads line before event, but the two contradict: the patient is an inpatient now and the line says home. Consistent evidence is missing.",
         ST(EV(["C180"], [L("E0779", P("event inpatient contradicts line home"), mods=["RR"], pos="12"), L("J9190", DRUG, units="36")], pos="21")),
         debatable="line-before-event could justify A1 (discharge home planned); I read 'consistent evidence' as a pend")

    # ============================ where the duration comes from (2) ============================
    case("dur-drug-hsd-24h-vs-pump-hsd-2h", A, DUR,
         "foscarnet on E0781 for CMV (B25.0): pump line HSD 2 h/day, the drug line HSD 24 h/day", S2 + ["D.certify", "D.hsd"],
         "Set 2 needs each episode < 8 h; the drug line says 24 h/day for the same drug and dates: contradicting structured data.",
         ST(EV(["B250", "B20"], [L("E0781", P("pump HSD 2 h contradicted by drug HSD 24 h"), units="1", hsd=perday(2, 21)),
                                 L("J1455", DRUG, units="84", hsd=perday(24, 21))], dk="id", dates=("20260305", "20260325"))))
    case("dur-e0781-hsd-only-on-drug-line", A, DUR,
         "5-FU on E0781 with no HSD on the pump line; only the drug line carries HSD 24 h/day", S1 + ["D.hsd"],
         "E0781 has no duration by definition and DESIGN reads HSD on the pump line; set 1's ≥ 8 h bullet is unknown.",
         ST(EV(["C180"], [L("E0781", P("no duration on the pump line"), units="3"), L("J9190", DRUG, units="92", hsd=perday(24, 92))])),
         debatable="reading the drug line's HSD is a reasonable extension; the expectation follows DESIGN's 'on the pump line'")

    # ============================ drug line validity (3) ============================
    case("drug-qualifier-iv-not-hcpcs", A, DRUGQ,
         "E0779 + C18.0 with the drug line SV1*IV:J9190 (Home Infusion EDI Coalition qualifier, not HCPCS)", S1 + ["D.ident", "D.one"],
         "SV101-1 IV says the code is a HIEC code; J9190 is not identified as the HCPCS drug by that qualifier. The only drug line is unidentified.",
         ST(EV(["C180"], [L("E0779", P("drug line not identified as HCPCS (qualifier IV)"), mods=["RR"]), L("J9190", DRUG, qual="IV", units="36")])),
         debatable="HIEC codes overlap HCPCS for some products; an engine may fairly read IV:J9190 as 5-FU, but certification on it is loose")
    case("drug-line-is-a-cancel", A, DRUGQ,
         "E0779 new (UM02 I) + C18.0, the only 5-FU line is a cancel (UM02 3, REF*BB)", S1 + ["D.one", "D.cancel"],
         "A cancelled drug line withdraws the drug: the pump has no live drug line of its event.",
         ST(EV(["C180"], [L("E0779", P("the only drug line is being cancelled"), mods=["RR"]),
                          L("J9190", C("drug line cancel", ["A4", "AAA"]), cert="3", ref_bb="AUTH5501", units="36")])))
    case("drug-line-zero-units", A, DRUGQ,
         "E0779 + C18.0 with the 5-FU line at 0 units", S1 + ["D.one", "D.plaus"],
         "A drug line asking for no drug is no evidence the drug will be infused.",
         ST(EV(["C180"], [L("E0779", P("drug quantity 0"), mods=["RR"]), L("J9190", DRUG, units="0")])))
    # ============================ dates (3) ============================
    case("dates-line-outside-event-period", A, DATE,
         "event period 2026-03-05..06-04; the pump and drug lines ask 2026-10-01..12-31", S1 + ["D.plaus"],
         "The service lines fall outside the patient event's own period: dates cannot be certified as asked.",
         ST(EV(["C180"], [L("E0779", P("line dates outside the event period", ["AAA"]), mods=["RR"], dates=("20261001", "20261231")),
                          L("J9190", DRUG, units="36", dates=("20261001", "20261231"))])))
    case("dates-d8-single-day-three-rental-months", A, DATE,
         "E0779 rental, 3 units, with DTP*472*D8 (one day, 2026-03-05) and event D8 the same day", S1 + ["D.plaus"],
         "Three monthly rentals in a one-day period are not plausible as asked.",
         ST(EV(["C180"], [L("E0779", P("3 rental months in a one-day period", ["AAA"]), mods=["RR"], dtp="D8*20260305"),
                          L("J9190", DRUG, units="36", dtp="D8*20260305")], dtp="D8*20260305")))
    case("dates-start-15-months-ahead", V, DATE,
         "indication 1 asked on 2026-03-02 for 2027-06-01..2027-08-31", ["V.disc", "D.plaus"],
         "PA is only valid if the member is eligible on the date of service; 15 months ahead eligibility cannot be known, and the evidence (records) will be stale.",
         ST(vt1(pexp=P("start 15 months in the future", ["AAA"]), dates=("20270601", "20270831"))),
         debatable="no seed or DESIGN limit on how far ahead; I expect a pend")

    # ============================ units zero / negative (3) ============================
    case("units-pump-zero", A, UNITS,
         "set 1 request whose E0779 line asks 0 units", S1 + ["D.plaus"],
         "Certifying zero units certifies nothing plausible; pend or AAA.",
         ST(EV(["C180"], [L("E0779", P("quantity 0", ["AAA"]), mods=["RR"], units="0"), L("J9190", DRUG, units="36")])))
    case("units-pump-negative", V, UNITS,
         "indication 1 with the E0781 line asking -3 units", ["V.i1", "D.plaus"],
         "SV104 is numeric R and syntactically allows a sign; a negative quantity is implausible.",
         ST(EV(["C180"], [L("E0781", P("negative quantity", ["AAA"]), units="-3", hsd=perday(24, 92)), L("J9190", DRUG, units="92")], pwk=DOCS)))
    case("units-supply-zero-beside-certified-pump", A, UNITS,
         "certifiable set 1 E0779 with A4222 at 0 units", S1 + ["A.nmn", "D.plaus"],
         "The pump is certifiable; a supply line for 0 cassettes is implausible as asked.",
         ST(EV(["C180"], [L("E0779", A1("set 1"), mods=["RR"]), L("A4222", P("supply quantity 0", ["AAA"]), units="0"), L("J9190", DRUG, units="36")])))

    # ============================ certification type conflicts (1) ============================
    case("cert-event-cancel-line-new", A, CERT,
         "event UM02 3 (cancel, REF*BB) with a pump line UM02 I (new) that would meet set 1", S1 + ["D.cancel", "D.certify"],
         "The event says 'cancel authorization AUTH7701', the line says 'new request': the request contradicts itself.",
         ST(EV(["C180"], [L("E0779", P("event cancel vs line new", ["C", "AAA"]), mods=["RR"]), L("J9190", DRUG, units="36")],
               cert="3", ref_bb="AUTH7701")))

    # ============================ pain without a malignancy (1) ============================
    case("pain-g893-without-malignancy", V, PAIN,
         "morphine on E0781 for G89.3 (neoplasm related pain) with no malignancy code, M1 + DB", ["V.i7", "D.dx"],
         "Indication 7 is pain caused by cancer; G89.3 also covers benign neoplasms; no C-code is on the request.",
         ST(EV(["G893"], [L("E0781", P("no malignancy coded"), units="3", hsd=perday(24, 92)), L("J2270", DRUG, units="276")], pwk=DOCS, dk="pain")))


def resolve(c):
    out = []
    for k, s in enumerate(c["sets"]):
        for e in s["events"]:
            pump = next((l["exp"] for l in e["lines"] if kind_of(l["code"]) == "pump"), None)
            for l in e["lines"]:
                x = l["exp"]
                if x == FOLLOW:
                    x = dict(pump)
                    x["note"] = "supply follows the pump line"
                d = dict(set=k + 1, code=l["code"], hcr01=x["hcr01"])
                for key in ("aaa", "accept"):
                    if x.get(key):
                        d[key] = x[key]
                d["note"] = x["note"]
                out.append(d)
    return out


def main():
    check_quotes()
    build()
    for f in os.listdir(HERE):
        if f.endswith(".x12") or f.endswith(".edi"):
            os.remove(os.path.join(HERE, f))
    entries, names = [], set()
    pools = {p: list(SUBS[p]) for p in SUBS}
    idx = {"anthem": 0, "vt": 0}
    for i, c in enumerate(CASES):
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
        subs, first = [], None
        for s in c["sets"]:
            if s["sub"] is not None:
                subs.append(s["sub"])
            elif first is not None and len(subs) > 0 and "same-member" in c["name"]:
                subs.append(first)
            else:
                pool = pools[c["payer"]]
                subs.append(pool[idx[c["payer"]] % len(pool)])
                idx[c["payer"]] += 1
            if first is None:
                first = subs[0]
        ref = "%s%03d" % ("R3A" if c["payer"] == "anthem" else "R3V", i + 1)
        fname = c["name"] + c["ext"]
        with open(os.path.join(HERE, fname), "w") as f:
            f.write(interchange(830000001 + i, c, ref, subs))
        lines = resolve(c)
        ent = dict(file=fname, payer=PAYERS[c["payer"]][2], **{"class": c["cls"]}, clause=c["clause"], why=c["why"],
                   lines=lines, proves=c["proves"])
        if c["debatable"]:
            ent["debatable"] = c["debatable"]
        entries.append(ent)
    assert len(entries) == 40, len(entries)
    assert sum(1 for e in entries if e["class"] == "positive") == 8
    assert all(l["hcr01"] != "A3" for e in entries for l in e["lines"])
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(entries, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote %d files" % len(entries))


if __name__ == "__main__":
    main()
