#!/usr/bin/env python3
"""Adversarial 278 corpus for gate278 (005010X217 requests), written from the two
seed policies alone (Anthem Blue Cross CT CG-DME-21 and Vermont DVHA external
infusion pump guideline), DESIGN.md §5 and criteria.md (with its Corrections),
BEFORE the engine is run on it.

    python3 gen_corpus.py          # writes *.x12, expected.json and README.md here

Deterministic and re-runnable (stdlib only). Every person, member ID and NPI is
invented; NPIs pass the Luhn check over the prefix 80840. ISA13 runs from
700000001 upward, one interchange per file.

Expected outcomes assume the embedded default configuration: adverse: review,
drug_lines: review, attestation accepted. So no line is A3: where a seed states
non-coverage, the pump line is expected A4/0V with recommended "not certified".
Each expected line may carry "alt": other HCR03 / recommendation values that are
also acceptable where the seed leaves the pend reason open; HCR01 is never
loosened.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The seeds live in the steering repository's shared/ folder, beside this repository.
SEED_DIR = os.environ.get("GATE278_SEEDS", os.path.join(HERE, "..", "..", "..", "shared", "seeds"))
SEED_A = "000_215f0b6b90ae3e1a.txt"
SEED_V = "004_27486b74d1dcb4ec.txt"


# ----------------------------------------------------------------- identities
def npi(nine):
    s = "80840" + nine
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return nine + str((10 - total % 10) % 10)


assert npi("123456789") == "1234567893"

# ordering providers (2010EA NM1*DK): last, first, NPI or None, taxonomy
DK = {
    "onc":      ("HALVORSEN", "INGRID", npi("287310564"), "207RX0202X"),   # medical oncology
    "hemonc":   ("BRANNIGAN", "OWEN", npi("261740398"), "207RH0003X"),     # hematology & oncology
    "id":       ("NAKASHIMA", "KENJI", npi("248519037"), "207RI0200X"),    # infectious disease
    "hf":       ("ADEYEMI", "FOLASADE", npi("239057184"), "207RA0001X"),   # advanced HF & transplant cardiology
    "pain":     ("KOWALCZYK", "MAREK", npi("274608193"), "208VP0014X"),    # interventional pain
    "neuro":    ("ESPOSITO", "CHIARA", npi("253190846"), "2084N0400X"),    # neurology
    "mfm":      ("DUBOIS", "CLAIRE", npi("219846307"), "207VM0101X"),      # maternal & fetal medicine
    "pulm":     ("OYELOWO", "TUNDE", npi("296401758"), "207RP1001X"),      # pulmonary disease
    "heme":     ("SATTERFIELD", "NORA", npi("205738461"), "207RH0000X"),   # hematology
    "np":       ("LAFLEUR", "ANNIKA", npi("282064915"), "363LF0000X"),     # family nurse practitioner
    "supplier": ("PELLETIER", "GUY", npi("211594803"), "332B00000X"),      # DME supplier
    "rn":       ("MORRISSEY", "JUNE", npi("267315094"), "163W00000X"),     # registered nurse
    "pharm":    ("VASQUEZ", "ROSA", npi("230984716"), "183500000X"),       # pharmacist
    "nonpi":    ("THIBODEAU", "MARC", None, "207RX0202X"),                 # oncologist, no NPI sent
}
PAYERS = {"anthem": ("ANTHEM BLUE CROSS CT", "ANTHEMCT"),
          "vt": ("VERMONT MEDICAID DVHA", "VTMEDICAID")}
# requester (2010B): name, entity type (NM102), NPI, taxonomy
REQ = {"anthem": ("CHARTER OAK HOME INFUSION", "2", npi("318204957"), "3336H0001X"),
       "vt": ("CHAMPLAIN VALLEY HOME INFUSION", "2", npi("327519406"), "3336H0001X")}
REQ_VT_GROUP = ("BURLINGTON ONCOLOGY ASSOCIATES", "2", npi("335860127"), "207RX0202X")
SENDER = {"anthem": "CHOAKHI", "vt": "CHAMPVHI"}

SUB_A = {"F": [("MARCHAND", "EVELYN", "ZQC7102841", "19630517"), ("OKAFOR", "ADAEZE", "ZQC7103952", "19710923"),
               ("BRZEZINSKI", "HALINA", "ZQC7104063", "19580211"), ("FONTAINE", "ROSALIE", "ZQC7105174", "19800630"),
               ("KIRKWOOD", "DELIA", "ZQC7106285", "19670408"), ("AMUNDSEN", "TOVE", "ZQC7107396", "19741119")],
         "M": [("CALLOWAY", "DESMOND", "ZQC7108407", "19560302"), ("RASMUSSEN", "EINAR", "ZQC7109518", "19690814"),
               ("DELACROIX", "THEO", "ZQC7110629", "19620127"), ("IBARRA", "JOAQUIN", "ZQC7111730", "19770905"),
               ("WHITLOCK", "CORMAC", "ZQC7112841", "19510716"), ("NWOSU", "CHIDI", "ZQC7113952", "19830222")]}
SUB_V = {"F": [("GAGNON", "MIREILLE", "VT70021457", "19650309"), ("LACHANCE", "SOLENNE", "VT70022568", "19920115"),
               ("HUTCHINS", "MAREN", "VT70023679", "19590828"), ("PAQUETTE", "LISETTE", "VT70024780", "19880411"),
               ("STRAND", "INGEBORG", "VT70025891", "19720603"), ("BEAUREGARD", "ODILE", "VT70026902", "19950720")],
         "M": [("OUELLETTE", "REMI", "VT70027013", "19610110"), ("FAIRBANKS", "SILAS", "VT70028124", "19740529"),
               ("LANGEVIN", "ARMAND", "VT70029235", "19570913"), ("MCCRAE", "FINLAY", "VT70030346", "19860304"),
               ("DROUIN", "GASTON", "VT70031457", "19500721"), ("HOLLIS", "EZRA", "VT70032568", "19680116")]}

DATES = ("20260305", "20260604")


# ------------------------------------------------------------ seed clauses
Q = {
 # Anthem CG-DME-21
 "A.scope": (SEED_A, "Description (opening paragraph)",
   "This document addresses the use of external infusion pumps for the administration of parenteral or enteral drugs in the home or other residential care settings for diagnoses other than diabetes mellitus or pulmonary hypertension."),
 "A.nutrition": (SEED_A, "Description (opening paragraph)",
   "The administration of oral or enteral nutrition is not addressed in this document."),
 "A.note.insulin": (SEED_A, "Note (related documents)", "CG-DME-51 External Insulin Pumps"),
 "A.note.enteral": (SEED_A, "Note (oral or enteral nutrition)", "CG-MED-08 Home Enteral Nutrition"),
 "A.lead": (SEED_A, "Clinical Indications › Medically Necessary (lead-in)",
   "An external infusion pump is considered medically necessary for the administration of intravenous medications if either of the following sets of criteria (Criteria set 1 OR Criteria set 2) is met:"),
 "A.s1a": (SEED_A, "Criteria set 1, bullet 1", "Parenteral administration of the drug in the home is reasonable and necessary; and"),
 "A.s1b": (SEED_A, "Criteria set 1, bullet 2", "An infusion pump is necessary to safely administer the drug; and"),
 "A.s1c": (SEED_A, "Criteria set 1, bullet 3",
   "The drug is administered by a prolonged infusion of at least 8 hours because of proven improved clinical efficacy; and"),
 "A.s1d": (SEED_A, "Criteria set 1, item 4 (bullet lost in the seed)",
   "The therapeutic regimen is proven or generally accepted to have significant advantages over intermittent bolus administration regimens or infusions lasting less than 8 hours."),
 "A.s2a": (SEED_A, "Criteria set 2, bullet 1", "Parenteral administration of the drug in the home is reasonable and necessary; and"),
 "A.s2b": (SEED_A, "Criteria set 2, bullet 2", "An infusion pump is necessary to safely administer the drug; and"),
 "A.s2c": (SEED_A, "Criteria set 2, bullet 3",
   "The drug is administered by intermittent infusion (each episode of infusion lasting less than 8 hours) that does not require the individual to return to the physician’s office prior to the beginning of each infusion; and"),
 "A.s2d": (SEED_A, "Criteria set 2, bullet 4",
   "Systemic toxicity or adverse effects of the drug are unavoidable without infusing it at a strictly controlled rate as indicated in the Prescribers’ Digital Reference."),
 "A.ent": (SEED_A, "Clinical Indications › Medically Necessary (enteral medications)",
   "An external infusion pump is considered medically necessary for the administration of enteral medications when all of the following criteria have been met:"),
 "A.enta": (SEED_A, "enteral medications, bullet 1", "The infusion pump is necessary to safely administer the drug; and"),
 "A.entb": (SEED_A, "enteral medications, bullet 2",
   "The drug is administered in a time and rate limited infusion in accordance with its U.S. Food & Drug Administration (FDA) prescribing information label."),
 "A.nmn": (SEED_A, "Clinical Indications › Not Medically Necessary, ¶1",
   "External infusion pumps and related supplies are considered not medically necessary when the criteria described above are not met."),
 "A.nmnent": (SEED_A, "Clinical Indications › Not Medically Necessary, ¶2",
   "An external infusion pump is considered not medically necessary for the administration of enteral medications when the criteria above have not been met."),
 # Vermont DVHA
 "V.desc": (SEED_V, "Description of Service or Procedure",
   "External infusion pumps are medical devices used to deliver drugs under pressure at a controlled flow rate directly into a vein."),
 "V.presc": (SEED_V, "Coverage Position, bullet 1",
   "When the external infusion pump is prescribed by a licensed medical provider, enrolled in the Vermont Medicaid program, operating within their scope of practice in accordance with Vermont State Practice Act, who is knowledgeable in the use of the external infusion pump and who provides medical care to the member AND"),
 "V.lead": (SEED_V, "Coverage Guidelines (indications lead-in)",
   "The Department of Vermont Health Access (DVHA) considers external infusion pumps medically necessary DME for the administration of any of the following medications:"),
 "V.i1": (SEED_V, "Coverage Guidelines, indication 1",
   "Parenteral anticancer chemotherapy drugs (bleomycin, cladribine, cytarabine, doxorubicin (non-liposomal), floxuridine, fluorouracil, vinblastine, vincristine, etc.) in providing an evidence-based chemotherapy regimen."),
 "V.i2": (SEED_V, "Coverage Guidelines, indication 2",
   "Certain parenteral antifungal/antiviral and antimicrobial drugs (acyclovir, amphotericin B, foscarnet, ganciclovir, etc.)."),
 "V.i3": (SEED_V, "Coverage Guidelines, indication 3",
   "Chemotherapy for primary hepatocellular carcinoma or colorectal cancer where the tumor is unresectable or the member refuses surgical excision of the tumor."),
 "V.i4": (SEED_V, "Coverage Guidelines, indication 4", "Gallium nitrate for symptomatic cancer related hypercalcemia."),
 "V.i5": (SEED_V, "Coverage Guidelines, indication 5", "Deferoxamine for the treatment of chronic iron overload."),
 "V.i6": (SEED_V, "Coverage Guidelines, indication 6",
   "Heparin to adequately anticoagulate women through pregnancy (warfarin compounds are not routinely used for this indication)."),
 "V.i7": (SEED_V, "Coverage Guidelines, indication 7",
   "Morphine/narcotic analgesics (except meperidine) for intractable pain caused by cancer and the patient have not responded adequately to oral/transdermal therapeutic regimen and/or the patient is unable to tolerate oral/transdermal narcotic analgesic."),
 "V.i8": (SEED_V, "Coverage Guidelines, indication 8",
   "Parenteral epoprostenol or treprostinil for persons with pulmonary hypertension,"),
 "V.i9": (SEED_V, "Coverage Guidelines, indication 9",
   "Parenteral inotropic therapy with dobutamine, dopamine, milrinone, and other agents in patients with congestive heart failure and depressed cardiac function."),
 "V.i10": (SEED_V, "Coverage Guidelines, indication 10",
   "Ziconotide is covered for the management of severe chronic pain when intrathecal therapy is warranted and who are intolerant of other therapies."),
 "V.i11": (SEED_V, "Coverage Guidelines, indication 11",
   "Other parenteral drugs, that must be titrated or must have the infusion strictly controlled for patient safety and efficacy of treatment and can be safely administered at home using an infusion pump."),
 "V.c1": (SEED_V, "Coverage Guidelines, condition 1", "An infusion pump is necessary to safely administer the drug. AND"),
 "V.c2": (SEED_V, "Coverage Guidelines, condition 2",
   "The drug requires a prolonged infusion because of proven clinical efficacy over other forms of administration, or there are safety risks including systemic toxicity or adverse effects with other forms of administration as evidenced by supportive documentation. AND"),
 "V.c3": (SEED_V, "Coverage Guidelines, condition 3",
   "The drug does not require the individual to return to a physician’s office before the beginning of each infusion. AND"),
 "V.c4": (SEED_V, "Coverage Guidelines, condition 4",
   "The individual and/or caregiver demonstrate follow-through in other areas of disease management (such as nutrition, exercise, lifestyle changes, smoking cessation) to improve disease/symptom control, if appropriate. AND"),
 "V.c5": (SEED_V, "Coverage Guidelines, condition 5",
   "The infusion pump has been approved by the FDA for infusion of the particular drug that is to be administered. AND"),
 "V.c6": (SEED_V, "Coverage Guidelines, condition 6",
   "The therapeutic regimen is proven to have significant advantage over intermittent bolus administration regimens or infusions lasting less than 8 hours."),
 "V.r1": (SEED_V, "Clinical guidelines for repeat service or procedure, bullet 1",
   "Documentation of continued medical necessity of the external infusion pump requires that the beneficiary be seen and evaluated by the treating physician for each episode of care."),
 "V.r2": (SEED_V, "Clinical guidelines for repeat service or procedure, bullet 2",
   "When the device is no longer functional through normal wear and tear (expected to last at least 5 years.)"),
 "V.ei": (SEED_V, "Type of service or procedure not covered (this list may not be all inclusive)",
   "The DVHA considers external infusion pumps experimental and investigational for all other indications not listed in the Coverage Guidelines."),
}


def _norm(s):
    s = re.sub(r"\s+", " ", s)
    return re.sub(r"(\w)- (\w)", r"\1-\2", s)


def check_quotes():
    seeds = {f: _norm(open(os.path.join(SEED_DIR, f), encoding="utf-8").read()) for f in (SEED_A, SEED_V)}
    for k, (f, _, q) in Q.items():
        if _norm(q) not in seeds[f]:
            sys.exit("clause %s is not verbatim in %s: %r" % (k, f, q))


def clause(*keys):
    return " + ".join('"%s" (%s, %s)' % (Q[k][2], Q[k][0], Q[k][1]) for k in keys)


# ------------------------------------------------------------ DESIGN rules
D = {
 "line": "Line decision: all criteria of one set met with specific evidence -> A1 with HCR02 and DTP*007",
 "one": "Certify only on specific, consistent evidence: one driving drug satisfies every criterion of one set; drugs never combine",
 "dx": "Certify only on specific, consistent evidence: drug and diagnosis belong together (criteria.md §4/§6 and Corrections 2-5)",
 "id": "Certify only on specific, consistent evidence: identified drugs only (no NOC, unknown NDC, implant/depot/inhaled/oral forms)",
 "scope": "Certify only on specific, consistent evidence: scope by diagnosis (Anthem E08-E13, I27.x route the pump line whatever the drug)",
 "setting": "Evidence: place of service (UM04 qualifier B); Anthem scope is the home or residential care setting",
 "plaus": "Certify only on specific, consistent evidence: plausible data (<=24 h/day, one pump per regimen, <=12-month period) else pend 0V",
 "repeat": "Certify only on specific, consistent evidence: repeat service needs an evaluation in the episode / end of useful life, attested only by report types that can show it",
 "attest": "Criteria: met by attestation only with a PWK whose report type can show that criterion; PWK02 AA attests nothing",
 "contra": "Criteria: structured evidence that contradicts a criterion wins over attestation (not met / unknown, never attested)",
 "adverse": "Adverse determinations are made by clinicians: stated non-coverage -> A4 0V, recommended not certified (adverse: review)",
 "supply": "Line decision: supply lines follow the pump line; with no pump line they pend 0U",
 "routed": "Lines: drug, routed and other lines are A4 0V, never decided by the pump policy",
 "duration": "Evidence: infusion duration from HSD or the pump code (E0779 >= 8 h, E0780 < 8 h); free text never counts",
 "docs": "Line decision: otherwise A4 0U with the documents needed (LOINC) when only documentation can show a criterion",
}


# ------------------------------------------------------------ expectations
def A1(note):
    return dict(hcr01="A1", hcr03="", recommended="", note=note)


def P(h3, note, rec="", alt3=None, altrec=None):
    e = dict(hcr01="A4", hcr03=h3, recommended=rec, note=note)
    alt = {}
    if alt3:
        alt["hcr03"] = alt3
    if altrec is not None:
        alt["recommended"] = altrec
    if alt:
        e["alt"] = alt
    return e


def NC(note, alt3=None, altrec=None):
    return P("0V", note, rec="not certified", alt3=alt3, altrec=altrec)


DRUG = dict(hcr01="A4", hcr03="0V", recommended="", note="drug line: evidence for the pump line, routed to drug benefit review")
FOLLOW = "FOLLOW"


def ROUTED(note):
    return dict(hcr01="A4", hcr03="0V", recommended="", note=note)


# ------------------------------------------------------------ request model
def L(code, exp, qual="HC", mods=(), cert="I", svc=None, ref_bb=None, dates=None, hsd=None, pwk=(), dk=None,
      units=None, charge=None):
    kind = line_kind(code, qual)
    if svc is None:
        svc = {"pump": "18", "supply": "12"}.get(kind)
    if units is None:
        units = {"pump": "3", "supply": "13"}.get(kind, "30")
    if charge is None:
        charge = {"E0779": "420", "E0780": "300", "E0781": "1350", "E0791": "1500", "K0455": "2100"}.get(code, "250")
    return dict(code=code, qual=qual, mods=list(mods), cert=cert, svc=svc, ref_bb=ref_bb, dates=dates, hsd=hsd,
                pwk=list(pwk), dk=dk, units=units, charge=charge, exp=exp)


def line_kind(code, qual):
    if qual == "N4":
        return "drug"
    if code in ("E0779", "E0780", "E0781", "E0791", "K0455"):
        return "pump"
    if code in ("A4221", "A4222", "K0552", "E0776"):
        return "supply"
    if code.startswith("J") or code.startswith("Q"):
        return "drug"
    return "other"


def EV(dx, cert="I", svc="18", pos="12", ref_bb=None, dates=DATES, pwk=(), dk="onc", level=None):
    return dict(dx=list(dx), cert=cert, svc=svc, pos=pos, ref_bb=ref_bb, dates=dates, pwk=list(pwk), dk=dk,
                level=level)


DOCS = [("DB", "EL"), ("M1", "EL")]          # DME prescription + medical record, sent electronically
HS46 = "HS*46***26*6"                          # 46 hours per episode, 6 episodes
HS96 = "HS*96***26*6"


def perday(h, days):
    return "HS*%s***7*%d" % (h, days)


CASES = []


def case(name, payer, cls, proves, clause_keys, design_keys, why, lines, ev, gender="F", sub=None,
         dep=None, requester=None, twin_of=None):
    CASES.append(dict(name="adv-%s-%s" % (payer, name), payer=payer, cls=cls, proves=proves,
                      clause=clause(*clause_keys), design="; ".join(D[k] for k in design_keys), why=why,
                      lines=lines, ev=ev, gender=gender, sub=sub, dep=dep, requester=requester,
                      twin_of=("adv-%s-%s" % (payer, twin_of)) if twin_of else None))


def pwk_segs(pw, ref):
    out = []
    for i, (t, tx) in enumerate(pw):
        out.append("PWK*%s*%s" % (t, tx) if tx == "AA" else "PWK*%s*%s***AC*%s%d" % (t, tx, ref, i + 1))
    return out


def dk_segs(key):
    last, first, n, tax = DK[key]
    nm = "NM1*DK*1*%s*%s****XX*%s" % (last, first, n) if n else "NM1*DK*1*%s*%s" % (last, first)
    return [nm, "PRV*OR*PXC*%s" % tax]


def set_segments(c, ref, sub):
    pname, pid = PAYERS[c["payer"]]
    rname, rtype, rnpi, rtax = c["requester"] or REQ[c["payer"]]
    e = c["ev"]
    seg = ["ST*278*0001*005010X217", "BHT*0007*13*%s*20260302*0915" % ref,
           "HL*1**20*1", "NM1*X3*2*%s*****PI*%s" % (pname, pid),
           "HL*2*1*21*1", "NM1*1P*%s*%s*****XX*%s" % (rtype, rname, rnpi), "PER*IC*INTAKE DESK*TE*8025550183",
           "PRV*PE*PXC*%s" % rtax]
    last, first, mid, dob, g = sub
    seg += ["HL*3*2*22*1", "NM1*IL*1*%s*%s****MI*%s" % (last, first, mid), "DMG*D8*%s*%s" % (dob, g)]
    hl, parent = 4, 3
    if c["dep"]:
        dl, dfn, ddob, dg = c["dep"]
        seg += ["HL*4*3*23*1", "NM1*QC*1*%s*%s" % (dl, dfn), "DMG*D8*%s*%s" % (ddob, dg), "INS*N*19"]
        hl, parent = 5, 4
    evhl = hl
    seg += ["HL*%d*%d*EV*1" % (evhl, parent), "TRN*1*%sE*9123409876" % ref]
    um = "UM*HS*%s*%s" % (e["cert"], e["svc"])
    if e["pos"]:
        um += "*%s:B" % e["pos"]
    if e["level"]:
        um += ("" if e["pos"] else "*") + "**%s" % e["level"]
    seg.append(um)
    if e["ref_bb"]:
        seg.append("REF*BB*%s" % e["ref_bb"])
    if e["dates"]:
        seg.append("DTP*AAH*RD8*%s-%s" % e["dates"])
    if e["dx"]:
        seg.append("HI*" + "*".join(("ABK:" if i == 0 else "ABF:") + d for i, d in enumerate(e["dx"])))
    seg += pwk_segs(e["pwk"], ref + "A")
    if e["dk"]:
        seg += dk_segs(e["dk"])
    for i, l in enumerate(c["lines"]):
        hl += 1
        seg += ["HL*%d*%d*SS*0" % (hl, evhl), "TRN*1*%sL%d*9123409876" % (ref, i + 1)]
        um = "UM*HS*%s" % l["cert"]
        if l["svc"]:
            um += "*%s" % l["svc"]
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
        if l["dk"]:
            seg += dk_segs(l["dk"])
    seg.append("SE*%d*0001" % (len(seg) + 1))
    return seg


def interchange(ctrl, c, ref, sub):
    snd = SENDER[c["payer"]]
    isa = "ISA*00*          *00*          *ZZ*%-15s*ZZ*%-15s*260302*0915*^*00501*%09d*0*T*:~" % (snd, "GATE278", ctrl)
    assert len(isa) == 106, isa
    out = [isa[:-1], "GS*HI*%s*GATE278*20260302*0915*%d*X*005010X217" % (snd, ctrl)]
    out += set_segments(c, ref, sub)
    out += ["GE*1*%d" % ctrl, "IEA*1*%09d" % ctrl]
    return "".join(s + "~\n" for s in out)


# ------------------------------------------------------------ the corpus
def build():
    A, V = "anthem", "vt"
    POS, DXC, SCOPE, COMB, CONTRA, IND, ATT, IMP, CL = (
        "positive", "C1-dx-outside-indication-group", "C2-scope-exclusion-by-dx", "C3-drugs-combined",
        "C4-attestation-vs-contradiction", "C5-vt-indication-too-wide", "C6-attachment-cannot-attest",
        "C7-implausible-or-unidentified", "clause-near-miss")
    S1 = ["A.scope", "A.lead", "A.s1a", "A.s1b", "A.s1c", "A.s1d"]
    S2 = ["A.scope", "A.lead", "A.s2a", "A.s2b", "A.s2c", "A.s2d"]
    ENT = ["A.ent", "A.enta", "A.entb"]
    VALL = ["V.presc", "V.lead", "V.c1", "V.c2", "V.c3", "V.c4", "V.c5", "V.c6"]

    # ======================= Anthem positive controls =======================
    a1s1 = A1("criteria set 1: J9190 fluorouracil (continuous-chemotherapy list) + malignancy C18.0 + E0779 (>= 8 h by definition) + home")
    case("pos-set1-e0779-fluorouracil-colon", A, POS, "set 1 met by structured proxies: 5-FU + colon cancer + E0779 at home; supply follows",
         S1, ["line", "dx", "supply"],
         "Every set 1 bullet has structured evidence: home POS 12, a listed continuous chemotherapy drug with a malignancy of its own group, E0779 (>= 8 h by definition). criteria.md §6.1 A-7 certifies this on proxies; no document is needed.",
         [L("E0779", a1s1, mods=["RR"]), L("A4222", FOLLOW, units="84"), L("J9190", DRUG, units="36")],
         EV(["C180", "Z5111"]))
    case("pos-set1-e0781-doxorubicin-46h-breast", A, POS, "set 1 with HSD 46 h per episode on an electric pump, doxorubicin + breast cancer",
         S1, ["line", "dx", "duration"],
         "HSD states 46 hours per episode (>= 8 h) on E0781; doxorubicin (non-liposomal, J9000) is on the continuous list and C50.911 is a malignancy; PWK DB sent electronically. Set 1 met.",
         [L("E0781", A1("set 1: J9000 + C50.911 + HSD 46 h/episode + home"), mods=["RR"], hsd=HS46), L("J9000", DRUG, units="12")],
         EV(["C50911"], pwk=[("DB", "EL")]))
    case("pos-set1-vincristine-96h-lymphoma", A, POS, "set 1: vincristine 96-hour continuous infusion for DLBCL",
         S1, ["line", "dx", "duration"],
         "Vincristine (non-liposomal, J9370) is on the continuous-infusion list; C83.38 is a malignancy; HSD 96 h per episode on E0781 at home. Set 1 met by structured evidence.",
         [L("E0781", A1("set 1: J9370 + C83.38 + HSD 96 h/episode"), hsd=HS96), L("J9370", DRUG, units="24")],
         EV(["C8338"], dk="hemonc"), gender="M")
    case("pos-set1-cladribine-7day-hairy-cell", A, POS, "set 1: cladribine 7-day continuous infusion for hairy cell leukemia, short period",
         S1, ["line", "dx", "duration"],
         "Cladribine (J9065) continuous 24 h/day for 7 days is the classic hairy cell leukemia regimen; C91.40 is a malignancy; 24 h/day is plausible; the period is one week.",
         [L("E0781", A1("set 1: J9065 + C91.40 + HSD 24 h/day x 7 days"), hsd=perday(24, 7), units="1",
            dates=("20260309", "20260315")), L("J9065", DRUG, units="40", dates=("20260309", "20260315"))],
         EV(["C9140"], dk="hemonc", dates=("20260309", "20260315")), gender="M")
    case("pos-set2-e0780-acyclovir-disseminated-zoster", A, POS, "set 2: acyclovir on E0780 for disseminated zoster",
         S2, ["line", "dx", "duration"],
         "Acyclovir (J0133) is a rate-controlled antiviral (criteria.md A-8); B02.7 is a viral infection of its group; E0780 is < 8 h by definition; home POS. Set 2 met.",
         [L("E0780", A1("set 2: J0133 + B02.7 + E0780 (< 8 h) + home"), units="1"), L("J0133", DRUG, units="420")],
         EV(["B027", "D849"], dk="id", dates=("20260305", "20260325")), gender="M")
    case("pos-set2-foscarnet-cmv-hiv-k0552", A, POS, "set 2: foscarnet for CMV in HIV; K0552 cartridges follow the pump",
         S2, ["line", "dx", "supply"],
         "Foscarnet (J1455) is on the rate-controlled list; B25.8 (CMV) is a viral infection; E0780 < 8 h; home. Set 2 met; the K0552 supply follows the pump.",
         [L("E0780", A1("set 2: J1455 + B25.8 + E0780 + home"), units="1"), L("K0552", FOLLOW, units="60"),
          L("J1455", DRUG, units="84")],
         EV(["B258", "B20"], dk="id", dates=("20260305", "20260404")), gender="M")
    case("pos-set2-liposomal-amphotericin-aspergillosis", A, POS, "set 2: liposomal amphotericin 2 h/day for pulmonary aspergillosis",
         S2, ["line", "dx", "duration"],
         "Liposomal amphotericin B (J0289) is rate-controlled; B44.1 is a mycosis; HSD 2 h/day (< 8 h) on E0781 at home. Set 2 met.",
         [L("E0781", A1("set 2: J0289 + B44.1 + HSD 2 h/day"), units="1", hsd=perday(2, 28)), L("J0289", DRUG, units="280")],
         EV(["B441"], dk="id", dates=("20260305", "20260401")))
    case("pos-set2-ganciclovir-cmv-with-db", A, POS, "set 2: ganciclovir for CMV disease with a DME prescription attached",
         S2, ["line", "dx"],
         "Ganciclovir (J1570) rate-controlled antiviral with B25.9 CMV disease, E0780, home, PWK DB sent. Set 2 met.",
         [L("E0780", A1("set 2: J1570 + B25.9 + E0780"), units="1"), L("J1570", DRUG, units="28")],
         EV(["B259"], dk="id", pwk=[("DB", "EL")], dates=("20260305", "20260404")))
    case("pos-enteral-levodopa-16h-label", A, POS, "enteral set: carbidopa/levodopa enteral suspension 16 h/day matches the label",
         ENT + ["A.scope"], ["line", "dx", "duration"],
         "J7340 is an enteral medication (Duopa); its label is a 16-hour daily infusion; HSD 16 h/day; G20.B2 (Parkinson's with dyskinesia, with fluctuations) is its own indication group. The enteral set is met.",
         [L("E0781", A1("enteral set: J7340 + G20.B2 + HSD 16 h/day = label"), hsd=perday(16, 90)), L("J7340", DRUG, units="90")],
         EV(["G20B2"], dk="neuro"), gender="M")
    case("pos-enteral-levodopa-pe-attested", A, POS, "enteral set: no HSD, the label time/rate attested by a parenteral/enteral certification (PWK PE, EL)",
         ENT, ["line", "attest"],
         "Without HSD, 'time and rate limited infusion in accordance with its label' can only be shown by a document; a PE certification sent electronically can show it. G20.A2 pairs with J7340.",
         [L("E0781", A1("enteral set: J7340 + G20.A2, bullet 2 attested by PWK PE (EL)")), L("J7340", DRUG, units="90")],
         EV(["G20A2"], dk="neuro", pwk=[("PE", "EL")]))
    case("pos-set1-assisted-living-rectal", A, POS, "residential care setting (POS 13 assisted living) is inside Anthem's scope",
         S1, ["line", "setting"],
         "The seed covers 'the home or other residential care settings'; POS 13 is residential. 5-FU + C20 rectal cancer + E0779. Set 1 met.",
         [L("E0779", A1("set 1 at POS 13 (residential)")), L("J9190", DRUG, units="36")],
         EV(["C20"], pos="13"), gender="M")
    case("pos-set1-prediabetes-not-diabetes", A, POS, "prediabetes R73.03 is not diabetes mellitus: no scope exclusion, set 1 met",
         S1, ["line", "scope"],
         "The scope excludes diabetes mellitus (E08-E13); R73.03 prediabetes is not diabetes. The chemotherapy request must not be routed and is otherwise complete.",
         [L("E0779", A1("set 1; R73.03 does not trigger the diabetes scope exclusion")), L("J9190", DRUG, units="36")],
         EV(["C182", "R7303"]))
    case("pos-set1-renewal-ref-bb", A, POS, "Anthem renewal (UM02 R + REF*BB): the seed has no repeat-service clause, set 1 decides",
         S1, ["line", "repeat"],
         "CG-DME-21 states no repeat-service criteria, so a renewal is adjudicated on sets 1/2; E0779 + 5-FU + C18.0 at home meets set 1.",
         [L("E0779", A1("renewal adjudicated on set 1"), cert="R"), L("J9190", DRUG, units="36", cert="R")],
         EV(["C180"], cert="R", ref_bb="ACT2025-118834", dates=("20260601", "20260831")), gender="M")
    case("pos-set1-e0781-duration-attested-db", A, POS, "E0781 without HSD: >= 8 h is documentation-only, a DME prescription (EL) shows the regimen",
         S1, ["line", "attest"],
         "No HSD on an electric pump, so 'prolonged infusion of at least 8 hours' needs a document; a DB DME prescription shows the prescribed regimen (DESIGN §5) and was sent electronically. Drug/dx pair is 5-FU + C18.0.",
         [L("E0781", A1("set 1; bullet 3 attested by PWK DB (EL)")), L("J9190", DRUG, units="36")],
         EV(["C180"], pwk=[("DB", "EL")]))
    case("pos-set1-morphine-cancer-pain-record", A, POS, "opioid for cancer pain: continuous morphine with a medical record attached (criteria.md A-10)",
         S1, ["line", "attest", "dx"],
         "A-10: opioids pend unless documents settle the clinical parts; here G89.3 + C25.9 pair with morphine, E0779 is >= 8 h and a medical record (M1, EL) is sent, which can show intractable pain and the oral trial. Unsure: if the engine keeps opioids in review regardless, this would pend; I expect A1.",
         [L("E0779", A1("set 1: J2270 + G89.3/C25.9, clinical parts attested by PWK M1 (EL)")), L("J2270", DRUG, units="180")],
         EV(["G893", "C259"], dk="pain", pwk=[("M1", "EL")]), gender="M")
    case("pos-set1-stationary-e0791-iv-pole", A, POS, "stationary pump E0791 with IV pole E0776: both certified",
         S1, ["line", "supply", "duration"],
         "E0791 with HSD 46 h/episode, 5-FU + C18.0 at home meets set 1; E0776 (IV pole) is a related supply and follows.",
         [L("E0791", A1("set 1: E0791 + HSD 46 h/episode"), hsd=HS46), L("E0776", FOLLOW, units="1"), L("J9190", DRUG, units="36")],
         EV(["C180"]))
    case("pos-set2-acyclovir-dependent-child", A, POS, "dependent child (2000D): acyclovir for HSV encephalitis on E0780",
         S2, ["line", "dx"],
         "Acyclovir + B00.4 (viral) + E0780 + home; set 2 met for the dependent patient.",
         [L("E0780", A1("set 2 for a dependent"), units="1"), L("J0133", DRUG, units="420")],
         EV(["B004"], dk="id", dates=("20260305", "20260325"), level="U"), gender="F",
         sub=("FONTAINE", "ROSALIE", "ZQC7105174", "19800630"), dep=("FONTAINE", "AMELIE", "20160412", "F"))

    # ======================= Anthem class 1: drug outside its indication group =======================
    case("dx-chemo-diverticulosis-with-record", A, DXC, "fluorouracil with only diverticulosis: no malignancy, a medical record cannot fill it",
         S1 + ["A.nmn"], ["dx", "attest"],
         "5-FU is on the list but K57.30 is not a malignancy: 'reasonable and necessary' and 'proven improved clinical efficacy' stay unknown (Correction 2). The M1 attachment must not attest away the missing diagnosis.",
         [L("E0779", P("0V", "set 1 bullets 1/3 unknown: no diagnosis of the drug's group", alt3=["0U"])), L("J9190", DRUG, units="36")],
         EV(["K5730"], pwk=[("M1", "EL")]), twin_of="pos-set1-e0779-fluorouracil-colon")
    case("dx-chemo-benign-polyp", A, DXC, "fluorouracil with a benign colon neoplasm D12.6 (neoplasm, not malignancy)",
         S1, ["dx"],
         "D12.6 is a benign neoplasm; the chemotherapy indication group is malignancy (C00-C96). Pends.",
         [L("E0779", P("0V", "no malignancy coded", alt3=["0U"])), L("J9190", DRUG, units="36")],
         EV(["D126"]), twin_of="pos-set1-e0779-fluorouracil-colon")
    case("dx-chemo-history-of-cancer-only", A, DXC, "fluorouracil with only Z85.038 personal history of colon cancer",
         S1, ["dx"],
         "A history code says the cancer is no longer treated; it is not an active malignancy code. Pends.",
         [L("E0779", P("0V", "history code is not an active malignancy", alt3=["0U"])), L("J9190", DRUG, units="36")],
         EV(["Z85038"]), gender="M")
    case("dx-cladribine-rheumatoid-arthritis", A, DXC, "cladribine (listed) with rheumatoid arthritis only, PWK DB attached",
         S1, ["dx", "attest"],
         "Cladribine is on the continuous list, HSD 24 h/day is set-1-shaped, but M05.79 is not a malignancy; a DME prescription cannot show 'reasonable and necessary'.",
         [L("E0781", P("0V", "drug list entry without matching diagnosis", alt3=["0U"]), hsd=perday(24, 7), units="1",
            dates=("20260309", "20260315")), L("J9065", DRUG, units="40", dates=("20260309", "20260315"))],
         EV(["M0579"], pwk=[("DB", "EL")], dates=("20260309", "20260315")))
    case("dx-antiviral-no-infection-encephalopathy", A, DXC, "acyclovir with encephalopathy G93.40 and no infection coded",
         S2, ["dx"],
         "Set 2 would be met on shape (E0780, rate-controlled antiviral) but no viral infection is coded: an antiviral needs a viral infection (DESIGN §5).",
         [L("E0780", P("0V", "antiviral without a viral infection diagnosis", alt3=["0U"]), units="1"), L("J0133", DRUG, units="420")],
         EV(["G9340"], dk="id", dates=("20260305", "20260325")), twin_of="pos-set2-e0780-acyclovir-disseminated-zoster")
    case("dx-antiviral-fungal-nail-with-record", A, DXC, "acyclovir for onychomycosis B35.1 (fungal), medical record attached",
         S2, ["dx", "attest"],
         "B35.1 is a mycosis, acyclovir an antiviral: the infection class does not match the drug (Correction 2/4 read for Anthem via DESIGN). The M1 cannot repair the mismatch.",
         [L("E0780", P("0V", "infection class does not match the antiviral", alt3=["0U"]), units="1"), L("J0133", DRUG, units="420")],
         EV(["B351"], dk="id", pwk=[("M1", "EL")], dates=("20260305", "20260325")))
    case("dx-antiviral-immunodeficiency-no-infection", A, DXC, "ganciclovir with immunodeficiency D84.9 only (no CMV coded)",
         S2, ["dx"],
         "Immunodeficiency is a risk factor, not an infection; prophylaxis is not shown by codes. Pends.",
         [L("E0780", P("0V", "no viral infection coded", alt3=["0U"]), units="1"), L("J1570", DRUG, units="28")],
         EV(["D849"], dk="id", dates=("20260305", "20260404")), twin_of="pos-set2-ganciclovir-cmv-with-db")
    case("dx-antifungal-viral-infection", A, DXC, "liposomal amphotericin with herpes encephalitis (viral)",
         S2, ["dx"],
         "Amphotericin is an antifungal; B00.4 is viral. Pends.",
         [L("E0781", P("0V", "antifungal without a fungal infection", alt3=["0U"]), units="1", hsd=perday(2, 28)),
          L("J0289", DRUG, units="280")],
         EV(["B004"], dk="id", dates=("20260305", "20260401")), twin_of="pos-set2-liposomal-amphotericin-aspergillosis")
    case("dx-foscarnet-bacterial-sepsis", A, DXC, "foscarnet with sepsis A41.9 (bacterial)",
         S2, ["dx"],
         "Foscarnet treats herpesviruses; A41.9 is a bacterial sepsis. Pends.",
         [L("E0780", P("0V", "antiviral with a bacterial diagnosis", alt3=["0U"]), units="1"), L("J1455", DRUG, units="84")],
         EV(["A419"], dk="id", dates=("20260305", "20260404")), gender="M", twin_of="pos-set2-foscarnet-cmv-hiv-k0552")
    case("dx-prostacyclin-without-ph-raynaud", A, DXC, "epoprostenol for Raynaud's I73.00: prostacyclin without pulmonary hypertension",
         S1, ["dx", "attest"],
         "No I27.x, so the request is inside Anthem's scope, but epoprostenol's indication group is pulmonary hypertension; Raynaud's is off-label. A PWK M1 must not make it A1.",
         [L("E0781", P("0V", "prostacyclin without its indication group", alt3=["0U"]), hsd=perday(24, 90)), L("J1325", DRUG, units="540")],
         EV(["I7300"], dk="pulm", pwk=[("M1", "EL")]))
    case("dx-inotrope-systolic-hf-pends", A, DXC, "milrinone + chronic systolic HF with a medical record: inotropes pend (criteria.md A-9)",
         S1, ["dx"],
         "criteria.md Correction 2 / A-9: inotropes pend; severity (Stage D / NYHA IV) is a clinical judgment. Unsure whether an M1 could ever settle it automatically; prefer pend.",
         [L("E0781", P("0V", "inotrope: clinical review (A-9)", alt3=["0U"]), hsd=perday(24, 90)), L("J2260", DRUG, units="90")],
         EV(["I5022"], dk="hf", pwk=[("M1", "EL")]), gender="M")
    case("dx-inotrope-hypertension-only", A, DXC, "milrinone with essential hypertension only: nothing shows depressed cardiac function",
         S1, ["dx"],
         "I10 is not heart failure; an inotrope with nothing showing depressed function was one of the wrong approvals in issue 9.",
         [L("E0781", P("0V", "inotrope without heart failure", alt3=["0U"]), hsd=perday(24, 90)), L("J2260", DRUG, units="90")],
         EV(["I10"], dk="hf", pwk=[("DB", "EL")]), gender="M")
    case("dx-dobutamine-diastolic-hf-only", A, DXC, "dobutamine with diastolic HF I50.32 only (preserved function)",
         S1, ["dx"],
         "Diastolic failure alone does not show depressed systolic function (criteria.md §4 row 9); and inotropes pend anyway (A-9).",
         [L("E0781", P("0V", "inotrope, preserved-function HF", alt3=["0U"]), hsd=perday(24, 90)), L("J1250", DRUG, units="90")],
         EV(["I5032"], dk="hf", pwk=[("M1", "EL")]))
    case("dx-morphine-noncancer-pain", A, DXC, "continuous morphine for chronic non-cancer low back pain, record attached",
         S1, ["dx"],
         "G89.29 + M54.50 show non-cancer pain; the continuous opioid regimen's indication group is cancer pain (criteria.md A-10). Pends.",
         [L("E0779", P("0V", "opioid without cancer pain", alt3=["0U"])), L("J2270", DRUG, units="180")],
         EV(["G8929", "M5450"], dk="pain", pwk=[("M1", "EL")]), gender="M", twin_of="pos-set1-morphine-cancer-pain-record")
    case("dx-enteral-levodopa-alzheimers", A, DXC, "carbidopa/levodopa enteral at label time, but only Alzheimer's disease coded",
         ENT, ["dx"],
         "HSD 16 h/day matches the label, but G30.9 is not Parkinson's disease, the drug's group (A52507 group 4). Pends.",
         [L("E0781", P("0V", "enteral drug without its indication group", alt3=["0U"]), hsd=perday(16, 90)), L("J7340", DRUG, units="90")],
         EV(["G309"], dk="neuro"), gender="M", twin_of="pos-enteral-levodopa-16h-label")
    case("dx-methotrexate-psoriasis", A, DXC, "methotrexate (antineoplastic J-code) for psoriasis, continuous HSD",
         S1, ["dx"],
         "Methotrexate is not on the continuous list and L40.0 is not a malignancy; no set can be met.",
         [L("E0781", P("0V", "chemotherapy code with non-cancer diagnosis", alt3=["0U"]), hsd=HS46), L("J9260", DRUG, units="6")],
         EV(["L400"]))

    # ======================= Anthem class 2: scope exclusion by diagnosis =======================
    route_dm = ROUTED("routed: diabetes mellitus on the request (CG-DME-50/51), whatever the drug")
    route_ph = ROUTED("routed: pulmonary hypertension on the request, whatever the drug (Correction 1)")
    case("scope-diabetes-principal-with-chemo", A, SCOPE, "E11.65 principal + colon cancer + 5-FU: pump routed, not certified",
         ["A.scope", "A.note.insulin"], ["scope", "routed"],
         "DESIGN §5: a request whose diagnoses show diabetes is routed whatever the drug.",
         [L("E0779", route_dm), L("J9190", DRUG, units="36")], EV(["E1165", "C180"]), gender="M",
         twin_of="pos-set1-e0779-fluorouracil-colon")
    case("scope-diabetes-secondary-with-chemo", A, SCOPE, "colon cancer principal, E11.9 secondary: still routed per DESIGN",
         ["A.scope"], ["scope", "routed"],
         "DESIGN routes on any diagnosis showing diabetes. Clinically the pump serves the cancer, so this is a reading of the rule, not of medicine; either way it must not be A1 without a human look.",
         [L("E0779", route_dm), L("J9190", DRUG, units="36")], EV(["C180", "E119"]))
    case("scope-diabetes-e08-pancreatic", A, SCOPE, "E08.65 (diabetes due to underlying condition) is inside E08-E13",
         ["A.scope"], ["scope", "routed"],
         "E08 is the lower bound of the diabetes range; pancreatic cancer with secondary diabetes still routes.",
         [L("E0781", route_dm, hsd=HS46), L("J9190", DRUG, units="36")], EV(["C259", "E0865"]), gender="M")
    case("scope-diabetes-e13-deferoxamine", A, SCOPE, "E13.9 (other specified diabetes) with deferoxamine for transfusional iron overload",
         ["A.scope"], ["scope", "routed"],
         "E13 is the upper bound of the range; the drug is irrelevant to the scope test.",
         [L("E0781", route_dm, hsd=perday(10, 90)), L("J0895", DRUG, units="180")], EV(["E83111", "D571", "E139"], dk="heme"))
    case("scope-insulin-on-e0781", A, SCOPE, "insulin for administration through a pump on E0781 with type 1 diabetes",
         ["A.scope", "A.note.insulin"], ["scope", "routed"],
         "An insulin regimen belongs to the insulin pump policies; the E0781 line must be routed, never certified here.",
         [L("E0781", route_dm), L("J1817", ROUTED("insulin drug line, routed"), units="90")], EV(["E1065"], dk="neuro"))
    case("scope-ph-with-acyclovir", A, SCOPE, "pulmonary hypertension I27.20 on an acyclovir request: routed whatever the drug",
         ["A.scope"], ["scope", "routed"],
         "Issue 9 class 2: PH routed the line only with a prostacyclin. DESIGN/Correction 1: any I27.x routes.",
         [L("E0780", route_ph, units="1"), L("J0133", DRUG, units="420")],
         EV(["B004", "I2720"], dk="id", dates=("20260305", "20260325")), twin_of="pos-set2-e0780-acyclovir-disseminated-zoster")
    case("scope-ph-left-heart-with-inotrope", A, SCOPE, "I27.22 PH due to left heart disease with milrinone and a record",
         ["A.scope"], ["scope", "routed"],
         "I27.22 is in I27.x: routed, and the PWK does not change scope.",
         [L("E0781", route_ph, hsd=perday(24, 90)), L("J2260", DRUG, units="90")],
         EV(["I5022", "I2722"], dk="hf", pwk=[("M1", "EL")]), gender="M")
    case("scope-ph-treprostinil-e0781", A, SCOPE, "treprostinil + I27.21 on E0781 with a record: routed",
         ["A.scope"], ["scope", "routed"],
         "Prostacyclin + PH is the clearest out-of-scope case; an E0781 code does not bring it into CG-DME-21.",
         [L("E0781", route_ph, hsd=perday(24, 90)), L("J3285", DRUG, units="300")],
         EV(["I2721"], dk="pulm", pwk=[("M1", "EL")]))
    case("scope-ph-chemo-secondary-i2789", A, SCOPE, "colon cancer with I27.89 (other specified pulmonary heart disease) secondary",
         ["A.scope"], ["scope", "routed"],
         "I27.89 is inside I27.x, which DESIGN uses for PH; an otherwise certifiable chemotherapy request routes. (I27.89 also covers non-PH pulmonary heart disease: reading, not medicine.)",
         [L("E0779", route_ph), L("J9190", DRUG, units="36")], EV(["C180", "I2789"]), gender="M")
    case("scope-enteral-nutrition-formula", A, SCOPE, "E0781 with enteral formula B4152 and no drug: nutrition not addressed",
         ["A.nutrition", "A.note.enteral"], ["scope", "routed"],
         "Enteral nutrition belongs to CG-MED-08; the pump line is routed and the formula line too.",
         [L("E0781", ROUTED("routed: enteral nutrition (CG-MED-08)")), L("B4152", ROUTED("routed: CG-MED-08"), svc="12", units="90")],
         EV(["R627"], dk="neuro"), gender="M")
    case("scope-parenteral-nutrition-no-drug", A, SCOPE, "E0791 for parenteral nutrition solution B4189, no medication",
         ["A.lead", "A.nutrition"], ["scope", "routed"],
         "CG-DME-21 addresses pumps for medications; nutrition is not a medication (criteria.md §2: nutrition pumps are not CG-DME-21). No drug line can drive the pump. Unsure between routing (0V) and asking for a drug (0U).",
         [L("E0791", P("0V", "no medication; nutrition", alt3=["0U"])), L("B4189", ROUTED("routed: parenteral nutrition"), svc="12", units="90")],
         EV(["K912"], dk="neuro"))
    case("scope-setting-office-pos11", A, SCOPE, "acyclovir request at POS 11 (office): outside the home setting",
         ["A.scope", "A.s2c"], ["setting", "routed"],
         "The seed addresses the home or residential settings only; an office infusion is another benefit.",
         [L("E0780", ROUTED("routed: not a home or residential setting"), units="1"), L("J0133", DRUG, units="420")],
         EV(["B027"], dk="id", pos="11", dates=("20260305", "20260325")), gender="M",
         twin_of="pos-set2-e0780-acyclovir-disseminated-zoster")
    case("scope-setting-inpatient-pos21", A, SCOPE, "5-FU pump at POS 21 (inpatient hospital)",
         ["A.scope"], ["setting", "routed"],
         "An inpatient stay is not the home; routed.",
         [L("E0779", ROUTED("routed: inpatient setting")), L("J9190", DRUG, units="36")], EV(["C180"], pos="21"))
    case("scope-setting-nursing-facility-pos32", A, SCOPE, "5-FU pump at POS 32 (nursing facility): ambiguous residential status",
         ["A.scope"], ["setting"],
         "criteria.md §5.1: POS 31/32 are ambiguous (institutional vs residential) and go to review, not A1.",
         [L("E0779", P("0V", "ambiguous setting: review", alt3=["0U"])), L("J9190", DRUG, units="36")], EV(["C180"], pos="32"), gender="M")

    # ======================= Anthem class 3: drugs combined =======================
    case("combine-ganciclovir-nodx-plus-5fu-intermittent", A, COMB, "E0780: ganciclovir meets set 2 bullet 4 (no viral dx), 5-FU meets bullet 1 (cancer)",
         S2, ["one", "dx"],
         "Ganciclovir alone lacks a viral infection; 5-FU alone is not a rate-controlled drug and E0780 is < 8 h so set 1 fails for it. Only a combination would 'meet' set 2.",
         [L("E0780", P("0V", "no single drug satisfies one set", alt3=["0U"]), units="1"), L("J1570", DRUG, units="28"),
          L("J9190", DRUG, units="12")], EV(["C180"], dk="onc", dates=("20260305", "20260404")))
    case("combine-vanco-osteo-plus-5fu-nocancer", A, COMB, "24 h/day: vancomycin has the matching dx, 5-FU has the continuous-list entry",
         S1, ["one", "dx"],
         "Vancomycin + osteomyelitis supplies 'reasonable and necessary' but is not on any continuous or rate-control list; 5-FU is on the list but no malignancy is coded.",
         [L("E0781", P("0V", "drugs would combine to meet set 1", alt3=["0U"]), units="1", hsd=perday(24, 42)),
          L("J3370", DRUG, units="84"), L("J9190", DRUG, units="12")], EV(["M8610", "B9562"], dk="id"), gender="M")
    case("combine-oral-capecitabine-plus-iv-ondansetron", A, COMB, "oral capecitabine (chemo, cancer) + IV ondansetron (intravenous, on no list)",
         S1 + ["A.nmn"], ["one", "id"],
         "One drug supplies 'intravenous', the other the chemotherapy/cancer pairing; neither meets a set. Not a conclusive non-coverage (an IV drug is present), so review, not a recommended denial.",
         [L("E0779", P("0V", "no single IV drug meets a set", alt3=["0U"], altrec=["not certified"])),
          L("J8520", DRUG, units="120"), L("J2405", DRUG, units="60")], EV(["C180", "R112"]))
    case("combine-5fu-nocancer-plus-ganciclovir-continuous", A, COMB, "46 h episodes: 5-FU (continuous list, no cancer) + ganciclovir (CMV, not a continuous drug)",
         S1, ["one", "dx"],
         "Ganciclovir supplies the diagnosis pairing; 5-FU supplies the continuous-efficacy bullets; set 2 fails on duration. Only the combination 'meets' set 1.",
         [L("E0781", P("0V", "no single drug satisfies set 1", alt3=["0U"]), hsd=HS46), L("J9190", DRUG, units="36"),
          L("J1570", DRUG, units="28")], EV(["B259"], dk="id"))

    # ======================= Anthem class 4: contradiction vs attestation =======================
    case("contradict-e0779-acyclovir-with-record", A, CONTRA, "acyclovir on E0779 (>= 8 h) with an M1: set 2 duration contradicted, set 1 efficacy not attestable",
         S1 + ["A.s2c"], ["contra", "duration"],
         "E0779 means >= 8 h, so set 2 bullet 3 is not met on structured data; set 1 needs a continuous regimen with proven advantage, which acyclovir is not. The record must not attest over the contradiction.",
         [L("E0779", P("0V", "structured duration contradicts set 2; set 1 not shown", alt3=["0U"])), L("J0133", DRUG, units="420")],
         EV(["B004"], dk="id", pwk=[("M1", "EL")], dates=("20260305", "20260325")))
    case("contradict-e0780-5fu-with-db", A, CONTRA, "5-FU on E0780 (< 8 h by definition) with a DB that might 'attest' >= 8 h",
         S1, ["contra", "duration"],
         "The pump code says < 8 h: set 1 bullet 3 is contradicted, and 5-FU is not a rate-controlled set 2 drug. Attestation cannot override.",
         [L("E0780", P("0V", "E0780 contradicts the >= 8 h bullet")), L("J9190", DRUG, units="36")],
         EV(["C180"], pwk=[("DB", "EL")]), twin_of="pos-set1-e0779-fluorouracil-colon")
    case("contradict-enteral-20h-with-pe", A, CONTRA, "J7340 HSD 20 h/day (label 16 h) with a PE certification",
         ENT + ["A.nmnent"], ["contra", "duration"],
         "Structured HSD contradicts 'in accordance with its FDA label'; the PE cannot attest against it. Whether this is a conclusive enteral non-coverage is a clinician's call.",
         [L("E0781", P("0V", "HSD contradicts the label time", altrec=["not certified"]), hsd=perday(20, 90)), L("J7340", DRUG, units="90")],
         EV(["G20B2"], dk="neuro", pwk=[("PE", "EL")]), gender="M", twin_of="pos-enteral-levodopa-pe-attested")
    case("contradict-inpatient-with-record", A, CONTRA, "POS 21 inpatient with a medical record attached",
         ["A.scope", "A.s1a"], ["contra", "setting"],
         "The setting is structured and contradicts 'in the home'; an attachment cannot move the patient home.",
         [L("E0779", ROUTED("routed: inpatient setting; attachment does not override")), L("J9190", DRUG, units="36")],
         EV(["C180"], pos="21", pwk=[("M1", "EL")]), gender="M")
    case("contradict-hsd-4h-on-e0779-with-db", A, CONTRA, "E0779 with HSD 4 h/episode and a DB: conflicting durations",
         S1, ["contra", "plaus", "duration"],
         "E0779 is >= 8 h by definition and the HSD says 4 h: conflicting structured evidence pends 0V, DB or not.",
         [L("E0779", P("0V", "pump code and HSD disagree on duration"), hsd="HS*4***26*6"), L("J9190", DRUG, units="36")],
         EV(["C180"], pwk=[("DB", "EL")]))

    # ======================= Anthem class 6: attachments that cannot attest =======================
    case("attach-duration-db-available-on-request", A, ATT, "E0781 without HSD, DB marked AA (available on request): nothing sent",
         S1, ["attest", "docs"],
         "PWK02 AA sends nothing and attests nothing; bullet 3 stays unknown and the pend asks for the document.",
         [L("E0781", P("0U", "bullet 3 needs the prescription; AA attests nothing")), L("J9190", DRUG, units="36")],
         EV(["C180"], pwk=[("DB", "AA")]), twin_of="pos-set1-e0781-duration-attested-db")
    case("attach-duration-rental-agreement", A, ATT, "E0781 without HSD, only a rental agreement (PWK 55) attached",
         S1, ["attest", "docs"],
         "A rental agreement cannot show the infusion duration; the criterion stays unknown.",
         [L("E0781", P("0U", "report type 55 cannot show the regimen")), L("J9190", DRUG, units="36")],
         EV(["C180"], pwk=[("55", "EL")]), gender="M", twin_of="pos-set1-e0781-duration-attested-db")
    case("attach-enteral-pe-available-on-request", A, ATT, "J7340 without HSD, PE certification marked AA",
         ENT, ["attest", "docs"],
         "The label-time bullet is documentation-only; AA sends nothing.",
         [L("E0781", P("0U", "enteral bullet 2 needs the certification; AA attests nothing")), L("J7340", DRUG, units="90")],
         EV(["G20A2"], dk="neuro", pwk=[("PE", "AA")]), twin_of="pos-enteral-levodopa-pe-attested")
    case("attach-opioid-record-available-on-request", A, ATT, "continuous morphine for cancer pain, medical record only available on request",
         S1, ["attest", "docs"],
         "A-10 needs documents for the clinical parts; AA attests nothing.",
         [L("E0779", P("0U", "opioid clinical parts need the record; AA")), L("J2270", DRUG, units="180")],
         EV(["G893", "C259"], dk="pain", pwk=[("M1", "AA")]), gender="M", twin_of="pos-set1-morphine-cancer-pain-record")

    # ======================= Anthem class 7: implausible / unidentified =======================
    case("implausible-30-hours-per-day", A, IMP, "HSD 30 infusion hours per day",
         S1, ["plaus"], "A day has 24 hours; implausible data pends 0V with the reason.",
         [L("E0781", P("0V", "more than 24 infusion hours per day"), hsd=perday(30, 90)), L("J9190", DRUG, units="36")],
         EV(["C180"]), twin_of="pos-set1-e0781-doxorubicin-46h-breast")
    case("implausible-two-e0779-same-dates", A, IMP, "two identical E0779 pumps for one 5-FU regimen on the same dates",
         S1, ["plaus"], "One regimen needs one pump; a second pump of the same class on overlapping dates pends both lines 0V.",
         [L("E0779", P("0V", "duplicate pump for one regimen")), L("E0779", P("0V", "duplicate pump for one regimen")),
          L("J9190", DRUG, units="36")], EV(["C180"]), gender="M", twin_of="pos-set1-e0779-fluorouracil-colon")
    case("implausible-e0779-and-e0781-same-regimen", A, IMP, "E0779 and E0781 (both ambulatory pumps) for one 5-FU regimen, same dates",
         S1, ["plaus"],
         "Two ambulatory pumps for one drug on overlapping dates. Unsure whether the engine treats E0779/E0781 as the same 'class'; a careful reviewer would not certify two pumps for one regimen, so both pend.",
         [L("E0779", P("0V", "two pumps for one regimen")), L("E0781", P("0V", "two pumps for one regimen"), hsd=HS46),
          L("J9190", DRUG, units="36")], EV(["C180"]))
    case("implausible-ten-year-certification", A, IMP, "certification period of ten years in one request",
         S1, ["plaus"], "The embedded maximum period is 12 months; ten years pends 0V.",
         [L("E0779", P("0V", "period exceeds the payer maximum"), units="120"), L("J9190", DRUG, units="1440")],
         EV(["C180"], dates=("20260305", "20360304")), twin_of="pos-set1-e0779-fluorouracil-colon")
    case("implausible-13-month-certification", A, IMP, "certification period of 13 months",
         S1, ["plaus"], "Just above the 12-month default maximum (not on the boundary): pends 0V.",
         [L("E0779", P("0V", "period exceeds 12 months"), units="13"), L("J9190", DRUG, units="156")],
         EV(["C180"], dates=("20260305", "20270404")), gender="M")
    case("implausible-e0780-hsd-12h", A, IMP, "E0780 (< 8 h by definition) with HSD 12 h/day for acyclovir",
         S2, ["plaus", "duration"], "The pump code and the HSD disagree; conflicting structured data pends 0V.",
         [L("E0780", P("0V", "E0780 vs HSD 12 h/day"), units="1", hsd=perday(12, 21)), L("J0133", DRUG, units="420")],
         EV(["B027"], dk="id", dates=("20260305", "20260325")))
    case("implausible-unknown-ndc-only-drug", A, IMP, "the only drug line is an NDC the gateway cannot identify",
         S1, ["id"], "An unidentified drug never satisfies a set; with a cancer diagnosis and E0779 the set still has no driving drug.",
         [L("E0779", P("0V", "no identified driving drug", alt3=["0U"])), L("99999001101", DRUG, qual="N4", units="36")],
         EV(["C180"]), gender="M")

    # ======================= Anthem clause coverage / near-misses =======================
    case("clause-set1-no-drug-line", A, CL, "E0779 with no drug line at all",
         S1, ["docs"], "Every drug-dependent bullet is unknown; the pend asks what drug (0U).",
         [L("E0779", P("0U", "no drug line", alt3=["0V"]))], EV(["C180"]), twin_of="pos-set1-e0779-fluorouracil-colon")
    case("clause-set1-no-hsd-no-pwk", A, CL, "E0781 without HSD and without attachment",
         S1, ["docs", "duration"], "Bullet 3 is documentation-only when no duration is structured; no PWK -> 0U.",
         [L("E0781", P("0U", "infusion duration unknown")), L("J9190", DRUG, units="36")], EV(["C180"]),
         twin_of="pos-set1-e0781-duration-attested-db")
    case("clause-set1d-carboplatin-continuous", A, CL, "carboplatin (identified chemo, not a continuous-infusion drug) on E0779 for ovarian cancer",
         ["A.s1d", "A.s1c"], ["dx"],
         "Drug and diagnosis pair, but carboplatin's regimen is a short infusion: no proxy shows 'significant advantages over ... infusions lasting less than 8 hours'.",
         [L("E0779", P("0V", "set 1 bullet 4 not shown for this drug", alt3=["0U"])), L("J9045", DRUG, units="12")], EV(["C562"]))
    case("clause-set1b-heparin-lock-flush", A, CL, "heparin lock flush J1642 is a catheter flush: no pump needed",
         ["A.s1b", "A.s2b", "A.nmn"], ["adverse"],
         "Bullet 2 of both IV sets fails on structured data (a flush needs no pump) and the enteral set does not apply: stated non-coverage -> recommended not certified, pended for a clinician.",
         [L("E0781", NC("no drug that needs a pump")), L("J1642", DRUG, units="30")], EV(["Z452"], pwk=[("DB", "EL")]))
    case("clause-set2d-vancomycin-not-on-list", A, CL, "vancomycin on E0780 for MRSA osteomyelitis: not on the rate-control list",
         ["A.s2d"], ["dx"],
         "Drug/dx pair fits, but the PDR rate-control bullet is proxied only by the listed antivirals/antifungals (criteria.md A-8). Unsure: a clinician may find vancomycin rate-limited; the gateway should not certify on its own.",
         [L("E0780", P("0V", "set 2 bullet 4 not shown", alt3=["0U"]), units="1"), L("J3370", DRUG, units="84")],
         EV(["M8610", "B9562"], dk="id", dates=("20260305", "20260415")), gender="M")
    case("clause-set2c-foscarnet-12h-per-day", A, CL, "foscarnet with HSD 12 h/day on E0781: not intermittent, not a continuous-list drug",
         ["A.s2c", "A.s1d"], ["duration"],
         "12 h per episode fails 'each episode lasting less than 8 hours'; foscarnet is not a set-1 continuous drug.",
         [L("E0781", P("0V", "neither set's duration bullet fits", alt3=["0U"]), units="1", hsd=perday(12, 28)),
          L("J1455", DRUG, units="84")], EV(["B258", "B20"], dk="id", dates=("20260305", "20260401")), gender="M",
         twin_of="pos-set2-foscarnet-cmv-hiv-k0552")
    case("clause-lead-intrathecal-ziconotide", A, CL, "ziconotide (intrathecal) under a lead-in that says 'intravenous medications'",
         ["A.lead"], ["contra"],
         "Ziconotide is intrathecal, not intravenous; Anthem's sets apply to intravenous medications. Route unknown/not IV -> review.",
         [L("E0781", P("0V", "not an intravenous medication"), hsd=perday(24, 90)), L("J2278", DRUG, units="300")],
         EV(["G894"], dk="pain", pwk=[("M1", "EL")]))
    case("clause-nmn-oral-capecitabine-supply-follows", A, CL, "oral capecitabine with a record: not IV, not enteral; supply follows the recommended denial",
         ["A.lead", "A.ent", "A.nmn"], ["adverse", "contra", "supply"],
         "An oral drug meets neither the IV sets nor the enteral set; 'pumps and related supplies are not medically necessary'. Under adverse: review both lines pend 0V recommended not certified.",
         [L("E0781", NC("oral drug: no set can apply")), L("A4221", FOLLOW, units="13"), L("J8520", DRUG, units="120")],
         EV(["C180"], pwk=[("M1", "EL")]), gender="M")
    case("clause-noc-j3490-with-record", A, CL, "unclassified drug J3490 with a cancer diagnosis and a record",
         S1, ["id"], "NOC codes never satisfy a set; clinical review.",
         [L("E0779", P("0V", "unidentified drug (NOC)")), L("J3490", DRUG, units="10")], EV(["C180"], pwk=[("M1", "EL")]))
    case("clause-enteral-no-hsd-no-pwk", A, CL, "J7340 with neither HSD nor attachment",
         ENT, ["docs"], "Label conformity is documentation-only here; no PWK -> 0U.",
         [L("E0781", P("0U", "enteral bullet 2 needs a document")), L("J7340", DRUG, units="90")], EV(["G20B2"], dk="neuro"),
         twin_of="pos-enteral-levodopa-pe-attested")
    case("clause-enteral-label-mismatch-20h", A, CL, "J7340 HSD 20 h/day, no attachment",
         ENT + ["A.nmnent"], ["duration"],
         "20 h/day is not the 16-hour label; bullet 2 not met on structured data. Unsure whether that is conclusive enteral NMN (recommended not certified) or review.",
         [L("E0781", P("0V", "HSD differs from the label", altrec=["not certified"]), hsd=perday(20, 90)), L("J7340", DRUG, units="90")],
         EV(["G20B2"], dk="neuro"), gender="M", twin_of="pos-enteral-levodopa-16h-label")
    case("clause-opioid-cancer-pain-no-docs", A, CL, "continuous morphine for cancer pain with no attachment",
         S1, ["docs"], "A-10: the clinical parts (intractable pain, failed oral therapy) need documents -> 0U.",
         [L("E0779", P("0U", "opioid clinical parts need documents", alt3=["0V"])), L("J2270", DRUG, units="180")],
         EV(["G893", "C259"], dk="pain"), gender="M", twin_of="pos-set1-morphine-cancer-pain-record")
    case("clause-supplies-without-pump", A, CL, "A4222 and K0552 with a chemo drug but no pump line",
         ["A.nmn"], ["supply"], "Related supplies with no pump in the request pend 0U.",
         [L("A4222", P("0U", "supply without a pump line"), units="84"), L("K0552", P("0U", "supply without a pump line"), units="30"),
          L("J9190", DRUG, units="36")], EV(["C180"]))
    case("clause-set1-pos-office-no-pwk", A, CL, "5-FU on E0779 at POS 11, no attachment",
         ["A.scope", "A.s1a"], ["setting", "routed"], "Office setting: routed, not certified.",
         [L("E0779", ROUTED("routed: office setting")), L("J9190", DRUG, units="36")], EV(["C180"], pos="11"),
         twin_of="pos-set1-e0779-fluorouracil-colon")

    # ======================= Vermont positive controls =======================
    vfull = "indication, conditions 1-6 and prescriber conditions: drug+dx structured, documentation-only parts attested by PWK DB + M1 (EL); enrolled check skipped (no table)"
    case("pos-ind1-fluorouracil-gastric-a4221", V, POS, "indication 1: 5-FU 46 h/episode for gastric cancer, DB + M1 sent; A4221 follows",
         ["V.i1"] + VALL, ["line", "attest", "supply"],
         "5-FU is a listed antineoplastic, C16.0 a malignancy, 46 h/episode (cond 6), home (cond 3), oncologist with NPI (licensed, scope); a DME prescription and a medical record sent electronically can show cond 2, 4, 5, knowledge and the treating relationship.",
         [L("E0781", A1(vfull), hsd=HS46), L("A4221", FOLLOW, units="13"), L("J9190", DRUG, units="36")],
         EV(["C160"], pwk=DOCS))
    case("pos-ind3-hcc-unresectable-record", V, POS, "indication 3 (and 1): 5-FU for hepatocellular carcinoma, unresectability in the record",
         ["V.i3", "V.i1"] + VALL, ["line", "attest"],
         "C22.0 is primary HCC; 'unresectable or refuses surgery' is documentation-only and the M1 can show it; E0779 >= 8 h.",
         [L("E0779", A1("indication 3/1 + conditions; M1 attests unresectability")), L("J9190", DRUG, units="36")],
         EV(["C220"], pwk=DOCS), gender="M")
    case("pos-ind2-vancomycin-mrsa-osteomyelitis", V, POS, "indication 2: continuous vancomycin for MRSA osteomyelitis",
         ["V.i2"] + VALL, ["line", "dx"],
         "Antibacterial with a bacterial infection (M86.10 + B95.62 MRSA), HSD 24 h/day, full documents. (Vermont is silent on the Medicare NCD vancomycin exclusion.)",
         [L("E0781", A1("indication 2 antibacterial + bacterial infection"), units="1", hsd=perday(24, 42)), L("J3370", DRUG, units="84")],
         EV(["M8610", "B9562"], dk="id", pwk=DOCS, dates=("20260305", "20260415")), gender="M")
    case("pos-ind2-amphotericin-invasive-aspergillosis", V, POS, "indication 2: continuous amphotericin B for invasive aspergillosis",
         ["V.i2"] + VALL, ["line", "dx"],
         "Seed-named antifungal with a mycosis (B44.0), 24 h/day continuous, full documents.",
         [L("E0781", A1("indication 2 antifungal + mycosis"), units="1", hsd=perday(24, 28)), L("J0285", DRUG, units="28")],
         EV(["B440"], dk="id", pwk=DOCS, dates=("20260305", "20260401")))
    case("pos-ind5-deferoxamine-transfusional-overload", V, POS, "indication 5: deferoxamine 10 h/day for transfusional iron overload in sickle cell",
         ["V.i5"] + VALL, ["line", "dx"],
         "E83.111 (hemochromatosis due to repeated transfusions) shows chronic iron overload; 10 h/day overnight infusion; full documents.",
         [L("E0781", A1("indication 5"), hsd=perday(10, 90)), L("J0895", DRUG, units="180")],
         EV(["E83111", "D571"], dk="heme", pwk=DOCS))
    case("pos-ind6-heparin-pregnancy-dvt", V, POS, "indication 6: heparin for antepartum DVT, female member, 22 weeks",
         ["V.i6"] + VALL, ["line", "dx"],
         "J1644 therapeutic heparin, O22.32 (antepartum deep phlebothrombosis) + Z3A.22, DMG03 F, continuous; full documents.",
         [L("E0781", A1("indication 6"), hsd=perday(24, 90)), L("J1644", DRUG, units="900")],
         EV(["O2232", "Z3A22"], dk="mfm", pwk=DOCS), gender="F",
         sub=("BEAUREGARD", "ODILE", "VT70026902", "19950720"))
    case("pos-ind7-morphine-pancreatic-cancer-pain", V, POS, "indication 7: morphine for pancreatic cancer pain on E0779",
         ["V.i7"] + VALL, ["line", "dx"],
         "Morphine (not meperidine), G89.3 + C25.9, E0779; the failed oral trial is documentation-only and the M1 can show it.",
         [L("E0779", A1("indication 7")), L("J2270", DRUG, units="180")], EV(["G893", "C259"], dk="pain", pwk=DOCS), gender="M")
    case("pos-ind7-hydromorphone-lung-cancer-pain", V, POS, "indication 7: hydromorphone (another narcotic analgesic) 24 h/day for lung cancer pain",
         ["V.i7"] + VALL, ["line", "dx"],
         "'Morphine/narcotic analgesics (except meperidine)': hydromorphone J1170 is identified and is not meperidine; G89.3 + C34.90.",
         [L("E0781", A1("indication 7, hydromorphone"), hsd=perday(24, 90)), L("J1170", DRUG, units="360")],
         EV(["G893", "C3490"], dk="pain", pwk=DOCS))
    case("pos-ind8-epoprostenol-k0455", V, POS, "indication 8: epoprostenol on K0455 for pulmonary arterial hypertension",
         ["V.i8"] + VALL, ["line", "dx"],
         "J1325 + I27.0 on K0455 (the prostacyclin pump: cond 5 by the pump/drug pair); full documents. Vermont covers PH, unlike Anthem.",
         [L("K0455", A1("indication 8, K0455/prostacyclin pair")), L("J1325", DRUG, units="540")],
         EV(["I270"], dk="pulm", pwk=DOCS))
    case("pos-ind8-treprostinil-k0455-secondary-pah", V, POS, "indication 8: parenteral treprostinil on K0455, I27.21",
         ["V.i8"] + VALL, ["line", "dx"],
         "J3285 (parenteral treprostinil) + I27.21 on K0455; the Vermont seed has no etiology exclusion.",
         [L("K0455", A1("indication 8")), L("J3285", DRUG, units="300")], EV(["I2721"], dk="pulm", pwk=DOCS), gender="M")
    case("pos-ind9-milrinone-systolic-hf", V, POS, "indication 9: milrinone for chronic systolic HF, advanced-HF cardiologist",
         ["V.i9"] + VALL, ["line", "dx"],
         "I50.22 shows depressed systolic function; severity is documentation-only (V-7) and the medical record can show it.",
         [L("E0781", A1("indication 9"), hsd=perday(24, 90)), L("J2260", DRUG, units="90")], EV(["I5022"], dk="hf", pwk=DOCS), gender="M")
    case("pos-ind9-dobutamine-end-stage-hf", V, POS, "indication 9: dobutamine for end-stage heart failure I50.84",
         ["V.i9"] + VALL, ["line", "dx"],
         "I50.84 end-stage HF, dobutamine J1250, continuous, full documents.",
         [L("E0781", A1("indication 9, dobutamine"), hsd=perday(24, 90)), L("J1250", DRUG, units="90")],
         EV(["I5084", "I5022"], dk="hf", pwk=DOCS))
    case("pos-ind10-ziconotide-chronic-pain", V, POS, "indication 10: ziconotide for chronic pain syndrome, intolerance documented",
         ["V.i10", "V.desc"] + VALL, ["line", "dx"],
         "J2278 + G89.4; 'intrathecal therapy warranted' and 'intolerant of other therapies' are documentation-only and the M1 can show them. The Description's 'directly into a vein' is descriptive, not a criterion: indication 10 itself names an intrathecal drug, so the route must not pend it.",
         [L("E0781", A1("indication 10"), hsd=perday(24, 90)), L("J2278", DRUG, units="300")], EV(["G894"], dk="pain", pwk=DOCS))
    case("pos-renewal-progress-note", V, POS, "renewal (UM02 R + REF*BB) with a progress report showing the episode's evaluation",
         ["V.r1", "V.i1"] + VALL, ["line", "repeat", "attest"],
         "Repeat service needs the member seen and evaluated for the episode: a progress report (09) sent electronically can show it (DESIGN §5).",
         [L("E0781", A1("renewal; evaluation attested by PWK 09"), cert="R", hsd=HS46), L("J9190", DRUG, units="36", cert="R")],
         EV(["C180"], cert="R", ref_bb="VTM2025-220417", pwk=DOCS + [("09", "EL")], dates=("20260601", "20260831")), gender="M")
    case("pos-extension-morphine-progress-note", V, POS, "extension (UM02 4 + REF*BB) of a morphine pump with a progress report",
         ["V.r1", "V.i7"] + VALL, ["line", "repeat", "attest"],
         "Extension = repeat service; progress report 09 (EL) shows the evaluation; indication 7 otherwise met.",
         [L("E0779", A1("extension; evaluation attested by PWK 09"), cert="4"), L("J2270", DRUG, units="180", cert="4")],
         EV(["G893", "C259"], cert="4", ref_bb="VTM2025-220988", dk="pain", pwk=DOCS + [("09", "EL")],
            dates=("20260601", "20260831")))
    case("pos-replacement-ra-record", V, POS, "replacement pump (modifier RA, purchase) with medical record and progress report",
         ["V.r2", "V.i1"] + VALL, ["line", "repeat", "attest"],
         "End of useful life through normal wear is documentation-only; M1/09 sent electronically can show it (old sample used M1). Unsure which report types the policy data accepts for device life; I attached both.",
         [L("E0781", A1("replacement; end of life attested by M1/09"), mods=["NU", "RA"], svc="12", units="1", hsd=HS46),
          L("J9190", DRUG, units="36")],
         EV(["C180"], svc="12", pwk=DOCS + [("09", "EL")]))
    case("pos-ind8-dependent-child-k0455", V, POS, "indication 8 for a dependent child (2000D), urgent",
         ["V.i8"] + VALL, ["line"],
         "Same as the adult K0455/epoprostenol case for a dependent; pediatric PAH I27.0.",
         [L("K0455", A1("indication 8, dependent")), L("J1325", DRUG, units="540")],
         EV(["I270"], dk="pulm", pwk=DOCS, level="U"), gender="M",
         sub=("OUELLETTE", "MATHIEU", "VT70033679", "19830917"), dep=("OUELLETTE", "JOSIANE", "20150823", "F"))
    case("pos-ind1-nurse-practitioner-prescriber", V, POS, "indication 1 prescribed by a family nurse practitioner (licensed prescriber in Vermont)",
         ["V.presc", "V.i1"], ["line"],
         "The seed asks for 'a licensed medical provider ... within their scope of practice', not a physician; an NP taxonomy is a prescribing practitioner. Unsure whether the engine's practitioner list includes NPs; a careful gateway should.",
         [L("E0781", A1("NP is a licensed medical provider"), hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C186"], dk="np", pwk=DOCS))
    case("pos-ind1-vincristine-96h-lymphoma", V, POS, "indication 1: vincristine 96-hour infusion for DLBCL",
         ["V.i1"] + VALL, ["line"],
         "Seed-named antineoplastic (vincristine), malignancy C83.38, 96 h/episode, full documents.",
         [L("E0781", A1("indication 1, vincristine"), hsd=HS96), L("J9370", DRUG, units="24")],
         EV(["C8338"], dk="hemonc", pwk=DOCS), gender="M")

    # ======================= Vermont class 3: drugs combined =======================
    case("combine-k0455-epoprostenol-nodx-plus-5fu", V, COMB, "K0455: epoprostenol (no PH) supplies cond 5, 5-FU (colon cancer) supplies indication 1",
         ["V.i1", "V.i8", "V.c5"], ["one"],
         "The K0455/prostacyclin pair satisfies 'pump approved for the particular drug' only for epoprostenol, which has no indication here; 5-FU has an indication but K0455 is not shown approved for it.",
         [L("K0455", P("0V", "no single drug meets indication + all conditions", alt3=["0U"])), L("J1325", DRUG, units="540"),
          L("J9190", DRUG, units="36")], EV(["C180"], pwk=DOCS))
    case("combine-acyclovir-plus-5fu-nocancer-e0779", V, COMB, "E0779: acyclovir (viral dx) has the indication, 5-FU (no cancer) the continuous-regimen advantage",
         ["V.i1", "V.i2", "V.c6"], ["one", "dx"],
         "Acyclovir is an intermittent-regimen drug (cond 6 not shown on a >= 8 h pump); 5-FU's continuous advantage belongs to a cancer regimen that is not coded.",
         [L("E0779", P("0V", "drugs would combine", alt3=["0U"])), L("J0133", DRUG, units="420"), L("J9190", DRUG, units="36")],
         EV(["B004"], dk="id", pwk=DOCS, dates=("20260305", "20260325")))
    case("combine-gallium-plus-morphine-no-malignancy", V, COMB, "gallium (E83.52) + morphine (G89.3), no malignancy code: neither indication complete",
         ["V.i4", "V.i7"], ["one", "dx"],
         "Correction 5: gallium needs E83.52 and a coded malignancy; G89.3 (neoplasm-related pain) is not a malignancy code and morphine's indication also needs the cancer. Using morphine's pain code as gallium's 'cancer' would be combining.",
         [L("E0779", P("0V", "no coded malignancy for either drug", alt3=["0U"])), L("J1457", DRUG, units="1000"),
          L("J2270", DRUG, units="180")], EV(["E8352", "G893"], pwk=DOCS, dates=("20260305", "20260309")), gender="M")

    # ======================= Vermont class 4: contradiction vs attestation =======================
    vpres = "prescriber condition contradicted by structured data; attachment does not attest over it"
    case("contradict-dk-supplier-taxonomy", V, CONTRA, "ordering provider's taxonomy is a DME supplier (332B00000X), full PWK",
         ["V.presc"], ["contra"],
         "A DME supplier is not a licensed prescribing provider; the structured taxonomy contradicts the criterion and wins over the DB/M1.",
         [L("E0781", P("0V", vpres, alt3=["0U"], altrec=["not certified"]), hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C180"], dk="supplier", pwk=DOCS), twin_of="pos-ind1-fluorouracil-gastric-a4221")
    case("contradict-line-dk-supplier-no-event-dk", V, CONTRA, "no event ordering provider; the pump line's 2010F ordering provider is a supplier",
         ["V.presc"], ["contra"],
         "The only ordering provider on the request is a supplier; attestation must not stand in.",
         [L("E0779", P("0V", vpres, alt3=["0U"], altrec=["not certified"]), dk="supplier"), L("J9190", DRUG, units="36")],
         EV(["C180"], dk=None, pwk=DOCS), gender="M")
    case("contradict-no-dk-pharmacy-requester", V, CONTRA, "no ordering provider at all; requester is the home infusion pharmacy; full PWK",
         ["V.presc"], ["contra"],
         "DESIGN §5: with no ordering provider the requester organization must not stand in for the prescriber; the DB/M1 cannot replace a structured prescriber.",
         [L("E0781", P("0U", "no prescriber on the request", alt3=["0V"]), hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C180"], dk=None, pwk=DOCS), twin_of="pos-ind1-fluorouracil-gastric-a4221")
    case("contradict-no-dk-oncology-group-requester", V, CONTRA, "no ordering provider; requester is an oncology group organization (NM102 2, oncology taxonomy)",
         ["V.presc"], ["contra"],
         "An organization cannot be 'a licensed medical provider ... who provides medical care to the member' even with an oncology taxonomy; old sample vt-requester-is-prescriber certified this.",
         [L("E0779", P("0U", "requester organization is not the prescriber", alt3=["0V"])), L("J9190", DRUG, units="36")],
         EV(["C180"], dk=None, pwk=DOCS), requester=REQ_VT_GROUP, gender="M")
    case("contradict-dk-registered-nurse", V, CONTRA, "ordering provider is a registered nurse (163W00000X)",
         ["V.presc"], ["contra"],
         "An RN does not prescribe; taxonomy contradicts 'licensed medical provider ... within their scope of practice'.",
         [L("E0781", P("0V", vpres, alt3=["0U"], altrec=["not certified"]), hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C180"], dk="rn", pwk=DOCS))
    case("contradict-dk-pharmacist", V, CONTRA, "ordering provider is a pharmacist (183500000X)",
         ["V.presc"], ["contra"],
         "A pharmacist is not the treating prescriber of the pump; contradiction beats the attachment.",
         [L("E0781", P("0V", vpres, alt3=["0U"], altrec=["not certified"]), hsd=perday(24, 42), units="1"),
          L("J3370", DRUG, units="84")], EV(["M8610", "B9562"], dk="pharm", pwk=DOCS, dates=("20260305", "20260415")), gender="M")
    case("contradict-dk-without-npi", V, CONTRA, "ordering oncologist named but no NPI (NM108/NM109 absent)",
         ["V.presc"], ["contra"],
         "Without an identifier the licence (and enrolment) cannot be checked; the attachment cannot identify the prescriber for the payer.",
         [L("E0781", P("0U", "prescriber not identified", alt3=["0V"]), hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C180"], dk="nonpi", pwk=DOCS), gender="M")
    case("contradict-office-pos-with-docs", V, CONTRA, "POS 11 (office) with full documents: condition 3 contradicted",
         ["V.c3"], ["contra"],
         "Infusions at the physician's office contradict 'does not require the individual to return to a physician’s office'; the M1 cannot attest it.",
         [L("E0779", P("0V", "condition 3 not met on structured POS", altrec=["not certified"])), L("J9190", DRUG, units="36")],
         EV(["C180"], pos="11", pwk=DOCS))
    case("contradict-heparin-male-member", V, CONTRA, "heparin + pregnancy codes for a member with DMG03 M, full PWK",
         ["V.i6"], ["contra", "dx"],
         "Indication 6 is for women through pregnancy; the structured gender contradicts the pregnancy codes, and attestation cannot fix it.",
         [L("E0781", P("0V", "gender contradicts indication 6", altrec=["not certified"]), hsd=perday(24, 90)), L("J1644", DRUG, units="900")],
         EV(["O2232", "Z3A22"], dk="mfm", pwk=DOCS), gender="M",
         sub=("MCCRAE", "FINLAY", "VT70030346", "19860304"), twin_of="pos-ind6-heparin-pregnancy-dvt")

    # ======================= Vermont class 5: indications matched too widely =======================
    ind_no = "no listed indication matched by drug+dx; catch-all 11 needs a clinician"
    case("indication-acyclovir-fungal-nail", V, IND, "acyclovir (antiviral) with onychomycosis B35.1 (fungal nail infection)",
         ["V.i2", "V.i11"], ["dx"],
         "Correction 4: antivirals with viral infections; a fungal nail infection is B35-B49. A00-B99 as one range is too wide.",
         [L("E0781", P("0V", ind_no, altrec=["not certified"]), units="1", hsd=perday(24, 21)), L("J0133", DRUG, units="420")],
         EV(["B351"], dk="id", pwk=DOCS, dates=("20260305", "20260325")))
    case("indication-amphotericin-viral", V, IND, "amphotericin B (antifungal) with herpes encephalitis (viral)",
         ["V.i2"], ["dx"], "Antifungal with a viral infection: class mismatch.",
         [L("E0781", P("0V", ind_no, altrec=["not certified"]), units="1", hsd=perday(24, 28)), L("J0285", DRUG, units="28")],
         EV(["B004"], dk="id", pwk=DOCS, dates=("20260305", "20260401")), twin_of="pos-ind2-amphotericin-invasive-aspergillosis")
    case("indication-vancomycin-candidiasis", V, IND, "vancomycin (antibacterial) with candidal stomatitis B37.0 (fungal)",
         ["V.i2"], ["dx"], "Antibacterial with a mycosis: class mismatch.",
         [L("E0781", P("0V", ind_no, altrec=["not certified"]), units="1", hsd=perday(24, 42)), L("J3370", DRUG, units="84")],
         EV(["B370"], dk="id", pwk=DOCS, dates=("20260305", "20260415")), gender="M", twin_of="pos-ind2-vancomycin-mrsa-osteomyelitis")
    case("indication-ganciclovir-bacterial-sepsis", V, IND, "ganciclovir (antiviral) with sepsis A41.9 (bacterial)",
         ["V.i2"], ["dx"], "Antiviral with a bacterial infection: class mismatch.",
         [L("E0781", P("0V", ind_no, altrec=["not certified"]), units="1", hsd=perday(24, 28)), L("J1570", DRUG, units="28")],
         EV(["A419"], dk="id", pwk=DOCS, dates=("20260305", "20260401")), gender="M")
    case("indication-j9999-noc-antineoplastic", V, IND, "J9999 not-otherwise-classified antineoplastic with colon cancer",
         ["V.i1", "V.i11"], ["id"], "Correction 3 / V-8: NOC drugs never satisfy an indication and always go to clinical review.",
         [L("E0781", P("0V", "NOC drug: clinical review"), hsd=HS46), L("J9999", DRUG, units="1")], EV(["C180"], pwk=DOCS))
    case("indication-goserelin-implant-prostate", V, IND, "J9202 goserelin implant (subcutaneous depot) on a pump for prostate cancer",
         ["V.i1", "V.ei"], ["id"],
         "An implant is not an infusion; 'etc.' in indication 1 does not reach it (Correction 3). Whether E&I is conclusive (recommended not certified) is for the clinician.",
         [L("E0781", P("0V", "implant is not an infused drug", altrec=["not certified"]), hsd=HS46), L("J9202", DRUG, units="1")],
         EV(["C61"], pwk=DOCS), gender="M")
    case("indication-leuprolide-depot-prostate", V, IND, "J9217 leuprolide depot on a pump for prostate cancer",
         ["V.i1", "V.ei"], ["id"], "A depot suspension is not a pump infusion (Correction 3).",
         [L("E0781", P("0V", "depot is not an infused drug", altrec=["not certified"]), hsd=HS46), L("J9217", DRUG, units="1")],
         EV(["C61"], pwk=DOCS), gender="M")
    case("indication-liposomal-doxorubicin", V, IND, "liposomal doxorubicin Q2050 for breast cancer",
         ["V.i1"], ["id"],
         "Indication 1 names 'doxorubicin (non-liposomal)'; the liposomal form is a short infusion (criteria.md §4 row 1 'Not'). Pends for review.",
         [L("E0781", P("0V", "liposomal doxorubicin excluded from the indication 1 list", alt3=["0U"], altrec=["not certified"]), hsd=HS46),
          L("Q2050", DRUG, units="5")], EV(["C50911"], pwk=DOCS))
    case("indication-gallium-no-malignancy", V, IND, "gallium nitrate with E83.52 hypercalcemia but no malignancy coded",
         ["V.i4"], ["dx"], "Correction 5: E83.52 and a malignancy, both coded; an attachment does not stand in for the missing malignancy code.",
         [L("E0781", P("0V", "indication 4 needs a coded malignancy", alt3=["0U"]), units="1", hsd=perday(24, 5)),
          L("J1457", DRUG, units="1000")], EV(["E8352"], pwk=DOCS, dates=("20260305", "20260309")))
    case("indication-gallium-malignancy-no-hypercalcemia", V, IND, "gallium nitrate with lung cancer but no E83.52",
         ["V.i4"], ["dx"], "The other half of Correction 5: no hypercalcemia code.",
         [L("E0781", P("0V", "indication 4 needs E83.52", alt3=["0U"]), units="1", hsd=perday(24, 5)),
          L("J1457", DRUG, units="1000")], EV(["C3490"], pwk=DOCS, dates=("20260305", "20260309")), gender="M")
    case("indication-gallium-as-j7799-noc", V, IND, "gallium nitrate billed as J7799 (its code from 2026) with E83.52 + C34.90",
         ["V.i4"], ["id"],
         "A52507 moves gallium to J7799 from 01/01/2026, and J7799 is NOC: the gateway cannot identify the drug, so clinical review. (This means indication 4 can no longer be certified automatically for 2026 dates.)",
         [L("E0781", P("0V", "NOC drug code: clinical review"), units="1", hsd=perday(24, 5)), L("J7799", DRUG, units="1")],
         EV(["E8352", "C3490"], pwk=DOCS, dates=("20260305", "20260309")))
    case("indication-fluorouracil-benign-polyp", V, IND, "5-FU with a benign colon neoplasm D12.6",
         ["V.i1"], ["dx"], "'any J9 code with any C code' was too wide; here not even a C code: a benign neoplasm is no malignancy.",
         [L("E0781", P("0V", ind_no), hsd=HS46), L("J9190", DRUG, units="36")], EV(["D126"], pwk=DOCS),
         twin_of="pos-ind1-fluorouracil-gastric-a4221")
    case("indication-fluorouracil-history-only", V, IND, "5-FU with Z85.038 history of colon cancer only",
         ["V.i1"], ["dx"], "A personal-history code is not an active malignancy.",
         [L("E0781", P("0V", ind_no), hsd=HS46), L("J9190", DRUG, units="36")], EV(["Z85038"], pwk=DOCS), gender="M")
    case("indication-methotrexate-rheumatoid", V, IND, "methotrexate (J9260, antineoplastic code) for rheumatoid arthritis",
         ["V.i1"], ["dx"], "Indication 1 is anticancer chemotherapy 'in providing an evidence-based chemotherapy regimen'; no malignancy.",
         [L("E0781", P("0V", ind_no), hsd=HS46), L("J9260", DRUG, units="6")], EV(["M0579"], pwk=DOCS))
    case("indication-deferoxamine-acute-iron-poisoning", V, IND, "deferoxamine for acute iron poisoning T45.4X1A",
         ["V.i5"], ["dx"], "Indication 5 is chronic iron overload; acute poisoning is not chronic (criteria.md §4 row 5).",
         [L("E0781", P("0V", ind_no), units="1", hsd=perday(24, 3)), L("J0895", DRUG, units="30")],
         EV(["T454X1A"], dk="heme", pwk=DOCS, dates=("20260305", "20260307")), twin_of="pos-ind5-deferoxamine-transfusional-overload")
    case("indication-deferoxamine-sickle-cell-no-overload", V, IND, "deferoxamine with sickle cell disease only, no iron overload coded",
         ["V.i5"], ["dx"], "Sickle cell disease supports but does not show chronic iron overload; no E83.11x. Pends.",
         [L("E0781", P("0V", "iron overload not coded", alt3=["0U"]), hsd=perday(10, 90)), L("J0895", DRUG, units="180")],
         EV(["D571"], dk="heme", pwk=DOCS), gender="M")
    case("indication-heparin-dvt-not-pregnant", V, IND, "heparin for DVT in a woman with no pregnancy code",
         ["V.i6"], ["dx"], "Indication 6 is anticoagulation through pregnancy only.",
         [L("E0781", P("0V", ind_no), hsd=perday(24, 90)), L("J1644", DRUG, units="900")], EV(["I82401"], dk="heme", pwk=DOCS),
         twin_of="pos-ind6-heparin-pregnancy-dvt")
    case("indication-heparin-lock-flush-pregnancy", V, IND, "heparin lock flush J1642 with pregnancy codes",
         ["V.i6", "V.c1", "V.ei"], ["adverse", "id"],
         "J1642 is a catheter flush, not anticoagulation (criteria.md §4 row 6); no pump is needed: E&I. Recommended not certified, pended for a clinician.",
         [L("E0781", NC("flush is not indication 6 and needs no pump", altrec=[""])), L("J1642", DRUG, units="30")],
         EV(["O2232", "Z3A22"], dk="mfm", pwk=DOCS), sub=("LACHANCE", "SOLENNE", "VT70022568", "19920115"))
    case("indication-morphine-noncancer-pain", V, IND, "morphine for chronic non-cancer low back pain",
         ["V.i7"], ["dx"], "Indication 7 is intractable pain caused by cancer.",
         [L("E0779", P("0V", ind_no, altrec=["not certified"])), L("J2270", DRUG, units="180")],
         EV(["G8929", "M5450"], dk="pain", pwk=DOCS), gender="M", twin_of="pos-ind7-morphine-pancreatic-cancer-pain")
    case("indication-epoprostenol-raynaud", V, IND, "epoprostenol on K0455 for Raynaud's I73.00 (no PH)",
         ["V.i8"], ["dx"], "Indication 8 is for persons with pulmonary hypertension.",
         [L("K0455", P("0V", ind_no)), L("J1325", DRUG, units="540")], EV(["I7300"], dk="pulm", pwk=DOCS),
         twin_of="pos-ind8-epoprostenol-k0455")
    case("indication-inhaled-treprostinil", V, IND, "inhaled treprostinil J7686 on an E0781 with PH",
         ["V.i8", "V.ei"], ["id", "routed"],
         "Indication 8 says parenteral; J7686 is an inhalation solution (nebulizer), not a pump drug: the drug line is routed and the pump has no parenteral drug.",
         [L("E0781", P("0V", "inhaled form never satisfies indication 8", altrec=["not certified"])),
          L("J7686", ROUTED("inhaled drug, routed (nebulizer)"), units="30")], EV(["I270"], dk="pulm", pwk=DOCS))
    case("indication-milrinone-diastolic-only", V, IND, "milrinone with diastolic HF I50.32 only",
         ["V.i9"], ["dx"], "'Depressed cardiac function' is not shown by diastolic failure alone (criteria.md §4 row 9).",
         [L("E0781", P("0V", "depressed function not shown"), hsd=perday(24, 90)), L("J2260", DRUG, units="90")],
         EV(["I5032"], dk="hf", pwk=DOCS), twin_of="pos-ind9-milrinone-systolic-hf")
    case("indication-ziconotide-acute-pain", V, IND, "ziconotide for acute post-traumatic pain G89.11",
         ["V.i10"], ["dx"], "Indication 10 is severe chronic pain; G89.11 is acute.",
         [L("E0781", P("0V", ind_no), hsd=perday(24, 90)), L("J2278", DRUG, units="300")], EV(["G8911"], dk="pain", pwk=DOCS),
         gender="M", twin_of="pos-ind10-ziconotide-chronic-pain")

    # ======================= Vermont class 6: attachments that cannot attest =======================
    case("attach-renewal-dme-prescription-only", V, ATT, "renewal with only a DME prescription: cannot show the episode's evaluation",
         ["V.r1"], ["repeat", "attest"],
         "DESIGN §5 / Correction 6: a DB shows the regimen and the need for a pump, not that the treating physician evaluated the member for this episode.",
         [L("E0781", P("0U", "evaluation in the episode needs 09/M1/08"), cert="R", hsd=HS46), L("J9190", DRUG, units="36", cert="R")],
         EV(["C180"], cert="R", ref_bb="VTM2025-220417", pwk=[("DB", "EL")], dates=("20260601", "20260831")), gender="M",
         twin_of="pos-renewal-progress-note")
    case("attach-renewal-physician-order-only", V, ATT, "renewal with only a physician order (B3)",
         ["V.r1"], ["repeat", "attest"], "A physician order cannot show the evaluation either.",
         [L("E0779", P("0U", "evaluation needs 09/M1/08"), cert="R"), L("J2270", DRUG, units="180", cert="R")],
         EV(["G893", "C259"], cert="R", ref_bb="VTM2025-221003", dk="pain", pwk=[("B3", "EL")], dates=("20260601", "20260831")))
    case("attach-extension-progress-note-available-on-request", V, ATT, "extension: DB sent, the progress report only 'available on request' (AA)",
         ["V.r1", "V.c2"], ["repeat", "attest"], "PWK02 AA sends nothing; the evaluation stays unknown and the pend asks for it by LOINC.",
         [L("E0779", P("0U", "09 marked AA attests nothing"), cert="4"), L("J2270", DRUG, units="180", cert="4")],
         EV(["G893", "C259"], cert="4", ref_bb="VTM2025-220988", dk="pain", pwk=[("DB", "EL"), ("09", "AA")],
            dates=("20260601", "20260831")), twin_of="pos-extension-morphine-progress-note")
    case("attach-replacement-dme-prescription-only", V, ATT, "replacement (RA) with only a DME prescription",
         ["V.r2"], ["repeat", "attest"],
         "A prescription for a new pump does not show the old one is no longer functional through normal wear after >= 5 years.",
         [L("E0781", P("0U", "end of useful life needs documentation"), mods=["NU", "RA"], svc="12", units="1", hsd=HS46),
          L("J9190", DRUG, units="36")], EV(["C180"], svc="12", pwk=[("DB", "EL")]), twin_of="pos-replacement-ra-record")
    case("attach-replacement-record-available-on-request", V, ATT, "replacement (RA): DB sent, medical record and progress report AA",
         ["V.r2"], ["repeat", "attest"], "AA attests nothing.",
         [L("E0781", P("0U", "M1/09 marked AA"), mods=["NU", "RA"], svc="12", units="1", hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C180"], svc="12", pwk=[("DB", "EL"), ("M1", "AA"), ("09", "AA")]), gender="M")
    case("attach-initial-all-available-on-request", V, ATT, "indication 1 with DB and M1 both AA",
         ["V.c2", "V.c4", "V.presc"], ["attest"], "'as evidenced by supportive documentation': nothing was sent.",
         [L("E0781", P("0U", "documents available on request only"), hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C160"], pwk=[("DB", "AA"), ("M1", "AA")]), twin_of="pos-ind1-fluorouracil-gastric-a4221")
    case("attach-initial-record-available-on-request", V, ATT, "indication 1 with DB sent but the medical record AA",
         ["V.c2", "V.c4"], ["attest"],
         "A DB shows the regimen and pump need; condition 2's supportive documentation and condition 4's follow-through need the record, which was not sent.",
         [L("E0781", P("0U", "M1 marked AA"), hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C160"], pwk=[("DB", "EL"), ("M1", "AA")]), gender="M")
    case("attach-morphine-dme-prescription-only", V, ATT, "indication 7 with only a DME prescription",
         ["V.i7", "V.c2", "V.c4"], ["attest"],
         "'have not responded adequately to oral/transdermal therapeutic regimen' and conditions 2/4 need clinical records, not a prescription.",
         [L("E0779", P("0U", "clinical parts need M1/09")), L("J2270", DRUG, units="180")],
         EV(["G893", "C259"], dk="pain", pwk=[("DB", "EL")]), gender="M", twin_of="pos-ind7-morphine-pancreatic-cancer-pain")

    # ======================= Vermont class 7: implausible / unidentified =======================
    case("implausible-26-hours-per-day", V, IMP, "vancomycin with HSD 26 hours per day",
         ["V.i2"], ["plaus"], "More than 24 hours a day is implausible: 0V.",
         [L("E0781", P("0V", "more than 24 h/day"), units="1", hsd=perday(26, 42)), L("J3370", DRUG, units="84")],
         EV(["M8610", "B9562"], dk="id", pwk=DOCS, dates=("20260305", "20260415")), gender="M",
         twin_of="pos-ind2-vancomycin-mrsa-osteomyelitis")
    case("implausible-two-e0781-same-dates", V, IMP, "two identical E0781 pumps for one 5-FU regimen on the same dates",
         ["V.c1"], ["plaus"], "One regimen, one pump: both lines pend 0V.",
         [L("E0781", P("0V", "duplicate pump"), hsd=HS46), L("E0781", P("0V", "duplicate pump"), hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C160"], pwk=DOCS), twin_of="pos-ind1-fluorouracil-gastric-a4221")
    case("implausible-two-k0455-same-dates", V, IMP, "two K0455 pumps for one epoprostenol regimen",
         ["V.i8"], ["plaus"], "A backup prostacyclin pump is a second pump for one regimen (A52507: backup not separately payable); pend 0V.",
         [L("K0455", P("0V", "duplicate pump")), L("K0455", P("0V", "duplicate pump")), L("J1325", DRUG, units="540")],
         EV(["I270"], dk="pulm", pwk=DOCS), gender="M", twin_of="pos-ind8-epoprostenol-k0455")
    case("implausible-ten-year-certification", V, IMP, "a ten-year certification period for a morphine pump",
         ["V.r1"], ["plaus"], "Ten years in one step exceeds the 12-month maximum and skips every episode evaluation the repeat-service clause needs.",
         [L("E0779", P("0V", "period exceeds the payer maximum"), units="120"), L("J2270", DRUG, units="7200")],
         EV(["G893", "C259"], dk="pain", pwk=DOCS, dates=("20260305", "20360304")), gender="M",
         twin_of="pos-ind7-morphine-pancreatic-cancer-pain")
    case("implausible-morphine-plus-unknown-ndc", V, IMP, "morphine next to an NDC the gateway cannot identify",
         ["V.i7"], ["id"],
         "The unknown NDC could be meperidine: an unidentified line never shows that a drug is absent ('not meperidine' stays unknown).",
         [L("E0779", P("0V", "'except meperidine' not shown: unidentified drug line")), L("J2270", DRUG, units="180"),
          L("99999001101", DRUG, qual="N4", units="30")], EV(["G893", "C259"], dk="pain", pwk=DOCS), gender="M",
         twin_of="pos-ind7-morphine-pancreatic-cancer-pain")
    case("implausible-unknown-ndc-only-drug", V, IMP, "the only drug line is an unknown NDC, cancer diagnosis",
         ["V.i1", "V.i11"], ["id"], "No identified drug, so no indication; clinical review.",
         [L("E0781", P("0V", "no identified drug", alt3=["0U"]), hsd=HS46), L("99999001101", DRUG, qual="N4", units="36")],
         EV(["C180"], pwk=DOCS))
    case("implausible-e0780-hsd-12h", V, IMP, "E0780 (< 8 h) with HSD 12 h/day for 5-FU",
         ["V.c6"], ["plaus", "duration"], "Pump code and HSD disagree: 0V.",
         [L("E0780", P("0V", "E0780 vs HSD 12 h/day"), hsd=perday(12, 90)), L("J9190", DRUG, units="36")], EV(["C180"], pwk=DOCS))

    # ======================= Vermont clause coverage / near-misses =======================
    case("clause-cond6-intermittent-chemo-e0780", V, CL, "5-FU on E0780 (< 8 h): condition 6 advantage over < 8 h infusions not shown",
         ["V.c6", "V.c2"], ["duration"], "Condition 6 literally needs advantage over infusions lasting less than 8 hours; never auto-deny intermittent regimens (criteria.md §4 quirk) -> review.",
         [L("E0780", P("0V", "condition 6 needs review")), L("J9190", DRUG, units="36")], EV(["C160"], pwk=DOCS),
         twin_of="pos-ind1-fluorouracil-gastric-a4221")
    case("clause-cond6-intermittent-acyclovir", V, CL, "acyclovir on E0780: intermittent antiviral, condition 6 review",
         ["V.i2", "V.c6"], ["duration"], "Indication 2 met, condition 6 not shown for a < 8 h regimen -> review, not A1.",
         [L("E0780", P("0V", "condition 6 needs review"), units="1"), L("J0133", DRUG, units="420")],
         EV(["B027"], dk="id", pwk=DOCS, dates=("20260305", "20260325")), gender="M")
    case("clause-cond5-epoprostenol-generic-pump", V, CL, "epoprostenol + I27.0 on E0781 rather than K0455",
         ["V.c5", "V.i8"], ["contra"],
         "Condition 5: pump FDA-approved for the particular drug. Only the K0455/prostacyclin pair shows it structurally; an E0781 does not. Unsure whether an M1/DB could attest it; I expect a review pend.",
         [L("E0781", P("0V", "condition 5 not shown for E0781 + prostacyclin", alt3=["0U"]), hsd=perday(24, 90)), L("J1325", DRUG, units="540")],
         EV(["I270"], dk="pulm", pwk=DOCS), twin_of="pos-ind8-epoprostenol-k0455")
    case("clause-cond5-chemo-on-k0455", V, CL, "5-FU for colon cancer on K0455 (the prostacyclin pump)",
         ["V.c5"], ["contra"],
         "K0455 is the uninterrupted-infusion pump of indication 8 (Medicare: K0455 only for epoprostenol/treprostinil). Unsure; a reviewer should look.",
         [L("K0455", P("0V", "pump/drug pairing not shown", alt3=["0U"])), L("J9190", DRUG, units="36")], EV(["C180"], pwk=DOCS), gender="M")
    case("clause-cond2-no-attachment", V, CL, "indication 1 met structurally, no PWK at all",
         ["V.c2", "V.c4", "V.presc"], ["docs"], "'as evidenced by supportive documentation' with nothing attached -> 0U with LOINC.",
         [L("E0781", P("0U", "conditions 2/4 and prescriber knowledge need documents"), hsd=HS46), L("J9190", DRUG, units="36")],
         EV(["C160"]), twin_of="pos-ind1-fluorouracil-gastric-a4221")
    case("clause-cond4-dme-prescription-only", V, CL, "indication 1 with only a DME prescription",
         ["V.c4", "V.c2", "V.presc"], ["attest"],
         "Correction 6: a DB shows regimen and pump need; not follow-through in disease management, not supportive documentation of efficacy/safety, not the treating relationship.",
         [L("E0781", P("0U", "conditions 2/4 need records")), L("A4221", FOLLOW, units="13"), L("J9190", DRUG, units="36")],
         EV(["C160"], pwk=[("DB", "EL")], dk="onc"), twin_of="pos-ind1-fluorouracil-gastric-a4221")
    case("clause-cond1-heparin-flush", V, CL, "heparin lock flush J1642 for a port, no listed indication",
         ["V.c1", "V.ei"], ["adverse"], "No pump is needed for a flush and no indication lists it: E&I, recommended not certified, pended for a clinician.",
         [L("E0781", NC("flush: no pump needed, unlisted")), L("J1642", DRUG, units="30")], EV(["Z452"], pwk=DOCS))
    case("clause-meperidine-supply-follows", V, CL, "meperidine for cancer pain: explicit exclusion, supply follows",
         ["V.i7", "V.ei"], ["adverse", "supply"],
         "'(except meperidine)': stated non-coverage; adverse: review -> A4 0V recommended not certified on pump and supply.",
         [L("E0779", NC("meperidine excluded from indication 7")), L("A4222", FOLLOW, units="84"), L("J2175", DRUG, units="90")],
         EV(["G893", "C259"], dk="pain", pwk=DOCS), twin_of="pos-ind7-morphine-pancreatic-cancer-pain")
    case("clause-meperidine-promethazine", V, CL, "meperidine/promethazine combination J2180",
         ["V.i7"], ["adverse"], "J2180 contains meperidine: same exclusion.",
         [L("E0779", NC("meperidine combination excluded")), L("J2180", DRUG, units="90")], EV(["G893", "C259"], dk="pain", pwk=DOCS))
    case("clause-meperidine-with-morphine", V, CL, "meperidine together with morphine: exclusion not conclusive",
         ["V.i7"], ["one"], "Morphine could satisfy indication 7 but meperidine is also on the pump: neither conclusive coverage nor conclusive exclusion -> review.",
         [L("E0779", P("0V", "meperidine present with morphine", altrec=["not certified"])), L("J2270", DRUG, units="180"),
          L("J2175", DRUG, units="90")], EV(["G893", "C259"], dk="pain", pwk=DOCS), gender="M")
    case("clause-meperidine-with-fluorouracil", V, CL, "5-FU (indication 1) and meperidine on the same pump request",
         ["V.i1", "V.i7"], ["one"],
         "5-FU alone would meet indication 1, but the pump also carries an excluded narcotic; which drug drives the pump is a clinical question. Unsure; prefer review.",
         [L("E0781", P("0V", "excluded drug on the same pump", altrec=["not certified"]), hsd=HS46), L("J9190", DRUG, units="36"),
          L("J2175", DRUG, units="90")], EV(["C259", "G893"], pwk=DOCS))
    case("clause-ei-oral-capecitabine", V, CL, "oral capecitabine: no parenteral indication",
         ["V.lead", "V.i1", "V.ei"], ["adverse"], "Oral drug: no listed indication and the catch-all is for parenteral drugs: E&I, recommended not certified.",
         [L("E0781", NC("oral drug: experimental/investigational for the pump")), L("A4221", FOLLOW, units="13"),
          L("J8520", DRUG, units="120")], EV(["C180"], pwk=DOCS), gender="M")
    case("clause-ei-enteral-levodopa", V, CL, "carbidopa/levodopa enteral suspension: enteral drugs are not in the Vermont list",
         ["V.lead", "V.i11", "V.ei"], ["adverse"],
         "Every Vermont indication is parenteral; the catch-all is 'other parenteral drugs'. J7340 is enteral: E&I (criteria.md V-9), recommended not certified. (Contrast: Anthem's enteral set.)",
         [L("E0781", NC("enteral drug: unlisted indication", altrec=[""]), hsd=perday(16, 90)), L("J7340", DRUG, units="90")],
         EV(["G20B2"], dk="neuro", pwk=DOCS))
    case("clause-ind11-subcutaneous-immune-globulin", V, CL, "SC immune globulin for hypogammaglobulinemia: only the catch-all could cover it",
         ["V.i11"], ["routed"], "Indication 11 is always clinical review (V-8).",
         [L("E0781", P("0V", "catch-all indication 11: clinical review")), L("J1559", DRUG, units="40")], EV(["D801"], dk="id", pwk=DOCS))
    case("clause-ind11-ondansetron-no-titration", V, CL, "IV ondansetron for nausea on a pump",
         ["V.i11"], ["routed"], "Not listed; whether it 'must be titrated or strictly controlled' is a clinician's call (V-8).",
         [L("E0781", P("0V", "catch-all: clinical review", altrec=["not certified"]), hsd=perday(24, 30)), L("J2405", DRUG, units="60")],
         EV(["R112", "C180"], pwk=DOCS), gender="M")
    case("clause-renewal-no-attachment", V, CL, "renewal (UM02 R + REF*BB) with no attachment",
         ["V.r1"], ["repeat", "docs"], "The episode's evaluation is documentation-only: 0U with the progress note LOINC.",
         [L("E0781", P("0U", "evaluation in the episode not shown"), cert="R", hsd=HS46), L("J9190", DRUG, units="36", cert="R")],
         EV(["C180"], cert="R", ref_bb="VTM2025-220417", dates=("20260601", "20260831")), twin_of="pos-renewal-progress-note")
    case("clause-replacement-no-attachment", V, CL, "replacement (RA) with no attachment",
         ["V.r2"], ["repeat", "docs"], "End of useful life through normal wear is documentation-only: 0U.",
         [L("E0781", P("0U", "replacement not documented"), mods=["NU", "RA"], svc="12", units="1", hsd=HS46),
          L("J9190", DRUG, units="36")], EV(["C180"], svc="12"), gender="M", twin_of="pos-replacement-ra-record")
    case("clause-ind3-hcc-no-attachment", V, CL, "5-FU for HCC with no attachment",
         ["V.i3", "V.c2"], ["docs"], "Unresectability/refusal and conditions 2/4 need documents: 0U.",
         [L("E0779", P("0U", "documentation-only parts pending")), L("J9190", DRUG, units="36")], EV(["C220"]),
         twin_of="pos-ind3-hcc-unresectable-record")
    case("clause-supplies-without-pump", V, CL, "A4221 and A4222 with no pump line",
         ["V.c1"], ["supply"], "Supplies with no pump line pend 0U.",
         [L("A4221", P("0U", "supply without a pump"), units="13"), L("A4222", P("0U", "supply without a pump"), units="84"),
          L("J9190", DRUG, units="36")], EV(["C180"], pwk=DOCS))
    case("clause-ind9-inotrope-no-attachment", V, CL, "milrinone + I50.22 with no attachment",
         ["V.i9", "V.c2"], ["docs"], "Indication 9's severity and conditions 2/4 are documentation-only: 0U.",
         [L("E0781", P("0U", "documents needed", alt3=["0V"]), hsd=perday(24, 90)), L("J2260", DRUG, units="90")],
         EV(["I5022"], dk="hf"), gender="M", twin_of="pos-ind9-milrinone-systolic-hf")
    case("clause-routed-insulin-pump-beside-chemo", V, CL, "an insulin pump E0784 beside a covered 5-FU pump: routed line, pump decided alone",
         ["V.lead", "V.i1"] + VALL, ["routed", "line"],
         "E0784 belongs to another policy (no insulin indication in the Vermont guideline) and is routed A4 0V; the 5-FU pump meets indication 1 with full documents and stays A1.",
         [L("E0781", A1("indication 1, unaffected by the routed line"), hsd=HS46), L("J9190", DRUG, units="36"),
          L("E0784", ROUTED("routed: insulin pump"))], EV(["C160", "E109"], pwk=DOCS))


# ------------------------------------------------------------ output
def resolve(c):
    pump = next((l["exp"] for l in c["lines"] if line_kind(l["code"], l["qual"]) == "pump"), None)
    out = []
    for l in c["lines"]:
        e = l["exp"]
        if e == FOLLOW:
            assert pump, c["name"]
            e = dict(pump)
            e["note"] = "supply follows the pump line"
        out.append(dict(code=l["code"], **e))
    return out


def event_of(lines):
    acts = {l["hcr01"] for l in lines}
    if acts == {"A1"}:
        return "A1"
    if "A4" in acts:
        return "A4"
    return "A2"


def main():
    check_quotes()
    build()
    for f in os.listdir(HERE):
        if f.endswith(".x12"):
            os.remove(os.path.join(HERE, f))
    names = set()
    entries = []
    counters = {"anthem": {"F": 0, "M": 0}, "vt": {"F": 0, "M": 0}}
    for i, c in enumerate(CASES):
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
        ctrl = 700000001 + i
        pool = (SUB_A if c["payer"] == "anthem" else SUB_V)[c["gender"]]
        k = counters[c["payer"]][c["gender"]]
        counters[c["payer"]][c["gender"]] += 1
        last, first, mid, dob = pool[k % len(pool)]
        sub = (last, first, mid, dob, c["gender"])
        if c["sub"]:
            sub = c["sub"] + (c["gender"],)
        ref = "%s%04d" % ("ACX" if c["payer"] == "anthem" else "VTX", i + 1)
        text = interchange(ctrl, c, ref, sub)
        with open(os.path.join(HERE, c["name"] + ".x12"), "w") as f:
            f.write(text)
        lines = resolve(c)
        ent = dict(file=c["name"] + ".x12", payer=PAYERS[c["payer"]][1], **{"class": c["cls"]},
                   clause=c["clause"], design=c["design"], why=c["why"], lines=lines, event=event_of(lines))
        if c["twin_of"]:
            ent["twin_of"] = c["twin_of"] + ".x12"
        ent["proves"] = c["proves"]
        entries.append(ent)
    for e in entries:
        if "twin_of" in e:
            assert e["twin_of"] in {x["file"] for x in entries}, e["twin_of"]
    # no A3 anywhere under the default configuration
    assert all(l["hcr01"] != "A3" for e in entries for l in e["lines"])
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(entries, f, indent=1, ensure_ascii=False)
        f.write("\n")
    write_readme(entries)
    print("wrote %d files" % len(entries))


CLASS_DOC = [
    ("positive", "positive controls: every criterion of one set met by specific, consistent evidence -> pump A1"),
    ("C1-dx-outside-indication-group", "issue 9 class 1: Anthem drug on a list, diagnosis outside the drug's indication group"),
    ("C2-scope-exclusion-by-dx", "issue 9 class 2: Anthem scope by diagnosis (E08-E13, I27.x) and setting/nutrition, whatever the drug"),
    ("C3-drugs-combined", "issue 9 class 3: two drugs would combine to satisfy one set"),
    ("C4-attestation-vs-contradiction", "issue 9 class 4: an attachment against contradicting structured evidence"),
    ("C5-vt-indication-too-wide", "issue 9 class 5: Vermont indications matched too widely"),
    ("C6-attachment-cannot-attest", "issue 9 class 6: attachments whose type or transmission cannot attest"),
    ("C7-implausible-or-unidentified", "issue 9 class 7: implausible or unidentified data"),
    ("clause-near-miss", "other seed clauses and near-miss twins of positive controls"),
]


def write_readme(entries):
    out = ["# Adversarial 278 corpus for gate278 (issue 9)", "",
           "Written from the seed text alone (Anthem Blue Cross CT CG-DME-21, `shared/seeds/000_215f0b6b90ae3e1a.txt`;",
           "Vermont DVHA external infusion pump guideline, `shared/seeds/004_27486b74d1dcb4ec.txt`), DESIGN.md §5 and",
           "criteria.md with its Corrections, **before** the engine was run on it. `python3 gen_corpus.py` regenerates every",
           "file, `expected.json` and this README (deterministic; stdlib only).", "",
           "Each `.x12` is one interchange (ISA13 from 700000001, 106-byte ISA, correct SE/GE/IEA counts), one 278 request,",
           "invented people, Luhn-valid NPIs, dates around 2026-03. Every file passes `gate278 validate` (999 IK5*A, AK9*A).", "",
           "## Reading `expected.json`", "",
           "One entry per file: `file`, `payer` (UMO PI), `class`, `clause` (verbatim seed sentences with file and section),",
           "`design` (DESIGN §5 rule), `why`, `lines` (per 2000F in order: `code`, `hcr01`, `hcr03`, `recommended`, `note`,",
           "optional `alt`), `event` (2000E HCR01), optional `twin_of` (the positive control this near-miss perturbs) and `proves`.",
           "Expectations assume the embedded default configuration (`adverse: review`, `drug_lines: review`, attestation",
           "accepted): no line is A3; stated non-coverage is A4/0V with `recommended: \"not certified\"`; drug lines are A4/0V;",
           "routed lines A4/0V; supplies follow their pump line. `alt.hcr03` / `alt.recommended` list other values that are",
           "also acceptable where the seed leaves the pend reason open. `hcr01` is never loosened: a pump line expected A4",
           "that comes back A1 is a wrong approval.", "",
           "## Classes", ""]
    for k, d in CLASS_DOC:
        out.append("- `%s` — %s" % (k, d))
    out += ["", "## Counts", "", "| class | Anthem | Vermont | total |", "|---|---|---|---|"]
    tot = {"ANTHEMCT": 0, "VTMEDICAID": 0}
    for k, _ in CLASS_DOC:
        a = sum(1 for e in entries if e["class"] == k and e["payer"] == "ANTHEMCT")
        v = sum(1 for e in entries if e["class"] == k and e["payer"] == "VTMEDICAID")
        tot["ANTHEMCT"] += a
        tot["VTMEDICAID"] += v
        out.append("| %s | %d | %d | %d |" % (k, a, v, a + v))
    out.append("| **all** | %d | %d | %d |" % (tot["ANTHEMCT"], tot["VTMEDICAID"], len(entries)))
    pa1 = sum(1 for e in entries if any(l["hcr01"] == "A1" for l in e["lines"]))
    tw = sum(1 for e in entries if "twin_of" in e)
    out += ["", "Requests with a pump line expected A1: %d. Near-miss twins (with `twin_of`): %d." % (pa1, tw), "",
            "## Files", "", "| file | class | what it proves | expected pump line(s) |", "|---|---|---|---|"]
    for e in entries:
        pumps = [l for l in e["lines"] if l["code"] in ("E0779", "E0780", "E0781", "E0791", "K0455")]
        dec = ", ".join(l["hcr01"] + ("/" + l["hcr03"] if l["hcr03"] else "") +
                        (" rec. not certified" if l["recommended"] else "") for l in pumps) or "(no pump)"
        out.append("| `%s` | %s | %s | %s |" % (e["file"], e["class"], e["proves"].replace("|", "/"), dec))
    out.append("")
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
