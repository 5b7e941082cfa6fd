#!/usr/bin/env python3
"""Generates the synthetic 278 requests under samples/adjudication/ and the
error files under samples/errors/ (run from the repository root:
python3 samples/testdata/gen_samples.py). Every person, member ID and NPI is
invented; NPIs pass the Luhn check over the prefix 80840. The goldens are
written by `go test ./samples -update`, not by this script."""
import json, os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


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

# Invented providers.
NPI_REQ_CT = npi("356201847")   # Nutmeg Home Infusion (CT), home infusion pharmacy
NPI_REQ_VT = npi("471029385")   # Green Mountain Home Infusion (VT)
NPI_ONC = npi("190283746")      # Dr. Priya Lindqvist, oncology
NPI_ID = npi("164829301")       # Dr. Tomas Arbeloa, infectious disease
NPI_CARD = npi("128374650")     # Dr. Helen Okonkwo-Reyes, cardiology
NPI_PAIN = npi("139485726")     # Dr. Samuel Varga, pain medicine
NPI_NEURO = npi("157392046")    # Dr. Imani Castellanos, neurology
NPI_OB = npi("182736450")       # Dr. Ruth Abernathy, obstetrics
NPI_PULM = npi("176253409")     # Dr. Oskar Feldmann, pulmonology
NPI_NOTENR = npi("145098273")   # Dr. Lena Marchetti, not in the VT enrolled table

DK = {
    "onc": ("LINDQVIST", "PRIYA", NPI_ONC, "207RX0202X"),
    "id": ("ARBELOA", "TOMAS", NPI_ID, "207RI0200X"),
    "card": ("OKONKWO-REYES", "HELEN", NPI_CARD, "207RC0000X"),
    "pain": ("VARGA", "SAMUEL", NPI_PAIN, "208VP0014X"),
    "neuro": ("CASTELLANOS", "IMANI", NPI_NEURO, "2084N0400X"),
    "ob": ("ABERNATHY", "RUTH", NPI_OB, "207V00000X"),
    "pulm": ("FELDMANN", "OSKAR", NPI_PULM, "207RP1001X"),
    "notenr": ("MARCHETTI", "LENA", NPI_NOTENR, "207RX0202X"),
    "supplier": ("BRANDVOLD", "KARI", npi("193847560"), "332B00000X"),
}

PAYERS = {
    "anthem": ("ANTHEM BLUE CROSS CT", "ANTHEMCT"),
    "vt": ("VERMONT MEDICAID DVHA", "VTMEDICAID"),
    "unknown": ("HARBORVIEW MUTUAL", "HARBOR01"),
}
REQ = {
    "anthem": ("NUTMEG HOME INFUSION", NPI_REQ_CT, "3336H0001X", "NUTMEGHI"),
    "vt": ("GREEN MOUNTAIN HOME INFUSION", NPI_REQ_VT, "3336H0001X", "GRNMTNHI"),
}
DATES = ("20260305", "20260604")


def ev(**kw):
    e = dict(cert="I", svc="18", pos="12", level=None, ref_bb=None, dates=DATES,
             dx=["C180"], pwk=None, dk="onc", msg=None)
    e.update(kw)
    return e


def line(code, **kw):
    l = dict(code=code, qual="HC", mods=[], cert="I", svc=None, pos=None, ref_bb=None,
             dates=None, hsd=None, pwk=None, msg=None, dk=None, units="1", charge="100")
    l.update(kw)
    return l


def tset(ref, payer, lines, event=None, sub=None, dep=None, sub_id=True, requester=None):
    return dict(ref=ref, payer=payer, lines=lines, event=event or ev(), sub=sub or
                ("HOLLOWAY", "MARGARET", "ZQH4418207", "19620311", "F"), dep=dep, sub_id=sub_id,
                requester=requester)


def set_segments(s, ordinal):
    ref = s["ref"]
    pname, pid = PAYERS[s["payer"]]
    rname, rnpi, rtax, _ = REQ["vt" if s["payer"] == "vt" else "anthem"]
    if s["requester"]:
        rname, rnpi, rtax = s["requester"]
    e = s["event"]
    st = "%04d" % ordinal
    seg = [f"ST*278*{st}*005010X217", f"BHT*0007*13*{ref}*20260302*0915"]
    seg += ["HL*1**20*1", f"NM1*X3*2*{pname}*****PI*{pid}"]
    seg += ["HL*2*1*21*1", f"NM1*1P*2*{rname}*****XX*{rnpi}", "PER*IC*INTAKE DESK*TE*8605550147",
            f"PRV*PE*PXC*{rtax}"]
    last, first, mid, dob, g = s["sub"]
    seg += ["HL*3*2*22*1"]
    seg += [f"NM1*IL*1*{last}*{first}****MI*{mid}" if s["sub_id"] else f"NM1*IL*1*{last}*{first}"]
    seg += [f"DMG*D8*{dob}*{g}"]
    hl, parent = 4, 3
    if s["dep"]:
        dl, df, ddob, dg = s["dep"]
        seg += ["HL*4*3*23*1", f"NM1*QC*1*{dl}*{df}", f"DMG*D8*{ddob}*{dg}", "INS*N*19"]
        hl, parent = 5, 4
    evhl = hl
    seg += [f"HL*{evhl}*{parent}*EV*1", f"TRN*1*{ref}E*9876543210"]
    um = f"UM*HS*{e['cert']}*{e['svc']}"
    if e["pos"]:
        um += f"*{e['pos']}:B"
    if e["level"]:
        um += ("" if e["pos"] else "*") + f"**{e['level']}"
    seg.append(um)
    if e["ref_bb"]:
        seg.append(f"REF*BB*{e['ref_bb']}")
    if e["dates"]:
        seg.append("DTP*AAH*RD8*%s-%s" % e["dates"])
    if e["dx"]:
        seg.append("HI*" + "*".join(("ABK:" if i == 0 else "ABF:") + d for i, d in enumerate(e["dx"])))
    pwks = e["pwk"] if isinstance(e["pwk"], list) else [e["pwk"]] if e["pwk"] else []
    for k, t in enumerate(pwks):
        seg.append(f"PWK*{t}*EL***AC*{ref}A{k+1}")
    if e["msg"]:
        seg.append(f"MSG*{e['msg']}")
    if e["dk"]:
        l_, f_, n_, t_ = DK[e["dk"]]
        seg += [f"NM1*DK*1*{l_}*{f_}****XX*{n_}", f"PRV*OR*PXC*{t_}"]
    for i, l in enumerate(s["lines"]):
        hl += 1
        seg += [f"HL*{hl}*{evhl}*SS*0", f"TRN*1*{ref}L{i+1}*9876543210"]
        um = f"UM*HS*{l['cert']}"
        if l["svc"] or l["pos"]:
            um += f"*{l['svc'] or ''}"
        if l["pos"]:
            um += f"*{l['pos']}:B"
        seg.append(um)
        if l["ref_bb"]:
            seg.append(f"REF*BB*{l['ref_bb']}")
        d = l["dates"] if l["dates"] is not None else e["dates"]
        if d:
            seg.append("DTP*472*RD8*%s-%s" % d)
        code = ":".join([l["qual"], l["code"]] + l["mods"])
        seg.append(f"SV1*{code}*{l['charge']}*UN*{l['units']}")
        if l["hsd"]:
            seg.append("HSD*" + l["hsd"])
        if l["pwk"]:
            seg.append(f"PWK*{l['pwk']}*EL***AC*{ref}L{i+1}")
        if l["msg"]:
            seg.append(f"MSG*{l['msg']}")
        if l["dk"]:
            l_, f_, n_, t_ = DK[l["dk"]]
            seg += [f"NM1*DK*1*{l_}*{f_}****XX*{n_}", f"PRV*OR*PXC*{t_}"]
    seg.append(f"SE*{len(seg)+1}*{st}")
    return seg


def interchange(ctrl, sets, sender="NUTMEGHI", receiver="GATE278", ack="0", groups=None):
    """groups: list of lists of sets; default one group."""
    groups = groups or [sets]
    isa = "ISA*00*          *00*          *ZZ*%-15s*ZZ*%-15s*260302*0915*^*00501*%09d*%s*T*:~" % (
        sender, receiver, ctrl, ack)
    assert len(isa) == 106, isa
    out = [isa[:-1]]
    for gi, g in enumerate(groups):
        gc = str(ctrl * 10 + gi + 1) if len(groups) > 1 else str(ctrl)
        out.append(f"GS*HI*{sender}*{receiver}*20260302*0915*{gc}*X*005010X217")
        for si, s in enumerate(g):
            out += set_segments(s, si + 1)
        out.append(f"GE*{len(g)}*{gc}")
    out.append("IEA*%d*%09d" % (len(groups), ctrl))
    return "".join(x + "~\n" for x in out)


SAMPLES = {}   # name -> (text, config or None)
CTRL = [2001]


def sample(name, sets, config=None, sender=None, ack="0", groups=None):
    c = CTRL[0]
    CTRL[0] += 1
    payer = (sets or groups[0])[0]["payer"]
    snd = sender or REQ["vt" if payer == "vt" else "anthem"][3]
    SAMPLES[name] = (interchange(c, sets, sender=snd, ack=ack, groups=groups), config)


# AUTO is the configuration of the samples that test HCR*A3: the embedded
# default is adverse: review (no machine denial, DESIGN §5).
AUTO = {"defaults": {"adverse": "auto"}}


def cfg(payer_id, policy, **settings):
    d = {"defaults": {"attestation": True, "adverse": "review", "drug_lines": "review",
                      "pwk_types": ["DB", "B3", "PE", "03", "08", "09", "M1", "77"]},
         "payers": [{"name": "Anthem Blue Cross Connecticut", "qualifier": "PI", "id": "ANTHEMCT",
                     "policy": "anthem-ct-cg-dme-21"},
                    {"name": "Vermont Medicaid (DVHA)", "qualifier": "PI", "id": "VTMEDICAID",
                     "policy": "vt-dvha-eip"}]}
    d["defaults"].update(settings.pop("defaults", {}))
    for p in d["payers"]:
        if p["id"] == payer_id:
            p.update(settings)
    return d


PUMP8 = line("E0779", svc="18", charge="420", units="3", hsd="MN*3")
HOME_SUB = [("HOLLOWAY", "MARGARET", "ZQH4418207", "19620311", "F"),
            ("PETRAKIS", "DANIEL", "ZQH5520931", "19550902", "M"),
            ("OYELARAN", "BEATRICE", "ZQH6634018", "19790117", "F"),
            ("LINDGREN", "ARVID", "ZQH7741226", "19481205", "M")]
VT_SUB = [("BOUCHARD", "ELODIE", "VT40018273", "19670422", "F"),
          ("MCALLISTER", "ROWAN", "VT40029384", "19590630", "M"),
          ("SZABO", "GRETA", "VT40030495", "19910814", "F"),
          ("TREMBLAY", "LUC", "VT40041506", "19720309", "M")]


def build():
    A, V = "anthem", "vt"
    # ---------------- Anthem CG-DME-21 ----------------
    sample("anthem-set1-e0779-chemo", [tset("ACT-0101", A, [
        line("E0779", svc="18", charge="420", units="3"),
        line("A4222", svc="12", charge="1680", units="84"),
        line("J9190", charge="640", units="36")], ev(dx=["C180", "Z5111"]))])
    sample("anthem-set1-hsd-hours", [tset("ACT-0102", A, [
        line("E0781", mods=["RR"], svc="18", charge="1350", units="3", hsd="HS*46***26*6"),
        line("J9000", charge="900", units="12")], ev(dx=["C50911"]), sub=HOME_SUB[2])])
    sample("anthem-set2-e0780-antiviral", [tset("ACT-0103", A, [
        line("E0780", svc="18", charge="300", units="1"),
        line("K0552", svc="12", charge="240", units="30"),
        line("J1570", charge="2100", units="28")], ev(dx=["B259"], dk="id", dates=("20260305", "20260404")),
        sub=HOME_SUB[1])])
    sample("anthem-set2-hsd-hours", [tset("ACT-0104", A, [
        line("E0781", svc="18", charge="1350", units="1", hsd="HS*2***7*14"),
        line("J0289", charge="5600", units="140")], ev(dx=["B449"], dk="id", dates=("20260305", "20260318")),
        sub=HOME_SUB[3])])
    sample("anthem-enteral-label-match", [tset("ACT-0105", A, [
        line("E0781", svc="18", charge="1350", units="3", hsd="HS*16***7*90"),
        line("J7340", charge="9000", units="90")], ev(dx=["G20"], dk="neuro"), sub=HOME_SUB[3])])
    sample("anthem-enteral-label-mismatch", [tset("ACT-0106", A, [
        line("E0781", svc="18", charge="1350", units="3", hsd="HS*20***7*90"),
        line("J7340", charge="9000", units="90")], ev(dx=["G20"], dk="neuro"), sub=HOME_SUB[3])])
    sample("anthem-enteral-attested-pwk", [tset("ACT-0107", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J7340", charge="9000", units="90")], ev(dx=["G20"], dk="neuro", pwk="PE"), sub=HOME_SUB[3])])
    sample("anthem-inotrope-review-no-pwk", [tset("ACT-0108", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("A4222", svc="12", charge="1680", units="84"),
        line("J2260", charge="3000", units="90")], ev(dx=["I5022"], dk="card"), sub=HOME_SUB[1])])
    sample("anthem-attested-pwk-line", [tset("ACT-0109", A, [
        line("E0781", svc="18", charge="1350", units="3", pwk="DB"),
        line("A4222", svc="12", charge="1680", units="84"),
        line("J2260", charge="3000", units="90")], ev(dx=["I5022"], dk="card"), sub=HOME_SUB[1])])
    sample("anthem-pwk-not-accepted-type", [tset("ACT-0110", A, [
        line("E0781", svc="18", charge="1350", units="3", pwk="RR"),
        line("J2260", charge="3000", units="90")], ev(dx=["I5022"], dk="card"), sub=HOME_SUB[1])])
    sample("anthem-oral-drug-denied-despite-pwk", [tset("ACT-0111", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("A4221", svc="12", charge="390", units="13"),
        line("J8520", charge="800", units="120")], ev(dx=["C180"], pwk="DB"), sub=HOME_SUB[2])],
        config=AUTO)
    sample("anthem-duration-conflict", [tset("ACT-0112", A, [
        line("E0780", svc="18", charge="300", units="1", hsd="HS*24***7*30"),
        line("J1570", charge="2100", units="28")], ev(dx=["B259"], dk="id", pwk="DB"), sub=HOME_SUB[1])])
    sample("anthem-subcutaneous-route-review", [tset("ACT-0113", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J1559", charge="4000", units="40")], ev(dx=["D801"], dk="id", pwk="DB"), sub=HOME_SUB[0])])
    sample("anthem-noc-drug-review", [tset("ACT-0114", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J3490", charge="500", units="10")], ev(dx=["C180"], pwk="DB"), sub=HOME_SUB[0])])
    sample("anthem-catheter-flush-no-pump-needed", [tset("ACT-0137", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J1642", charge="50", units="30")], ev(dx=["Z452"], pwk="DB"), sub=HOME_SUB[0])],
        config=AUTO)
    sample("anthem-no-drug-line", [tset("ACT-0115", A, [
        line("E0779", svc="18", charge="420", units="3")], ev(dx=["C180"]), sub=HOME_SUB[0])])
    sample("anthem-no-place-of-service", [tset("ACT-0116", A, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36")], ev(dx=["C180"], pos=None), sub=HOME_SUB[0])])
    sample("anthem-scope-diabetes", [tset("ACT-0117", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("E0784", svc="18", charge="1800", units="3")], ev(dx=["E1065"], dk="card"), sub=HOME_SUB[2])])
    sample("anthem-scope-pulmonary-hypertension", [tset("ACT-0118", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("K0455", svc="18", charge="2100", units="3"),
        line("J1325", charge="4500", units="540")], ev(dx=["I270"], dk="pulm"), sub=HOME_SUB[1])])
    sample("anthem-scope-nutrition", [tset("ACT-0119", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("B4150", svc="12", charge="1200", units="90")], ev(dx=["K900"], dk="neuro"), sub=HOME_SUB[3])])
    sample("anthem-scope-setting", [tset("ACT-0120", A, [
        line("E0779", svc="18", pos="11", charge="420", units="3"),
        line("E0781", svc="18", pos="31", charge="1350", units="3"),
        line("J9190", charge="640", units="36")], ev(dx=["C180"], pos="12"), sub=HOME_SUB[0])])
    sample("anthem-supplies-without-pump", [tset("ACT-0121", A, [
        line("A4221", svc="12", charge="390", units="13"),
        line("A4222", svc="12", charge="1680", units="84"),
        line("E0776", svc="12", charge="150", units="1")], ev(dx=["C180"]), sub=HOME_SUB[0])])
    sample("anthem-routed-codes", [tset("ACT-0122", A, [
        line("E0784", svc="18", charge="1800", units="3"),
        line("A9276", svc="12", charge="300", units="90"),
        line("B9002", svc="18", charge="400", units="3"),
        line("A4305", svc="12", charge="220", units="2"),
        line("E0782", svc="12", charge="9000", units="1"),
        line("K0601", svc="12", charge="12", units="4")], ev(dx=["E1065", "C180"]), sub=HOME_SUB[2])])
    sample("anthem-other-code", [tset("ACT-0123", A, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36"),
        line("E1390", svc="18", charge="200", units="3")], ev(dx=["C180"]), sub=HOME_SUB[0])])
    sample("anthem-drug-lines-with-pump", [tset("ACT-0124", A, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36")], ev(dx=["C180"]))],
        config=cfg("ANTHEMCT", "anthem-ct-cg-dme-21", drug_lines="with-pump"))
    sample("anthem-adverse-review", [tset("ACT-0125", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("A4221", svc="12", charge="390", units="13"),
        line("J8520", charge="800", units="120")], ev(dx=["C180"], pwk="DB"), sub=HOME_SUB[2])],
        config=cfg("ANTHEMCT", "anthem-ct-cg-dme-21", adverse="review", defaults={"adverse": "auto"}))
    sample("anthem-attestation-off", [tset("ACT-0126", A, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J2260", charge="3000", units="90")], ev(dx=["I5022"], dk="card", pwk="DB"), sub=HOME_SUB[1])],
        config=cfg("ANTHEMCT", "anthem-ct-cg-dme-21", attestation=False))
    sample("anthem-dependent-child", [tset("ACT-0127", A, [
        line("E0780", svc="18", charge="300", units="1"),
        line("J0133", charge="700", units="140")], ev(dx=["B004"], dk="id", level="U"),
        sub=("ESPINOZA", "RAFAEL", "ZQH8852337", "19830526", "M"), dep=("ESPINOZA", "LUCIA", "20170913", "F"))])
    sample("anthem-new-and-cancel-lines", [tset("ACT-0128", A, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36"),
        line("E0781", svc="18", charge="1350", units="3", cert="3", ref_bb="ACTAUTH0000042")], ev(dx=["C180"]))])
    sample("anthem-cancel-with-auth", [tset("ACT-0129", A, [
        line("E0779", svc="18", charge="420", units="3", cert="3"),
        line("A4222", svc="12", charge="1680", units="84", cert="3")],
        ev(cert="3", ref_bb="C2026ACT000777", dx=[]))])
    sample("anthem-cancel-without-auth", [tset("ACT-0130", A, [
        line("E0779", svc="18", charge="420", units="3", cert="3")], ev(cert="3", dx=["C180"]))])
    sample("anthem-cancel-line-without-auth", [tset("ACT-0131", A, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36"),
        line("A4222", svc="12", charge="1680", units="84", cert="3")], ev(dx=["C180"]))])
    sample("anthem-appeal-immediate", [tset("ACT-0132", A, [
        line("E0781", svc="18", charge="1350", units="3", cert="1", ref_bb="RACT2026000311"),
        line("J8520", charge="800", units="120", cert="1")],
        ev(cert="1", ref_bb="RACT2026000311", dx=["C180"]), sub=HOME_SUB[2])])
    sample("anthem-appeal-standard", [tset("ACT-0133", A, [
        line("E0779", svc="18", charge="420", units="3", cert="2"),
        line("J9190", charge="640", units="36", cert="2")],
        ev(cert="2", ref_bb="RACT2026000312", dx=["C180"]))])
    sample("anthem-renewal-revision-extension", [
        tset("ACT-0134", A, [line("E0779", svc="18", charge="420", units="3", cert="R"),
                             line("J9190", charge="640", units="36", cert="R")],
             ev(cert="R", ref_bb="C2026ACT000501", dx=["C180"])),
        tset("ACT-0135", A, [line("E0779", svc="18", charge="420", units="3", cert="S"),
                             line("J9190", charge="640", units="36", cert="S")],
             ev(cert="S", ref_bb="C2026ACT000502", dx=["C180"]), sub=HOME_SUB[1]),
        tset("ACT-0136", A, [line("E0779", svc="18", charge="420", units="3", cert="4"),
                             line("J9190", charge="640", units="36", cert="4")],
             ev(cert="4", ref_bb="C2026ACT000503", dx=["C180"]), sub=HOME_SUB[2])])
    # request errors (AAA)
    sample("aaa-unknown-umo", [tset("ACT-0140", "unknown", [
        line("E0779", svc="18", charge="420", units="3")], ev(dx=["C180"]))])
    sample("aaa-missing-subscriber-id", [tset("ACT-0141", A, [
        line("E0779", svc="18", charge="420", units="3")], ev(dx=["C180"]), sub_id=False)])
    sample("aaa-missing-diagnosis", [tset("ACT-0142", A, [
        line("E0779", svc="18", charge="420", units="3")], ev(dx=[]))])
    sample("aaa-bad-procedure-code", [tset("ACT-0143", A, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36"),
        line("E07", svc="18", charge="100", units="1"),
        line("12345678", qual="N4", charge="100", units="1")], ev(dx=["C180"]))])
    sample("aaa-missing-service-dates", [tset("ACT-0144", A, [
        line("E0779", svc="18", charge="420", units="3", dates=()),
        line("J9190", charge="640", units="36", dates=("20260305", "20260604"))], ev(dx=["C180"], dates=None))])
    sample("aaa-procedure-qualifier", [tset("ACT-0147", A, [
        line("E0779", qual="ER", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36")], ev(dx=["C180"]))])
    sample("anthem-cert-type-n-unsupported", [tset("ACT-0148", A, [
        line("E0779", svc="18", charge="420", units="3", cert="N"),
        line("J9190", charge="640", units="36", cert="N")], ev(cert="N", ref_bb="C2026ACT000504", dx=["C180"]))])
    sample("aaa-invalid-icd10", [tset("ACT-0146", A, [
        line("E0779", svc="18", charge="420", units="3")], ev(dx=["9999"]))])
    sample("multi-sets-one-file", [
        tset("ACT-0150", A, [line("E0779", svc="18", charge="420", units="3"),
                             line("J9190", charge="640", units="36")], ev(dx=["C180"])),
        tset("VTM-0150", V, [line("E0781", svc="18", charge="1350", units="3"),
                             line("J2175", charge="300", units="90")], ev(dx=["G893", "C259"], dk="pain"),
             sub=VT_SUB[0]),
        tset("ACT-0151", "unknown", [line("E0779", svc="18", charge="420", units="3")], ev(dx=["C180"]))],
        config=AUTO)
    sample("multi-groups-ack-requested", None, ack="1", groups=[
        [tset("ACT-0160", A, [line("E0780", svc="18", charge="300", units="1"),
                              line("J1455", charge="2500", units="28")], ev(dx=["B251"], dk="id"), sub=HOME_SUB[1])],
        [tset("ACT-0161", A, [line("E0781", svc="18", charge="1350", units="3"),
                              line("J8520", charge="800", units="120")], ev(dx=["C180"]), sub=HOME_SUB[2])]],
        config=AUTO)
    # ---------------- Vermont DVHA ----------------
    vev = lambda **kw: ev(**{**dict(pwk="DB"), **kw})
    sample("vt-ind1-chemo", [tset("VTM-0201", V, [
        line("E0781", svc="18", charge="1350", units="3", hsd="HS*46***26*6"),
        line("A4221", svc="12", charge="390", units="13"),
        line("J9190", charge="640", units="36")], vev(dx=["C160"]), sub=VT_SUB[0])])
    sample("vt-ind2-antimicrobial", [tset("VTM-0202", V, [
        line("E0781", svc="18", charge="1350", units="1", hsd="HS*24***7*42"),
        line("J3370", charge="1200", units="84")], vev(dx=["M8610"], dk="id"), sub=VT_SUB[1])])
    sample("vt-ind2-intermittent-cond6-review", [tset("VTM-0203", V, [
        line("E0780", svc="18", charge="300", units="1"),
        line("J0133", charge="700", units="140")], vev(dx=["B004"], dk="id"), sub=VT_SUB[1])])
    sample("vt-ind3-colorectal", [tset("VTM-0204", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36")], vev(dx=["C180"]), sub=VT_SUB[3])])
    sample("vt-ind4-gallium", [tset("VTM-0205", V, [
        line("E0781", svc="18", charge="1350", units="1"),
        line("J1457", charge="2000", units="1000")], vev(dx=["E8352", "C3490"]), sub=VT_SUB[3])])
    sample("vt-ind5-deferoxamine", [tset("VTM-0206", V, [
        line("E0781", svc="18", charge="1350", units="3", hsd="HS*10***7*90"),
        line("J0895", charge="900", units="180")], vev(dx=["D571", "E83111"], dk="card"), sub=VT_SUB[2])])
    sample("vt-ind6-heparin-pregnancy", [tset("VTM-0207", V, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J1644", charge="600", units="600")], vev(dx=["O99113", "Z3A20"], dk="ob"), sub=VT_SUB[2])])
    sample("vt-ind6-heparin-gender-mismatch", [tset("VTM-0208", V, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J1644", charge="600", units="600")], vev(dx=["O99113"], dk="ob"), sub=VT_SUB[1])])
    sample("vt-ind7-morphine-cancer-pain", [tset("VTM-0209", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J2270", charge="400", units="180")], vev(dx=["G893", "C259"], dk="pain"), sub=VT_SUB[3])])
    sample("vt-ind7-meperidine-denied", [tset("VTM-0210", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("A4222", svc="12", charge="1680", units="84"),
        line("J2175", charge="300", units="90")], vev(dx=["G893", "C259"], dk="pain"), sub=VT_SUB[3])],
        config=AUTO)
    sample("vt-meperidine-with-morphine-review", [tset("VTM-0211", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J2175", charge="300", units="90"),
        line("J2270", charge="400", units="180")], vev(dx=["G893", "C259"], dk="pain"), sub=VT_SUB[3])])
    sample("vt-ind8-pulmonary-hypertension-k0455", [tset("VTM-0212", V, [
        line("K0455", svc="18", charge="2100", units="3"),
        line("J1325", charge="4500", units="540")], vev(dx=["I2720"], dk="pulm", level="U"),
        sub=("GAUTHIER", "JONAS", "VT40052617", "19840201", "M"),
        dep=("GAUTHIER", "MAELLE", "20140519", "F"))])
    sample("vt-ind9-inotrope", [tset("VTM-0213", V, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J2260", charge="3000", units="90")], vev(dx=["I5022"], dk="card"), sub=VT_SUB[1])])
    sample("vt-ind9-inotrope-no-pwk", [tset("VTM-0238", V, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J2260", charge="3000", units="90")], ev(dx=["I5022"], dk="card"), sub=VT_SUB[1])])
    sample("vt-ind10-ziconotide", [tset("VTM-0214", V, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J2278", charge="5000", units="300")], vev(dx=["G894"], dk="pain"), sub=VT_SUB[0])])
    sample("vt-ind11-catch-all-review", [tset("VTM-0215", V, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J1559", charge="4000", units="40")], vev(dx=["D801"], dk="id"), sub=VT_SUB[2])])
    sample("vt-unlisted-oral-experimental", [tset("VTM-0216", V, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("A4221", svc="12", charge="390", units="13"),
        line("J8520", charge="800", units="120")], vev(dx=["C180"]), sub=VT_SUB[0])],
        config=AUTO)
    sample("vt-catheter-flush-experimental", [tset("VTM-0217", V, [
        line("E0781", svc="18", charge="1350", units="3"),
        line("J1642", charge="50", units="30")], vev(dx=["Z452"]), sub=VT_SUB[0])],
        config=AUTO)
    sample("vt-indication-dx-mismatch", [tset("VTM-0218", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36")], vev(dx=["M545"]), sub=VT_SUB[0])])
    sample("vt-no-pwk-pend-documents", [tset("VTM-0219", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("A4222", svc="12", charge="1680", units="84"),
        line("J9190", charge="640", units="36")], ev(dx=["C180"]), sub=VT_SUB[3])])
    sample("vt-cond3-office-not-home", [tset("VTM-0220", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36")], vev(dx=["C180"], pos="11"), sub=VT_SUB[3])])
    sample("vt-prescriber-absent", [tset("VTM-0221", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36")], ev(dx=["C180"], dk=None), sub=VT_SUB[3])])
    sample("vt-prescriber-taxonomy-not-practitioner", [tset("VTM-0222", V, [
        line("E0779", svc="18", charge="420", units="3", dk="supplier"),
        line("J9190", charge="640", units="36")], vev(dx=["C180"], dk=None), sub=VT_SUB[3])])
    sample("vt-requester-is-prescriber", [tset("VTM-0223", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36")], vev(dx=["C180"], dk=None), sub=VT_SUB[3],
        requester=("LINDQVIST ONCOLOGY", NPI_ONC, "207RX0202X"))])
    enrolled = cfg("VTMEDICAID", "vt-dvha-eip", tables={"vt_enrolled_prescribers": [NPI_ONC, NPI_PAIN, NPI_CARD]},
                   defaults={"adverse": "auto"})
    sample("vt-prescriber-enrolled-table", [
        tset("VTM-0224", V, [line("E0779", svc="18", charge="420", units="3"),
                             line("J9190", charge="640", units="36")], vev(dx=["C180"]), sub=VT_SUB[3]),
        tset("VTM-0225", V, [line("E0779", svc="18", charge="420", units="3"),
                             line("A4222", svc="12", charge="1680", units="84"),
                             line("J9190", charge="640", units="36")], vev(dx=["C180"], dk="notenr"), sub=VT_SUB[0]),
        tset("VTM-0226", V, [line("E0779", svc="18", charge="420", units="3"),
                             line("J9190", charge="640", units="36")], vev(dx=["C180"], dk=None), sub=VT_SUB[1])],
        config=enrolled)
    sample("vt-renewal-evaluation", [
        tset("VTM-0227", V, [line("E0781", svc="18", charge="1350", units="3", cert="R", hsd="HS*46***26*6"),
                             line("J9190", charge="640", units="36", cert="R")],
             ev(cert="R", ref_bb="C2026VTM000101", dx=["C180"]), sub=VT_SUB[1]),
        tset("VTM-0228", V, [line("E0781", svc="18", charge="1350", units="3", cert="4", hsd="HS*46***26*6"),
                             line("J9190", charge="640", units="36", cert="4")],
             ev(cert="4", ref_bb="C2026VTM000102", dx=["C180"], pwk="09"), sub=VT_SUB[2])])
    sample("vt-replacement-5-year", [
        tset("VTM-0229", V, [line("E0781", mods=["RA"], svc="12", charge="5400", units="1", hsd="HS*46***26*6",
                                  msg="REPLACEMENT OF PUMP PURCHASED 2019, NO LONGER FUNCTIONAL"),
                             line("J9190", charge="640", units="36")],
             ev(dx=["C180"]), sub=VT_SUB[1]),
        tset("VTM-0230", V, [line("E0781", mods=["RA"], svc="12", charge="5400", units="1", pwk="M1",
                                  hsd="HS*46***26*6"),
                             line("J9190", charge="640", units="36")],
             ev(dx=["C180"]), sub=VT_SUB[2])])
    # Two regimens (fluorouracil and morphine), one pump each: one pump of a
    # class per drug line (DESIGN §5 plausible data).
    sample("vt-partial-a2", [tset("VTM-0237", V, [
        line("E0779", svc="18", charge="420", units="3", dk="onc"),
        line("E0781", svc="18", charge="1350", units="3", dk="notenr"),
        line("J9190", charge="640", units="36"),
        line("J2270", charge="400", units="180")], vev(dx=["C180", "G893"], dk=None, pwk=["DB", "M1"]), sub=VT_SUB[3])],
        config=cfg("VTMEDICAID", "vt-dvha-eip", drug_lines="with-pump",
                   tables={"vt_enrolled_prescribers": [NPI_ONC, NPI_PAIN, NPI_CARD]}, defaults={"adverse": "auto"}))
    sample("vt-supplies-without-pump", [tset("VTM-0231", V, [
        line("A4221", svc="12", charge="390", units="13"),
        line("K0552", svc="12", charge="240", units="30")], vev(dx=["C180"]), sub=VT_SUB[0])])
    sample("vt-drug-lines-with-pump", [tset("VTM-0232", V, [
        line("E0781", svc="18", charge="1350", units="3", hsd="HS*46***26*6"),
        line("J9190", charge="640", units="36")], vev(dx=["C180"]), sub=VT_SUB[0])],
        config=cfg("VTMEDICAID", "vt-dvha-eip", drug_lines="with-pump"))
    sample("vt-adverse-review", [tset("VTM-0233", V, [
        line("E0779", svc="18", charge="420", units="3"),
        line("J2175", charge="300", units="90")], vev(dx=["G893", "C259"], dk="pain"), sub=VT_SUB[3])],
        config=cfg("VTMEDICAID", "vt-dvha-eip", adverse="review", defaults={"adverse": "auto"}))
    sample("vt-routed-codes", [tset("VTM-0234", V, [
        line("E0787", svc="18", charge="1900", units="3"),
        line("A4239", svc="12", charge="300", units="3"),
        line("B4034", svc="12", charge="300", units="90"),
        line("B9004", svc="18", charge="500", units="3"),
        line("A4306", svc="12", charge="220", units="2"),
        line("E0786", svc="12", charge="9000", units="1"),
        line("J7686", charge="9000", units="30"),
        line("E0601", svc="18", charge="200", units="3")], vev(dx=["E1065", "I2720"]), sub=VT_SUB[2])])
    sample("vt-appeal-meperidine", [tset("VTM-0235", V, [
        line("E0779", svc="18", charge="420", units="3", cert="2"),
        line("J2175", charge="300", units="90", cert="2")],
        vev(cert="2", ref_bb="RVTM2026000044", dx=["G893", "C259"], dk="pain"), sub=VT_SUB[3])])
    sample("vt-cancel", [tset("VTM-0236", V, [
        line("E0781", svc="18", charge="1350", units="3", cert="3", ref_bb="C2026VTM000140")],
        ev(cert="3", dx=["C180"]), sub=VT_SUB[0])])


# ---------------- envelope and guide errors ----------------
def err_base(ctrl=3001, ack="1"):
    s = tset("ERR-%04d" % ctrl, "anthem", [
        line("E0779", svc="18", charge="420", units="3"),
        line("J9190", charge="640", units="36")], ev(dx=["C180"]))
    return interchange(ctrl, [s], ack=ack), s


def edit(text, old, new, count=1):
    assert old in text, (old, text[:300])
    return text.replace(old, new, count)


def errors():
    out = {}
    n = [3001]

    def base():
        c = n[0]
        n[0] += 1
        return err_base(c)[0], c

    def add(name, fn):
        t, c = base()
        out[name] = fn(t, c)

    isa13 = lambda c: "%09d" % c
    # TA1
    add("ta1-001-iea02-mismatch", lambda t, c: edit(t, "IEA*1*" + isa13(c), "IEA*1*000009999"))
    add("ta1-005-sender-qualifier", lambda t, c: edit(t, "*ZZ*NUTMEGHI", "*QQ*NUTMEGHI"))
    add("ta1-006-sender-blank", lambda t, c: edit(t, "NUTMEGHI       *ZZ", "               *ZZ"))
    add("ta1-007-receiver-qualifier", lambda t, c: edit(t, "*ZZ*GATE278 ", "*Q1*GATE278 "))
    add("ta1-008-receiver-blank", lambda t, c: edit(t, "*GATE278        *", "*               *"))
    add("ta1-010-authorization-qualifier", lambda t, c: edit(t, "ISA*00*", "ISA*07*"))
    add("ta1-012-security-qualifier", lambda t, c: edit(t, "          *00*", "          *09*"))
    add("ta1-014-date", lambda t, c: edit(t, "*260302*0915*^", "*261302*0915*^"))
    add("ta1-015-time", lambda t, c: edit(t, "*260302*0915*^", "*260302*2515*^"))
    add("ta1-016-standards-identifier", lambda t, c: edit(t, "*0915*^*00501", "*0915*U*00501"))
    add("ta1-017-version", lambda t, c: edit(t, "*00501*", "*00401*"))
    add("ta1-018-control-number", lambda t, c: edit(t, "*%s*1*T" % isa13(c), "*00000%dX*1*T" % (c % 1000)))
    add("ta1-019-ack-requested", lambda t, c: edit(t, "*%s*1*T" % isa13(c), "*%s*2*T" % isa13(c)))
    add("ta1-020-usage-indicator", lambda t, c: edit(t, "*%s*1*T" % isa13(c), "*%s*1*Q" % isa13(c)))
    add("ta1-021-group-count", lambda t, c: edit(t, "IEA*1*", "IEA*2*"))
    add("ta1-023-premature-end", lambda t, c: t[:t.index("IEA*")])
    add("ta1-024-no-isa", lambda t, c: t[t.index("GS*"):])
    add("ta1-024-data-outside-group", lambda t, c: edit(t, "GS*HI", "BHT*0007~\nGS*HI"))
    add("ta1-025-duplicate-interchange", lambda t, c: t + t)
    add("ta1-026-element-separator", lambda t, c: t.replace("*", "A"))
    add("ta1-027-component-separator", lambda t, c: edit(t, "*T*:~", "*T**~"))
    # 999 set level
    add("999-ik5-1-not-278", lambda t, c: edit(t, "ST*278*0001", "ST*277*0001"))
    add("999-ik5-2-se-missing", lambda t, c: edit(t, t[t.index("SE*"):t.index("GE*")], ""))
    add("999-ik5-3-se02-mismatch", lambda t, c: edit(t, "*0001~\nGE", "*0002~\nGE"))
    def se01(t, c):
        i = t.index("SE*")
        j = t.index("*", i + 3)
        return t[:i] + "SE*99" + t[j:]
    add("999-ik5-4-segment-count", se01)
    add("999-ik5-5-invalid-code-value", lambda t, c: edit(t, "UM*HS*I*18*12:B", "UM*HS*Z*18*12:B"))
    add("999-ik5-i5-hl-parent", lambda t, c: edit(t, "HL*5*4*SS*0", "HL*5*3*SS*0"))
    add("999-ik5-7-st02-syntax", lambda t, c: edit(edit(t, "ST*278*0001", "ST*278*01"), "*0001~\nGE", "*01~\nGE"))
    add("999-ik5-i6-st03-not-x217", lambda t, c: edit(t, "ST*278*0001*005010X217", "ST*278*0001*005010X216"))
    def dup_st(t, c):
        i, j = t.index("ST*"), t.index("GE*")
        return t[:j] + t[i:j] + edit(t[j:], "GE*1*", "GE*2*")
    add("999-ik5-23-duplicate-st02", dup_st)
    # 999 group level
    add("999-ak9-1-not-hi-group", lambda t, c: edit(t, "GS*HI", "GS*HC"))
    add("999-ak9-2-group-version", lambda t, c: edit(t, "*X*005010X217~\nST", "*X*005010X222A1~\nST"))
    add("999-ak9-3-ge-missing", lambda t, c: edit(t, "GE*1*%d~\n" % c, ""))
    add("999-ak9-4-ge02-mismatch", lambda t, c: edit(t, "GE*1*%d" % c, "GE*1*%d" % (c + 1)))
    add("999-ak9-5-set-count", lambda t, c: edit(t, "GE*1*", "GE*3*"))
    add("999-ak9-6-gs06-syntax", lambda t, c: edit(edit(t, "*0915*%d*X" % c, "*0915*3A%d*X" % (c % 100)),
                                                   "GE*1*%d" % c, "GE*1*3A%d" % (c % 100)))
    def dup_gs(t, c):
        i, j = t.index("GS*"), t.index("IEA*")
        return t[:j] + t[i:j] + edit(t[j:], "IEA*1*", "IEA*2*")
    add("999-ak9-19-duplicate-group", dup_gs)
    def partial(t, c):
        i, j = t.index("ST*"), t.index("GE*")
        bad = t[i:j].replace("*0001", "*0002").replace("UM*HS*I*18*12:B", "UM*HS*Z*18*12:B", 1)
        bad = bad.replace("ERR-", "ERX-")
        return t[:j] + bad + edit(t[j:], "GE*1*", "GE*2*")
    add("999-ak9-p-partial-acceptance", partial)
    # guide errors (IK3/IK4)
    def fix_se(t, delta):
        i = t.index("SE*")
        j = t.index("*", i + 3)
        return t[:i] + "SE*%d" % (int(t[i + 3:j]) + delta) + t[j:]
    add("999-guide-missing-required-element", lambda t, c: edit(t, "TRN*1*ERR-%04dE*9876543210" % c, "TRN*1**9876543210"))
    add("999-guide-missing-required-segment", lambda t, c: fix_se(edit(t, "UM*HS*I*18*12:B~\n", ""), -1))
    add("999-guide-bad-date", lambda t, c: edit(t, "DTP*AAH*RD8*20260305-20260604", "DTP*AAH*RD8*20260345-20260604"))
    add("999-guide-bad-date-format-qualifier", lambda t, c: edit(t, "DTP*AAH*RD8*20260305-20260604", "DTP*AAH*D8*20260305-20260604"))
    add("999-guide-hl-child-code", lambda t, c: edit(t, "HL*5*4*SS*0", "HL*5*4*SS*1"))
    add("999-guide-hl-level-code", lambda t, c: edit(t, "HL*4*3*EV*1", "HL*4*3*ZZ*1"))
    add("999-guide-unexpected-segment-cr4", lambda t, c: fix_se(edit(t, "HI*ABK:C180~\n", "HI*ABK:C180~\nCR4*Y~\n"), 1))
    add("999-guide-unrecognized-segment", lambda t, c: fix_se(edit(t, "HI*ABK:C180~\n", "HI*ABK:C180~\nZZQ*1~\n"), 1))
    add("999-guide-segment-out-of-order", lambda t, c: edit(t, "UM*HS*I*18*12:B~\nDTP*AAH*RD8*20260305-20260604~\n",
                                                          "DTP*AAH*RD8*20260305-20260604~\nUM*HS*I*18*12:B~\n"))
    add("999-guide-date-range-reversed", lambda t, c: edit(t, "DTP*AAH*RD8*20260305-20260604", "DTP*AAH*RD8*20260604-20260305"))
    add("999-guide-element-too-long", lambda t, c: edit(t, "UM*HS*I*18*12:B", "UM*HS*I*1888*12:B"))
    return out


def main():
    build()
    for name, (text, config) in SAMPLES.items():
        with open(os.path.join(ROOT, "adjudication", name + ".x12"), "w") as f:
            f.write(text)
        cp = os.path.join(ROOT, "adjudication", name + ".x12.config.json")
        if config:
            with open(cp, "w") as f:
                json.dump(config, f, indent=2)
                f.write("\n")
    for name, text in errors().items():
        with open(os.path.join(ROOT, "errors", name + ".edi"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
