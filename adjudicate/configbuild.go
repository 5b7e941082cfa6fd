package adjudicate

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Reading a configuration file and building a Config: decode it strictly,
// merge it onto the embedded default, then check and resolve every payer.

// configFile is the JSON shape of a configuration file.
type configFile struct {
	Defaults  settingsFile `json:"defaults"`
	Payers    []payerFile  `json:"payers"`
	Receivers []Receiver   `json:"receivers"` // receivers.go
}

// settingsFile is the settings a file may give its defaults or a payer;
// nil or absent means unset.
type settingsFile struct {
	Attestation *bool    `json:"attestation"`
	Adverse     *string  `json:"adverse"`
	DrugLines   *string  `json:"drug_lines"`
	PWKTypes    []string `json:"pwk_types"`
	// MaxCertificationMonths is the longest certification period in months.
	MaxCertificationMonths *int `json:"max_certification_months"`
	// MaxRetroactiveDays is how many days before the request date the
	// service may start.
	MaxRetroactiveDays *int `json:"max_retroactive_days"`
	// The review cases' settings (package adjudicate/cases): the clock
	// regime, the business-day calendar (its time zone and holidays) and
	// what happens when documents do not arrive in time.
	Clocks   *string `json:"clocks"`
	TimeZone *string `json:"time_zone"`
	Holidays *string `json:"holidays"`
	CloseOut *string `json:"close_out"`
}

// payerFile is one payer entry of a file.
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

// checkContact checks a payer's contact for 2010EB.
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

// decodeConfig decodes strictly, naming the field at fault.
func decodeConfig(raw []byte, f *configFile) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	for _, k := range slices.Sorted(maps.Keys(top)) {
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

// decodeField decodes one object strictly and names the field at fault in
// the words of the file, not of the Go types.
func decodeField(raw json.RawMessage, v any, field string) error {
	err := decodeStrict(raw, v)
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

// jsonKind names a Go kind as a JSON type.
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

// buildConfig merges the embedded default with an optional file and
// resolves every payer against the embedded policies.
func buildConfig(file *configFile) (*Config, error) {
	var def configFile
	if err := decodeConfig(defaultConfigJSON, &def); err != nil {
		return nil, fmt.Errorf("default: %w", err)
	}
	policies, err := Policies()
	if err != nil {
		return nil, err
	}
	m := mergeFrom(&def)
	if file != nil {
		if err := m.merge(file); err != nil {
			return nil, err
		}
	}
	if err := checkSettings(&m.defaults, "defaults"); err != nil {
		return nil, err
	}
	cfg := &Config{codes: sharedCodes(policies)}
	if err := cfg.setReceivers(def.Receivers, file, m.payers); err != nil {
		return nil, err
	}
	for i := range m.payers {
		pc, err := resolvePayer(&m.payers[i], &m.defaults, policies)
		if err != nil {
			return nil, err
		}
		cfg.payers = append(cfg.payers, pc)
	}
	return cfg, nil
}

// merged is a configuration file merged onto the default, before its
// payers are resolved.
type merged struct {
	defaults settingsFile
	payers   []sourcedPayer
}

// sourcedPayer is a payer entry with the field it last came from, which
// error messages name.
type sourcedPayer struct {
	payerFile
	field string // "default payers[0]", "payers[1]"
}

// mergeFrom starts a merge from the default configuration.
func mergeFrom(def *configFile) *merged {
	m := &merged{defaults: def.Defaults, payers: make([]sourcedPayer, len(def.Payers))}
	for i := range def.Payers {
		m.payers[i] = sourcedPayer{def.Payers[i], fmt.Sprintf("default payers[%d]", i)}
	}
	return m
}

// merge merges a configuration file: its defaults onto the defaults, each
// payer onto the payer with its qualifier and ID, or added.
func (m *merged) merge(file *configFile) error {
	if err := checkSettings(&file.Defaults, "defaults"); err != nil {
		return err
	}
	mergeSettings(&m.defaults, &file.Defaults)
	seen := make(map[string]int)
	for i := range file.Payers {
		fp := &file.Payers[i]
		field := fmt.Sprintf("payers[%d]", i)
		if fp.Qualifier == "" {
			return fmt.Errorf("%s.qualifier: missing (2010A NM108, e.g. \"PI\")", field)
		}
		if fp.ID == "" {
			return fmt.Errorf("%s.id: missing (2010A NM109)", field)
		}
		key := fp.Qualifier + "\x00" + fp.ID
		if j, dup := seen[key]; dup {
			return fmt.Errorf("%s: duplicates payers[%d] (%s %s)", field, j, fp.Qualifier, fp.ID)
		}
		seen[key] = i
		if !m.mergePayer(fp, field) {
			m.payers = append(m.payers, sourcedPayer{*fp, field})
		}
	}
	return nil
}

// mergePayer merges fp onto the payer with its qualifier and ID, if there
// is one: the fields fp sets replace that payer's.
func (m *merged) mergePayer(fp *payerFile, field string) bool {
	found := false
	for j := range m.payers {
		dst := &m.payers[j]
		if dst.Qualifier != fp.Qualifier || dst.ID != fp.ID {
			continue
		}
		if fp.Name != "" {
			dst.Name = fp.Name
		}
		if fp.Policy != "" {
			dst.Policy = fp.Policy
		}
		if fp.Tables != nil {
			dst.Tables = fp.Tables
		}
		if fp.Contact != nil {
			dst.Contact = fp.Contact
		}
		if fp.Receivers != nil {
			dst.Receivers = fp.Receivers
		}
		mergeSettings(&dst.settingsFile, &fp.settingsFile)
		dst.field = field
		found = true
	}
	return found
}

// sharedCodes returns the code tables every policy shares (those of the
// first policy by ID).
func sharedCodes(policies map[string]*Policy) *codeTables {
	ids := slices.Sorted(maps.Keys(policies))
	if len(ids) == 0 {
		return nil
	}
	return policies[ids[0]].codes
}

// resolvePayer checks a merged payer entry and resolves it: its settings
// over the defaults, its contact, its policy and its tables.
func resolvePayer(sp *sourcedPayer, defaults *settingsFile, policies map[string]*Policy) (*PayerConfig, error) {
	fp, field := &sp.payerFile, sp.field
	if err := checkSettings(&fp.settingsFile, field); err != nil {
		return nil, err
	}
	s := *defaults
	mergeSettings(&s, &fp.settingsFile)
	pc := &PayerConfig{
		Name: fp.Name, Qualifier: fp.Qualifier, ID: fp.ID, Policy: fp.Policy,
		Attestation: derefOr(s.Attestation, false), Adverse: derefOr(s.Adverse, AdverseReview),
		DrugLines: derefOr(s.DrugLines, DrugLinesReview), PWKTypes: slices.Clone(s.PWKTypes),
		MaxCertificationMonths: derefOr(s.MaxCertificationMonths, DefaultMaxCertificationMonths),
		MaxRetroactiveDays:     derefOr(s.MaxRetroactiveDays, DefaultMaxRetroactiveDays),
		Tables:                 fp.Tables, Contact: fp.Contact,
		Clocks: derefOr(s.Clocks, ClocksCMS), TimeZone: derefOr(s.TimeZone, DefaultTimeZone),
		Holidays: derefOr(s.Holidays, HolidaysUSFederal), CloseOut: derefOr(s.CloseOut, CloseOutAuto),
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
		return nil, fmt.Errorf("%s.policy: unknown policy %q (known: %s)", field, fp.Policy, strings.Join(slices.Sorted(maps.Keys(policies)), ", "))
	}
	pc.policy = pol
	tables, err := compileTables(fp.Tables, field)
	if err != nil {
		return nil, err
	}
	pc.tables = tables
	return pc, nil
}

// compileTables checks a payer's tables, each a known table whose values
// pass its check, and turns them into sets.
func compileTables(tables map[string][]string, field string) (map[string]map[string]bool, error) {
	if len(tables) == 0 {
		return nil, nil
	}
	out := make(map[string]map[string]bool, len(tables))
	for _, name := range slices.Sorted(maps.Keys(tables)) {
		valid, ok := knownTables[name]
		if !ok {
			return nil, fmt.Errorf("%s.tables.%s: unknown table (known: %s)", field, name, strings.Join(slices.Sorted(maps.Keys(knownTables)), ", "))
		}
		set := make(map[string]bool, len(tables[name]))
		for j, v := range tables[name] {
			if !valid(v) {
				return nil, fmt.Errorf("%s.tables.%s[%d]: %q is not a valid value (an NPI is 10 digits with a valid check digit)", field, name, j, v)
			}
			set[v] = true
		}
		out[name] = set
	}
	return out, nil
}

// checkSettings checks the settings a file gives.
func checkSettings(s *settingsFile, field string) error {
	if s.Adverse != nil && *s.Adverse != AdverseAuto && *s.Adverse != AdverseReview {
		return fmt.Errorf("%s.adverse: must be %q or %q", field, AdverseAuto, AdverseReview)
	}
	if s.DrugLines != nil && *s.DrugLines != DrugLinesReview && *s.DrugLines != DrugLinesWithPump {
		return fmt.Errorf("%s.drug_lines: must be %q or %q", field, DrugLinesReview, DrugLinesWithPump)
	}
	if m := s.MaxCertificationMonths; m != nil && (*m < 1 || *m > maxCertificationMonthsLimit) {
		return fmt.Errorf("%s.max_certification_months: %d must be 1 to %d", field, *m, maxCertificationMonthsLimit)
	}
	if d := s.MaxRetroactiveDays; d != nil && (*d < 0 || *d > maxRetroactiveDaysLimit) {
		return fmt.Errorf("%s.max_retroactive_days: %d must be 0 to %d", field, *d, maxRetroactiveDaysLimit)
	}
	if err := checkCaseSettings(s, field); err != nil {
		return err
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

// mergeSettings sets in dst the settings src sets.
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
	if src.MaxCertificationMonths != nil {
		dst.MaxCertificationMonths = src.MaxCertificationMonths
	}
	if src.MaxRetroactiveDays != nil {
		dst.MaxRetroactiveDays = src.MaxRetroactiveDays
	}
	for _, f := range [][2]**string{{&dst.Clocks, &src.Clocks}, {&dst.TimeZone, &src.TimeZone}, {&dst.Holidays, &src.Holidays}, {&dst.CloseOut, &src.CloseOut}} {
		if *f[1] != nil {
			*f[0] = *f[1]
		}
	}
}

// checkCaseSettings checks the review cases' settings a file gives.
func checkCaseSettings(s *settingsFile, field string) error {
	if c := s.Clocks; c != nil && *c != ClocksCMS && *c != ClocksCORE {
		return fmt.Errorf("%s.clocks: must be %q or %q", field, ClocksCMS, ClocksCORE)
	}
	if z := s.TimeZone; z != nil {
		if _, err := time.LoadLocation(*z); err != nil || *z == "" || *z == "Local" {
			return fmt.Errorf("%s.time_zone: %q is not an IANA time zone (e.g. \"America/New_York\")", field, *z)
		}
	}
	if h := s.Holidays; h != nil && *h != HolidaysUSFederal && *h != HolidaysNone {
		return fmt.Errorf("%s.holidays: must be %q or %q", field, HolidaysUSFederal, HolidaysNone)
	}
	if c := s.CloseOut; c != nil && *c != CloseOutAuto && *c != CloseOutReview && *c != CloseOutOff {
		return fmt.Errorf("%s.close_out: must be %q, %q or %q", field, CloseOutAuto, CloseOutReview, CloseOutOff)
	}
	return nil
}

// derefOr returns *p, or def when p is nil.
func derefOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}
