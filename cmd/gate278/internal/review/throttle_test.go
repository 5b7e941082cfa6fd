package review

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

// TestThrottle: five tries of one name from one address use its budget
// (each counted when allowed, so parallel tries cannot outrun it); the
// sixth is refused, not the name from another address nor another name;
// twenty across names refuse the address; the refusals lift when the
// window of the first failure has passed, and say when; a success takes
// its try back.
func TestThrottle(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(5, 20, 5*time.Minute, 1000)
	for range 5 {
		_, ok := th.Reserve("10.0.0.1", "rn-lee", now)
		require.True(t, ok)
	}
	after, ok := th.Reserve("10.0.0.1", "rn-lee", now.Add(time.Minute))
	require.False(t, ok, "the sixth guess")
	require.Equal(t, 4*time.Minute, after)
	require.Equal(t, "240", (&ThrottledError{RetryAfter: after}).Seconds())
	_, ok = th.Reserve("10.0.0.2", "rn-lee", now)
	require.True(t, ok, "the same name from another address")
	_, ok = th.Reserve("10.0.0.1", "rn-diaz", now)
	require.True(t, ok, "another name from the address")
	for i := range 14 {
		_, ok = th.Reserve("10.0.0.1", fmt.Sprint("name-", i), now)
		require.True(t, ok)
	}
	_, ok = th.Reserve("10.0.0.1", "rn-okafor", now)
	require.False(t, ok, "twenty failures across names")
	_, ok = th.Reserve("10.0.0.1", "rn-lee", now.Add(5*time.Minute))
	require.True(t, ok, "the window has passed")
	_, ok = th.Reserve("10.0.0.3", "rn-lee", now)
	require.True(t, ok)
	th.Succeed("10.0.0.3", "rn-lee")
	require.Zero(t, th.failures("10.0.0.3", "rn-lee"), "a success forgets its pair")
	require.Zero(t, th.addrs["10.0.0.3"].n, "and takes its try back from the address")
}

// TestThrottleFlood: a flood of 20,000 names from 20,000 addresses, past
// the table's capacity, resets no live count: newcomers are refused while
// the table is full of live entries, and expired entries are pruned
// oldest first, keeping memory bounded.
func TestThrottleFlood(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(5, 20, 5*time.Minute, 10_000)
	for range 4 {
		_, ok := th.Reserve("10.0.0.1", "rn-lee", now)
		require.True(t, ok)
	}
	refused := 0
	for i := range 20_000 {
		addr := fmt.Sprintf("10.%d.%d.%d", 1+i/65536, i/256%256, i%256)
		if _, ok := th.Reserve(addr, fmt.Sprint("flood-", i), now); !ok {
			refused++
		}
	}
	require.Equal(t, 4, th.failures("10.0.0.1", "rn-lee"), "the target's count survives the flood")
	require.Equal(t, 10_001, refused, "newcomers refused once the table is full")
	_, ok := th.Reserve("10.0.0.1", "rn-lee", now)
	require.True(t, ok, "the fifth try")
	_, ok = th.Reserve("10.0.0.1", "rn-lee", now)
	require.False(t, ok, "the sixth is refused")
	require.LessOrEqual(t, len(th.pairs), 10_000)
	require.LessOrEqual(t, len(th.addrs), 10_000)

	later := now.Add(5 * time.Minute)
	_, ok = th.Reserve("10.200.0.1", "rn-diaz", later)
	require.True(t, ok, "the expired entries are pruned")
	require.Len(t, th.pairs, 1)
	require.Len(t, th.addrs, 1)
	require.Equal(t, 2, len(th.order)-th.head)
}

// TestParseReviewersRefusesLowCost: a hash of bcrypt cost below 10 is
// refused with a clear error, unless GATE278_TEST_BCRYPT=1 (the tests'
// setting, for speed); cost 10 (HashPassword's) is accepted.
func TestParseReviewersRefusesLowCost(t *testing.T) {
	weak, err := bcrypt.GenerateFromPassword([]byte("lee-secret"), bcrypt.MinCost)
	require.NoError(t, err)
	conf := []byte(`{"reviewers":[{"name":"rn-lee","role":"reviewer","password_hash":"` + string(weak) + `"}]}`)
	t.Setenv("GATE278_TEST_BCRYPT", "")
	_, err = ParseReviewers(conf)
	require.ErrorIs(t, err, ErrConfig)
	require.EqualError(t, err, "review: reviewer rn-lee: the password's bcrypt cost is 4, below 10 (too quick to guess; set it again with gate278 reviewers add): invalid reviewers configuration")
	good, err := HashPassword("lee-secret")
	require.NoError(t, err)
	_, err = ParseReviewers([]byte(`{"reviewers":[{"name":"rn-lee","role":"reviewer","password_hash":"` + good + `"}]}`))
	require.NoError(t, err)
	t.Setenv("GATE278_TEST_BCRYPT", "1")
	_, err = ParseReviewers(conf)
	require.NoError(t, err, "the tests' setting")
}

// TestAddReviewerMendsLowCost: gate278 reviewers add replaces a weak hash
// that ParseReviewers refuses, and the file then loads.
func TestAddReviewerMendsLowCost(t *testing.T) {
	weak, err := bcrypt.GenerateFromPassword([]byte("lee-secret"), bcrypt.MinCost)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "reviewers.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"reviewers":[{"name":"rn-lee","role":"reviewer","password_hash":"`+string(weak)+`"}]}`), 0o600))
	t.Setenv("GATE278_TEST_BCRYPT", "")
	_, err = LoadReviewers(path)
	require.ErrorIs(t, err, ErrConfig)
	require.NoError(t, AddReviewer(path, "rn-lee", Reviewer, false, "a-long-enough-password"))
	rs, err := LoadReviewers(path)
	require.NoError(t, err)
	_, err = rs.SignIn("127.0.0.1", "rn-lee", "a-long-enough-password", time.Now())
	require.NoError(t, err)
}
