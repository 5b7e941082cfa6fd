package edi

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

// isa builds a fixed-width ISA with the given delimiters.
func isa(es, rep, comp, term byte) string {
	e := string(es)
	return "ISA" + e + "00" + e + "          " + e + "00" + e + "          " + e + "ZZ" + e + "SUMMITHI       " + e +
		"ZZ" + e + "ACMEHP         " + e + "260302" + e + "0915" + e + string(rep) + e + "00501" + e + "000000101" + e +
		"1" + e + "T" + e + string(comp) + string(term)
}

func readAll(t *testing.T, r *Reader) ([]string, error) {
	t.Helper()
	var out []string
	for {
		seg, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, string(seg.Raw()))
	}
}

func TestReaderDelimiters(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  Delimiters
		segs  []string
	}{
		{
			name:  "standard",
			input: isa('*', '^', ':', '~') + "GS*HI*A*B~ST*278*0001~SE*2*0001~",
			want:  Delimiters{'*', '^', ':', '~'},
			segs:  []string{"GS*HI*A*B", "ST*278*0001", "SE*2*0001"},
		},
		{
			name:  "LF after terminator",
			input: isa('*', '^', ':', '~') + "\nGS*HI*A*B~\nST*278*0001~\n",
			want:  Delimiters{'*', '^', ':', '~'},
			segs:  []string{"GS*HI*A*B", "ST*278*0001"},
		},
		{
			name:  "CRLF after terminator",
			input: isa('*', '^', ':', '~') + "\r\nGS*HI*A*B~\r\nST*278*0001~\r\n",
			want:  Delimiters{'*', '^', ':', '~'},
			segs:  []string{"GS*HI*A*B", "ST*278*0001"},
		},
		{
			name:  "pipe, bang, caret",
			input: isa('|', '!', '^', '~') + "\nHI|ABK^C180!ABF^Z5111~",
			want:  Delimiters{'|', '!', '^', '~'},
			segs:  []string{"HI|ABK^C180!ABF^Z5111"},
		},
		{
			name:  "greater-than component separator",
			input: isa('*', '^', '>', '~') + "SV1*HC>E0781>RR*1350~",
			want:  Delimiters{'*', '^', '>', '~'},
			segs:  []string{"SV1*HC>E0781>RR*1350"},
		},
		{
			name:  "newline terminator",
			input: isa('*', '^', ':', '\n') + "GS*HI*A*B\nST*278*0001\n",
			want:  Delimiters{'*', '^', ':', '\n'},
			segs:  []string{"GS*HI*A*B", "ST*278*0001"},
		},
		{
			name:  "newline terminator with CR",
			input: isa('*', '^', ':', '\n') + "GS*HI*A*B\r\nST*278*0001\r\n",
			want:  Delimiters{'*', '^', ':', '\n'},
			segs:  []string{"GS*HI*A*B", "ST*278*0001"},
		},
		{
			name:  "newline terminator with several CRs",
			input: isa('*', '^', ':', '\n') + "GS*HI*A*B\r\r\nST*278*0001\r\n",
			want:  Delimiters{'*', '^', ':', '\n'},
			segs:  []string{"GS*HI*A*B", "ST*278*0001"},
		},
		{
			name:  "control characters",
			input: isa(0x1d, 0x1f, 0x1c, 0x1e) + "GS\x1dHI\x1dA\x1e",
			want:  Delimiters{0x1d, 0x1f, 0x1c, 0x1e},
			segs:  []string{"GS\x1dHI\x1dA"},
		},
		{
			name:  "4010-style U in ISA11",
			input: isa('*', 'U', ':', '~') + "GS*HI~",
			want:  Delimiters{'*', 0, ':', '~'},
			segs:  []string{"GS*HI"},
		},
		{
			name:  "no newline at all and trailing blank lines",
			input: isa('*', '^', ':', '~') + "IEA*0*000000101~\n\n\n",
			want:  Delimiters{'*', '^', ':', '~'},
			segs:  []string{"IEA*0*000000101"},
		},
	}
	for _, tt := range tests {
		for _, reader := range []struct {
			name string
			wrap func(io.Reader) io.Reader
		}{{"whole", func(r io.Reader) io.Reader { return r }}, {"one byte at a time", iotest.OneByteReader}, {"half", iotest.HalfReader}} {
			t.Run(tt.name+"/"+reader.name, func(t *testing.T) {
				r := NewReader(reader.wrap(strings.NewReader(tt.input)), Limits{})
				segs, err := readAll(t, r)
				require.NoError(t, err)
				require.Equal(t, tt.want, r.Delimiters())
				require.Equal(t, 106, r.ISALength())
				require.Len(t, segs, len(tt.segs)+1)
				require.True(t, strings.HasPrefix(segs[0], "ISA"))
				require.Equal(t, tt.segs, segs[1:])
			})
		}
	}
}

func TestReaderSwitchesDelimitersPerInterchange(t *testing.T) {
	in := isa('*', '^', ':', '~') + "IEA*0*000000101~" + isa('|', '!', '^', '\n') + "IEA|0|000000101\n"
	r := NewReader(strings.NewReader(in), Limits{})
	var ds []Delimiters
	for {
		seg, err := r.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if seg.Is("IEA") {
			ds = append(ds, r.Delimiters())
			require.Equal(t, "000000101", seg.String(2))
		}
	}
	require.Equal(t, []Delimiters{{'*', '^', ':', '~'}, {'|', '!', '^', '\n'}}, ds)
}

func TestReaderErrors(t *testing.T) {
	long := strings.Repeat("X", 200)
	tests := []struct {
		name    string
		input   string
		lim     Limits
		want    error
		fatal   bool
		ordinal int64
		before  int // segments read before the error
	}{
		{name: "empty", input: "", want: nil},
		{name: "no ISA", input: "GS*HI*A~", want: ErrNoISA, fatal: true, ordinal: 1},
		{name: "byte order mark", input: "\xef\xbb\xbf" + isa('*', '^', ':', '~'), want: ErrNoISA, fatal: true, ordinal: 1},
		{name: "truncated ISA", input: isa('*', '^', ':', '~')[:60], want: ErrISA, fatal: true, ordinal: 1},
		{name: "alphanumeric separator", input: strings.ReplaceAll(isa('*', '^', ':', '~'), ":~", "A~"), want: ErrISA, fatal: true, ordinal: 1},
		{name: "same separator twice", input: isa('*', '^', '^', '~'), want: ErrISA, fatal: true, ordinal: 1},
		{name: "terminator inside the ISA", input: strings.Replace(isa('*', '^', ':', '~'), "*          *00", "*PASS~WORD *00", 1) + "GS*HI~", want: ErrISA, fatal: true, ordinal: 1},
		{name: "ISA ends right after ISA16", input: strings.TrimSuffix(isa('*', '^', ':', '~'), "~"), want: ErrISA, fatal: true, ordinal: 1},
		{name: "unterminated", input: isa('*', '^', ':', '~') + "GS*HI", want: ErrUnterminated, fatal: true, ordinal: 2, before: 1},
		{name: "segment too long", input: isa('*', '^', ':', '~') + "MSG*" + long + "~GS*HI~", lim: Limits{MaxSegment: 150}, want: ErrSegmentTooLong, ordinal: 2, before: 1},
		{name: "too many elements", input: isa('*', '^', ':', '~') + "HI" + strings.Repeat("*A", 40) + "~GS*HI~", lim: Limits{MaxElements: 20}, want: ErrTooManyElements, ordinal: 2, before: 1},
		{name: "file too large", input: isa('*', '^', ':', '~') + strings.Repeat("GS*HI~", 100), lim: Limits{MaxBytes: 200}, want: ErrTooLarge, fatal: true, before: 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(iotest.HalfReader(strings.NewReader(tt.input)), tt.lim)
			n := 0
			for {
				_, err := r.Next()
				if err == io.EOF {
					require.Nil(t, tt.want, "reached EOF without an error")
					return
				}
				if err != nil {
					require.ErrorIs(t, err, tt.want)
					var se *SyntaxError
					require.True(t, errors.As(err, &se))
					require.Equal(t, tt.fatal, se.Fatal())
					if tt.ordinal != 0 {
						require.Equal(t, tt.ordinal, se.Ordinal)
					}
					if tt.want != ErrTooLarge {
						require.Equal(t, tt.before, n)
					}
					if se.Fatal() {
						_, again := r.Next()
						require.ErrorIs(t, again, tt.want, "a fatal error repeats")
					} else {
						seg, err := r.Next()
						require.NoError(t, err, "reading resumes after a skipped segment")
						require.Equal(t, "GS", seg.ID())
					}
					return
				}
				n++
			}
		})
	}
}

func TestSegmentAccess(t *testing.T) {
	d := Delimiters{'*', '^', ':', '~'}
	s := MakeSegment([]byte("HI*ABK:C180*ABF:Z5111^ABF:E119**"), d)
	require.Equal(t, "HI", s.ID())
	require.True(t, s.Is("HI"))
	require.Equal(t, 4, s.Len())
	require.Equal(t, "ABK", string(s.Element(1).Component(1)))
	require.Equal(t, "C180", string(s.Element(1).Component(2)))
	require.Nil(t, s.Element(1).Component(3))
	require.Equal(t, 2, s.Element(2).Repetitions())
	require.Equal(t, "E119", string(s.Element(2).Repetition(2).Component(2)))
	require.Equal(t, "Z5111", string(s.Element(2).Component(2)))
	require.True(t, s.Element(3).Empty())
	require.Equal(t, 0, s.Element(3).Repetitions())
	require.Nil(t, s.Value(9))
	require.False(t, s.Has(9))
	c := s.Clone()
	require.Equal(t, s.Raw(), c.Raw())
	require.Equal(t, "HI*ABK:C180*ABF:Z5111^ABF:E119**~", s.Text())
}

func TestWriter(t *testing.T) {
	var sb strings.Builder
	w := NewWriter(&sb, Delimiters{'|', '!', '^', '~'}, true)
	w.Seg("HCR").E("A3").E("").E("0F").R("0M").End()
	w.Seg("NM1").E("IL").E("1").E("DOE").E("").E("").E("").E("").End()
	w.Seg("SV1").E("HC").C("E0781").C("").C("").E("1350").End()
	w.Seg("MSG").E("A|B^C~D!E").End()
	w.Raw(MakeSegment([]byte("HI*ABK:C180*ABF:Z5111^ABF:E119"), DefaultDelimiters))
	require.NoError(t, w.Flush())
	require.Equal(t, "HCR|A3||0F!0M~\nNM1|IL|1|DOE~\nSV1|HC^E0781|1350~\nMSG|A B C D E~\nHI|ABK^C180|ABF^Z5111!ABF^E119~\n", sb.String())
	require.Equal(t, 5, w.Count())
}
