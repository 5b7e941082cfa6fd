package adjudicate

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

//go:embed config/default.json
var defaultConfigJSON []byte

// Payer settings.
const (
	AdverseAuto       = "auto"      // automatic A3 where the policy states non-coverage
	AdverseReview     = "review"    // every automatic A3 becomes A4 0V for a clinical peer
	DrugLinesReview   = "review"    // drug lines pend 0V, routed to drug review
	DrugLinesWithPump = "with-pump" // the evidence drug line takes the pump's decision
)

// TableEnrolledPrescribers is the payer table of NPIs enrolled as Vermont
// Medicaid prescribers. Without it VT.PRESCRIBER.ENROLLED is skipped.
const TableEnrolledPrescribers = "vt_enrolled_prescribers"

// knownTables are the payer tables a configuration may carry, with the
// check each value must pass.
var knownTables = map[string]func(string) bool{
	TableEnrolledPrescribers: isNPI,
}

// Config is the adjudication configuration: the payers the gateway serves
// and their settings. It is immutable once loaded and safe for concurrent
// use.
type Config struct {
	payers    []*PayerConfig
	codes     *codeTables // the shared code tables (AAA, HCR03) of the policies
	receivers []Receiver  // receivers.go
}

// PayerConfig is one payer's resolved settings.
type PayerConfig struct {
	Name        string              `json:"name"`
	Qualifier   string              `json:"qualifier"` // 2010A NM108
	ID          string              `json:"id"`        // 2010A NM109
	Policy      string              `json:"policy"`    // policy ID
	Attestation bool                `json:"attestation"`
	Adverse     string              `json:"adverse"`    // auto or review
	DrugLines   string              `json:"drug_lines"` // review or with-pump
	PWKTypes    []string            `json:"pwk_types"`  // accepted PWK01 report types
	Tables      map[string][]string `json:"tables,omitempty"`
	Contact     *Contact            `json:"contact,omitempty"` // 2010EB on pended responses

	policy *Policy
	tables map[string]map[string]bool
}

// Payers returns copies of the configured payers, in configuration order.
func (c *Config) Payers() []PayerConfig {
	out := make([]PayerConfig, len(c.payers))
	for i, p := range c.payers {
		out[i] = *p
		out[i].PWKTypes = slices.Clone(p.PWKTypes)
	}
	return out
}

// Payer returns the payer configured for a 2010A NM108/NM109 pair. The
// value is shared by every decision under this configuration: read it, do
// not modify it.
func (c *Config) Payer(qualifier, id string) (*PayerConfig, bool) {
	for _, p := range c.payers {
		if p.ID == id && p.Qualifier == qualifier {
			return p, true
		}
	}
	return nil, false
}

// acceptsPWK reports whether a PWK01 report type attests for this payer.
func (p *PayerConfig) acceptsPWK(t string) bool {
	for _, a := range p.PWKTypes {
		if a == t {
			return true
		}
	}
	return false
}

// configFile is the JSON shape of a configuration file.
type configFile struct {
	Defaults  settingsFile `json:"defaults"`
	Payers    []payerFile  `json:"payers"`
	Receivers []Receiver   `json:"receivers"` // receivers.go
}

type settingsFile struct {
	Attestation *bool    `json:"attestation"`
	Adverse     *string  `json:"adverse"`
	DrugLines   *string  `json:"drug_lines"`
	PWKTypes    []string `json:"pwk_types"`
}

type payerFile struct {
	Name      string              `json:"name"`
	Qualifier string              `json:"qualifier"`
	ID        string              `json:"id"`
	Policy    string              `json:"policy"`
	Tables    map[string][]string `json:"tables"`
	Contact   *Contact            `json:"contact"`
	Receivers []Receiver          `json:"receivers"` // receivers.go
	settingsFile
}

// Contact is whom a provider reaches about a pended request: the 278
// response names it in 2010EB (NM1*L5 and PER) of every pended event.
type Contact struct {
	Name  string `json:"name"`            // NM103, e.g. "ACME UTILIZATION MANAGEMENT"
	Phone string `json:"phone,omitempty"` // PER TE: digits only
	Email string `json:"email,omitempty"` // PER EM
}

func checkContact(c *Contact, field string) error {
	switch {
	case c.Name == "" || len(c.Name) > 60:
		return fmt.Errorf("%s.contact.name: must be 1 to 60 characters", field)
	case c.Phone == "" && c.Email == "":
		return fmt.Errorf("%s.contact: needs a phone or an email", field)
	case c.Phone != "" && (len(c.Phone) < 10 || len(c.Phone) > 15 || !isDigits(c.Phone)):
		return fmt.Errorf("%s.contact.phone: %q must be 10 to 15 digits", field, c.Phone)
	case c.Email != "" && (!strings.Contains(c.Email, "@") || len(c.Email) > 80):
		return fmt.Errorf("%s.contact.email: %q is not an email address", field, c.Email)
	}
	return nil
}

// DefaultConfig returns the embedded default configuration (DESIGN §5):
// PI ANTHEMCT → anthem-ct-cg-dme-21 and PI VTMEDICAID → vt-dvha-eip, both
// accepting attestation, adverse auto, drug_lines review.
func DefaultConfig() (*Config, error) {
	cfg, err := buildConfig(nil)
	if err != nil {
		return nil, fmt.Errorf("adjudicate: embedded default configuration: %w", err)
	}
	return cfg, nil
}

// LoadConfig reads a JSON configuration file and merges it onto the
// embedded default: its defaults change the settings of every payer that
// does not set them itself, a payer with the qualifier and ID of an
// existing one changes that payer's settings, and any other payer is
// added. Unknown fields and bad values are refused with a message naming
// the field, e.g. `payers[1].adverse: must be "auto" or "review"`.
func LoadConfig(r io.Reader) (*Config, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("adjudicate: read configuration: %w", err)
	}
	var f configFile
	if err := decodeConfig(raw, &f); err != nil {
		return nil, fmt.Errorf("adjudicate: configuration: %w", err)
	}
	cfg, err := buildConfig(&f)
	if err != nil {
		return nil, fmt.Errorf("adjudicate: configuration: %w", err)
	}
	return cfg, nil
}

// decodeConfig decodes strictly, naming the field at fault.
func decodeConfig(raw []byte, f *configFile) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	for _, k := range sortedKeys(top) {
		switch k {
		case "defaults":
			if err := decodeField(top[k], &f.Defaults, "defaults"); err != nil {
				return err
			}
		case "payers":
			var list []json.RawMessage
			if err := json.Unmarshal(top[k], &list); err != nil {
				return errors.New("payers: must be an array of payer objects")
			}
			f.Payers = make([]payerFile, len(list))
			for i, item := range list {
				if err := decodeField(item, &f.Payers[i], fmt.Sprintf("payers[%d]", i)); err != nil {
					return err
				}
			}
		case "receivers":
			if err := decodeReceivers(top[k], &f.Receivers, "receivers"); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: unknown field", k)
		}
	}
	return nil
}

func decodeField(raw json.RawMessage, v any, field string) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		name := strings.TrimPrefix(te.Field, "settingsFile.")
		return fmt.Errorf("%s.%s: must be a JSON %s, not %s", field, name, jsonKind(te.Type.Kind().String()), te.Value)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fmt.Errorf("%s.%s: unknown field", field, strings.Trim(name, `"`))
	}
	return fmt.Errorf("%s: %w", field, err)
}

func jsonKind(k string) string {
	switch k {
	case "bool":
		return "boolean"
	case "string":
		return "string"
	case "slice":
		return "array"
	case "map", "struct":
		return "object"
	case "ptr":
		return "value of the right type"
	}
	return k
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// buildConfig merges the embedded default with an optional file.
func buildConfig(file *configFile) (*Config, error) {
	var def configFile
	if err := decodeConfig(defaultConfigJSON, &def); err != nil {
		return nil, fmt.Errorf("default: %w", err)
	}
	policies, err := Policies()
	if err != nil {
		return nil, err
	}
	settings := def.Defaults
	payers := def.Payers
	from := make([]string, len(payers)) // field name for error messages
	for i := range payers {
		from[i] = fmt.Sprintf("default payers[%d]", i)
	}
	if file != nil {
		if err := checkSettings(&file.Defaults, "defaults"); err != nil {
			return nil, err
		}
		mergeSettings(&settings, &file.Defaults)
		seen := make(map[string]int)
		for i := range file.Payers {
			fp := &file.Payers[i]
			field := fmt.Sprintf("payers[%d]", i)
			if fp.Qualifier == "" {
				return nil, fmt.Errorf("%s.qualifier: missing (2010A NM108, e.g. \"PI\")", field)
			}
			if fp.ID == "" {
				return nil, fmt.Errorf("%s.id: missing (2010A NM109)", field)
			}
			key := fp.Qualifier + "\x00" + fp.ID
			if j, dup := seen[key]; dup {
				return nil, fmt.Errorf("%s: duplicates payers[%d] (%s %s)", field, j, fp.Qualifier, fp.ID)
			}
			seen[key] = i
			merged := false
			for j := range payers {
				if payers[j].Qualifier == fp.Qualifier && payers[j].ID == fp.ID {
					if fp.Name != "" {
						payers[j].Name = fp.Name
					}
					if fp.Policy != "" {
						payers[j].Policy = fp.Policy
					}
					if fp.Tables != nil {
						payers[j].Tables = fp.Tables
					}
					if fp.Contact != nil {
						payers[j].Contact = fp.Contact
					}
					if fp.Receivers != nil {
						payers[j].Receivers = fp.Receivers
					}
					mergeSettings(&payers[j].settingsFile, &fp.settingsFile)
					from[j] = field
					merged = true
				}
			}
			if !merged {
				payers = append(payers, *fp)
				from = append(from, field)
			}
		}
	}
	if err := checkSettings(&settings, "defaults"); err != nil {
		return nil, err
	}
	cfg := &Config{}
	if err := cfg.setReceivers(def.Receivers, file, payers, from); err != nil {
		return nil, err
	}
	for _, id := range sortedKeys(policies) {
		cfg.codes = policies[id].codes
		break
	}
	for i := range payers {
		fp := &payers[i]
		field := from[i]
		if err := checkSettings(&fp.settingsFile, field); err != nil {
			return nil, err
		}
		s := settings
		mergeSettings(&s, &fp.settingsFile)
		pc := &PayerConfig{
			Name: fp.Name, Qualifier: fp.Qualifier, ID: fp.ID, Policy: fp.Policy,
			Attestation: derefOr(s.Attestation, false), Adverse: derefOr(s.Adverse, AdverseAuto),
			DrugLines: derefOr(s.DrugLines, DrugLinesReview), PWKTypes: slices.Clone(s.PWKTypes),
			Tables: fp.Tables, Contact: fp.Contact,
		}
		if pc.Contact != nil {
			if err := checkContact(pc.Contact, field); err != nil {
				return nil, err
			}
		}
		if pc.Name == "" {
			pc.Name = pc.Qualifier + " " + pc.ID
		}
		pol, ok := policies[fp.Policy]
		if !ok {
			return nil, fmt.Errorf("%s.policy: unknown policy %q (known: %s)", field, fp.Policy, strings.Join(sortedKeys(policies), ", "))
		}
		pc.policy = pol
		if len(fp.Tables) > 0 {
			pc.tables = make(map[string]map[string]bool, len(fp.Tables))
		}
		for _, name := range sortedKeys(fp.Tables) {
			valid, ok := knownTables[name]
			if !ok {
				return nil, fmt.Errorf("%s.tables.%s: unknown table (known: %s)", field, name, strings.Join(sortedKeys(knownTables), ", "))
			}
			set := make(map[string]bool, len(fp.Tables[name]))
			for j, v := range fp.Tables[name] {
				if !valid(v) {
					return nil, fmt.Errorf("%s.tables.%s[%d]: %q is not a valid value (an NPI is 10 digits with a valid check digit)", field, name, j, v)
				}
				set[v] = true
			}
			pc.tables[name] = set
		}
		cfg.payers = append(cfg.payers, pc)
	}
	return cfg, nil
}

func checkSettings(s *settingsFile, field string) error {
	if s.Adverse != nil && *s.Adverse != AdverseAuto && *s.Adverse != AdverseReview {
		return fmt.Errorf("%s.adverse: must be %q or %q", field, AdverseAuto, AdverseReview)
	}
	if s.DrugLines != nil && *s.DrugLines != DrugLinesReview && *s.DrugLines != DrugLinesWithPump {
		return fmt.Errorf("%s.drug_lines: must be %q or %q", field, DrugLinesReview, DrugLinesWithPump)
	}
	if s.PWKTypes != nil && len(s.PWKTypes) == 0 {
		return fmt.Errorf("%s.pwk_types: must list at least one report type", field)
	}
	for i, t := range s.PWKTypes {
		if len(t) != 2 || !isAlnum(t[0]) || !isAlnum(t[1]) {
			return fmt.Errorf("%s.pwk_types[%d]: %q is not a PWK01 report type (two letters or digits)", field, i, t)
		}
	}
	return nil
}

func mergeSettings(dst, src *settingsFile) {
	if src.Attestation != nil {
		dst.Attestation = src.Attestation
	}
	if src.Adverse != nil {
		dst.Adverse = src.Adverse
	}
	if src.DrugLines != nil {
		dst.DrugLines = src.DrugLines
	}
	if src.PWKTypes != nil {
		dst.PWKTypes = src.PWKTypes
	}
}

func derefOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}
