package x217

import "strconv"

// format is what the rules vocabulary has no field for: the X12 data
// element reference number reported in IK402, the data type and the length
// bounds of an element (or of a component, keyed "SV101-2").
type format struct {
	ref      int
	kind     byte // 'N' integer, 'R' decimal, 'D' date CCYYMMDD, 'T' time, 'Q' date per qualifier, 0 any
	min, max int  // length bounds; 0 = unchecked
}

// formats is built with the package's variables, before the guide is
// compiled from it (init functions run after, too late for the guide).
var formats = func() map[string]format {
	m := map[string]format{
		"BHT01": {ref: 1005}, "BHT02": {ref: 353}, "BHT03": {ref: 127, max: 50}, "BHT04": {ref: 373, kind: 'D'},
		"BHT05": {ref: 337, kind: 'T'}, "BHT06": {ref: 640},
		"HL01": {ref: 628, kind: 'N', max: 12}, "HL02": {ref: 734, kind: 'N', max: 12}, "HL03": {ref: 735}, "HL04": {ref: 736},
		"NM101": {ref: 98}, "NM102": {ref: 1065}, "NM103": {ref: 1035, max: 60}, "NM104": {ref: 1036, max: 35},
		"NM105": {ref: 1037, max: 25}, "NM106": {ref: 1038}, "NM107": {ref: 1039, max: 10}, "NM108": {ref: 66},
		"NM109": {ref: 67, min: 2, max: 80},
		"REF01": {ref: 128}, "REF02": {ref: 127, max: 50}, "REF03": {ref: 352, max: 80},
		"N301": {ref: 166, max: 55}, "N302": {ref: 166, max: 55},
		"N401": {ref: 19, min: 2, max: 30}, "N402": {ref: 156, min: 2, max: 2}, "N403": {ref: 116, min: 3, max: 15},
		"N404": {ref: 26}, "N407": {ref: 1715},
		"PER01": {ref: 366}, "PER02": {ref: 93, max: 60}, "PER03": {ref: 365}, "PER04": {ref: 364, max: 256},
		"PER05": {ref: 365}, "PER06": {ref: 364, max: 256}, "PER07": {ref: 365}, "PER08": {ref: 364, max: 256},
		"PRV01": {ref: 1221}, "PRV02": {ref: 128}, "PRV03": {ref: 127, max: 50},
		"DMG01": {ref: 1250}, "DMG02": {ref: 1251, kind: 'Q'}, "DMG03": {ref: 1068},
		"INS01": {ref: 1073}, "INS02": {ref: 1069}, "INS17": {ref: 1470, kind: 'N'},
		"TRN01": {ref: 481}, "TRN02": {ref: 127, max: 50}, "TRN03": {ref: 509, min: 10, max: 10}, "TRN04": {ref: 127, max: 50},
		"UM01": {ref: 1525}, "UM02": {ref: 1322}, "UM03": {ref: 1365, max: 2}, "UM04-1": {ref: 1331}, "UM04-2": {ref: 1332},
		"UM05-1": {ref: 1362}, "UM05-2": {ref: 1362}, "UM05-3": {ref: 1362}, "UM05-4": {ref: 156}, "UM05-5": {ref: 26},
		"UM06": {ref: 1338}, "UM07": {ref: 1213}, "UM08": {ref: 923}, "UM09": {ref: 1363}, "UM10": {ref: 1514},
		"DTP01": {ref: 374}, "DTP02": {ref: 1250}, "DTP03": {ref: 1251, kind: 'Q'},
		"HSD01": {ref: 673}, "HSD02": {ref: 380, kind: 'R', max: 15}, "HSD03": {ref: 355}, "HSD04": {ref: 1167, kind: 'R', max: 6},
		"HSD05": {ref: 615}, "HSD06": {ref: 616, kind: 'N', max: 3}, "HSD07": {ref: 678}, "HSD08": {ref: 679},
		"CRC01": {ref: 1136}, "CRC02": {ref: 1073}, "CRC03": {ref: 1321}, "CRC04": {ref: 1321}, "CRC05": {ref: 1321},
		"CRC06": {ref: 1321}, "CRC07": {ref: 1321},
		"PWK01": {ref: 755}, "PWK02": {ref: 756}, "PWK05": {ref: 66}, "PWK06": {ref: 67, min: 2, max: 80}, "PWK07": {ref: 352, max: 80},
		"MSG01":   {ref: 933, max: 264},
		"SV101-1": {ref: 235}, "SV101-2": {ref: 234, max: 48}, "SV101-3": {ref: 1339, min: 2, max: 2}, "SV101-4": {ref: 1339, min: 2, max: 2},
		"SV101-5": {ref: 1339, min: 2, max: 2}, "SV101-6": {ref: 1339, min: 2, max: 2}, "SV101-7": {ref: 352, max: 80},
		"SV102": {ref: 782, kind: 'R', max: 18}, "SV103": {ref: 355}, "SV104": {ref: 380, kind: 'R', max: 15}, "SV105": {ref: 1331},
		"SV111": {ref: 1073},
		"SV201": {ref: 234}, "SV202-1": {ref: 235}, "SV202-2": {ref: 234, max: 48}, "SV203": {ref: 782, kind: 'R', max: 18},
		"SV204": {ref: 355}, "SV205": {ref: 380, kind: 'R', max: 15}, "SV206": {ref: 1371, kind: 'R'},
		"SV301-1": {ref: 235}, "SV301-2": {ref: 234, max: 48}, "SV302": {ref: 782, kind: 'R', max: 18},
		"TOO01": {ref: 1270}, "TOO02": {ref: 1271},
		"CR101": {ref: 355}, "CR102": {ref: 81, kind: 'R'}, "CR104": {ref: 1316}, "CR105": {ref: 355}, "CR106": {ref: 380, kind: 'R'},
		"CL101": {ref: 1314}, "CL102": {ref: 1315}, "CL103": {ref: 1352},
	}
	for i := 1; i <= 12; i++ {
		m["HI"+key(i)+"-1"] = format{ref: 1270}
		m["HI"+key(i)+"-2"] = format{ref: 1271, max: 30}
		m["HI"+key(i)+"-3"] = format{ref: 1250}
		m["HI"+key(i)+"-4"] = format{ref: 1251, kind: 'D'}
	}
	return m
}()

// keys holds "01".."99" so that lookups by position do not format numbers.
var keys = func() [100]string {
	var k [100]string
	for i := range k {
		if i < 10 {
			k[i] = "0" + strconv.Itoa(i)
		} else {
			k[i] = strconv.Itoa(i)
		}
	}
	return k
}()

func key(i int) string {
	if i >= 0 && i < len(keys) {
		return keys[i]
	}
	return strconv.Itoa(i)
}

// validDecimal reports whether b is an X12 decimal number (R): optional
// minus sign, digits, at most one decimal point.
func validDecimal(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	digits, dots := 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}
