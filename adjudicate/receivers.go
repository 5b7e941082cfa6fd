package adjudicate

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Receiver is an identity the gateway answers for: the interchange
// receiver of ISA07 (Qualifier) and ISA08 (ID); the ID alone is also the
// application receiver a group's GS03 may name. An interchange or group for
// any other receiver is refused (TA1 009, AK905 1): it was meant for
// someone else.
type Receiver struct {
	Qualifier string `json:"qualifier"` // ISA07, e.g. "ZZ" (mutually defined), "30" (federal tax ID)
	ID        string `json:"id"`        // ISA08 without its padding, and GS03
}

// DefaultReceivers are the receivers of a configuration that names none
// (the embedded default names none): ZZ GATE278, the gateway's own ID in
// the adjudication and error samples, and ZZ ACMEHP, the receiver of the
// request samples and of the x12-278.md examples. A configuration file's
// top-level "receivers" replaces this list; each payer's "receivers" add
// the IDs a payer receives under.
var DefaultReceivers = []Receiver{{Qualifier: "ZZ", ID: "GATE278"}, {Qualifier: "ZZ", ID: "ACMEHP"}}

// isaQualifiers are the ISA05/ISA07 identification code qualifiers
// (x12-278.md §1.1).
var isaQualifiers = []string{"01", "14", "20", "27", "28", "29", "30", "33", "ZZ"}

// Receives reports whether the gateway answers for receiver qualifier/id:
// an ISA07/ISA08 pair, or with qualifier "" a GS03 application receiver,
// which matches any receiver ID of the configuration.
func (c *Config) Receives(qualifier, id string) bool {
	for _, r := range c.receivers {
		if r.ID == id && (qualifier == "" || r.Qualifier == qualifier) {
			return true
		}
	}
	return false
}

// Receivers returns the receivers the gateway answers for.
func (c *Config) Receivers() []Receiver { return slices.Clone(c.receivers) }

func decodeReceivers(raw json.RawMessage, list *[]Receiver, field string) error {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return fmt.Errorf("%s: must be an array of receiver objects", field)
	}
	*list = make([]Receiver, len(items))
	for i, item := range items {
		if err := decodeField(item, &(*list)[i], fmt.Sprintf("%s[%d]", field, i)); err != nil {
			return err
		}
	}
	return nil
}

func checkReceivers(list []Receiver, field string) error {
	if list != nil && len(list) == 0 {
		return fmt.Errorf("%s: must name at least one receiver", field)
	}
	for i, r := range list {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case r.ID == "":
			return fmt.Errorf("%s.id: missing (ISA08, e.g. \"GATE278\")", f)
		case len(r.ID) < 2 || len(r.ID) > 15:
			return fmt.Errorf("%s.id: %q must be 2 to 15 characters (ISA08, GS03)", f, r.ID)
		case !slices.Contains(isaQualifiers, r.Qualifier):
			return fmt.Errorf("%s.qualifier: %q is not an ISA07 qualifier (%v)", f, r.Qualifier, isaQualifiers)
		}
	}
	return nil
}

// setReceivers resolves the configuration's receivers: the file's list,
// else the embedded default's, else DefaultReceivers; then each payer's.
func (c *Config) setReceivers(def []Receiver, file *configFile, payers []sourcedPayer) error {
	list := DefaultReceivers
	if def != nil {
		list = def
	}
	if file != nil && file.Receivers != nil {
		if err := checkReceivers(file.Receivers, "receivers"); err != nil {
			return err
		}
		list = file.Receivers
	}
	c.receivers = slices.Clone(list)
	for i := range payers {
		if err := checkReceivers(payers[i].Receivers, payers[i].field+".receivers"); err != nil {
			return err
		}
		c.receivers = append(c.receivers, payers[i].Receivers...)
	}
	return nil
}
