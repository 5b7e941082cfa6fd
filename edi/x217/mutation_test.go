package x217_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// A mutation is one change to a good request and what the guide says the
// acknowledgment must name for it.
type mutation struct {
	name string
	file string // a request sample; "" is request 1 (doc-7.1)
	old  string // replaced once by new; it must occur in the file
	new  string
	// seg is the IK3 the 999 must hold: "ID position loop code" (IK301,
	// IK302, IK303, IK304), e.g. "UM 16 2000 8".
	seg string
	// elem is the IK4 that IK3 must hold: "position ref code" (IK401,
	// IK402 or "-" when none, IK403), e.g. "2 1322 7" or "4:2 1332 7".
	elem string
	// ik5 is the IK5 of the set: "R 5" when seg is set and ik5 is empty.
	ik5 string
	// ak9 is the AK9 of the group when it matters: "R 5" (AK901 and AK905).
	ak9 string
	// ta1 is the TA105 code when the interchange is rejected.
	ta1 string
	// envelope mutations change the counts themselves: SE01 is left as it
	// is. Others get SE01 counted again, so that the one change is the only
	// error.
	envelope bool
}

const (
	bhtDoc = "BHT*0007*13*SHI-REQ-0001*20260302*0915~"
	umoNM1 = "NM1*X3*2*ACME HEALTH PLAN*****PI*99999~"
	reqNM1 = "NM1*1P*2*SUMMIT HOME INFUSION*****XX*1234567893~\nN3"
	subNM1 = "NM1*IL*1*DOE*JANE*Q***MI*ZZX123456789~"
	evUM   = "UM*HS*I*18*12:B~"
	evDTP  = "DTP*AAH*RD8*20260305-20260604~"
	l1UM   = "UM*HS*I*18~"
	l1DTP  = "DTP*472*RD8*20260305-20260604~\nSV1*HC:E0781"
	l1SV1  = "SV1*HC:E0781:RR*1350*UN*3~"
	msgDoc = "MSG*FLUOROURACIL 46-HOUR CONTINUOUS INFUSION EVERY 14 DAYS VIA AMBULATORY PUMP~"
	pwkDoc = "PWK*DB*EL***AC*SHIATT0001~"
)

const (
	dep       = "../../samples/requests/doc-7.2-dependent-urgent-k0455.x12"
	referral  = "../../samples/requests/guide-referral.x12"
	admission = "../../samples/requests/guide-admission-review.x12"
	reserve   = "../../samples/requests/guide-services-reservation.x12"
)

// mutations: request 1's positions (ST = 1) are BHT 2, HL 3, 2010A NM1 4,
// HL 5, 2010B NM1 6, N3 7, N4 8, PER 9, PRV 10, HL 11, 2010C NM1 12, DMG
// 13, HL 14, TRN 15, UM 16, DTP 17, HI 18, PWK 19, 2010EA NM1 20, PRV 21,
// NM1 22, the first line HL 23, TRN 24, UM 25, DTP 26, SV1 27, HSD 28, the
// second HL 29, TRN 30, UM 31, DTP 32, SV1 33, MSG 34, SE 35.
var mutations = []mutation{
	// Required elements missing (IK403 1).
	{name: "BHT01 missing", old: bhtDoc, new: "BHT**13*SHI-REQ-0001*20260302*0915~", seg: "BHT 2 - 8", elem: "1 1005 1"},
	{name: "BHT02 missing", old: bhtDoc, new: "BHT*0007**SHI-REQ-0001*20260302*0915~", seg: "BHT 2 - 8", elem: "2 353 1"},
	{name: "BHT03 missing", old: bhtDoc, new: "BHT*0007*13**20260302*0915~", seg: "BHT 2 - 8", elem: "3 127 1"},
	{name: "BHT04 missing", old: bhtDoc, new: "BHT*0007*13*SHI-REQ-0001**0915~", seg: "BHT 2 - 8", elem: "4 373 1"},
	{name: "BHT05 missing", old: bhtDoc, new: "BHT*0007*13*SHI-REQ-0001*20260302~", seg: "BHT 2 - 8", elem: "5 337 1"},
	{name: "HL01 missing", old: "HL*1**20*1~", new: "HL***20*1~", seg: "HL 3 2000 8", elem: "1 628 1"},
	{name: "HL02 missing at the requester", old: "HL*2*1*21*1~", new: "HL*2**21*1~", seg: "HL 5 2000 8", elem: "2 734 1"},
	{name: "HL03 missing", old: "HL*5*4*SS*0~", new: "HL*5*4**0~", seg: "HL 23 - 8", elem: "3 735 1"},
	{name: "HL04 missing", old: "HL*6*4*SS*0~", new: "HL*6*4*SS~", seg: "HL 29 2000 8", elem: "4 736 1"},
	{name: "2010A NM101 missing", old: umoNM1, new: "NM1**2*ACME HEALTH PLAN*****PI*99999~", seg: "NM1 4 2010 8", elem: "1 98 1"},
	{name: "2010A NM102 missing", old: umoNM1, new: "NM1*X3**ACME HEALTH PLAN*****PI*99999~", seg: "NM1 4 2010 8", elem: "2 1065 1"},
	{name: "2010A NM108 missing", old: umoNM1, new: "NM1*X3*2*ACME HEALTH PLAN******99999~", seg: "NM1 4 2010 8", elem: "8 66 1"},
	{name: "2010A NM109 missing", old: umoNM1, new: "NM1*X3*2*ACME HEALTH PLAN*****PI~", seg: "NM1 4 2010 8", elem: "9 67 1"},
	{name: "2010B NM108 missing", old: reqNM1, new: "NM1*1P*2*SUMMIT HOME INFUSION******1234567893~\nN3", seg: "NM1 6 2010 8", elem: "8 66 1"},
	{name: "2010B NM109 missing", old: reqNM1, new: "NM1*1P*2*SUMMIT HOME INFUSION*****XX~\nN3", seg: "NM1 6 2010 8", elem: "9 67 1"},
	{name: "2010C NM108 missing", old: subNM1, new: "NM1*IL*1*DOE*JANE*Q****ZZX123456789~", seg: "NM1 12 2010 8", elem: "8 66 1"},
	{name: "2010C NM109 missing", old: subNM1, new: "NM1*IL*1*DOE*JANE*Q***MI~", seg: "NM1 12 2010 8", elem: "9 67 1"},
	{name: "TRN01 missing", old: "TRN*1*SHI0001EV", new: "TRN**SHI0001EV", seg: "TRN 15 2000 8", elem: "1 481 1"},
	{name: "TRN02 missing", old: "TRN*1*SHI0001EV", new: "TRN*1*", seg: "TRN 15 2000 8", elem: "2 127 1"},
	{name: "TRN03 missing", old: "TRN*1*SHI0001EV*9123456789~", new: "TRN*1*SHI0001EV~", seg: "TRN 15 2000 8", elem: "3 509 1"},
	{name: "2000E UM01 missing", old: evUM, new: "UM**I*18*12:B~", seg: "UM 16 2000 8", elem: "1 1525 1"},
	{name: "2000E UM02 missing", old: evUM, new: "UM*HS**18*12:B~", seg: "UM 16 2000 8", elem: "2 1322 1"},
	{name: "UM04-2 missing", old: evUM, new: "UM*HS*I*18*12~", seg: "UM 16 2000 8", elem: "4:2 1332 1"},
	{name: "2000F UM02 missing", old: l1UM, new: "UM*HS~", seg: "UM 25 2000 8", elem: "2 1322 1"},
	{name: "DTP01 missing", old: evDTP, new: "DTP**RD8*20260305-20260604~", seg: "DTP 17 2000 8", elem: "1 374 1"},
	{name: "DTP02 missing", old: l1DTP, new: "DTP*472**20260305-20260604~\nSV1*HC:E0781", seg: "DTP 26 2000 8", elem: "2 1250 1"},
	{name: "DTP03 missing", old: l1DTP, new: "DTP*472*RD8~\nSV1*HC:E0781", seg: "DTP 26 2000 8", elem: "3 1251 1"},
	{name: "SV101 missing", old: l1SV1, new: "SV1**1350*UN*3~", seg: "SV1 27 2000 8", elem: "1 235 1"},
	{name: "SV101-2 missing", old: l1SV1, new: "SV1*HC::RR*1350*UN*3~", seg: "SV1 27 2000 8", elem: "1:2 234 1"},
	{name: "HI01 missing", old: "HI*ABK:C180*ABF:Z5111~", new: "HI**ABF:Z5111~", seg: "HI 18 2000 8", elem: "1 1270 1"},
	{name: "HI01-2 missing", old: "HI*ABK:C180*ABF:Z5111~", new: "HI*ABK*ABF:Z5111~", seg: "HI 18 2000 8", elem: "1:2 1271 1"},
	{name: "2010B PRV03 missing", old: "PRV*PE*PXC*332B00000X~", new: "PRV*PE*PXC~", seg: "PRV 10 2010 8", elem: "3 127 1"},
	{name: "PWK02 missing", old: pwkDoc, new: "PWK*DB****AC*SHIATT0001~", seg: "PWK 19 2000 8", elem: "2 756 1"},
	{name: "DMG02 missing", old: "DMG*D8*19580214*F~", new: "DMG*D8**F~", seg: "DMG 13 2010 8", elem: "2 1251 1"},
	{name: "N301 missing", old: "N3*100 MAIN ST~", new: "N3~", seg: "N3 7 2010 8", elem: "1 166 1"},
	{name: "N401 missing", old: "N4*SPRINGFIELD*IL*62701~", new: "N4**IL*62701~", seg: "N4 8 2010 8", elem: "1 19 1"},
	{name: "PER01 missing", old: "PER*IC*INTAKE DESK", new: "PER**INTAKE DESK", seg: "PER 9 2010 8", elem: "1 366 1"},
	{name: "MSG01 missing", old: msgDoc, new: "MSG~", seg: "MSG 34 2000 8", elem: "1 933 1"},
	{name: "2010D INS01 missing", file: dep, old: "INS*N*19~", new: "INS**19~", seg: "INS 14 2010 8", elem: "1 1073 1"},

	// Code values outside the guide's lists (IK403 7).
	{name: "BHT01 not 0007", old: bhtDoc, new: "BHT*0008*13*SHI-REQ-0001*20260302*0915~", seg: "BHT 2 - 8", elem: "1 1005 7"},
	{name: "BHT02 11 in a request", old: bhtDoc, new: "BHT*0007*11*SHI-REQ-0001*20260302*0915~", seg: "BHT 2 - 8", elem: "2 353 7"},
	{name: "BHT06 18 in a request", old: bhtDoc, new: "BHT*0007*13*SHI-REQ-0001*20260302*0915*18~", seg: "BHT 2 - 8", elem: "6 640 7"},
	{name: "HL03 not a level", old: "HL*5*4*SS*0~", new: "HL*5*4*ZZ*0~", seg: "HL 23 - 8", elem: "3 735 7"},
	{name: "HL04 not 0 or 1", old: "HL*6*4*SS*0~", new: "HL*6*4*SS*2~", seg: "HL 29 2000 8", elem: "4 736 7"},
	{name: "2010A NM101 not a UMO", old: umoNM1, new: "NM1*ZZ*2*ACME HEALTH PLAN*****PI*99999~", seg: "NM1 4 2010 8", elem: "1 98 7"},
	{name: "2010A NM102 3", old: umoNM1, new: "NM1*X3*3*ACME HEALTH PLAN*****PI*99999~", seg: "NM1 4 2010 8", elem: "2 1065 7"},
	{name: "2010A NM108 QQ", old: umoNM1, new: "NM1*X3*2*ACME HEALTH PLAN*****QQ*99999~", seg: "NM1 4 2010 8", elem: "8 66 7"},
	{name: "2010C NM108 not MI", old: subNM1, new: "NM1*IL*1*DOE*JANE*Q***ZZ*ZZX123456789~", seg: "NM1 12 2010 8", elem: "8 66 7"},
	{name: "2010EA NM101 of no provider", old: "NM1*DK*1*RIVERA", new: "NM1*ZZ*1*RIVERA", seg: "NM1 20 2010 8", elem: "1 98 7"},
	{name: "TRN01 2 in a request", old: "TRN*1*SHI0001EV", new: "TRN*2*SHI0001EV", seg: "TRN 15 2000 8", elem: "1 481 7"},
	{name: "2000E UM01 ZZ", old: evUM, new: "UM*ZZ*I*18*12:B~", seg: "UM 16 2000 8", elem: "1 1525 7"},
	{name: "2000F UM01 AR (2000E only)", old: l1UM, new: "UM*AR*I*18~", seg: "UM 25 2000 8", elem: "1 1525 7"},
	{name: "UM02 Z", old: evUM, new: "UM*HS*Z*18*12:B~", seg: "UM 16 2000 8", elem: "2 1322 7"},
	{name: "2000E UM03 48 (hospital inpatient)", old: evUM, new: "UM*HS*I*48*12:B~", seg: "UM 16 2000 8", elem: "3 1365 7"},
	{name: "2000F UM03 30 (plan coverage)", old: l1UM, new: "UM*HS*I*30~", seg: "UM 25 2000 8", elem: "3 1365 7"},
	{name: "UM04-2 Q", old: evUM, new: "UM*HS*I*18*12:Q~", seg: "UM 16 2000 8", elem: "4:2 1332 7"},
	{name: "UM06 X", old: evUM, new: "UM*HS*I*18*12:B**X~", seg: "UM 16 2000 8", elem: "6 1338 7"},
	{name: "2000E REF01 of no use", old: evUM, new: evUM + "\nREF*ZZ*X1~", seg: "REF 17 2000 8", elem: "1 128 7"},
	{name: "DTP01 of no use", old: evDTP, new: "DTP*ZZZ*RD8*20260305-20260604~", seg: "DTP 17 2000 8", elem: "1 374 7"},
	{name: "DTP02 D6", old: evDTP, new: "DTP*AAH*D6*20260305-20260604~", seg: "DTP 17 2000 8", elem: "2 1250 7"},
	{name: "2000F DTP 471 (only 472)", old: l1DTP, new: "DTP*471*RD8*20260305-20260604~\nSV1*HC:E0781", seg: "DTP 26 2000 8", elem: "1 374 7"},
	{name: "DTP*439 with RD8", old: evDTP, new: evDTP + "\nDTP*439*RD8*20260101-20260102~", seg: "DTP 18 2000 8", elem: "2 1250 7"},
	{name: "HI01-1 ZZZ", old: "HI*ABK:C180", new: "HI*ZZZ:C180", seg: "HI 18 2000 8", elem: "1:1 1270 7"},
	{name: "HI02-1 ZZZ", old: "*ABF:Z5111~", new: "*ZZZ:Z5111~", seg: "HI 18 2000 8", elem: "2:1 1270 7"},
	{name: "PWK01 ZZ", old: pwkDoc, new: "PWK*ZZ*EL***AC*SHIATT0001~", seg: "PWK 19 2000 8", elem: "1 755 7"},
	{name: "PWK02 ZZ", old: pwkDoc, new: "PWK*DB*ZZ***AC*SHIATT0001~", seg: "PWK 19 2000 8", elem: "2 756 7"},
	{name: "PWK05 XX", old: pwkDoc, new: "PWK*DB*EL***XX*SHIATT0001~", seg: "PWK 19 2000 8", elem: "5 66 7"},
	{name: "PRV01 ZZ", old: "PRV*PE*PXC*332B00000X~", new: "PRV*ZZ*PXC*332B00000X~", seg: "PRV 10 2010 8", elem: "1 1221 7"},
	{name: "PRV02 not PXC", old: "PRV*PE*PXC*332B00000X~", new: "PRV*PE*ZZZ*332B00000X~", seg: "PRV 10 2010 8", elem: "2 128 7"},
	{name: "PER01 XX", old: "PER*IC*INTAKE DESK", new: "PER*XX*INTAKE DESK", seg: "PER 9 2010 8", elem: "1 366 7"},
	{name: "PER03 ZZ", old: "*TE*2175550100", new: "*ZZ*2175550100", seg: "PER 9 2010 8", elem: "3 365 7"},
	{name: "DMG01 RD8", old: "DMG*D8*19580214*F~", new: "DMG*RD8*19580214*F~", seg: "DMG 13 2010 8", elem: "1 1250 7"},
	{name: "DMG03 X", old: "DMG*D8*19580214*F~", new: "DMG*D8*19580214*X~", seg: "DMG 13 2010 8", elem: "3 1068 7"},
	{name: "SV101-1 ER", old: l1SV1, new: "SV1*ER:E0781:RR*1350*UN*3~", seg: "SV1 27 2000 8", elem: "1:1 235 7"},
	{name: "SV101-1 ZZ", old: l1SV1, new: "SV1*ZZ:E0781:RR*1350*UN*3~", seg: "SV1 27 2000 8", elem: "1:1 235 7"},
	{name: "SV103 XX", old: l1SV1, new: "SV1*HC:E0781:RR*1350*XX*3~", seg: "SV1 27 2000 8", elem: "3 355 7"},
	{name: "HSD01 ZZ", old: "HSD*MN*3~", new: "HSD*ZZ*3~", seg: "HSD 28 2000 8", elem: "1 673 7"},
	{name: "2010D INS01 Y", file: dep, old: "INS*N*19~", new: "INS*Y*19~", seg: "INS 14 2010 8", elem: "1 1073 7"},
	{name: "2010D INS02 18 (self)", file: dep, old: "INS*N*19~", new: "INS*N*18~", seg: "INS 14 2010 8", elem: "2 1069 7"},
	{name: "HSD03 ZZ", file: reserve, old: "HSD*VS*2*WK**34*2~\nHL", new: "HSD*VS*2*ZZ**34*2~\nHL", seg: "HSD 22 2000 8", elem: "3 355 7"},
	{name: "HSD05 99", file: reserve, old: "HSD*VS*2*WK**34*2~\nHL", new: "HSD*VS*2*WK**99*2~\nHL", seg: "HSD 22 2000 8", elem: "5 615 7"},
	{name: "referral UM03 48", file: referral, old: "UM*SC*I*3*", new: "UM*SC*I*48*", seg: "UM 17 2000 8", elem: "3 1365 7"},
	{name: "admission UM04-2 Z", file: admission, old: "UM*AR*I*1*11:A", new: "UM*AR*I*1*11:Z", seg: "UM 13 2000 8", elem: "4:2 1332 7"},
	{name: "reservation BHT06 ZZ", file: reserve, old: "*1545*RU~", new: "*1545*ZZ~", seg: "BHT 2 - 8", elem: "6 640 7"},

	// Dates and times (IK403 8, 9).
	{name: "BHT04 not a date", old: bhtDoc, new: "BHT*0007*13*SHI-REQ-0001*20260230*0915~", seg: "BHT 2 - 8", elem: "4 373 8"},
	{name: "BHT05 not a time", old: bhtDoc, new: "BHT*0007*13*SHI-REQ-0001*20260302*2460~", seg: "BHT 2 - 8", elem: "5 337 9"},
	{name: "DMG02 not a date", old: "DMG*D8*19580214*F~", new: "DMG*D8*19580230*F~", seg: "DMG 13 2010 8", elem: "2 1251 8"},
	{name: "2000F DTP03 month 13", old: l1DTP, new: "DTP*472*D8*20261301~\nSV1*HC:E0781", seg: "DTP 26 2000 8", elem: "3 1251 8"},
	{name: "DTP03 range reversed", old: evDTP, new: "DTP*AAH*RD8*20260604-20260305~", seg: "DTP 17 2000 8", elem: "3 1251 8"},
	{name: "DTP03 RD8 with one date", old: evDTP, new: "DTP*AAH*RD8*20260305~", seg: "DTP 17 2000 8", elem: "3 1251 8"},
	{name: "DTP03 D8 with a range", old: evDTP, new: "DTP*AAH*D8*20260305-20260604~", seg: "DTP 17 2000 8", elem: "3 1251 8"},
	{name: "HI01-4 not a date", old: "HI*ABK:C180*", new: "HI*ABK:C180:D8:20261340*", seg: "HI 18 2000 8", elem: "1:4 1251 8"},
	{name: "admission DTP*435 day 32", file: admission, old: "DTP*435*D8*20260412~", new: "DTP*435*D8*20260432~", seg: "DTP 14 2000 8", elem: "3 1251 8"},

	// Lengths and characters (IK403 4, 5, 6).
	{name: "TRN03 too long", old: "TRN*1*SHI0001EV*9123456789~", new: "TRN*1*SHI0001EV*91234567890~", seg: "TRN 15 2000 8", elem: "3 509 5"},
	{name: "TRN03 too short", old: "TRN*1*SHI0001EV*9123456789~", new: "TRN*1*SHI0001EV*912345678~", seg: "TRN 15 2000 8", elem: "3 509 4"},
	{name: "UM03 too long", old: evUM, new: "UM*HS*I*1888*12:B~", seg: "UM 16 2000 8", elem: "3 1365 5"},
	{name: "NM109 too short", old: umoNM1, new: "NM1*X3*2*ACME HEALTH PLAN*****PI*9~", seg: "NM1 4 2010 8", elem: "9 67 4"},
	{name: "NM103 too long", old: umoNM1, new: "NM1*X3*2*" + strings.Repeat("A", 61) + "*****PI*99999~", seg: "NM1 4 2010 8", elem: "3 1035 5"},
	{name: "N402 three letters", old: "*IL*62701~", new: "*ILL*62701~", seg: "N4 8 2010 8", elem: "2 156 5"},
	{name: "N403 too short", old: "*IL*62701~", new: "*IL*62~", seg: "N4 8 2010 8", elem: "3 116 4"},
	{name: "2010C REF02 too long", file: dep, old: "REF*6P*GRP7788~", new: "REF*6P*" + strings.Repeat("G", 51) + "~", seg: "REF 10 2010 8", elem: "2 127 5"},
	{name: "SV102 not a number", old: l1SV1, new: "SV1*HC:E0781:RR*13A0*UN*3~", seg: "SV1 27 2000 8", elem: "2 782 6"},
	{name: "SV104 not a number", old: l1SV1, new: "SV1*HC:E0781:RR*1350*UN*THREE~", seg: "SV1 27 2000 8", elem: "4 380 6"},
	{name: "HSD02 not a number", old: "HSD*MN*3~", new: "HSD*MN*X~", seg: "HSD 28 2000 8", elem: "2 380 6"},
	{name: "HL01 not a number", old: "HL*6*4*SS*0~", new: "HL*A*4*SS*0~", seg: "HL 29 2000 8", elem: "1 628 6"},
	{name: "MSG01 too long", old: msgDoc, new: "MSG*" + strings.Repeat("M", 265) + "~", seg: "MSG 34 2000 8", elem: "1 933 5"},
	{name: "PRV03 too long", old: "PRV*PE*PXC*332B00000X~", new: "PRV*PE*PXC*" + strings.Repeat("3", 51) + "~", seg: "PRV 10 2010 8", elem: "3 127 5"},

	// Segments missing, unexpected, misplaced, repeated over their maximum.
	{name: "2000E UM missing", old: evUM + "\n", new: "", seg: "UM 16 2000 3"},
	{name: "2010A NM1 missing", old: umoNM1 + "\n", new: "", seg: "NM1 4 2010 I7", ik5: "R I5"},
	{name: "2010C NM1 missing", old: subNM1 + "\n", new: "", seg: "NM1 13 2010 I7"},
	{name: "2010EB N3 missing", file: transport, old: "NM1*PW*2~\nN3*77 CEDAR HOLLOW RD~\n", new: "NM1*PW*2~\n", seg: "N3 21 2010 3"},
	{name: "2010EB N4 missing", file: transport, old: "N4*DES MOINES*IA*50309~\n", new: "", seg: "N4 25 2010 3"},
	{name: "unrecognized segment", old: "HSD*MN*3~", new: "HSD*MN*3~\nZZQ*1~", seg: "ZZQ 29 2000 1"},
	{name: "X12 segment out of place", old: pwkDoc, new: pwkDoc + "\nCLM*1~", seg: "CLM 20 2000 2"},
	{name: "CR4 not in X217", old: "HI*ABK:C180*ABF:Z5111~", new: "HI*ABK:C180*ABF:Z5111~\nCR4*Y~", seg: "CR4 19 2000 I4", ik5: "R I5"},
	{name: "CR7 not in X217", old: "HI*ABK:C180*ABF:Z5111~", new: "HI*ABK:C180*ABF:Z5111~\nCR7*AI*1*2~", seg: "CR7 19 2000 I4", ik5: "R I5"},
	{name: "DTP*AAH before UM", old: evUM + "\n" + evDTP, new: evDTP + "\n" + evUM, seg: "UM 17 2000 7"},
	{name: "SV1 before DTP*472", old: "DTP*472*RD8*20260305-20260604~\n" + l1SV1, new: l1SV1 + "\nDTP*472*RD8*20260305-20260604~", seg: "DTP 27 2000 7"},
	{name: "HI before DTP*AAH", old: evDTP + "\nHI*ABK:C180*ABF:Z5111~", new: "HI*ABK:C180*ABF:Z5111~\n" + evDTP, seg: "DTP 18 2000 7"},
	{name: "two HSD in a line", old: "HSD*MN*3~", new: "HSD*MN*3~\nHSD*MN*3~", seg: "HSD 29 2000 5"},
	{name: "two DTP*AAH", old: evDTP, new: evDTP + "\n" + evDTP, seg: "DTP 18 2000 5"},
	{name: "two REF*BB in 2000E", old: evUM, new: evUM + "\nREF*BB*A1~\nREF*BB*A2~", seg: "REF 18 2000 5"},
	{name: "two REF*BB in 2000F", old: l1UM, new: l1UM + "\nREF*BB*A1~\nREF*BB*A2~", seg: "REF 27 2000 5"},
	{name: "two HI", old: "HI*ABK:C180*ABF:Z5111~", new: "HI*ABK:C180~\nHI*ABF:Z5111~", seg: "HI 19 2000 5"},
	{name: "three TRN in 2000E", old: "TRN*1*SHI0001EV*9123456789~", new: "TRN*1*SHI0001EV*9123456789~\nTRN*1*X2*9123456789~\nTRN*1*X3*9123456789~", seg: "TRN 17 2000 5"},
	{name: "two DMG", old: "DMG*D8*19580214*F~", new: "DMG*D8*19580214*F~\nDMG*D8*19580214*F~", seg: "DMG 14 2010 5"},
	{name: "two UM in a line", old: l1UM, new: l1UM + "\n" + l1UM, seg: "UM 26 2000 5"},
	{name: "eleven PWK", old: pwkDoc, new: strings.Repeat(pwkDoc+"\n", 10) + pwkDoc, seg: "PWK 29 2000 5"},
	{name: "thirteen 2010EA loops", old: "NM1*SJ*2*SUMMIT HOME INFUSION*****XX*1234567893~\nHL*5",
		new: "NM1*SJ*2*SUMMIT HOME INFUSION*****XX*1234567893~\n" + strings.Repeat("NM1*72*1*VOSS*EDA~\n", 11) + "HL*5", seg: "NM1 33 2010 4"},
	{name: "second patient event", old: "SE*35*0001~", new: "HL*7*3*EV*0~\nTRN*1*X9*9123456789~\nUM*HS*I~\nSE*38*0001~", seg: "HL 35 2000 4"},

	// The hierarchy (implementation codes).
	{name: "line under the subscriber", old: "HL*5*4*SS*0~", new: "HL*5*3*SS*0~", seg: "HL 23 2000 8", elem: "2 734 I12", ik5: "R I5"},
	{name: "line under a later HL", old: "HL*5*4*SS*0~", new: "HL*5*6*SS*0~", seg: "HL 23 2000 8", elem: "2 734 I12", ik5: "R I5"},
	{name: "line under a line", old: "HL*6*4*SS*0~", new: "HL*6*5*SS*0~", seg: "HL 29 2000 8", elem: "2 734 I12", ik5: "R I5"},
	{name: "HL01 out of sequence", old: "HL*5*4*SS*0~", new: "HL*7*4*SS*0~", seg: "HL 23 2000 8", elem: "1 628 I12", ik5: "R I5"},
	{name: "HL04 1 without a child", old: "HL*6*4*SS*0~", new: "HL*6*4*SS*1~", seg: "HL 29 2000 8", elem: "4 736 I12", ik5: "R I5"},
	{name: "HL04 0 with children", old: "HL*4*3*EV*1~", new: "HL*4*3*EV*0~", seg: "HL 14 2000 8", elem: "4 736 I12", ik5: "R I5"},
	{name: "HL02 at the UMO (not used)", old: "HL*1**20*1~", new: "HL*1*1*20*1~", seg: "HL 3 2000 8", elem: "2 734 I10", ik5: "R I5"},
	{name: "NM106 (not used)", old: umoNM1, new: "NM1*X3*2*ACME HEALTH PLAN***X**PI*99999~", seg: "NM1 4 2010 8", elem: "6 1038 I10", ik5: "R I5"},
	{name: "UM05 at a line (not used)", old: l1UM, new: "UM*HS*I*18**AA~", seg: "UM 25 2000 8", elem: "5 - I10", ik5: "R I5"},
	{name: "PWK03 (not used)", old: pwkDoc, new: "PWK*DB*EL*X**AC*SHIATT0001~", seg: "PWK 19 2000 8", elem: "3 - I10", ik5: "R I5"},

	// Element structure: too many elements, components, repetitions; a
	// trailing separator.
	{name: "PRV with seven elements", old: "PRV*OR*PXC*207RX0202X~", new: "PRV*OR*PXC*207RX0202X****X~", seg: "PRV 21 2010 8", elem: "7 - 3"},
	{name: "HL with five elements", old: "HL*6*4*SS*0~", new: "HL*6*4*SS*0*X~", seg: "HL 29 2000 8", elem: "5 - 3"},
	{name: "UM04 with four components", old: evUM, new: "UM*HS*I*18*12:B:1:2~", seg: "UM 16 2000 8", elem: "4:4 - 13"},
	{name: "component in a simple element", old: "TRN*1*SHI0001EV", new: "TRN*1*SHI:0001EV", seg: "TRN 15 2000 8", elem: "2 127 13"},
	{name: "repetition in UM01", old: evUM, new: "UM*HS^SC*I*18*12:B~", seg: "UM 16 2000 8", elem: "1 1525 12"},
	{name: "trailing element separator in UM", old: evUM, new: "UM*HS*I*18*12:B*~", seg: "UM 16 2000 8", elem: "5 - 3"},
	{name: "trailing element separator in HL", old: "HL*6*4*SS*0~", new: "HL*6*4*SS*0*~", seg: "HL 29 2000 8", elem: "5 - 3"},
	{name: "trailing element separator in NM1", old: umoNM1, new: "NM1*X3*2*ACME HEALTH PLAN*****PI*99999*~", seg: "NM1 4 2010 8", elem: "10 - 3"},
	{name: "trailing element separator in SV1", old: "SV1*HC:J9190*640*UN*36~", new: "SV1*HC:J9190*640*UN*36*~", seg: "SV1 33 2000 8", elem: "5 - 3"},
	{name: "trailing component separator in UM04", old: evUM, new: "UM*HS*I*18*12:B:~", seg: "UM 16 2000 8", elem: "4:3 - 13"},

	// The transaction set envelope (IK502).
	{name: "SE01 wrong", old: "SE*35*0001", new: "SE*34*0001", ik5: "R 4", envelope: true},
	{name: "SE02 differs from ST02", old: "SE*35*0001", new: "SE*35*0002", ik5: "R 3", envelope: true},
	{name: "SE missing", old: "SE*35*0001~\n", new: "", ik5: "R 2", envelope: true},
	{name: "ST01 not 278", old: "ST*278*0001", new: "ST*277*0001", ik5: "R 1", envelope: true},
	{name: "ST02 too short", old: "ST*278*0001", new: "ST*278*01", ik5: "R 7 3", envelope: true},
	{name: "ST03 not X217", old: "ST*278*0001*005010X217", new: "ST*278*0001*005010X216", ik5: "R I6", envelope: true},

	// The functional group (AK9, IK5 18) and the interchange (TA1).
	{name: "GE01 wrong", old: "GE*1*101", new: "GE*2*101", ik5: "R 18", ak9: "R 5", envelope: true},
	{name: "GE02 differs from GS06", old: "GE*1*101", new: "GE*1*102", ik5: "R 18", ak9: "R 4", envelope: true},
	{name: "GE missing", old: "GE*1*101~\n", new: "", ik5: "R 18", ak9: "R 3", envelope: true},
	{name: "GS01 not HI", old: "GS*HI*", new: "GS*HC*", ik5: "R 18", ak9: "R 1", envelope: true},
	{name: "GS08 not X217", old: "*101*X*005010X217", new: "*101*X*005010X222A1", ik5: "R I6", ak9: "R 2", envelope: true},
	{name: "GS04 not a date", old: "*20260302*0915*101", new: "*20260332*0915*101", ta1: "024", envelope: true},
	{name: "GS05 not a time", old: "*20260302*0915*101", new: "*20260302*0975*101", ta1: "024", envelope: true},
	{name: "IEA02 differs from ISA13", old: "IEA*1*000000101", new: "IEA*1*000000102", ta1: "001", envelope: true},
	{name: "IEA01 wrong", old: "IEA*1*000000101", new: "IEA*2*000000101", ta1: "021", envelope: true},
	{name: "ISA12 not 00501", old: "*00501*", new: "*00401*", ta1: "017", envelope: true},
	{name: "ISA08 another receiver", old: "*ZZ*ACMEHP         *", new: "*ZZ*OTHERPLAN      *", ta1: "009", envelope: true},
}

// ackText is a 999 and TA1 code read back from the walk.
type ackText struct {
	ta1  string
	ik3  []string            // "ID position loop code"
	ik4  map[string][]string // by IK3 index: "position ref code"
	ik5  []string            // "status code …" per set
	ak9  []string            // "status code …" per group
	text string
}

// acknowledge walks input as the gateway does (receivers ZZ ACMEHP only)
// and reads its 999 back.
func acknowledge(t *testing.T, input string) ackText {
	t.Helper()
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, edi.DefaultDelimiters, true)
	h := &writer999{w: w}
	receiver := func(q, id string) bool { return id == "ACMEHP" && (q == "" || q == "ZZ") }
	_, err := ack.Walk(strings.NewReader(input), ack.Options{Validate: x217.ValidateSet, Receiver: receiver}, h)
	require.NoError(t, err)
	require.NoError(t, w.Flush())
	out := ackText{ta1: h.ta1, ik4: map[string][]string{}, text: buf.String()}
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		el := strings.Split(strings.TrimSuffix(l, "~"), "*")
		for len(el) < 5 {
			el = append(el, "")
		}
		switch el[0] {
		case "IK3":
			loop := el[3]
			if loop == "" {
				loop = "-"
			}
			out.ik3 = append(out.ik3, strings.Join([]string{el[1], el[2], loop, el[4]}, " "))
		case "IK4":
			ref := el[2]
			if ref == "" {
				ref = "-"
			}
			k := strings.Join(out.ik3[len(out.ik3)-1:], "")
			out.ik4[k] = append(out.ik4[k], strings.Join([]string{el[1], ref, el[3]}, " "))
		case "IK5":
			out.ik5 = append(out.ik5, strings.TrimSpace(strings.Join(el[1:], " ")))
		case "AK9":
			out.ak9 = append(out.ak9, strings.TrimSpace(el[1]+" "+strings.Join(el[min(5, len(el)):], " ")))
		}
	}
	return out
}

type writer999 struct {
	w   *edi.Writer
	a   *ack.Ack999
	ta1 string
}

func (h *writer999) InterchangeStart(*ack.Interchange) {}
func (h *writer999) GroupStart(ix *ack.Interchange, g *ack.Group) {
	h.a = ack.Begin999(h.w, g, "0001")
}
func (h *writer999) Set(_ *ack.Interchange, _ *ack.Group, s *ack.Set) { h.a.Set(s) }
func (h *writer999) GroupEnd(_ *ack.Interchange, g *ack.Group)        { h.a.End(g) }
func (h *writer999) InterchangeEnd(ix *ack.Interchange) {
	if h.ta1 == "" || h.ta1 == ack.TA1NoError {
		h.ta1 = ix.Code
	}
}

// countSE sets SE01 of every set of a request in the X12 reference's
// layout (one segment a line, * and ~) to the segments from ST to SE.
func countSE(in string) string {
	lines := strings.Split(in, "\n")
	n := 0
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "ST*"):
			n = 1
		case strings.HasPrefix(l, "SE*") && n > 0:
			n++
			f := strings.SplitN(l, "*", 3)
			lines[i] = "SE*" + itoa(n) + "*" + f[2]
			n = 0
		case n > 0:
			n++
		}
	}
	return strings.Join(lines, "\n")
}

// TestMutations changes one thing in a good request at a time and checks
// that the acknowledgment names the segment (IK301, IK302, IK303, IK304),
// the element (IK401, IK402, IK403) and the set's and group's codes the
// guide calls for.
func TestMutations(t *testing.T) {
	require.GreaterOrEqual(t, len(mutations), 100)
	names := map[string]bool{}
	for _, m := range mutations {
		require.False(t, names[m.name], "two mutations named %q", m.name)
		names[m.name] = true
		t.Run(m.name, func(t *testing.T) {
			path := m.file
			if path == "" {
				path = base
			}
			in := read(t, path)
			require.Contains(t, in, m.old)
			in = strings.Replace(in, m.old, m.new, 1)
			if !m.envelope {
				in = countSE(in)
			}
			got := acknowledge(t, in)
			if m.ta1 != "" {
				require.Equal(t, m.ta1, got.ta1, "TA105")
				return
			}
			require.Equal(t, ack.TA1NoError, got.ta1, "TA105:\n%s", got.text)
			if m.seg != "" {
				require.Contains(t, got.ik3, m.seg, "IK3:\n%s", got.text)
				if m.elem != "" {
					require.Contains(t, got.ik4[m.seg], m.elem, "IK4 under IK3 %s:\n%s", m.seg, got.text)
				}
			}
			want := m.ik5
			if want == "" {
				want = "R 5"
			}
			require.NotEmpty(t, got.ik5, got.text)
			require.Equal(t, want, got.ik5[0], "IK5:\n%s", got.text)
			if m.ak9 != "" {
				require.Equal(t, m.ak9, got.ak9[0], "AK9:\n%s", got.text)
			}
		})
	}
}
