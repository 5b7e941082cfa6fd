package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"sync"
	"time"

	"github.com/gate278/gate278/cmd/gate278/internal/review"
)

// session is one signed-in reviewer: a random ID (the cookie), a CSRF
// token of its own, and the times that end it.
type session struct {
	id, csrf string
	who      review.Identity
	created  time.Time
	seen     time.Time
}

// sessions is the in-memory session store: a restart signs everyone out.
type sessions struct {
	mu         sync.Mutex
	byID       map[string]*session
	idle, life time.Duration
	now        func() time.Time
}

// token is 32 random bytes, URL-safe base64.
func token() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// start makes a new session for who.
func (s *sessions) start(who review.Identity) *session {
	now := s.now()
	ss := &session{id: token(), csrf: token(), who: who, created: now, seen: now}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	s.byID[ss.id] = ss
	return ss
}

// get returns the live session of an ID and marks it seen; an idle or
// expired one is ended.
func (s *sessions) get(id string) (*session, bool) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	if s.expired(ss, now) {
		delete(s.byID, id)
		return nil, false
	}
	ss.seen = now
	return ss, true
}

func (s *sessions) expired(ss *session, now time.Time) bool {
	return now.Sub(ss.seen) >= s.idle || now.Sub(ss.created) >= s.life
}

// sweep drops ended sessions; the caller holds mu.
func (s *sessions) sweep(now time.Time) {
	for id, ss := range s.byID {
		if s.expired(ss, now) {
			delete(s.byID, id)
		}
	}
}

// end signs a session out.
func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
}

// checkCSRF reports, in constant time, whether a form's token is the
// session's own.
func (ss *session) checkCSRF(got string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(ss.csrf)) == 1
}
