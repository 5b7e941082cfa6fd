package review

import (
	"context"
	"slices"
	"sort"
)

// identityKey is the context key of an in-process caller's identity. It is
// unexported: only code in this binary that calls [WithIdentity] can set
// it; nothing that arrives over the network can.
type identityKey struct{}

// WithIdentity returns a context whose requests the API serves as who,
// without HTTP credentials: for an in-process client (the console) that
// has already authenticated the reviewer itself. The API still checks
// that who is a configured reviewer, and uses the configured role, not
// who.Role.
func WithIdentity(ctx context.Context, who Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, who.Name)
}

// inProcess returns the configured identity an in-process caller named
// with WithIdentity, if any.
func (a *API) inProcess(ctx context.Context) (Identity, bool) {
	name, ok := ctx.Value(identityKey{}).(string)
	if !ok || name == "" {
		return Identity{}, false
	}
	return a.Reviewers.Lookup(name)
}

// Lookup returns the configured identity of a reviewer's name.
func (rs *Reviewers) Lookup(name string) (Identity, bool) {
	id, ok := rs.byName[name]
	return id, ok
}

// Names returns the names of the configured reviewers with one of roles,
// sorted (a supervisor's "assign to" choices): names only, no hashes.
func (rs *Reviewers) Names(roles ...Role) []string {
	var out []string
	for name, id := range rs.byName {
		if slices.Contains(roles, id.Role) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
