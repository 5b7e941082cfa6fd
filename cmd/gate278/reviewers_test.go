package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

// TestReviewersAdd: the file is created 0600 with bcrypt hashes only, a
// second reviewer is added, an existing one's password and role replaced;
// the password is never printed; a short password, an unknown role and a
// missing name are refused and change nothing.
func TestReviewersAdd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "reviewers.json") // data/ does not exist yet
	add := func(stdin, name, role string) (int, string, string) {
		var out, errs bytes.Buffer
		code := run([]string{"reviewers", "add", "-file", path, "-name", name, "-role", role}, strings.NewReader(stdin), &out, &errs)
		return code, out.String(), errs.String()
	}
	code, out, errs := add("lee's long password\n", "rn-lee", "reviewer")
	require.Equal(t, 0, code, errs)
	require.NotContains(t, out+errs, "long password")
	code, _, errs = add("okafor's long password\n", "md-okafor", "supervisor")
	require.Equal(t, 0, code, errs)
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotContains(t, string(b), "long password", "only hashes are stored")

	rs, err := review.LoadReviewers(path)
	require.NoError(t, err)
	who, ok := rs.Authenticate("rn-lee", "lee's long password")
	require.True(t, ok)
	require.Equal(t, review.Reviewer, who.Role)
	who, ok = rs.Authenticate("md-okafor", "okafor's long password")
	require.True(t, ok)
	require.Equal(t, review.Supervisor, who.Role)

	// Replacing rn-lee: new password and role; the old password no longer works.
	code, _, errs = add("lee's new long password\n", "rn-lee", "auditor")
	require.Equal(t, 0, code, errs)
	rs, err = review.LoadReviewers(path)
	require.NoError(t, err)
	_, ok = rs.Authenticate("rn-lee", "lee's long password")
	require.False(t, ok)
	who, ok = rs.Authenticate("rn-lee", "lee's new long password")
	require.True(t, ok)
	require.Equal(t, review.Auditor, who.Role)

	before, err := os.ReadFile(path)
	require.NoError(t, err)
	code, _, errs = add("short\n", "rn-diaz", "reviewer")
	require.Equal(t, 1, code)
	require.Contains(t, errs, "at least 12 characters")
	code, _, errs = add("a long enough password\n", "rn-diaz", "boss")
	require.Equal(t, 1, code)
	require.Contains(t, errs, `role "boss"`)
	code, _, _ = add("a long enough password\n", "", "reviewer")
	require.Equal(t, 2, code)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, before, after, "a refused change leaves the file as it was")
}

// TestReviewersAddAdverse: -adverse marks a reviewer who may make adverse
// determinations, said in the output; without it a reviewer is not
// marked; an auditor with -adverse is refused and nothing is written.
func TestReviewersAddAdverse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reviewers.json")
	var out, errs bytes.Buffer
	code := run([]string{"reviewers", "add", "-file", path, "-name", "md-ross", "-role", "reviewer", "-adverse"}, strings.NewReader("ross's long password\n"), &out, &errs)
	require.Equal(t, 0, code, errs.String())
	require.Contains(t, out.String(), "reviewer md-ross (reviewer, may make adverse determinations)")
	code = run([]string{"reviewers", "add", "-file", path, "-name", "rn-lee"}, strings.NewReader("lee's long password\n"), &out, &errs)
	require.Equal(t, 0, code, errs.String())
	rs, err := review.LoadReviewers(path)
	require.NoError(t, err)
	ross, ok := rs.Authenticate("md-ross", "ross's long password")
	require.True(t, ok)
	require.True(t, ross.Adverse)
	lee, ok := rs.Authenticate("rn-lee", "lee's long password")
	require.True(t, ok)
	require.False(t, lee.Adverse)

	before, err := os.ReadFile(path)
	require.NoError(t, err)
	code = run([]string{"reviewers", "add", "-file", path, "-name", "audit-kim", "-role", "auditor", "-adverse"}, strings.NewReader("kim's long password\n"), &out, &errs)
	require.Equal(t, 1, code)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, before, after)
}
