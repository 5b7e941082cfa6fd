package review

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// The sign-in budget of [Reviewers.SignIn], shared by the API and the
// console: a client address may fail PerName times for one name, and
// PerAddress times across all names, within Window; past that it is
// refused (429) until the window of its first failure has passed. The
// table holds at most Capacity entries of each kind.
const (
	PerName  = 5
	PerAddr  = 20
	Window   = 5 * time.Minute
	Capacity = 100_000
)

// ErrCredentials is a sign-in whose name or password is wrong.
var ErrCredentials = errors.New("review: the name or the password is wrong")

// ThrottledError is a sign-in refused before its password was checked:
// its client address failed too often. RetryAfter is when it may try
// again.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("review: too many failed sign-ins from this address; try again in %s", e.RetryAfter.Round(time.Second))
}

// Seconds is RetryAfter for a Retry-After header: whole seconds, at
// least 1.
func (e *ThrottledError) Seconds() string {
	s := int((e.RetryAfter + time.Second - 1) / time.Second)
	return fmt.Sprint(max(s, 1))
}

// ClientAddr is the address a request's failures are counted under: the
// host of r.RemoteAddr. Behind a reverse proxy that is the proxy's
// address, so every client shares one budget; X-Forwarded-For is not
// trusted (any client can send it), and gateway has no setting for a
// trusted proxy yet — serve the console and the API directly, or add one.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Throttle counts failed sign-ins per (name, client address) and per
// client address across names, each in a fixed window from its first
// failure. It keeps no passwords. Memory is bounded: expired entries are
// pruned in the order they were made (their expiry order), and when a
// table is full a request needing a new entry is refused rather than any
// live count forgotten.
type Throttle struct {
	mu               sync.Mutex
	pairs            map[pair]*tally
	addrs            map[string]*tally
	order            []made // order[head:] are live or stale entries
	head             int
	perName, perAddr int
	window           time.Duration
	capacity         int
}

type pair struct{ addr, name string }

type tally struct {
	n     int
	first time.Time
}

// made is one entry in creation order, for pruning.
type made struct {
	pair   pair
	isAddr bool
	t      *tally
}

// NewThrottle makes a throttle: perName failures of one name and perAddr
// across names from one address within window; at most capacity entries
// of each kind.
func NewThrottle(perName, perAddr int, window time.Duration, capacity int) *Throttle {
	return &Throttle{pairs: map[pair]*tally{}, addrs: map[string]*tally{}, perName: perName, perAddr: perAddr,
		window: window, capacity: capacity}
}

// prune drops expired entries, oldest first; the caller holds mu.
func (t *Throttle) prune(now time.Time) {
	for ; t.head < len(t.order); t.head++ {
		m := t.order[t.head]
		if now.Sub(m.t.first) < t.window {
			break
		}
		if m.isAddr && t.addrs[m.pair.addr] == m.t {
			delete(t.addrs, m.pair.addr)
		} else if !m.isAddr && t.pairs[m.pair] == m.t {
			delete(t.pairs, m.pair)
		}
		t.order[t.head] = made{}
	}
	if t.head > len(t.order)/2 { // compact now and then: amortized O(1)
		t.order = append(t.order[:0], t.order[t.head:]...)
		t.head = 0
	}
}

// Reserve says whether addr may try name now (before any password is
// checked) or when it may try again; a try it allows is counted as a
// failure at once, so that parallel guesses cannot outrun the budget
// ([Throttle.Succeed] takes a successful one back).
func (t *Throttle) Reserve(addr, name string, now time.Time) (retryAfter time.Duration, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prune(now)
	p, hasP := t.pairs[pair{addr, name}]
	a, hasA := t.addrs[addr]
	if hasP && p.n >= t.perName {
		retryAfter = p.first.Add(t.window).Sub(now)
	}
	if hasA && a.n >= t.perAddr {
		retryAfter = max(retryAfter, a.first.Add(t.window).Sub(now))
	}
	if retryAfter > 0 {
		return retryAfter, false
	}
	if (!hasP && len(t.pairs) >= t.capacity) || (!hasA && len(t.addrs) >= t.capacity) {
		// Full of live counts: refuse a newcomer until the oldest expires.
		if t.head < len(t.order) {
			return t.order[t.head].t.first.Add(t.window).Sub(now), false
		}
		return t.window, false
	}
	t.count(now, pair{addr, name}, false).n++
	t.count(now, pair{addr: addr}, true).n++
	return 0, true
}

// count is the live tally of a key, made if absent (Reserve has checked
// there is room); the caller holds mu.
func (t *Throttle) count(now time.Time, k pair, isAddr bool) *tally {
	var got *tally
	if isAddr {
		got = t.addrs[k.addr]
	} else {
		got = t.pairs[k]
	}
	if got != nil {
		return got
	}
	got = &tally{first: now}
	if isAddr {
		t.addrs[k.addr] = got
	} else {
		t.pairs[k] = got
	}
	t.order = append(t.order, made{pair: k, isAddr: isAddr, t: got})
	return got
}

// Succeed forgets the failures of name from addr and takes back the
// address's count of the try Reserve allowed (not its other failures
// across names: signing in as oneself does not buy guesses at others).
func (t *Throttle) Succeed(addr, name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pairs, pair{addr, name})
	if a, ok := t.addrs[addr]; ok && a.n > 0 {
		a.n--
	}
}

// failures is the live count of name from addr (tests).
func (t *Throttle) failures(addr, name string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if p, ok := t.pairs[pair{addr, name}]; ok {
		return p.n
	}
	return 0
}

// SignIn authenticates name and password from the client address addr
// under the reviewers' throttle, shared by every caller of these
// Reviewers (the API's HTTP Basic and the console's sign-in): an address
// over its budget gets a *ThrottledError before the password is checked
// (no bcrypt spent), a wrong name or password ErrCredentials (counted).
func (rs *Reviewers) SignIn(addr, name, password string, now time.Time) (Identity, error) {
	if after, ok := rs.guard.Reserve(addr, name, now); !ok {
		return Identity{}, &ThrottledError{RetryAfter: after}
	}
	id, ok := rs.Authenticate(name, password)
	if !ok {
		return Identity{}, ErrCredentials // counted by Reserve
	}
	rs.guard.Succeed(addr, name)
	return id, nil
}

// LogName is name if it is a configured reviewer, else "": a name that
// failed to sign in may be a password typed in the wrong field, so only
// configured names are logged.
func (rs *Reviewers) LogName(name string) string {
	if rs.Has(name) {
		return name
	}
	return ""
}

// apiCSP is the API's Content-Security-Policy: its answers are JSON, to
// be run, framed or styled by nothing.
const apiCSP = "default-src 'none'; frame-ancestors 'none'"

// warn logs a failed or refused sign-in: the client address, and the
// name only when it is a configured reviewer ([Reviewers.LogName]).
func (a *API) warn(msg, addr, name string) {
	if a.Logger == nil {
		return
	}
	if name != "" {
		a.Logger.Warn(msg, "reviewer", name, "address", addr)
		return
	}
	a.Logger.Warn(msg, "address", addr)
}
