package edi_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
)

// samplesDir is the corpus shared by the sample, oracle and fuzz tests.
const samplesDir = "../samples"

// sampleFiles returns every *.x12 file under ../samples, sorted. It fails the
// test when there is none, so that a moved corpus cannot pass silently.
func sampleFiles(tb testing.TB) []string {
	tb.Helper()
	var files []string
	err := filepath.WalkDir(samplesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".x12") {
			files = append(files, path)
		}
		return nil
	})
	require.NoError(tb, err)
	require.NotEmpty(tb, files, "no *.x12 files under %s", samplesDir)
	slices.Sort(files)
	return files
}

// readSegments reads every segment of data, cloned, and fails on any reader
// error: the corpus is well-formed by construction.
func readSegments(tb testing.TB, data []byte) []edi.Segment {
	tb.Helper()
	r := edi.NewReader(bytes.NewReader(data), edi.Limits{})
	var out []edi.Segment
	for {
		seg, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		require.NoError(tb, err, "segment %d", len(out)+1)
		out = append(out, seg.Clone())
	}
}

// envelope checks the control structure and counts of an input, one segment
// at a time, independently of any envelope code in the package under test.
type envelope struct {
	inISA, inGS, inST bool
	isa13, gs06, st02 string
	groups, sets      int
	segs              int      // segments of the current transaction set, ST included
	hl                []string // HL01 values of the current transaction set
	interchanges      int
	transactionSets   int
}

func (e *envelope) add(seg edi.Segment) error {
	if e.inST {
		e.segs++
	}
	switch seg.ID() {
	case "ISA":
		if e.inISA {
			return errors.New("ISA inside an open interchange")
		}
		if n := len(seg.Raw()) + 1; n != 106 {
			return fmt.Errorf("ISA is %d bytes with its terminator, want 106", n)
		}
		if seg.Len() != 16 {
			return fmt.Errorf("ISA has %d elements, want 16", seg.Len())
		}
		if !isDigits(seg.Value(13), 9) {
			return fmt.Errorf("ISA13 %q is not 9 digits", seg.Value(13))
		}
		e.inISA, e.isa13, e.groups = true, seg.String(13), 0
		e.interchanges++
	case "GS":
		if !e.inISA || e.inGS {
			return errors.New("GS outside an interchange or inside an open group")
		}
		e.inGS, e.gs06, e.sets = true, seg.String(6), 0
		e.groups++
	case "ST":
		if !e.inGS || e.inST {
			return errors.New("ST outside a group or inside an open transaction set")
		}
		e.inST, e.st02, e.segs, e.hl = true, seg.String(2), 1, e.hl[:0]
		e.sets++
		e.transactionSets++
	case "HL":
		if !e.inST {
			return errors.New("HL outside a transaction set")
		}
		if want := strconv.Itoa(len(e.hl) + 1); seg.String(1) != want {
			return fmt.Errorf("HL01 is %q, want %s", seg.Value(1), want)
		}
		if p := seg.String(2); p != "" && !slices.Contains(e.hl, p) {
			return fmt.Errorf("HL*%s: parent HL02 %q is not an earlier HL01", seg.Value(1), p)
		}
		e.hl = append(e.hl, seg.String(1))
	case "SE":
		if !e.inST {
			return errors.New("SE without ST")
		}
		if got := seg.String(1); got != strconv.Itoa(e.segs) {
			return fmt.Errorf("SE01 is %s, but ST..SE holds %d segments", got, e.segs)
		}
		if got := seg.String(2); got != e.st02 {
			return fmt.Errorf("SE02 %q differs from ST02 %q", got, e.st02)
		}
		e.inST = false
	case "GE":
		if !e.inGS || e.inST {
			return errors.New("GE without GS, or inside a transaction set")
		}
		if got := seg.String(1); got != strconv.Itoa(e.sets) {
			return fmt.Errorf("GE01 is %s, but the group holds %d transaction sets", got, e.sets)
		}
		if got := seg.String(2); got != e.gs06 {
			return fmt.Errorf("GE02 %q differs from GS06 %q", got, e.gs06)
		}
		e.inGS = false
	case "IEA":
		if !e.inISA || e.inGS {
			return errors.New("IEA without ISA, or inside a group")
		}
		if got := seg.String(1); got != strconv.Itoa(e.groups) {
			return fmt.Errorf("IEA01 is %s, but the interchange holds %d groups", got, e.groups)
		}
		if got := seg.String(2); got != e.isa13 {
			return fmt.Errorf("IEA02 %q differs from ISA13 %q", got, e.isa13)
		}
		e.inISA = false
	case "TA1":
		// The interchange acknowledgment sits between ISA and IEA, outside
		// any group.
		if !e.inISA || e.inGS {
			return errors.New("TA1 outside an interchange or inside a group")
		}
	case "NM1":
		if seg.String(8) == "XX" && !validNPI(seg.String(9)) {
			return fmt.Errorf("NM1*%s: NPI %q fails the Luhn check", seg.Value(1), seg.Value(9))
		}
		fallthrough
	default:
		if !e.inST {
			return fmt.Errorf("%s outside a transaction set", seg.ID())
		}
	}
	return nil
}

func (e *envelope) close() error {
	if e.inISA || e.inGS || e.inST {
		return errors.New("input ends inside an envelope")
	}
	if e.interchanges == 0 {
		return errors.New("no interchange")
	}
	return nil
}

func isDigits(b []byte, n int) bool {
	if len(b) != n {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// validNPI applies the NPI check digit rule: the Luhn algorithm over the
// card-issuer prefix 80840 followed by the ten digits.
func validNPI(npi string) bool {
	if !isDigits([]byte(npi), 10) {
		return false
	}
	sum := 0
	for i, c := range "80840" + npi {
		d := int(c - '0')
		if (15-i)%2 == 0 { // every second digit from the right, check digit excluded
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// TestSampleEnvelopes checks the envelope arithmetic of every sample file,
// so that a hand-edited sample with a stale count cannot enter the corpus.
func TestSampleEnvelopes(t *testing.T) {
	for _, path := range sampleFiles(t) {
		t.Run(strings.TrimPrefix(path, samplesDir+"/"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			var env envelope
			for i, seg := range readSegments(t, data) {
				require.NoError(t, env.add(seg), "segment %d %q", i+1, seg.Text())
			}
			require.NoError(t, env.close())
		})
	}
}

// knownBadOutputs are golden outputs whose envelopes were wrong when this
// test was written, reported to the lead: after a group-level 999 rejection
// the output holds a dangling GE and IEA with no ISA, GS or ST before them
// (the 999 interchange was taken back but its closers were not), and for
// the duplicate group the 999's GE01 counts two sets where the group holds
// one. Remove an entry once its golden is regenerated by the fixed pipeline.
var knownBadOutputs = map[string]bool{
	"errors/999-ak9-1-not-hi-group.edi.out":     true,
	"errors/999-ak9-19-duplicate-group.edi.out": true,
	"errors/999-ak9-3-ge-missing.edi.out":       true,
	"errors/999-ak9-4-ge02-mismatch.edi.out":    true,
	"errors/999-ak9-5-set-count.edi.out":        true,
	"errors/999-ak9-6-gs06-syntax.edi.out":      true,
}

// TestGoldenOutputEnvelopes applies the same envelope arithmetic to every
// golden output under ../samples (*.out: the TA1, 999 and 278 interchanges
// gate278 writes for a sample), so that a writer or pipeline bug cannot be
// frozen into a golden file.
func TestGoldenOutputEnvelopes(t *testing.T) {
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
	for _, path := range files {
		name := strings.TrimPrefix(path, samplesDir+"/")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			if len(bytes.TrimSpace(data)) == 0 {
				return // no output for this sample
			}
			checkErr := func() error {
				r := edi.NewReader(bytes.NewReader(data), edi.Limits{})
				var env envelope
				for i := 1; ; i++ {
					seg, err := r.Next()
					if errors.Is(err, io.EOF) {
						return env.close()
					}
					if err != nil {
						return err
					}
					if err := env.add(seg); err != nil {
						return fmt.Errorf("segment %d %q: %w", i, seg.Text(), err)
					}
				}
			}()
			if knownBadOutputs[name] {
				if checkErr == nil {
					t.Logf("known bad output now passes: remove it from knownBadOutputs")
					return
				}
				t.Skipf("known bad output, reported: %v", checkErr)
			}
			require.NoError(t, checkErr)
		})
	}
}

// TestSampleShapes pins what each request sample is for, so that a sample
// cannot lose the property its name promises (its delimiters, its
// interchange layout, its UM01 request category, its BHT06).
func TestSampleShapes(t *testing.T) {
	std := edi.DefaultDelimiters
	tests := []struct {
		file         string
		delims       []edi.Delimiters // per interchange
		sets         int
		um01         string   // UM01 of each set's 2000E (its first UM), joined with commas
		bht06        string   // BHT06 of each set, joined with commas
		hasSegments  []string // segment IDs that must occur
		newlineAfter bool     // a LF follows every terminator
	}{
		{file: "doc-7.1-subscriber-pump-drug.x12", delims: []edi.Delimiters{std}, sets: 1, um01: "HS", hasSegments: []string{"PWK", "MSG", "HSD"}, newlineAfter: true},
		{file: "doc-7.2-dependent-urgent-k0455.x12", delims: []edi.Delimiters{std}, sets: 1, um01: "HS", hasSegments: []string{"INS"}, newlineAfter: true},
		{file: "doc-7.3-multi-line-supplies-fax.x12", delims: []edi.Delimiters{std}, sets: 1, um01: "HS", hasSegments: []string{"PWK"}, newlineAfter: true},
		{file: "doc-7.4-extension-delim-pipe-bang-caret.x12", delims: []edi.Delimiters{{Element: '|', Repetition: '!', Component: '^', Segment: '~'}}, sets: 1, um01: "HS", hasSegments: []string{"REF"}, newlineAfter: true},
		{file: "guide-referral.x12", delims: []edi.Delimiters{std}, sets: 1, um01: "SC", hasSegments: []string{"HSD", "PRV"}, newlineAfter: true},
		{file: "guide-admission-review.x12", delims: []edi.Delimiters{std}, sets: 1, um01: "AR", hasSegments: []string{"CL1"}, newlineAfter: true},
		{file: "guide-transport.x12", delims: []edi.Delimiters{std}, sets: 1, um01: "HS", hasSegments: []string{"CR1"}, newlineAfter: true},
		{file: "guide-services-reservation.x12", delims: []edi.Delimiters{std}, sets: 1, um01: "IN", bht06: "RU", newlineAfter: true},
		{file: "delim-gt-component.x12", delims: []edi.Delimiters{{Element: '*', Repetition: '^', Component: '>', Segment: '~'}}, sets: 1, um01: "HS", newlineAfter: true},
		{file: "delim-one-line.x12", delims: []edi.Delimiters{std}, sets: 1, um01: "HS"},
		{file: "delim-crlf.x12", delims: []edi.Delimiters{std}, sets: 1, um01: "HS"},
		{file: "delim-newline-terminator.x12", delims: []edi.Delimiters{{Element: '*', Repetition: '^', Component: ':', Segment: '\n'}}, sets: 1, um01: "HS"},
		{file: "delim-control-chars.x12", delims: []edi.Delimiters{{Element: 0x1d, Repetition: 0x1e, Component: 0x1f, Segment: 0x1c}}, sets: 1, um01: "AR"},
		{file: "multi-interchange-mixed-delims.x12", delims: []edi.Delimiters{std, {Element: '|', Repetition: '!', Component: '>', Segment: '\''}}, sets: 4, um01: "HS,HS,HS,IN", bht06: ",,,RU"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(samplesDir, "requests", tt.file))
			require.NoError(t, err)
			var delims []edi.Delimiters
			ids := map[string]bool{}
			sets := 0
			var um01, bht06 []string
			inSet := false
			for _, seg := range readSegments(t, data) {
				ids[seg.ID()] = true
				switch seg.ID() {
				case "ISA":
					delims = append(delims, seg.Delimiters())
				case "ST":
					sets++
					inSet = true
				case "BHT":
					bht06 = append(bht06, seg.String(6))
				case "UM":
					if inSet {
						um01 = append(um01, seg.String(1))
						inSet = false
					}
				}
			}
			require.Equal(t, tt.delims, delims)
			require.Equal(t, tt.sets, sets)
			require.Equal(t, tt.um01, strings.Join(um01, ","), "UM01 per transaction set")
			require.Equal(t, tt.bht06, strings.Join(bht06, ","), "BHT06 per transaction set")
			for _, id := range tt.hasSegments {
				require.True(t, ids[id], "no %s segment", id)
			}
			last := delims[len(delims)-1].Segment
			if tt.newlineAfter {
				require.Equal(t, bytes.Count(data, []byte{last}), bytes.Count(data, []byte{last, '\n'}))
			}
		})
	}
}

func TestValidNPI(t *testing.T) {
	tests := []struct {
		npi  string
		want bool
	}{
		{"1234567893", true},
		{"1234567890", false},
		{"1428571396", true},
		{"1428571397", false},
		{"123456789", false},
		{"12345678a3", false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, validNPI(tt.npi), tt.npi)
	}
}

// TestEnvelopeCheck shows that the corpus guard rejects each kind of broken
// arithmetic: it starts from a good interchange and breaks one thing.
func TestEnvelopeCheck(t *testing.T) {
	const isa = "ISA*00*          *00*          *ZZ*SUMMITHI       *ZZ*ACMEHP         *260302*0915*^*00501*000000101*0*T*:~"
	good := []string{
		isa,
		"GS*HI*SUMMITHI*ACMEHP*20260302*0915*101*X*005010X217~",
		"ST*278*0001*005010X217~",
		"HL*1**20*1~",
		"HL*2*1*21*1~",
		"NM1*1P*2*SUMMIT HOME INFUSION*****XX*1234567893~",
		"SE*5*0001~",
		"GE*1*101~",
		"IEA*1*000000101~",
	}
	tests := []struct {
		name    string
		i       int    // index of the segment to replace
		seg     string // replacement
		wantErr string // substring of the error; empty for success
	}{
		{name: "good", i: -1},
		{name: "ISA one byte short", i: 0, seg: strings.Replace(isa, "SUMMITHI       ", "SUMMITHI      ", 1), wantErr: "want 106"},
		{name: "ISA13 not numeric", i: 0, seg: strings.Replace(isa, "000000101", "00000010A", 1), wantErr: "not 9 digits"},
		{name: "SE01 off by one", i: 6, seg: "SE*6*0001~", wantErr: "SE01"},
		{name: "SE02 differs", i: 6, seg: "SE*5*0002~", wantErr: "SE02"},
		{name: "GE01 wrong", i: 7, seg: "GE*2*101~", wantErr: "GE01"},
		{name: "GE02 differs", i: 7, seg: "GE*1*102~", wantErr: "GE02"},
		{name: "IEA01 wrong", i: 8, seg: "IEA*2*000000101~", wantErr: "IEA01"},
		{name: "IEA02 differs", i: 8, seg: "IEA*1*000000102~", wantErr: "IEA02"},
		{name: "HL01 skips", i: 4, seg: "HL*3*1*21*1~", wantErr: "HL01"},
		{name: "HL02 unknown parent", i: 4, seg: "HL*2*7*21*1~", wantErr: "parent"},
		{name: "NPI fails Luhn", i: 5, seg: "NM1*1P*2*SUMMIT HOME INFUSION*****XX*1234567890~", wantErr: "Luhn"},
		{name: "missing IEA", i: 8, seg: "", wantErr: "ends inside"},
		{name: "TA1 inside a group", i: 3, seg: "TA1*000000101*260302*0915*A*000~", wantErr: "TA1 outside an interchange or inside a group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := slices.Clone(good)
			if tt.i >= 0 {
				segs[tt.i] = tt.seg
			}
			r := edi.NewReader(strings.NewReader(strings.Join(segs, "\n")), edi.Limits{})
			var env envelope
			var err error
			for err == nil {
				var seg edi.Segment
				seg, err = r.Next()
				if errors.Is(err, io.EOF) {
					err = env.close()
					break
				}
				require.NoError(t, err)
				err = env.add(seg)
			}
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}
