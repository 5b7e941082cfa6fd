package x217

import "github.com/moov-io/x12/pkg/rules"

// The 005010X217 request guide, written in moov-io/x12's rules vocabulary:
// one rules.LoopRule per hierarchical level (keyed by HL03), its segments in
// the order the guide requires (Segments[0] starts the loop), and its name
// loops (2010x) in Composite, each started by an NM1 whose NM101 is one of
// the child's accepted entity codes.
//
// What the vocabulary cannot say is kept beside it, in formats.go: each
// element's data element reference number (IK402), its data type (dates,
// times, numbers) and its length bounds, and the qualifier-dependent date
// formats of DTP and DMG.
//
// Where the TR3 lists a segment several times in one loop with different
// qualifiers (REF BB and NT, the DTP dates, the CRC conditions of 2000E),
// each use is its own rule with its own qualifier, repeat count and
// formats, next to the others: the rules of one segment ID that follow each
// other are one position of the loop, in any order among themselves, and
// a segment is checked against the use its qualifier (element 01) names.
// Code lists follow x12-278.md §2; codes that reference marks as
// unverified are included rather than rejected, so a licensed-TR3 review
// narrows them here without a code change.

func req(codes ...string) rules.ElementRule {
	return rules.ElementRule{Mask: rules.MASK_REQUIRED, AcceptValues: codes}
}

func opt(codes ...string) rules.ElementRule {
	return rules.ElementRule{Mask: rules.MASK_OPTIONAL, AcceptValues: codes}
}

func unused() rules.ElementRule { return rules.ElementRule{Mask: rules.MASK_NOTUSED} }

func composite(mask string, comps rules.ElementSetRule) rules.ElementRule {
	return rules.ElementRule{Mask: mask, Composite: comps}
}

func segment(id, mask string, repeat int, desc string, el rules.ElementSetRule) rules.SegmentRule {
	return rules.SegmentRule{Name: id, Mask: mask, RepeatCount: repeat, Description: desc, Elements: el}
}

func loop(id, mask string, repeat int, segs []rules.SegmentRule, children ...rules.LoopRule) rules.LoopRule {
	l := rules.LoopRule{Name: id, Mask: mask, RepeatCount: repeat, Segments: rules.SegmentSetRule{}}
	for i, s := range segs {
		l.Segments[i] = s
	}
	if len(children) > 0 {
		l.Composite = rules.LoopSetRule{}
		for i, c := range children {
			l.Composite[i] = c
		}
	}
	return l
}

const (
	required = rules.MASK_REQUIRED
	optional = rules.MASK_OPTIONAL
)

// Code lists shared by several segments.
var (
	providerIDQualifiers = []string{"24", "34", "46", "XX", "PI"}
	providerREF          = []string{"0B", "1G", "1J", "EI", "G5", "N5", "N7", "SY", "ZH"}
	contactQualifiers    = []string{"TE", "FX", "EM", "EX", "UR"}
	prvCodes             = []string{"AD", "AS", "AT", "CO", "CV", "OP", "OR", "OT", "PC", "PE", "RF"}
	stateCodes           = []string(nil) // any two letters; checked by length
	pwkReportTypes       = []string{"03", "04", "05", "06", "07", "08", "09", "10", "11", "13", "15", "21", "48", "55", "59", "77",
		"A3", "A4", "AM", "AS", "AT", "B2", "B3", "BR", "BS", "BT", "CB", "CK", "D2", "DA", "DB", "DG", "DJ", "DS", "FM", "HC", "HR",
		"I5", "IR", "LA", "M1", "NN", "OB", "OC", "OD", "OE", "OX", "P4", "P5", "P6", "P7", "PE", "PN", "PO", "PQ", "PY", "PZ", "QC",
		"QR", "RB", "RR", "RT", "RX", "SG", "V5", "XP"}
	pwkTransmission = []string{"AA", "BM", "EL", "EM", "FX", "VO"}
	certTypes       = []string{"I", "R", "S", "4", "3", "1", "2", "N"}
	dateFormats     = []string{"D8", "RD8"}
	hiQualifiers    = []string{"ABK", "ABF", "ABJ", "APR", "BK", "BF", "BJ", "PR", "DR", "ABN", "BN", "BP", "BO", "BBR", "BBQ", "BR", "BQ", "LOI"}
	productQuals    = []string{"HC", "N4", "IV", "WK", "AD", "ER", "HP", "NU", "ZZ"}
	// sv1Products are the SV101-1 product/service ID qualifiers of the
	// guide: HCPCS/CPT, HIEC, NDC 5-4-2 and ABC codes (DESIGN §5 Request
	// errors).
	sv1Products = []string{"HC", "IV", "N4", "WK"}
	// serviceTypes are the UM03 service types (element 1365) of the guide's
	// list [L: reconstructed from the 4010 X094 guide's UM03 list and the
	// 5010 code list; a licensed-TR3 review narrows it here]: the service
	// types of a review, without the hospital facility types 47 to 53 (the
	// facility is UM04: bill type or place of service) and the benefit
	// inquiry categories of the 270/271 (30 plan coverage, 60 general
	// benefits and the like).
	serviceTypes = []string{
		"1", "2", "3", "4", "5", "6", "7", "8", "12", "14", "15", "16", "17", "18", "20", "21", "23", "24", "25", "26",
		"27", "28", "33", "34", "35", "36", "37", "38", "39", "40", "42", "44", "45", "46", "54", "56", "61", "62", "63",
		"64", "65", "66", "67", "68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79", "80", "81", "82",
		"83", "84", "85", "86", "88", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99",
		"A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "AA", "AB", "AC", "AD", "AE", "AF", "AG", "AH", "AI",
		"AJ", "AK", "AL", "AR", "B1", "B2", "B3", "BB", "BC", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BK", "BL", "BM",
		"BN", "BP", "BQ", "BR", "BS", "BT", "BU", "BV", "BW", "BX", "BY", "BZ", "C1", "CA", "CB", "CC", "CD", "CE", "CF",
		"CG", "CH", "CI", "CJ", "CK", "CL", "CM", "CN", "CO", "CP", "CQ", "DG", "DM", "DS", "GF", "GN", "GY", "IC", "MH",
		"NI", "ON", "PT", "PU", "RN", "RT", "TC", "TN", "UC",
	}
	hsdQualifiers = []string{"DY", "FL", "HS", "MN", "VS"}
	hsdUnits      = []string{"DA", "MO", "WK", "YR"}
	hsdPeriods    = []string{"6", "7", "21", "26", "27", "34", "35"}
)

func nm1(desc string, entities []string, idQuals []string, idMask string) rules.SegmentRule {
	return segment("NM1", required, 1, desc, rules.ElementSetRule{
		"01": req(entities...),
		"02": req("1", "2"),
		"03": opt(),
		"04": opt(),
		"05": opt(),
		"06": unused(),
		"07": opt(),
		"08": {Mask: idMask, AcceptValues: idQuals},
		"09": {Mask: idMask},
		"10": unused(),
		"11": unused(),
		"12": unused(),
	})
}

// refUse is one use of REF in a loop, for one qualifier.
func refUse(desc, qual string) rules.SegmentRule { return ref(desc, 1, qual) }

// dtpUse is one use of DTP in a loop: its qualifier, how often it may
// occur and its date formats.
func dtpUse(desc, qual string, repeat int, formats ...string) rules.SegmentRule {
	return segment("DTP", optional, repeat, desc, rules.ElementSetRule{"01": req(qual), "02": req(formats...), "03": req()})
}

// crcUse is one use of CRC in 2000E, for one condition category.
func crcUse(desc, category string, repeat int) rules.SegmentRule {
	return segment("CRC", optional, repeat, desc, rules.ElementSetRule{
		"01": req(category), "02": req("Y", "N"), "03": req(), "04": opt(), "05": opt(), "06": opt(), "07": opt(),
	})
}

func ref(desc string, repeat int, quals ...string) rules.SegmentRule {
	return segment("REF", optional, repeat, desc, rules.ElementSetRule{
		"01": req(quals...),
		"02": req(),
		"03": opt(),
		"04": unused(),
	})
}

var (
	n3 = segment("N3", optional, 1, "address", rules.ElementSetRule{"01": req(), "02": opt()})
	n4 = segment("N4", optional, 1, "city, state, ZIP", rules.ElementSetRule{
		"01": req(), "02": opt(stateCodes...), "03": opt(), "04": opt(), "05": unused(), "06": unused(), "07": opt(),
	})
	// The address of a transport location (2010EB) is required.
	n3Required = func() rules.SegmentRule { r := n3; r.Mask = required; return r }()
	n4Required = func() rules.SegmentRule { r := n4; r.Mask = required; return r }()
	per        = segment("PER", optional, 1, "contact", rules.ElementSetRule{
		"01": req("IC"), "02": opt(), "03": opt(contactQualifiers...), "04": opt(),
		"05": opt(contactQualifiers...), "06": opt(), "07": opt(contactQualifiers...), "08": opt(), "09": unused(),
	})
	prv = segment("PRV", optional, 1, "provider information", rules.ElementSetRule{
		"01": req(prvCodes...), "02": req("PXC"), "03": req(), "04": unused(), "05": unused(), "06": unused(),
	})
	dmg = segment("DMG", optional, 1, "demographics", rules.ElementSetRule{
		"01": req("D8"), "02": req(), "03": opt("F", "M", "U"), "04": unused(), "05": unused(),
	})
	trn = segment("TRN", optional, 2, "trace", rules.ElementSetRule{
		"01": req("1"), "02": req(), "03": req(), "04": opt(),
	})
	pwk = segment("PWK", optional, 10, "additional patient information", rules.ElementSetRule{
		"01": req(pwkReportTypes...), "02": req(pwkTransmission...), "03": unused(), "04": unused(),
		"05": opt("AC"), "06": opt(), "07": opt(), "08": unused(), "09": unused(),
	})
	msg = segment("MSG", optional, 1, "message text", rules.ElementSetRule{"01": req(), "02": unused(), "03": unused()})
	hsd = segment("HSD", optional, 1, "health care services delivery", rules.ElementSetRule{
		"01": opt(hsdQualifiers...), "02": opt(), "03": opt(hsdUnits...), "04": opt(), "05": opt(hsdPeriods...),
		"06": opt(), "07": opt(), "08": opt(),
	})
)

func providerLoop(id string, repeat int, entities []string, desc string) rules.LoopRule {
	return loop(id, optional, repeat, []rules.SegmentRule{
		nm1(desc, entities, providerIDQualifiers, optional),
		ref(desc+" supplemental identification", 7, providerREF...),
		n3, n4, per, prv,
	})
}

// Header is the transaction set header: BHT after ST.
var Header = segment("BHT", required, 1, "beginning of hierarchical transaction", rules.ElementSetRule{
	"01": req("0007"),
	"02": req("13", "01", "36"),
	"03": req(),
	"04": req(),
	"05": req(),
	"06": opt("RU"),
})

// Levels are the request's hierarchical loops, keyed by HL03.
var Levels = map[string]rules.LoopRule{
	"20": loop("2000A", required, 1, []rules.SegmentRule{hl("20")},
		loop("2010A", required, 1, []rules.SegmentRule{
			nm1("utilization management organization name", []string{"X3", "PR", "2B", "36"}, []string{"24", "34", "46", "PI", "XV", "XX", "NI"}, required),
		})),
	"21": loop("2000B", required, 1, []rules.SegmentRule{hl("21")},
		loop("2010B", required, 1, []rules.SegmentRule{
			nm1("requester name", []string{"1P", "FA", "2B", "36", "PR"}, providerIDQualifiers, required),
			ref("requester supplemental identification", 8, providerREF...),
			n3, n4, per, prv,
		})),
	"22": loop("2000C", required, 1, []rules.SegmentRule{hl("22")},
		loop("2010C", required, 1, []rules.SegmentRule{
			nm1("subscriber name", []string{"IL"}, []string{"MI"}, required),
			ref("subscriber supplemental identification", 9, "1L", "6P", "EJ", "F6", "HJ", "IG", "N6", "NQ", "SY", "3L", "DP"),
			n3, n4, dmg,
			segment("INS", optional, 1, "subscriber relationship", rules.ElementSetRule{"01": req("Y"), "02": req("18"), "17": opt()}),
		})),
	"23": loop("2000D", optional, 1, []rules.SegmentRule{hl("23")},
		loop("2010D", required, 1, []rules.SegmentRule{
			nm1("dependent name", []string{"QC"}, []string{"MI"}, optional),
			ref("dependent supplemental identification", 3, "EJ", "SY"),
			n3, n4, dmg,
			segment("INS", optional, 1, "dependent relationship", rules.ElementSetRule{"01": req("N"), "02": req("01", "19", "G8"), "17": opt()}),
		})),
	"EV": loop("2000E", required, 1, []rules.SegmentRule{
		hl("EV"),
		trn,
		segment("UM", required, 1, "health care services review information", rules.ElementSetRule{
			"01": req("AR", "HS", "SC", "IN"),
			"02": req(certTypes...),
			"03": opt(serviceTypes...),
			"04": composite(optional, rules.ElementSetRule{"01": req(), "02": req("A", "B"), "03": unused()}),
			"05": composite(optional, rules.ElementSetRule{"01": req("AA", "AP", "EM", "OA"), "02": opt("AA", "AP", "EM", "OA"), "03": opt("AA", "AP", "EM", "OA"), "04": opt(), "05": opt()}),
			"06": opt("E", "U", "03"),
			"07": opt(), "08": opt(), "09": opt("Y", "I", "M", "N", "W"), "10": opt(),
		}),
		refUse("previous review authorization number", "BB"),
		refUse("previous review administrative reference number", "NT"),
		dtpUse("accident date", "439", 1, "D8"),
		dtpUse("last menstrual period date", "484", 1, "D8"),
		dtpUse("estimated date of birth", "ABC", 1, "D8"),
		dtpUse("onset of current symptoms or illness date", "431", 1, "D8"),
		dtpUse("event date", "AAH", 1, "D8", "RD8"),
		dtpUse("admission date", "435", 1, "D8", "RD8"),
		dtpUse("discharge date", "096", 1, "D8"),
		hiSegment(),
		hsd,
		crcUse("ambulance certification", "07", 3),
		crcUse("chiropractic certification", "08", 1),
		crcUse("durable medical equipment certification", "09", 1),
		crcUse("oxygen therapy certification", "11", 3),
		crcUse("functional limitations", "75", 1),
		crcUse("activities permitted", "76", 1),
		crcUse("mental status", "77", 1),
		segment("CL1", optional, 1, "institutional claim code", rules.ElementSetRule{"01": opt(), "02": opt(), "03": opt(), "04": opt()}),
		segment("CR1", optional, 1, "ambulance transport information", rules.ElementSetRule{
			"01": opt("LB", "KG"), "02": opt(), "03": opt("I", "R", "T", "X"), "04": opt("A", "B", "C", "D", "E"), "05": opt("DH"), "06": opt(), "07": unused(), "08": unused(),
			"09": opt(), "10": opt(),
		}),
		segment("CR2", optional, 1, "spinal manipulation service information", nil),
		segment("CR5", optional, 1, "home oxygen therapy information", nil),
		segment("CR6", optional, 1, "home health care information", nil),
		pwk,
		msg,
	},
		providerLoop("2010EA", 12, []string{"71", "72", "73", "77", "AAJ", "DD", "DK", "DN", "FA", "G3", "P3", "QB", "QV", "SJ"}, "patient event provider name"),
		loop("2010EB", optional, 5, []rules.SegmentRule{
			nm1("patient event transport information", []string{"45", "FS", "ND", "PW", "R3"}, []string{"XX"}, optional), n3Required, n4Required,
		}),
		loop("2010EC", optional, 3, []rules.SegmentRule{
			nm1("patient event other UMO name", []string{"CA", "GG", "PR", "X3", "2B", "36"}, []string{"24", "34", "46", "PI", "XV", "XX", "NI"}, optional),
			ref("other UMO denial reason", 1, "ZZ"),
			segment("DTP", optional, 1, "other UMO denial date", rules.ElementSetRule{"01": req("598"), "02": req("D8"), "03": req()}),
		}),
	),
	"SS": loop("2000F", optional, -1, []rules.SegmentRule{
		hl("SS"),
		trn,
		// UM is situational at the line: the guide's examples for medical
		// services reservation and ambulance transport omit it, and the
		// event's UM then applies (conformance issue 10, item 6).
		segment("UM", optional, 1, "service review information", rules.ElementSetRule{
			"01": req("HS", "SC"),
			"02": req(certTypes...),
			"03": opt(serviceTypes...),
			"04": composite(optional, rules.ElementSetRule{"01": req(), "02": req("A", "B"), "03": unused()}),
			"05": unused(),
			"06": opt("E", "U", "03"),
			"07": opt(), "08": opt(), "09": opt(), "10": opt(),
		}),
		refUse("previous review authorization number", "BB"),
		refUse("previous review administrative reference number", "NT"),
		dtpUse("service date", "472", 1, dateFormats...),
		segment("SV1", optional, 1, "professional service", rules.ElementSetRule{
			"01": composite(required, rules.ElementSetRule{"01": req(sv1Products...), "02": req(), "03": opt(), "04": opt(), "05": opt(), "06": opt(), "07": opt(), "08": unused()}),
			"02": opt(), "03": opt("UN", "MJ", "DA"), "04": opt(), "05": opt(), "06": unused(), "07": unused(), "08": unused(),
			"09": unused(), "10": unused(), "11": opt(),
		}),
		segment("SV2", optional, 1, "institutional service", rules.ElementSetRule{
			"01": opt(),
			"02": composite(optional, rules.ElementSetRule{"01": req(productQuals...), "02": req(), "03": opt(), "04": opt(), "05": opt(), "06": opt(), "07": opt()}),
			"03": opt(), "04": opt("UN", "DA"), "05": opt(), "06": opt(),
		}),
		segment("SV3", optional, 1, "dental service", rules.ElementSetRule{
			"01": composite(required, rules.ElementSetRule{"01": req("AD"), "02": req(), "03": opt(), "04": opt(), "05": opt(), "06": opt()}),
			"02": opt(),
		}),
		segment("TOO", optional, 32, "tooth information", rules.ElementSetRule{"01": req("JP"), "02": req(), "03": opt()}),
		hsd,
		pwk,
		msg,
	},
		providerLoop("2010F", 10, []string{"1T", "72", "73", "77", "DD", "DK", "DQ", "FA", "G3", "P3", "QB", "QV", "SJ"}, "service provider name"),
	),
}

// Parents lists, for each HL03, the HL03 values its parent may have.
var Parents = map[string][]string{
	"20": nil,
	"21": {"20"},
	"22": {"21"},
	"23": {"22"},
	"EV": {"22", "23"},
	"SS": {"EV"},
}

func hl(level string) rules.SegmentRule {
	parent := req()
	if level == "20" {
		parent = unused()
	}
	return segment("HL", required, 1, "hierarchical level", rules.ElementSetRule{
		"01": req(), "02": parent, "03": req(level), "04": req("0", "1"),
	})
}

func hiSegment() rules.SegmentRule {
	el := rules.ElementSetRule{}
	for i := 1; i <= 12; i++ {
		mask := optional
		if i == 1 {
			mask = required
		}
		el[key(i)] = composite(mask, rules.ElementSetRule{
			"01": req(hiQualifiers...), "02": req(), "03": opt("D8"), "04": opt(), "05": unused(), "06": unused(), "07": unused(), "08": unused(), "09": unused(),
		})
	}
	return segment("HI", optional, 1, "patient diagnosis", el)
}
