package edi_test

// The moov-io/x12 oracle (DESIGN.md §3): every segment of every sample whose
// type moov-io/x12 v0.1.0 models is rendered with moov's hard-coded
// delimiters, parsed by moov's own segment type with no element rules, and
// each field moov yields must equal what our Reader gives for that element
// (or component, for moov's composite types).
//
// moov behaviours the comparison accounts for, each found in its source
// (pkg/util/util.go and pkg/segments/*.go of v0.1.0):
//
//   - Delimiters: ReadField splits elements on a hard-coded "*" and stops at
//     a hard-coded "~" (util.DataElementSeparator, util.SegmentTerminator).
//     Only the component separator can be passed, as Parse's first extra
//     argument, and only composite types (HealthCareCode in HI) use it. The
//     repetition separator is unknown to moov: a repeated element is one
//     string field. So segments are rendered with "*" and "~" and our own
//     component and repetition bytes; a segment whose data holds "*" or "~"
//     cannot be rendered for moov and is left out, with a log line.
//   - Default masks: with no rule, most segment types treat every element as
//     MASK_REQUIRED, and ReadField fails ("doesn't enough input string") when
//     a required element is absent at the end of the segment, although an
//     empty one in the middle is accepted (the required check in
//     ValidateField is commented out). X12 drops trailing empty elements, so
//     NM1*PW*2~ or BHT without BHT06 would fail. The rendering therefore pads
//     with empty elements up to the number of fields moov models; an absent
//     and an empty element mean the same in X12.
//   - Model width: moov models fewer elements than X12 defines for some
//     types (PRV01-03, REF01-02, PER01-08, HI01-08, N4 01-03); elements past
//     that are not compared, and the test logs each time that happens.
//   - Composites: only HI's elements are composites (HealthCareCode, nine
//     components); SV101 is a plain string field in moov's SV1, UM04-like
//     composites do not occur in moov's types. HI02-HI08 are pointers that
//     moov leaves nil when the composite fails to parse (it swallows the
//     error), so a nil pointer is compared with an empty element of ours.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moov-io/x12/pkg/rules"
	"github.com/moov-io/x12/pkg/segments"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
)

// moovTypes are the segment types moov-io/x12 v0.1.0 models that occur in
// 278 traffic: the DESIGN.md §3 list, plus CR1 (ambulance transport, 2000E),
// which moov also models.
var moovTypes = map[string]func(*rules.ElementSetRule) segments.SegmentInterface{
	"ISA": segments.NewISA, "GS": segments.NewGS, "ST": segments.NewST, "BHT": segments.NewBHT,
	"HL": segments.NewHL, "NM1": segments.NewNM1, "N3": segments.NewN3, "N4": segments.NewN4,
	"PER": segments.NewPER, "PRV": segments.NewPRV, "DMG": segments.NewDMG, "DTP": segments.NewDTP,
	"HI": segments.NewHI, "PWK": segments.NewPWK, "REF": segments.NewREF, "SV1": segments.NewSV1,
	"SE": segments.NewSE, "GE": segments.NewGE, "IEA": segments.NewIEA, "CR1": segments.NewCR1,
}

// moovWidth returns how many elements moov's type models: its fields are
// tagged index:"01", "02", ...; GetFieldByIndex returns nil past the last.
func moovWidth(seg segments.SegmentInterface) int {
	n := 0
	for seg.GetFieldByIndex(fmt.Sprintf("%02d", n+1)) != nil {
		n++
	}
	return n
}

// moovText renders seg as moov reads it: "*" between elements, "~" at the
// end, our component and repetition bytes kept, padded with empty elements
// to width. ok is false when a data byte is "*" or "~".
func moovText(seg edi.Segment, width int) (text string, ok bool) {
	d := seg.Delimiters()
	var b strings.Builder
	for _, c := range seg.Raw() {
		switch {
		case c == d.Element:
			c = '*'
		case c == d.Component, d.Repetition != 0 && c == d.Repetition:
			if c == '*' || c == '~' {
				return "", false // cannot happen: '*' or '~' would then be data-free delimiters of ours
			}
		case c == '*' || c == '~':
			return "", false
		}
		b.WriteByte(c)
	}
	for i := seg.Len(); i < width; i++ {
		b.WriteByte('*')
	}
	b.WriteByte('~')
	return b.String(), true
}

// oracleStats counts what the oracle compared and why it left things out.
type oracleStats struct {
	segments, fields int
	unrendered       int            // segments with "*" or "~" in their data
	beyondModel      map[string]int // segment ID -> segments with elements past moov's width
	types            map[string]int // segment ID -> segments compared
}

// compareWithMoov parses seg with moov and compares every field moov yields.
func compareWithMoov(t *testing.T, seg edi.Segment, st *oracleStats) {
	t.Helper()
	newSeg, ok := moovTypes[seg.ID()]
	if !ok {
		return
	}
	m := newSeg(nil)
	width := moovWidth(m)
	text, ok := moovText(seg, width)
	if !ok {
		// moov's delimiters are hard-coded: a "*" or "~" inside our data
		// would split the element or end the segment early in moov.
		st.unrendered++
		t.Logf("not compared: %q holds '*' or '~' as data, which moov cannot read", seg.Text())
		return
	}
	comp := string(seg.Delimiters().Component)
	read, err := m.Parse(text, comp)
	require.NoError(t, err, "moov cannot parse %q (ours: %q)", text, seg.Text())
	if seg.Len() <= width {
		require.Equal(t, len(text), read, "moov stopped early in %q", text)
	} else {
		// moov models fewer elements than the segment has; it stops after its
		// last modelled one and the rest is not compared.
		st.beyondModel[seg.ID()]++
	}
	for i := 1; i <= width; i++ {
		idx := fmt.Sprintf("%02d", i)
		el := seg.Element(i)
		switch v := m.GetFieldByIndex(idx).(type) {
		case string:
			require.Equal(t, el.String(), v, "%s%s of %q", seg.ID(), idx, seg.Text())
		case segments.HealthCareCode:
			compareComposite(t, seg, i, el, &v)
		case *segments.HealthCareCode:
			if v == nil {
				// moov drops a composite it cannot parse without an error
				// (hi.go ignores parseErr for HI02-HI08), so nil must mean
				// that our element is empty.
				require.True(t, el.Empty(), "%s%s of %q: moov has no composite, ours is %q", seg.ID(), idx, seg.Text(), el.String())
				continue
			}
			compareComposite(t, seg, i, el, v)
		default:
			t.Fatalf("%s%s: moov field of unexpected type %T", seg.ID(), idx, v)
		}
		st.fields++
	}
	st.segments++
	st.types[seg.ID()]++
}

// compareComposite compares the nine components of moov's HealthCareCode
// with our element's components.
func compareComposite(t *testing.T, seg edi.Segment, i int, el edi.Element, hc *segments.HealthCareCode) {
	t.Helper()
	for j := 1; j <= 9; j++ {
		got, ok := hc.GetFieldByIndex(fmt.Sprintf("%02d", j)).(string)
		require.True(t, ok, "HealthCareCode component %d is not a string", j)
		require.Equal(t, string(el.Component(j)), got, "%s%02d-%d of %q", seg.ID(), i, j, seg.Text())
	}
	// moov reads nine components; a tenth would be silently dropped by it.
	require.LessOrEqual(t, el.Components(), 9, "%s%02d of %q", seg.ID(), i, seg.Text())
}

func newOracleStats() *oracleStats {
	return &oracleStats{beyondModel: map[string]int{}, types: map[string]int{}}
}

// TestOracleMoov compares our Reader with moov-io/x12 on every sample.
func TestOracleMoov(t *testing.T) {
	total := newOracleStats()
	for _, path := range sampleFiles(t) {
		t.Run(strings.TrimPrefix(path, samplesDir+"/"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			st := newOracleStats()
			for _, seg := range readSegments(t, data) {
				compareWithMoov(t, seg, st)
			}
			require.Positive(t, st.segments, "no segment of a type moov models")
			total.segments += st.segments
			total.fields += st.fields
			total.unrendered += st.unrendered
			for id, n := range st.types {
				total.types[id] += n
			}
			for id, n := range st.beyondModel {
				total.beyondModel[id] += n
			}
		})
	}
	ids := make([]string, 0, len(total.types))
	for id := range total.types {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	t.Logf("compared %d segments, %d fields; types %v; not renderable for moov: %d; segments longer than moov's model: %v",
		total.segments, total.fields, ids, total.unrendered, total.beyondModel)
	// Every modelled type occurs in the corpus, so none goes unchecked.
	for id := range moovTypes {
		require.Positive(t, total.types[id], "the corpus has no %s segment for the oracle", id)
	}
}

// TestOracleMoovGoldenOutputs runs the oracle on what gate278 writes: the
// golden outputs (*.out) under ../samples, whose 278 responses, 999s and
// TA1s carry segments built by our Writer.
func TestOracleMoovGoldenOutputs(t *testing.T) {
	var files []string
	err := filepath.WalkDir(samplesDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".out") {
			files = append(files, path)
		}
		return err
	})
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skip("no golden outputs under " + samplesDir)
	}
	total := newOracleStats()
	for _, path := range files {
		t.Run(strings.TrimPrefix(path, samplesDir+"/"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			for _, seg := range readSegments(t, data) {
				compareWithMoov(t, seg, total)
			}
		})
	}
	t.Logf("compared %d segments, %d fields of %d golden outputs; not renderable for moov: %d; longer than moov's model: %v",
		total.segments, total.fields, len(files), total.unrendered, total.beyondModel)
}

// TestOracleMoovEdgeCases runs the oracle on segments the corpus does not
// hold: empty elements in the middle, components with dates, segments longer
// than moov's model, under several delimiter sets.
func TestOracleMoovEdgeCases(t *testing.T) {
	const isa = "ISA*00*          *00*          *ZZ*SUMMITHI       *ZZ*ACMEHP         *260302*0915*^*00501*000000101*0*T*:~"
	body := []string{
		"HI*ABK:C180:D8:20260101*ABF:Z5111**ABF:Z9221~",
		"HI*ABK:C180*ABF:Z5111*ABF:Z9221*ABF:E119*ABF:I10*ABF:N186*ABF:Z992*ABF:Z7989*ABF:K219~",
		"HI*BK:4019:::::::N~",
		"NM1*PW*2~",
		"NM1*QC*1*DOE*LILY~",
		"N3*1 MAIN ST*APT 2~",
		"N4*SPRINGFIELD*IL*62701*US~",
		"PRV*PE*PXC*332B00000X*XX*1234567893~",
		"REF*BB*ACM2026-000123*PRIOR AUTH~",
		"PER*IC**TE*2175550100*FX*2175550101*EM*INTAKE@EXAMPLE.ORG~",
		"DTP*472*RD8*20260305-20260604~",
		"SV1*HC:E0781:RR:KX::::PUMP*1350*UN*3***1:2~",
		"SV1*N4:00409488801*12*UN*1~",
		"PWK*DB*EL***AC*SHIATT0001~",
		"CR1*LB*172*X*D*DH*14***FOLLOW-UP*BEDBOUND~",
		"HL*1**20*1~",
		"BHT*0007*13*SHI-REQ-0001*20260302*0915*RU~",
		"DMG*D8*19580214~",
	}
	delimSets := []struct {
		name                     string
		elem, rep, comp, segterm byte
	}{
		{"standard", '*', '^', ':', '~'},
		{"pipe", '|', '!', '^', '~'},
		{"gt component", '*', '^', '>', '\n'},
		{"control", 0x1d, 0x1e, 0x1f, 0x1c},
	}
	for _, ds := range delimSets {
		t.Run(ds.name, func(t *testing.T) {
			repl := strings.NewReplacer("*", string(ds.elem), ":", string(ds.comp), "^", string(ds.rep), "~", string(ds.segterm))
			// The ISA's ISA11 is the only '^' in it; ISA16 the only ':'.
			input := repl.Replace(isa + strings.Join(body, ""))
			st := newOracleStats()
			for _, seg := range readSegments(t, []byte(input)) {
				compareWithMoov(t, seg, st)
			}
			require.Equal(t, len(body)+1, st.segments)
			// PRV, REF, PER, N4 and the twelve-code HI reach past moov's model.
			require.Equal(t, 1, st.beyondModel["PRV"])
			require.Equal(t, 1, st.beyondModel["REF"])
			require.Equal(t, 1, st.beyondModel["N4"])
			require.Equal(t, 1, st.beyondModel["HI"])
		})
	}
}

// TestMoovQuirks pins the moov-io/x12 v0.1.0 behaviours the oracle works
// around, so that a change in moov shows up here rather than as a puzzling
// oracle failure.
func TestMoovQuirks(t *testing.T) {
	tests := []struct {
		name    string
		seg     segments.SegmentInterface
		in      string
		comp    string // component separator passed to Parse; ":" when empty
		wantErr string // substring; empty for success
		check   func(t *testing.T, m segments.SegmentInterface, read int)
	}{
		{
			name: "absent trailing BHT06 is required", seg: segments.NewBHT(nil),
			in: "BHT*0007*13*SHI-REQ-0001*20260302*0915~", wantErr: "element (06), doesn't enough input string",
		},
		{
			name: "padded BHT06 parses", seg: segments.NewBHT(nil),
			in: "BHT*0007*13*SHI-REQ-0001*20260302*0915*~",
		},
		{
			name: "NM1 without name is rejected", seg: segments.NewNM1(nil),
			in: "NM1*PW*2~", wantErr: "element (03)",
		},
		{
			name: "N3 with one address line is rejected", seg: segments.NewN3(nil),
			in: "N3*100 MAIN ST~", wantErr: "element (02)",
		},
		{
			name: "malformed HI02 is dropped silently", seg: segments.NewHI(nil),
			in: "HI*ABK:C180*ABF~",
			check: func(t *testing.T, m segments.SegmentInterface, read int) {
				require.Nil(t, m.GetFieldByIndex("02").(*segments.HealthCareCode))
			},
		},
		{
			name: "REF03 is not modelled", seg: segments.NewREF(nil),
			in: "REF*BB*ACM2026-000123*PRIOR AUTH~",
			check: func(t *testing.T, m segments.SegmentInterface, read int) {
				require.Equal(t, len("REF*BB*ACM2026-000123*"), read)
			},
		},
		{
			name: "component separator is an argument", seg: segments.NewHI(nil),
			in: "HI*ABK>C180~", comp: ">",
			check: func(t *testing.T, m segments.SegmentInterface, read int) {
				require.Equal(t, "C180", m.GetFieldByIndex("01").(segments.HealthCareCode).Code)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			comp := tt.comp
			if comp == "" {
				comp = ":"
			}
			read, err := tt.seg.Parse(tt.in, comp)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			if tt.check != nil {
				tt.check(t, tt.seg, read)
			}
		})
	}
}
