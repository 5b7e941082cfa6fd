package pipeline

// ta1Text glosses TA105 codes (x12-278.md §4.2) for people.
var ta1Text = map[string]string{
	"000": "no error",
	"001": "the IEA control number does not match the ISA control number",
	"004": "the segment terminator is invalid",
	"005": "invalid sender ID qualifier (ISA05)",
	"006": "invalid sender ID (ISA06)",
	"007": "invalid receiver ID qualifier (ISA07)",
	"008": "invalid receiver ID (ISA08)",
	"010": "invalid authorization information qualifier (ISA01)",
	"011": "invalid authorization information (ISA02)",
	"012": "invalid security information qualifier (ISA03)",
	"013": "invalid security information (ISA04)",
	"014": "invalid interchange date (ISA09)",
	"015": "invalid interchange time (ISA10)",
	"016": "invalid repetition separator / standards identifier (ISA11)",
	"017": "invalid interchange version (ISA12 must be 00501)",
	"018": "invalid interchange control number (ISA13)",
	"019": "invalid acknowledgment requested flag (ISA14)",
	"020": "invalid usage indicator (ISA15)",
	"021": "the IEA group count does not match the groups sent",
	"022": "invalid control structure",
	"023": "the file ended before the interchange was closed (IEA missing)",
	"024": "invalid interchange content (no ISA, or data outside any group or transaction set)",
	"025": "duplicate interchange control number from this sender",
	"026": "invalid element separator",
	"027": "invalid component element separator",
}

// TA1Text explains a TA105 code in words.
func TA1Text(code string) string {
	if t, ok := ta1Text[code]; ok {
		return t
	}
	return "unknown code"
}
