package x217

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gate278/gate278/edi"
)

// AAAList is what the guide allows in the AAA (request validation)
// segments of one response loop.
type AAAList struct {
	Reasons   []string // AAA03, reject reason codes (element 901)
	FollowUps []string // AAA04, follow-up action codes (element 889)
}

// AAALists holds, for each response loop that may carry an AAA, the AAA03
// and AAA04 codes the guide lists there. The encoder's AAAs are checked
// against them (CheckAAA, CheckResponse), and the gateway's request errors
// (adjudicate/policies/codes.json) take their codes from them.
//
// Sources [L, to be narrowed by a licensed-TR3 review here, as data]: the
// 4010 X094A2 guide's request validation segments (2010A: AAA04 N, P, Y
// only; 2010C, 2010D and 2000F: AAA04 C, N), X12 RFIs 1540, 2153 and 2445
// for the 5010 loops (AF, AM, AN at 2000E; 33 for a code the UMO does not
// support; 79 a group-level identification problem), and an independent
// validator's X217 rules: AAA03 MA is in neither 2000E nor 2000F, 54 is not
// in 2000F, AA is not in 2000F. Codes the sources disagree on are left
// out: a list too narrow is found by the corpus test, one too wide is not.
var AAALists = map[string]AAAList{
	"2000A": {Reasons: []string{"04", "41", "42", "79"}, FollowUps: []string{"N", "P", "Y"}},
	"2010A": {Reasons: []string{"04", "41", "42", "79", "80", "T4"}, FollowUps: []string{"N", "P", "Y"}},
	"2010B": {Reasons: []string{"15", "33", "35", "41", "43", "44", "45", "46", "47", "49", "51", "79", "97"}, FollowUps: []string{"C", "N"}},
	"2010C": {Reasons: []string{"15", "33", "35", "42", "58", "64", "65", "66", "67", "68", "71", "72", "73", "74", "75", "76", "77", "78", "95"},
		FollowUps: []string{"C", "N"}},
	"2010D": {Reasons: []string{"15", "33", "35", "42", "58", "64", "65", "66", "67", "68", "71", "77", "95"}, FollowUps: []string{"C", "N"}},
	"2000E": {Reasons: []string{"15", "33", "52", "56", "57", "60", "61", "62", "63", "69", "70", "AA", "AE", "AF", "AG", "AH", "AI", "AJ",
		"AK", "AL", "AM", "AN", "AO", "CI", "T5"}, FollowUps: []string{"C", "N"}},
	"2010EA": {Reasons: []string{"15", "33", "35", "41", "43", "44", "45", "46", "47", "49", "51", "52", "97"}, FollowUps: []string{"C", "N"}},
	"2010EC": {Reasons: []string{"15", "33"}, FollowUps: []string{"C", "N"}},
	"2000F":  {Reasons: []string{"15", "33", "52", "53", "56", "57", "60", "61", "62", "63", "69", "70", "AG", "T5"}, FollowUps: []string{"C", "N"}},
	"2010FA": {Reasons: []string{"15", "33", "35", "41", "43", "44", "45", "46", "47", "49", "51", "52", "97"}, FollowUps: []string{"C", "N"}},
}

// HCRActions are the HCR01 action codes of each response loop: no partial
// certification (A2) at the line (x12-278.md §3.2).
var HCRActions = map[string][]string{
	"2000E": {"A1", "A2", "A3", "A4", "A6", "C", "CT", "NA"},
	"2000F": {"A1", "A3", "A4", "A6", "C", "CT", "NA"},
}

// CheckAAA reports whether an AAA is one the guide allows in a response
// loop (2010A, 2000E …), and if not, why.
func CheckAAA(loop string, a AAA) error {
	if p := aaaProblems(loop, a.Valid, "", a.Reason, a.FollowUp); len(p) > 0 {
		return fmt.Errorf("x217: AAA in %s: %s", loop, strings.Join(p, "; "))
	}
	return nil
}

func aaaProblems(loop, valid, agency, reason, followUp string) []string {
	l, ok := AAALists[loop]
	if !ok {
		return []string{"the guide has no AAA in this loop"}
	}
	var p []string
	if valid != "Y" && valid != "N" {
		p = append(p, "AAA01 "+valid+" is not Y or N")
	}
	if agency != "" {
		p = append(p, "AAA02 is not used")
	}
	if !slices.Contains(l.Reasons, reason) {
		p = append(p, "AAA03 "+reason+" is not a reject reason of the loop")
	}
	if !slices.Contains(l.FollowUps, followUp) {
		p = append(p, "AAA04 "+followUp+" is not a follow-up of the loop ("+strings.Join(l.FollowUps, ", ")+")")
	}
	return p
}

// CheckResponse reads back a 278 response transaction set (ST…SE) and
// returns, in words, each break of the guide's response rules it finds: a
// response BHT02, SE01 counting the set, AAA codes of the loop they are in
// (AAALists), HCR01 of the loop (HCRActions), at most nine AAA and three
// TRN in a loop, and exactly one HCR or an AAA in every returned 2000E and
// 2000F. Nil means none.
func CheckResponse(set []edi.Segment) []string {
	c := respChecker{}
	for i, s := range set {
		c.segment(i+1, s)
	}
	c.closeLoop()
	if n := len(set); n > 0 && set[n-1].Is("SE") {
		if want, ok := edi.Number(set[n-1].Value(1)); !ok || want != n {
			c.add(n, "SE", "", "SE01 "+set[n-1].String(1)+" is not the "+strconv.Itoa(n)+" segments of the set")
		}
	} else {
		c.add(len(set), "SE", "", "the set does not end with SE")
	}
	return c.problems
}

type respChecker struct {
	problems  []string
	level     string // HL03 of the current HL loop
	loop      string // the loop the next segment is in
	hlPos     int
	hcr, aaa  int // in the current 2000E/2000F
	aaaInLoop int
	trnInLoop int
}

func (c *respChecker) add(pos int, id, loop, msg string) {
	where := "segment " + strconv.Itoa(pos) + " (" + id
	if loop != "" {
		where += ", loop " + loop
	}
	c.problems = append(c.problems, where+"): "+msg)
}

// levelLoops names the 2000 loop of each HL03 of a response.
var levelLoops = map[string]string{"20": "2000A", "21": "2000B", "22": "2000C", "23": "2000D", "EV": "2000E", "SS": "2000F"}

// closeLoop checks the HL loop just ended.
func (c *respChecker) closeLoop() {
	if c.level == "EV" || c.level == "SS" {
		if c.hcr != 1 && (c.hcr > 0 || c.aaa == 0) {
			c.add(c.hlPos, "HL", levelLoops[c.level], fmt.Sprintf("a returned loop needs one HCR or an AAA (%d HCR, %d AAA)", c.hcr, c.aaa))
		}
	}
	c.hcr, c.aaa = 0, 0
}

// nameLoop returns the response loop an NM1 starts in the current level.
func (c *respChecker) nameLoop(entity []byte) string {
	switch c.level {
	case "20":
		return "2010A"
	case "21":
		return "2010B"
	case "22":
		return "2010C"
	case "23":
		return "2010D"
	case "EV":
		switch {
		case string(entity) == "L5":
			return "2010EB"
		case contains(eventProviders, entity):
			return "2010EA"
		}
		return "2010EC"
	case "SS":
		if string(entity) == "L5" {
			return "2010FB"
		}
		return "2010FA"
	}
	return ""
}

func (c *respChecker) segment(pos int, s edi.Segment) {
	switch s.ID() {
	case "BHT":
		if s.String(2) != "11" {
			c.add(pos, "BHT", "", "BHT02 "+s.String(2)+" is not 11 (response)")
		}
		return
	case "HL":
		c.closeLoop()
		c.level, c.hlPos = s.String(3), pos
		c.loop = levelLoops[c.level]
		c.aaaInLoop, c.trnInLoop = 0, 0
		return
	case "NM1":
		c.loop = c.nameLoop(s.Value(1))
		c.aaaInLoop = 0
		return
	case "TRN":
		if c.trnInLoop++; c.trnInLoop == 4 {
			c.add(pos, "TRN", c.loop, "more than three TRN in the loop")
		}
	case "AAA":
		c.aaa++
		if c.aaaInLoop++; c.aaaInLoop == 10 {
			c.add(pos, "AAA", c.loop, "more than nine AAA in the loop")
		}
		for _, p := range aaaProblems(c.loop, s.String(1), s.String(2), s.String(3), s.String(4)) {
			c.add(pos, "AAA", c.loop, p)
		}
	case "HCR":
		c.hcr++
		if actions, ok := HCRActions[c.loop]; !ok || !slices.Contains(actions, s.String(1)) {
			c.add(pos, "HCR", c.loop, "HCR01 "+s.String(1)+" is not an action of the loop")
		}
	}
}
