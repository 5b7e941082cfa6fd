package gateway

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gate278/gate278/transport"
)

// A Registry is the gateway's list of trading partners: each partner's name
// (the last token of its NATS subjects, and its NATS identity: its account
// and user on the embedded server), the interchange sender IDs it may use
// (ISA05/ISA06: an interchange it submits under any other sender is
// rejected with TA1 006, see CheckSender), and optionally the public NKey of
// a partner that keeps its own seed. It is read by `gate278 serve -partners
// FILE` (JSON):
//
//	{"partners": [
//	  {"name": "nutmeghi", "senders": ["ZZ:NUTMEGHI"]},
//	  {"name": "clearhub", "senders": ["ZZ:CLEARHUB", "01:123456789"], "nkey": "UAB…",
//	   "group_senders": ["CLEARHUB", "LAKESIDEMC"]}
//	]}
//
// A sender is "QUALIFIER:ID" (ISA05:ISA06, e.g. "ZZ:NUTMEGHI") or a bare ID
// accepted with any qualifier; IDs are compared without ISA06's padding. A
// sender ID belongs to one partner only, whatever its qualifier.
//
// group_senders are the application senders (GS02) the partner's
// functional groups may name; without it, the IDs of its senders. A group
// naming any other is rejected by the 999 (see CheckGroupSender). Unlike an
// interchange sender, an application sender may be listed by two partners
// (two clearinghouses submitting for one provider).
type Registry struct {
	partners []RegisteredPartner
	bySender map[string]sender // ID -> its owner
	// groupSenders are each partner's application senders (GS02).
	groupSenders map[string]map[string]bool
}

// sender is the owner of a sender ID and the qualifiers it may come with
// (none listed: any).
type sender struct {
	partner    string
	qualifiers map[string]bool
}

// RegisteredPartner is one partner of the registry.
type RegisteredPartner struct {
	Name    string   `json:"name"`
	Senders []string `json:"senders"`
	NKey    string   `json:"nkey,omitempty"`
	// GroupSenders are the GS02 values the partner may send; empty: the
	// IDs of Senders.
	GroupSenders []string `json:"group_senders,omitempty"`
}

//go:embed demo-partners.json
var demoPartnersJSON []byte

// DemoRegistry is the registry `serve` uses without -partners: the
// synthetic trading partners of samples/, so that `make run` and `gate278
// submit` work out of the box. A deployment lists its own partners.
func DemoRegistry() *Registry {
	r, err := ParseRegistry(strings.NewReader(string(demoPartnersJSON)))
	if err != nil {
		panic("gateway: embedded demo-partners.json: " + err.Error())
	}
	return r
}

// LoadRegistry reads a registry file.
func LoadRegistry(path string) (*Registry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gateway: partners: %w", err)
	}
	defer f.Close()
	r, err := ParseRegistry(f)
	if err != nil {
		return nil, fmt.Errorf("gateway: partners %s: %w", path, err)
	}
	return r, nil
}

// ParseRegistry reads and checks a registry.
func ParseRegistry(rd io.Reader) (*Registry, error) {
	var doc struct {
		Partners []RegisteredPartner `json:"partners"`
	}
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("partners: %w", err)
	}
	r := &Registry{bySender: map[string]sender{}, groupSenders: map[string]map[string]bool{}}
	names := map[string]bool{}
	for i, p := range doc.Partners {
		at := fmt.Sprintf("partners[%d]", i)
		if err := transport.ValidPartner(p.Name); err != nil {
			return nil, fmt.Errorf("%s.name: %w", at, err)
		}
		if names[p.Name] {
			return nil, fmt.Errorf("%s.name: %s is listed twice", at, p.Name)
		}
		names[p.Name] = true
		if len(p.Senders) == 0 {
			return nil, fmt.Errorf("%s.senders: partner %s needs at least one sender ID", at, p.Name)
		}
		gs := map[string]bool{}
		for j, s := range p.GroupSenders {
			id := strings.TrimSpace(s)
			if len(id) < 2 || len(id) > 15 || strings.ContainsAny(id, "*~:^") {
				return nil, fmt.Errorf("%s.group_senders[%d]: %q: want an application sender ID (GS02) of 2-15 characters", at, j, s)
			}
			gs[id] = true
		}
		r.groupSenders[p.Name] = gs
		for j, s := range p.Senders {
			qual, id, err := parseSender(s)
			if err != nil {
				return nil, fmt.Errorf("%s.senders[%d]: %w", at, j, err)
			}
			if len(p.GroupSenders) == 0 {
				gs[id] = true
			}
			e, ok := r.bySender[id]
			if ok && e.partner != p.Name {
				return nil, fmt.Errorf("%s.senders[%d]: %s already belongs to %s", at, j, id, e.partner)
			}
			if !ok {
				e = sender{partner: p.Name, qualifiers: map[string]bool{}}
			}
			if qual == "" || (ok && len(e.qualifiers) == 0) {
				e.qualifiers = map[string]bool{} // any qualifier
			} else {
				e.qualifiers[qual] = true
			}
			r.bySender[id] = e
		}
		r.partners = append(r.partners, p)
	}
	return r, nil
}

// parseSender reads "QUAL:ID" or "ID".
func parseSender(s string) (qual, id string, err error) {
	qual, id, ok := strings.Cut(s, ":")
	if !ok {
		qual, id = "", s
	}
	id = strings.TrimSpace(id)
	if id == "" || len(id) > 15 || len(qual) > 2 || strings.ContainsAny(id+qual, "*~:^ ") {
		return "", "", fmt.Errorf("sender %q: want QUALIFIER:ID (ISA05:ISA06, ID of 1-15 characters) or ID", s)
	}
	return qual, id, nil
}

// Partners are the registry's partners as the transport needs them.
func (r *Registry) Partners() []transport.Partner {
	out := make([]transport.Partner, len(r.partners))
	for i, p := range r.partners {
		out[i] = transport.Partner{Name: p.Name, NKey: p.NKey}
	}
	return out
}

// Names lists the partners' names.
func (r *Registry) Names() []string {
	out := make([]string, len(r.partners))
	for i, p := range r.partners {
		out[i] = p.Name
	}
	return out
}

// Owner returns the partner a sender ID belongs to: ISA06 with its
// qualifier ISA05, or an ID with qualifier "" (any).
func (r *Registry) Owner(qualifier, id string) (string, bool) {
	e, ok := r.bySender[strings.TrimSpace(id)]
	if !ok {
		return "", false
	}
	if q := strings.TrimSpace(qualifier); q != "" && len(e.qualifiers) > 0 && !e.qualifiers[q] {
		return "", false
	}
	return e.partner, true
}

// CheckGroupSender reports whether a functional group's application sender
// (GS02) is one of the submitting partner's (RegisteredPartner.GroupSenders).
// A nil registry accepts every GS02.
//
// A group that fails is rejected by the 999, not by a TA1: the interchange
// envelope (ISA/IEA) is the partner's own and sound, and GS02 is part of the
// functional group, which the 999 answers (AK9). X12 has no AK905 code for
// an application sender, and the syntax codes (AK905 6) would say the GS is
// malformed, which it is not; the gateway answers AK9 R with AK905 1 (the
// functional group is not supported), as it does for a group addressed to
// another application receiver (GS03), and every set of the group gets IK5 R
// 18 (not in a group the gateway accepts). Other groups of the interchange
// are answered as usual, and the file is kept on x12.rejected.<partner>.
func CheckGroupSender(r *Registry, partner, gs02 string) bool {
	if r == nil {
		return true
	}
	return r.groupSenders[partner][strings.TrimSpace(gs02)]
}
