package ack_test

import (
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/ack"
)

// renderLists writes the code lists as the package documentation shows
// them.
func renderLists() string {
	var b strings.Builder
	for i, l := range ack.Lists {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(l.Element + " " + l.Name + ":\n")
		for _, c := range l.Codes {
			b.WriteString("  - " + c.Value + ": " + c.Text + "\n")
		}
	}
	return b.String()
}

// TestDocListsTheTable keeps the lists in doc.go equal to the table: the
// package documentation must end with every list, code and text of
// ack.Lists.
func TestDocListsTheTable(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	require.NoError(t, err)
	require.NotNil(t, f.Doc)
	doc := f.Doc.Text()
	want := renderLists()
	if !strings.HasSuffix(doc, want) {
		var b strings.Builder
		for _, line := range strings.Split(strings.TrimSuffix(want, "\n"), "\n") {
			b.WriteString(strings.TrimRight("// "+line, " ") + "\n")
		}
		t.Errorf("doc.go does not end with the code lists of codes.go; its package comment should end with:\n%s", b.String())
	}
}

func TestCodeLists(t *testing.T) {
	for _, l := range ack.Lists {
		seen := map[string]bool{}
		for _, c := range l.Codes {
			assert.NotEmpty(t, c.Value, l.Element)
			assert.NotEmpty(t, c.Text, "%s %s", l.Element, c.Value)
			assert.False(t, seen[c.Value], "%s: duplicate code %q", l.Element, c.Value)
			seen[c.Value] = true
		}
	}
	assert.Len(t, ack.TA105.Codes, 32, "TA105 000-031")
	assert.Equal(t, "invalid element separator", ack.TA105.Text(ack.TA1ElementSeparator))
	assert.Equal(t, "unknown code", ack.TA105.Text("099"))
	// edi cannot import ack; its default IK304 must still be the table's.
	assert.Equal(t, ack.SegmentElementErrors, edi.SegmentError{}.SegmentCode())
}

func TestUnion(t *testing.T) {
	got := ack.Union(ack.IK502, ack.AK905)
	want := []string{
		"1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
		"11", "12", "13", "14", "15", "16", "17", "18", "19",
		"23", "24", "25", "26", "27", "I5", "I6",
	}
	assert.Equal(t, want, got)
}

// TestReadmesCiteKnownCodes checks the codes the READMEs cite against the
// table: the error samples' table (file names, the TA1 and 999 columns, the
// IK3/IK4 notes) and the top-level README's TA1 codes.
func TestReadmesCiteKnownCodes(t *testing.T) {
	samples, err := os.ReadFile("../../samples/README.md")
	require.NoError(t, err)
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	checks := []struct {
		re    *regexp.Regexp
		lists []*ack.CodeList // one per submatch
		text  []byte
	}{
		{regexp.MustCompile("`ta1-(\\d{3})-"), []*ack.CodeList{ack.TA105}, samples},
		{regexp.MustCompile("`999-ik5-([0-9a-z]+)-"), []*ack.CodeList{ack.IK502}, samples},
		{regexp.MustCompile("`999-ak9-([0-9]+)-"), []*ack.CodeList{ack.AK905}, samples},
		{regexp.MustCompile("`([AER])/(\\d{3})`"), []*ack.CodeList{ack.TA104, ack.TA105}, samples},
		{regexp.MustCompile(`IK5 ([AER])/(\w+)`), []*ack.CodeList{ack.IK501, ack.IK502}, samples},
		{regexp.MustCompile(`IK5 ([AER])\b`), []*ack.CodeList{ack.IK501}, samples},
		{regexp.MustCompile(`AK9 ([AEPR])/(\w+)`), []*ack.CodeList{ack.AK901, ack.AK905}, samples},
		{regexp.MustCompile(`AK9 ([AEPR])\b`), []*ack.CodeList{ack.AK901}, samples},
		{regexp.MustCompile(`IK3 [A-Z][A-Z0-9]{1,2} (\w+)`), []*ack.CodeList{ack.IK304}, samples},
		{regexp.MustCompile(`IK3 (I?\d+)\b`), []*ack.CodeList{ack.IK304}, samples},
		{regexp.MustCompile(`IK4 \d+ \d+ (\w+)`), []*ack.CodeList{ack.IK403}, samples},
		{regexp.MustCompile(`IK4 [A-Z]{2,3}\d\d (\w+)`), []*ack.CodeList{ack.IK403}, samples},
		{regexp.MustCompile(`IK304 (\w+)`), []*ack.CodeList{ack.IK304}, samples},
		{regexp.MustCompile("TA1 `(\\d{3})`"), []*ack.CodeList{ack.TA105}, readme},
	}
	cited := 0
	for _, c := range checks {
		for _, m := range c.re.FindAllSubmatch(c.text, -1) {
			for i, l := range c.lists {
				v := strings.ToUpper(string(m[i+1]))
				cited++
				assert.True(t, l.Has(v), "%q cites %s code %q, which the table does not have", m[0], l.Element, v)
			}
		}
	}
	assert.Greater(t, cited, 100, "the patterns no longer find the READMEs' codes")
}
