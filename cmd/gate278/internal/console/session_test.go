package console

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

// TestSessionLifetimes: a session ends when idle for the idle timeout, and
// at the absolute lifetime however busy; IDs and tokens are 32 random
// bytes and differ.
func TestSessionLifetimes(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := &sessions{byID: map[string]*session{}, idle: 15 * time.Minute, life: 80 * time.Minute, now: func() time.Time { return now }}
	a := s.start(review.Identity{Name: "rn-lee", Role: review.Reviewer})
	b := s.start(review.Identity{Name: "rn-lee", Role: review.Reviewer})
	require.Len(t, a.id, 43)
	require.NotEqual(t, a.id, b.id)
	require.NotEqual(t, a.csrf, b.csrf)
	require.False(t, a.checkCSRF(b.csrf))
	require.True(t, a.checkCSRF(a.csrf))
	for range 5 { // busy: seen every 14 minutes
		now = now.Add(14 * time.Minute)
		_, ok := s.get(a.id)
		require.True(t, ok)
	}
	_, ok := s.get(b.id)
	require.False(t, ok, "idle for 70 minutes")
	now = now.Add(14 * time.Minute)
	_, ok = s.get(a.id)
	require.False(t, ok, "past its lifetime")
	require.Empty(t, s.byID)
}

// TestSafeNext: a sign-in goes on only to a console page.
func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/console/cases/X?env=test": "/console/cases/X?env=test",
		"https://evil.example/":     "/console/queue",
		"//evil.example/console/":   "/console/queue",
		"/console/\\evil":           "/console/queue",
		"":                          "/console/queue",
	} {
		require.Equal(t, want, safeNext(in), in)
	}
}
