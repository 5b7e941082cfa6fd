package adjudicate

import (
	_ "embed"
	"fmt"
	"io"
	"slices"
)

//go:embed config/default.json
var defaultConfigJSON []byte

// DefaultMaxCertificationMonths is the maximum certification period when
// neither the payer nor the defaults set one.
const DefaultMaxCertificationMonths = 12

// DefaultMaxRetroactiveDays is how many days before the request date (BHT04)
// a service may start and still be certified by the engine when neither the
// payer nor the defaults set it. A prior authorization is asked before the
// service; a request for a period already begun longer ago than this is a
// retrospective review a person does (DESIGN §5 plausible data: service
// dates that cannot be certified as asked). Two weeks is conservative: it
// leaves room for a weekend start of an urgent infusion and pends the rest.
const DefaultMaxRetroactiveDays = 14

// maxRetroactiveDaysLimit bounds the setting (one year).
const maxRetroactiveDaysLimit = 366

// maxCertificationMonthsLimit bounds the setting (five years, the expected
// life of a pump in the Vermont guideline).
const maxCertificationMonthsLimit = 60

// Payer settings.
const (
	AdverseAuto       = "auto"      // automatic A3 where the policy states non-coverage
	AdverseReview     = "review"    // every automatic A3 becomes A4 0V for a clinical peer
	DrugLinesReview   = "review"    // drug lines pend 0V, routed to drug review
	DrugLinesWithPump = "with-pump" // the evidence drug line takes the pump's decision
)

// The review cases' settings of a payer (package adjudicate/cases applies
// them; here they are only checked).
const (
	// ClocksCMS: CMS-0057-F (72 h expedited, 7 calendar days standard,
	// from receipt); ClocksCORE: CAQH CORE (2 business days from complete
	// documentation).
	ClocksCMS  = "cms-0057-f"
	ClocksCORE = "caqh-core"
	// DefaultTimeZone is the business-day calendar's default zone.
	DefaultTimeZone = "America/New_York"
	// HolidaysUSFederal: the eleven US federal holidays, observed;
	// HolidaysNone: every weekday is a business day.
	HolidaysUSFederal = "us-federal"
	HolidaysNone      = "none"
	// CloseOut: what happens to a case whose documents have not arrived 15
	// business days after they were asked for. Auto closes it out with a
	// final 278 (A3 0U); review flags it overdue for close-out for a
	// supervisor, sending nothing; off does nothing.
	CloseOutAuto   = "auto"
	CloseOutReview = "review"
	CloseOutOff    = "off"
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
	Name        string   `json:"name"`
	Qualifier   string   `json:"qualifier"` // 2010A NM108
	ID          string   `json:"id"`        // 2010A NM109
	Policy      string   `json:"policy"`    // policy ID
	Attestation bool     `json:"attestation"`
	Adverse     string   `json:"adverse"`    // auto or review
	DrugLines   string   `json:"drug_lines"` // review or with-pump
	PWKTypes    []string `json:"pwk_types"`  // accepted PWK01 report types
	// MaxCertificationMonths is the longest certification period the payer
	// certifies in one request; a longer one pends 0V (embedded default 12).
	MaxCertificationMonths int `json:"max_certification_months"`
	// MaxRetroactiveDays is how many days before the request date (BHT04)
	// the service dates may start; an earlier start pends 0V (embedded
	// default 14).
	MaxRetroactiveDays int                 `json:"max_retroactive_days"`
	Tables             map[string][]string `json:"tables,omitempty"`
	Contact            *Contact            `json:"contact,omitempty"` // 2010EB on pended responses
	// Clocks, TimeZone, Holidays and CloseOut are the review cases'
	// settings: the clock regime (ClocksCMS or ClocksCORE), the calendar's
	// IANA zone and holidays (HolidaysUSFederal or HolidaysNone), and the
	// close-out (CloseOutAuto, CloseOutReview, CloseOutOff).
	Clocks   string `json:"clocks"`
	TimeZone string `json:"time_zone"`
	Holidays string `json:"holidays"`
	CloseOut string `json:"close_out"`

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

// Contact is whom a provider reaches about a pended request: the 278
// response names it in 2010EB (NM1*L5 and PER) of every pended event.
type Contact struct {
	Name  string `json:"name"`            // NM103, e.g. "ACME UTILIZATION MANAGEMENT"
	Phone string `json:"phone,omitempty"` // PER TE: digits only
	Email string `json:"email,omitempty"` // PER EM
}

// DefaultConfig returns the embedded default configuration (DESIGN §5):
// PI ANTHEMCT → anthem-ct-cg-dme-21 and PI VTMEDICAID → vt-dvha-eip, both
// accepting attestation, adverse review (no machine denial: clinicians make
// adverse determinations), drug_lines review, a 12-month maximum
// certification period.
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
