package adjudicate

import "encoding/json"

// The JSON shapes of the files under policies/. They are decoded strictly
// (unknown fields refused) and compiled into Policy values at load.

// codesFile is policies/codes.json: the code tables every policy shares.
type codesFile struct {
	Sources   map[string]string    `json:"sources"`
	HCR03     map[string]string    `json:"hcr03"`
	AAA       map[string]string    `json:"aaa"`
	FollowUps map[string]string    `json:"follow_ups"`
	Reasons   map[string]string    `json:"reasons"` // role → HCR03 code
	Errors    map[string]errorFile `json:"errors"`  // role → AAA03/AAA04
	Documents map[string]string    `json:"documents"`
	PWKTypes  map[string]string    `json:"pwk_types"`
	Places    []placeFile          `json:"places"`
	// Drugs are HCPCS drug facts shared by the policies: name, route and
	// tags the criteria read (policy lists such as the LCD V(A) drugs).
	Drugs      []drugFile        `json:"drugs"`
	DrugRanges []drugFile        `json:"drug_ranges"`
	DrugTags   map[string]string `json:"drug_tags"`  // tag → meaning and source
	CodeNames  map[string]string `json:"code_names"` // HCPCS → plain descriptor
	// DxGroups are the indication groups a drug's diagnosis must come
	// from (DESIGN §5: drug and diagnosis belong together), each with its
	// ICD-10-CM ranges and source.
	DxGroups map[string]dxGroupFile `json:"dx_groups"`
	// ICD10Leaves are ICD-10-CM codes known to be complete (no
	// subdivisions), each list with its source and verification mark: a
	// diagnosis extending one is no code, and one that a complete code
	// extends is a category (icd10.go).
	ICD10Leaves []leafFile `json:"icd10_leaves"`
}

// leafFile is one list of complete ICD-10-CM codes with its source.
type leafFile struct {
	Codes  []string `json:"codes"`
	Source string   `json:"source"`
}

// dxGroupFile is one indication group: a diagnosis on the request must
// fall in every one of its all-of code lists (gallium nitrate: E83.52 and a
// malignancy), or in its single list.
type dxGroupFile struct {
	Name   string     `json:"name"`
	All    [][]string `json:"all"` // each list: ICD-10-CM codes or ranges; one diagnosis per list
	Source string     `json:"source"`
}

type errorFile struct {
	Code     string `json:"code"`
	FollowUp string `json:"follow_up"`
	Text     string `json:"text"`
}

type placeFile struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Setting string `json:"setting"` // home, facility, ambiguous
}

// policyFile is one policies/<id>.json.
type policyFile struct {
	ID         string          `json:"id"`
	Version    string          `json:"version"`
	Title      string          `json:"title"`
	Seed       SeedInfo        `json:"seed"`
	Coverage   string          `json:"coverage"`
	Scope      []string        `json:"scope"`
	Classes    classesFile     `json:"classes"`
	Drugs      []drugFile      `json:"drugs"`
	DrugRanges []drugFile      `json:"drug_ranges"`
	Taxonomies taxonomyFile    `json:"taxonomies"`
	Criteria   []criterionFile `json:"criteria"`
	// Attestation names the kinds of documentation a criterion may be
	// attested by, each with the PWK01 report types that can show it and
	// why (DESIGN §5: attestation by report type, per criterion).
	Attestation map[string]attestFile `json:"attestation"`
	Choices     []Choice              `json:"choices"`
	Description string                `json:"description"`
}

// SeedInfo identifies the seed document a policy encodes.
type SeedInfo struct {
	File      string `json:"file"`
	Document  string `json:"document"`
	Effective string `json:"effective,omitempty"`
	Reviewed  string `json:"reviewed,omitempty"`
}

// Choice records a decision taken where the references disagree or are
// silent, with its reason.
type Choice struct {
	Topic  string `json:"topic"`
	Choice string `json:"choice"`
	Reason string `json:"reason"`
}

type classesFile struct {
	Pump   codeSetFile  `json:"pump"`
	Supply codeSetFile  `json:"supply"`
	Drug   drugClass    `json:"drug"`
	Routed []routedFile `json:"routed"`
}

type codeSetFile struct {
	Codes []string `json:"codes"`
	// Groups are classes of pump (pump lines only): two pumps of one group
	// on overlapping dates for one drug line are one regimen twice.
	Groups map[string][]string `json:"groups,omitempty"`
	Source string              `json:"source"`
}

// attestFile is one kind of documentation: the report types that can show
// it and the reason.
type attestFile struct {
	ReportTypes []string `json:"report_types"`
	Reason      string   `json:"reason"`
}

type drugClass struct {
	Prefixes []string `json:"prefixes"`
	NDC      bool     `json:"ndc"`
	Source   string   `json:"source"`
}

type routedFile struct {
	Codes  []string `json:"codes"`
	Tags   []string `json:"tags"`
	To     string   `json:"to"`
	Source string   `json:"source"`
}

type drugFile struct {
	Code             string   `json:"code"`
	Name             string   `json:"name"`
	Route            string   `json:"route"`
	Tags             []string `json:"tags"`
	LabelHoursPerDay float64  `json:"label_hours_per_day,omitempty"`
	// Indications are the drug's indication groups (dx_groups): a criterion
	// that pairs drug and diagnosis needs a diagnosis of one of them.
	Indications []string `json:"indications,omitempty"`
	// NOC marks a not-otherwise-classified code: the drug is not
	// identified, so it never satisfies an indication or a drug criterion.
	NOC bool `json:"noc,omitempty"`
	// ValidTo is the last date of service the code is valid for
	// (CCYYMMDD), or "": on later dates the code does not identify the
	// drug (criteria.md §3.2: J1457 ends 12/31/2025).
	ValidTo string `json:"valid_to,omitempty"`
	Source  string `json:"source"`
}

type taxonomyFile struct {
	Prescriber []string `json:"prescriber"`
	Supplier   []string `json:"supplier"`
	// NonPrescriber are taxonomy prefixes of providers who are not
	// prescribing practitioners (suppliers, pharmacies, nurses): as the
	// ordering provider they contradict the prescriber criteria.
	NonPrescriber []string `json:"non_prescriber"`
	Source        string   `json:"source"`
}

type criterionFile struct {
	ID        string          `json:"id"`
	Text      string          `json:"text"`
	Cite      citeFile        `json:"cite"`
	Eval      string          `json:"eval"`
	Params    json.RawMessage `json:"params"`
	Attest    string          `json:"attest"` // attestation kind ("" = documentation cannot attest it)
	Deny      bool            `json:"deny"`
	Reason    string          `json:"reason"`
	Documents []string        `json:"documents"`
	Remedy    string          `json:"remedy"`
	RouteTo   string          `json:"route_to"`
}

// citeFile is a criterion's cite: the seed file and section it comes from
// (the Citation a trace reference resolves to) and the seed's own words.
// Passage is the shortest verbatim passage of the seed that states the
// criterion, whitespace collapsed to single spaces (and a word hyphenated
// across a line break joined); empty where the criterion comes from the
// criteria reference rather than the seed. It is for display only
// ([Config.Passage]) and is never part of a decision, a trace or the
// citation tables of policies/history.
type citeFile struct {
	File    string `json:"file,omitempty"`
	Section string `json:"section"`
	Passage string `json:"passage,omitempty"`
}

// params are an evaluator's parameters; each evaluator reads its own subset
// and checks at load that the ones it needs are present.
type params struct {
	All         []string            `json:"all"`
	Any         []string            `json:"any"`
	DrugTags    []string            `json:"drug_tags"`
	ExcludeTags []string            `json:"exclude_tags"`
	Dx          []string            `json:"dx"`
	DxOnly      bool                `json:"dx_only"`
	Combine     string              `json:"combine"`
	Gender      string              `json:"gender"`
	Doc         bool                `json:"doc"`
	Routes      []string            `json:"routes"`
	FailRoutes  []string            `json:"fail_routes"`
	DocRoutes   []string            `json:"doc_routes"`
	MinHours    float64             `json:"min_hours"`
	MaxHours    float64             `json:"max_hours"`
	ShortReview bool                `json:"short_review"`
	RequireHome bool                `json:"require_home"`
	RoutedTags  []string            `json:"routed_tags"`
	Pairs       map[string][]string `json:"pairs"`
	Table       string              `json:"table"`
	Modifiers   []string            `json:"modifiers"`
	CertTypes   []string            `json:"cert_types"`
	// AppliesRoutes limits a composite set to driving drugs of these
	// routes; for any other it and its members are not applicable.
	AppliesRoutes []string `json:"applies_routes"`
	// DrugDx pairs drug and diagnosis: the driving drug's own indication
	// group must be on the request.
	DrugDx bool `json:"drug_dx"`
	// ReviewGroups and DocGroups are indication groups whose pairing a
	// clinician judges (review) or documents settle (doc) rather than the
	// code table.
	ReviewGroups []string `json:"review_groups"`
	DocGroups    []string `json:"doc_groups"`
	// ContraTags are drug tags that contradict the criterion (a drug the
	// table lists for intermittent infusion, for a prolonged-infusion
	// criterion): a clinician judges, documents cannot attest.
	ContraTags []string `json:"contra_tags"`
	// UnlistedAttest is the attestation kind for the part a drug's list
	// entry would have shown (clinical efficacy), when the drug is not on
	// the list.
	UnlistedAttest string `json:"unlisted_attest"`
	// Exclusive pump/drug pairs: the pump is for those drugs only and
	// those drugs for that pump only.
	Exclusive bool `json:"exclusive"`
	// PriorAuth makes a previous authorization (REF*BB) a repeat service.
	PriorAuth bool `json:"prior_auth"`
}
