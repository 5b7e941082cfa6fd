// Package review is the reviewers' HTTP API on serve's listener: list and
// filter review cases, show one, assign, decide, read its history. Every
// request needs a reviewer's credentials (HTTP Basic; 401 without, 403
// with a role that may not do it); reviewers, their roles and their
// bcrypt-hashed passwords come from a configuration file. Every request
// is logged with the reviewer's identity, the route and the case number,
// never with a request body or anything else that may hold PHI.
package review

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// Role is what a reviewer may do.
type Role string

// The roles.
const (
	// Reviewer works cases: reads, takes an unassigned case, decides the
	// cases assigned to it (or unassigned ones) and asks for documents.
	// Not certifying or modifying a line also needs [Identity.Adverse].
	Reviewer Role = "reviewer"
	// Supervisor also assigns and reassigns cases to others, decides or
	// asks for documents on any case, and cancels cases. A supervisor
	// does not make adverse determinations without [Identity.Adverse]
	// either.
	Supervisor Role = "supervisor"
	// Auditor reads cases and their history, changes nothing.
	Auditor Role = "auditor"
)

// Identity is one configured reviewer.
type Identity struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
	// Adverse: the reviewer may make adverse determinations (not certify,
	// modify): a health care professional with appropriate clinical
	// expertise, a physician or medical director (42 CFR 438.210(b)(3),
	// 422.566(d)). No role implies it.
	Adverse bool `json:"adverse,omitempty"`
	// PasswordHash is the bcrypt hash of the password (never the password).
	PasswordHash string `json:"password_hash"`
}

// Reviewers are the configured identities by name, and the throttle of
// their sign-ins ([Reviewers.SignIn]).
type Reviewers struct {
	byName map[string]Identity
	guard  *Throttle
}

// fileFormat is the configuration file: {"reviewers": [{"name", "role",
// "adverse", "password_hash"}]}.
type fileFormat struct {
	Reviewers []Identity `json:"reviewers"`
}

// ErrConfig is what every refused reviewers' configuration wraps.
var ErrConfig = errors.New("invalid reviewers configuration")

// LoadReviewers reads the reviewers' configuration file.
func LoadReviewers(path string) (*Reviewers, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("review: reading reviewers: %w", err)
	}
	return ParseReviewers(b)
}

// ParseReviewers reads a reviewers' configuration: every identity needs a
// name, a known role and a bcrypt hash of cost 10 (bcrypt.DefaultCost, what
// HashPassword makes) or more; names are unique; an auditor is not
// adverse.
func ParseReviewers(b []byte) (*Reviewers, error) {
	return parse(b, minCost())
}

// parse is ParseReviewers with the least bcrypt cost accepted.
func parse(b []byte, least int) (*Reviewers, error) {
	var f fileFormat
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("review: reading reviewers: %w", err)
	}
	rs := &Reviewers{byName: map[string]Identity{}, guard: NewThrottle(PerName, PerAddr, Window, Capacity)}
	for i, id := range f.Reviewers {
		switch {
		case id.Name == "":
			return nil, fmt.Errorf("review: reviewer %d has no name: %w", i+1, ErrConfig)
		case id.Role != Reviewer && id.Role != Supervisor && id.Role != Auditor:
			return nil, fmt.Errorf("review: reviewer %s: role %q is not %s, %s or %s: %w", id.Name, id.Role, Reviewer, Supervisor, Auditor, ErrConfig)
		case id.Adverse && id.Role == Auditor:
			return nil, fmt.Errorf("review: reviewer %s: an auditor decides nothing, so it cannot be adverse: %w", id.Name, ErrConfig)
		}
		cost, err := bcrypt.Cost([]byte(id.PasswordHash))
		if err != nil {
			return nil, fmt.Errorf("review: reviewer %s: the password is not a bcrypt hash: %w", id.Name, ErrConfig)
		}
		if cost < least {
			return nil, fmt.Errorf("review: reviewer %s: the password's bcrypt cost is %d, below %d (too quick to guess; set it again with gate278 reviewers add): %w",
				id.Name, cost, least, ErrConfig)
		}
		if _, dup := rs.byName[id.Name]; dup {
			return nil, fmt.Errorf("review: reviewer %s is named twice: %w", id.Name, ErrConfig)
		}
		rs.byName[id.Name] = id
	}
	return rs, nil
}

// testCostEnv is the environment variable that, set to 1, lets
// ParseReviewers accept hashes of any cost (bcrypt.MinCost, for speed):
// the repository's tests set it with t.Setenv around the reviewers' files
// they write. It is not for production: nothing else lowers the minimum.
const testCostEnv = "GATE278_TEST_BCRYPT"

// minCost is the least bcrypt cost ParseReviewers accepts.
func minCost() int {
	if os.Getenv(testCostEnv) == "1" {
		return bcrypt.MinCost
	}
	return bcrypt.DefaultCost
}

// HashPassword makes the PasswordHash of a password (bcrypt, default cost).
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("review: hashing a password: %w", err)
	}
	return string(h), nil
}

// dummy is compared against when the name is unknown, so that a wrong name
// costs as long as a wrong password.
var dummy = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("gate278"), bcrypt.DefaultCost)
	return h
})

// Authenticate returns the identity whose name and password these are.
func (rs *Reviewers) Authenticate(name, password string) (Identity, bool) {
	id, ok := rs.byName[name]
	hash := []byte(id.PasswordHash)
	if !ok {
		hash = dummy()
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || !ok {
		return Identity{}, false
	}
	return id, true
}

// Has reports whether name is a configured reviewer.
func (rs *Reviewers) Has(name string) bool {
	_, ok := rs.byName[name]
	return ok
}

// minPassword is the shortest password AddReviewer accepts.
const minPassword = 12

// AddReviewer adds the reviewer name with role, the adverse flag
// ([Identity.Adverse]) and password to the reviewers' file at path, or
// replaces that reviewer's role, flag and password,
// creating the file (and its directory, 0700) when it does not exist. The file is written whole
// (to a temporary file renamed over it) with mode 0600, and holds only the
// bcrypt hash of the password. A password shorter than 12 characters is
// refused.
func AddReviewer(path, name string, role Role, adverse bool, password string) error {
	if len(password) < minPassword {
		return fmt.Errorf("review: the password must be at least %d characters: %w", minPassword, ErrConfig)
	}
	var f fileFormat
	switch b, err := os.ReadFile(path); {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("review: reading reviewers: %w", err)
	default:
		// Any cost: replacing a reviewer's password is how a weak
		// hash that ParseReviewers refuses is mended.
		if _, err := parse(b, bcrypt.MinCost); err != nil {
			return err
		}
		if err := json.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("review: reading reviewers: %w", err)
		}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	id := Identity{Name: name, Role: role, Adverse: adverse, PasswordHash: hash}
	if i := slices.IndexFunc(f.Reviewers, func(r Identity) bool { return r.Name == name }); i >= 0 {
		f.Reviewers[i] = id
	} else {
		f.Reviewers = append(f.Reviewers, id)
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("review: writing reviewers: %w", err)
	}
	b = append(b, '\n')
	if _, err := parse(b, bcrypt.MinCost); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("review: writing reviewers: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".reviewers-*")
	if err != nil {
		return fmt.Errorf("review: writing reviewers: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := errors.Join(tmp.Chmod(0o600), write(tmp, b), tmp.Close()); err != nil {
		return fmt.Errorf("review: writing reviewers: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("review: writing reviewers: %w", err)
	}
	return nil
}

func write(f *os.File, b []byte) error {
	_, err := f.Write(b)
	return err
}
