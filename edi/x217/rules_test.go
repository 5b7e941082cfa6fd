package x217_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/x217"
)

func responseSet(t *testing.T, text string) []edi.Segment {
	t.Helper()
	var set []edi.Segment
	for _, s := range strings.Split(strings.TrimSpace(text), "~") {
		s = strings.TrimSpace(s)
		if s != "" {
			set = append(set, edi.MakeSegment([]byte(s), edi.DefaultDelimiters))
		}
	}
	return set
}

const okResponse = `ST*278*0001*005010X217~BHT*0007*11*R1*20260302*0916*18~
HL*1**20*1~NM1*X3*2*ACME*****PI*99999~
HL*2*1*21*1~NM1*1P*2*SUMMIT*****XX*1234567893~
HL*3*2*22*1~NM1*IL*1*DOE*JANE****MI*Z1~
HL*4*3*EV*1~TRN*2*T1*9123456789~UM*HS*I*18~HCR*A2*AUTH1~NM1*DK*1*RIVERA*ANA****XX*1093817462~
HL*5*4*SS*0~TRN*2*T2*9123456789~UM*HS*I~HCR*A1*AUTH1~
HL*6*4*SS*0~TRN*2*T3*9123456789~UM*HS*I~HCR*A3**0F~
SE*21*0001~`

// TestCheckResponse: the guide's response rules, with the AAA03 and AAA04
// codes held per loop (x217.AAALists).
func TestCheckResponse(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"sound", "", "", nil},
		{"2010A AAA04 C (only N, P, Y)", "NM1*X3*2*ACME*****PI*99999~", "NM1*X3*2*ACME*****PI*99999~AAA*N**79*C~",
			[]string{"segment 5 (AAA, loop 2010A): AAA04 C is not a follow-up of the loop (N, P, Y)"}},
		{"2010A AAA04 N", "NM1*X3*2*ACME*****PI*99999~", "NM1*X3*2*ACME*****PI*99999~AAA*N**79*N~", nil},
		{"2000E AAA03 MA", "HCR*A2*AUTH1~", "AAA*N**MA*C~",
			[]string{"segment 12 (AAA, loop 2000E): AAA03 MA is not a reject reason of the loop"}},
		{"2000F AAA03 54", "HCR*A1*AUTH1~", "AAA*N**54*C~",
			[]string{"segment 17 (AAA, loop 2000F): AAA03 54 is not a reject reason of the loop"}},
		{"AAA02 used", "HCR*A1*AUTH1~", "AAA*N*XX*AG*C~",
			[]string{"segment 17 (AAA, loop 2000F): AAA02 is not used"}},
		{"AAA01 not Y or N", "HCR*A1*AUTH1~", "AAA*X**AG*C~",
			[]string{"segment 17 (AAA, loop 2000F): AAA01 X is not Y or N"}},
		{"HCR01 A2 at a line", "HCR*A1*AUTH1~", "HCR*A2*AUTH1~",
			[]string{"segment 17 (HCR, loop 2000F): HCR01 A2 is not an action of the loop"}},
		{"line without HCR or AAA", "HCR*A3**0F~", "",
			[]string{"segment 18 (HL, loop 2000F): a returned loop needs one HCR or an AAA (0 HCR, 0 AAA)"}},
		{"2000A AAA03 33", "HL*1**20*1~", "HL*1**20*1~AAA*N**33*C~",
			[]string{"segment 4 (AAA, loop 2000A): AAA03 33 is not a reject reason of the loop", "segment 4 (AAA, loop 2000A): AAA04 C is not a follow-up of the loop (N, P, Y)"}},
		{"AAA where the guide has none", "HL*2*1*21*1~", "HL*2*1*21*1~AAA*N**33*C~",
			[]string{"segment 6 (AAA, loop 2000B): the guide has no AAA in this loop"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := okResponse
			if tt.old != "" {
				require.Contains(t, text, tt.old)
				text = strings.Replace(text, tt.old, tt.new, 1)
			}
			set := responseSet(t, text)
			// keep SE01 right: the count is not what these cases test
			n := len(set)
			set[n-1] = edi.MakeSegment([]byte("SE*"+itoa(n)+"*0001"), edi.DefaultDelimiters)
			require.Equal(t, tt.want, x217.CheckResponse(set))
		})
	}
}

// TestEncoderAAAsFitTheirLoops: every request error the gateway's codes
// table can produce is allowed in the loop the engine writes it.
func TestEncoderAAAsFitTheirLoops(t *testing.T) {
	require.NoError(t, x217.CheckAAA("2010A", x217.AAA{Valid: "N", Reason: "79", FollowUp: "N"}))
	require.Error(t, x217.CheckAAA("2010A", x217.AAA{Valid: "N", Reason: "79", FollowUp: "C"}))
	require.Error(t, x217.CheckAAA("2000E", x217.AAA{Valid: "N", Reason: "MA", FollowUp: "C"}))
	require.Error(t, x217.CheckAAA("2000F", x217.AAA{Valid: "N", Reason: "54", FollowUp: "C"}))
	require.Error(t, x217.CheckAAA("2000G", x217.AAA{Valid: "N", Reason: "15", FollowUp: "C"}))
	for loop, l := range x217.AAALists {
		require.NotEmpty(t, l.Reasons, loop)
		require.NotEmpty(t, l.FollowUps, loop)
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 || s == "" {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
