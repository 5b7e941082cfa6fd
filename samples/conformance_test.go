package samples_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/pipeline"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
	"github.com/gate278/gate278/edi/x217"
)

// TestConformance reads back every output of the corpus and checks it
// against the rules a strict trading partner's translator applies
// (conformance issue 10): each 999 against the 999 rules (element lengths,
// IK303 within AN 1-4, every code in its list, AK9 consistent with the
// IK5s: AK903 the AK2 loops, AK904 the IK5 A or E, AK901 what they add up
// to; one IK3 per segment, in position order), each TA1 against its lists,
// each 278 response against the guide's response rules (x217.CheckResponse:
// the AAA03/AAA04 lists of each loop, HCR01 per loop, counts), and no two
// interchanges of one file's answers with one control number.
func TestConformance(t *testing.T) {
	n999, n278 := 0, 0
	for _, s := range samples(t) {
		t.Run(s.name, func(t *testing.T) {
			r := run(t, s)
			controls := map[string]bool{}
			for _, o := range r.outputs {
				segs := segments(o.data)
				require.NotEmpty(t, segs)
				isa := segs[0]
				require.Equal(t, "ISA", isa[0])
				require.False(t, controls[el(isa, 13)], "ISA13 %s written twice", el(isa, 13))
				controls[el(isa, 13)] = true
				switch o.kind {
				case pipeline.KindTA1:
					checkTA1(t, segs)
				case pipeline.KindAck:
					n999++
					check999(t, segs)
				case pipeline.Kind278:
					n278++
					for _, set := range sets278(o.data) {
						require.Empty(t, x217.CheckResponse(set), "278 response %s", set[0].String(2))
					}
				}
			}
			if strings.HasPrefix(s.name, "requests/") {
				// The guide's request shapes (and its TR3 examples) pass.
				for _, a := range summarize(r).Ack {
					require.NotContains(t, a, "IK5 R", "the guide rejects a request sample")
				}
			}
		})
	}
	require.Greater(t, n999, 100)
	require.Greater(t, n278, 80)
}

func checkTA1(t *testing.T, segs [][]string) {
	t.Helper()
	for _, seg := range segs {
		if seg[0] != "TA1" {
			continue
		}
		require.Len(t, el(seg, 1), 9, "TA101")
		require.True(t, edi.Digits(el(seg, 1)), "TA101")
		require.Len(t, el(seg, 2), 6, "TA102")
		require.Len(t, el(seg, 3), 4, "TA103")
		require.True(t, ack.TA104.Has(el(seg, 4)), "TA104 %q", el(seg, 4))
		require.True(t, ack.TA105.Has(el(seg, 5)), "TA105 %q", el(seg, 5))
		require.Equal(t, el(seg, 4) == "A", el(seg, 5) == "000", "TA104 A exactly with TA105 000")
	}
}

// length checks an element's length bounds.
func length(t *testing.T, seg []string, i, lo, hi int, what string) {
	t.Helper()
	v := el(seg, i)
	require.True(t, len(v) >= lo && len(v) <= hi, "%s %q: length %d-%d (%s)", what, v, lo, hi, strings.Join(seg, "*"))
}

func check999(t *testing.T, segs [][]string) {
	t.Helper()
	var ak2, accepted, rejected, count int
	var codesIK5 []string
	lastPos, lastKey := 0, ""
	for _, seg := range segs {
		count++
		switch seg[0] {
		case "GS":
			require.Equal(t, "FA", el(seg, 1))
			require.Equal(t, ack.Convention999, el(seg, 8))
		case "ST":
			count, ak2, accepted, rejected = 1, 0, 0, 0
			require.Equal(t, "999", el(seg, 1))
			length(t, seg, 2, 4, 9, "ST02")
			require.Equal(t, ack.Convention999, el(seg, 3))
		case "AK1":
			require.Len(t, el(seg, 1), 2, "AK101")
			length(t, seg, 2, 1, 9, "AK102")
			require.True(t, edi.Digits(el(seg, 2)) || el(seg, 2) == "", "AK102 %q", el(seg, 2))
		case "AK2":
			ak2++
			lastPos, lastKey = 0, ""
			length(t, seg, 1, 3, 3, "AK201")
			length(t, seg, 2, 4, 9, "AK202")
		case "IK3":
			length(t, seg, 1, 2, 3, "IK301")
			length(t, seg, 2, 1, 10, "IK302")
			pos, err := strconv.Atoi(el(seg, 2))
			require.NoError(t, err, "IK302")
			length(t, seg, 3, 0, 4, "IK303 (DE 447, AN 1-4)")
			require.True(t, ack.IK304.Has(el(seg, 4)), "IK304 %q", el(seg, 4))
			require.GreaterOrEqual(t, pos, lastPos, "IK3 loops in segment-position order")
			key := el(seg, 1) + "@" + el(seg, 2)
			require.NotEqual(t, lastKey, key, "one segment in two IK3 loops")
			lastPos, lastKey = pos, key
		case "IK4":
			loc := strings.Split(el(seg, 1), ":")
			require.LessOrEqual(t, len(loc), 3, "IK401")
			for _, p := range loc {
				require.True(t, edi.Digits(p), "IK401 %q", el(seg, 1))
			}
			if el(seg, 2) != "" {
				length(t, seg, 2, 1, 4, "IK402")
				require.True(t, edi.Digits(el(seg, 2)), "IK402")
			}
			require.True(t, ack.IK403.Has(el(seg, 3)), "IK403 %q", el(seg, 3))
			length(t, seg, 4, 0, 99, "IK404")
		case "IK5":
			require.True(t, ack.IK501.Has(el(seg, 1)), "IK501 %q", el(seg, 1))
			codesIK5 = seg[2:]
			require.LessOrEqual(t, len(codesIK5), 5, "IK502-IK506")
			for _, c := range codesIK5 {
				require.True(t, ack.IK502.Has(c), "IK502 %q", c)
			}
			switch el(seg, 1) {
			case "A", "E":
				accepted++
			default:
				rejected++
				require.NotEmpty(t, codesIK5, "a rejected set says why (IK502)")
			}
		case "AK9":
			require.True(t, ack.AK901.Has(el(seg, 1)), "AK901 %q", el(seg, 1))
			for i := 2; i <= 4; i++ {
				length(t, seg, i, 1, 6, fmt.Sprintf("AK90%d", i))
			}
			require.Equal(t, strconv.Itoa(ak2), el(seg, 3), "AK903 is the sets received (AK2 loops)")
			require.Equal(t, strconv.Itoa(accepted), el(seg, 4), "AK904 is the number of IK5 A or E")
			groupCodes := seg[min(5, len(seg)):]
			for _, c := range groupCodes {
				require.True(t, ack.AK905.Has(c), "AK905 %q", c)
			}
			want := "A"
			switch {
			case len(groupCodes) > 0 || accepted == 0:
				want = "R"
			case rejected > 0:
				want = "P"
			}
			require.Equal(t, want, el(seg, 1), "AK901 from %d accepted, %d rejected, group codes %v", accepted, rejected, groupCodes)
		case "SE":
			require.Equal(t, strconv.Itoa(count), el(seg, 1), "SE01")
		}
	}
}

// sets278 returns the transaction sets of a 278 response interchange.
func sets278(data []byte) [][]edi.Segment {
	r := edi.NewReader(strings.NewReader(string(data)), edi.Limits{})
	var out [][]edi.Segment
	var cur []edi.Segment
	for {
		s, err := r.Next()
		if err != nil {
			return out
		}
		switch {
		case s.Is("ST"):
			cur = []edi.Segment{s.Clone()}
		case cur != nil:
			cur = append(cur, s.Clone())
			if s.Is("SE") {
				out = append(out, cur)
				cur = nil
			}
		}
	}
}
