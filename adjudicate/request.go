package adjudicate

// Request is the structured evidence of one 278 transaction set (one
// patient event). The caller maps a decoded 278 into it; the engine never
// sees X12 syntax. Strings hold element values as sent, without padding.
type Request struct {
	// Identity is the stable identity of the transaction set (sender, ISA13,
	// GS06, ST02). It seeds authorization and reference numbers, so the same
	// identity always yields the same numbers.
	Identity string
	// Date is the request's creation date (BHT04) as CCYYMMDD, or "": the
	// request date the retroactive-start check measures from.
	Date string
	// PayerQualifier and PayerID are the UMO's 2010A NM108 and NM109.
	PayerQualifier, PayerID string
	// SubscriberID is the 2010C NM109 ("" when missing). It is checked for
	// presence only and never copied into a trace or error.
	SubscriberID string
	// Patient holds the patient's demographics (never logged).
	Patient Person
	// Requester is the 2010B requesting provider.
	Requester Provider
	// Event is the 2000E patient event.
	Event Event
	// Lines are the 2000F service lines in request order.
	Lines []Line
}

// Person holds the demographics the criteria may use.
type Person struct {
	// Gender is DMG03: "F", "M" or "U" ("" when absent).
	Gender string
	// BirthDate is DMG02 as CCYYMMDD, or "". It is never logged.
	BirthDate string
}

// Provider is a requester (2010B), event provider (2010EA) or service
// provider (2010F).
type Provider struct {
	// Entity is NM101 (DK ordering, SJ service, 71 attending, 1P provider…).
	Entity string
	// NPI is NM109 when NM108 is "XX", else "".
	NPI string
	// Taxonomy is PRV03 (health care provider taxonomy code), or "".
	Taxonomy string
	// Role is PRV01 (AS, OP, OR, OT, PC, PE, RF…), or "".
	Role string
}

// Diagnosis is one HI composite.
type Diagnosis struct {
	// Qualifier is the code list qualifier (ABK, ABF, ABJ, APR for ICD-10-CM;
	// BK, BF… for ICD-9-CM, which no criterion reads).
	Qualifier string
	// Code is the diagnosis code as sent, without a decimal point.
	Code string
}

// Attachment is one PWK segment.
type Attachment struct {
	// ReportType is PWK01 (DB, B3, PE, 03, 08, 09, M1, 77…).
	ReportType string
	// Transmission is PWK02 (AA, BM, EL, EM, FX…).
	Transmission string
	// ControlNumber is PWK06, or "".
	ControlNumber string
}

// DeliveryPattern is one HSD segment: how much of a service is delivered
// over which period (e.g. 46 hours per episode).
type DeliveryPattern struct {
	Qualifier       string  // HSD01: HS hours, DY days, FL units, MN months, VS visits
	Quantity        float64 // HSD02
	UnitBasis       string  // HSD03: DA, MO, WK, YR
	Modulus         float64 // HSD04
	PeriodQualifier string  // HSD05: 6 hour, 7 day, 26 episode, 34 month, 35 week…
	Periods         float64 // HSD06
}

// Event is the 2000E patient event.
type Event struct {
	Category       string // UM01: HS, SC, AR, IN
	CertType       string // UM02: I, R, S, 4, 3, 1, 2
	ServiceType    string // UM03
	POS            string // UM04-1 when UM04-2 is "B", else ""
	LevelOfService string // UM06
	PriorAuth      string // REF*BB previous authorization number
	AdminRef       string // REF*NT administrative reference number
	From, To       string // DTP*AAH as CCYYMMDD (To == From for D8; "" when absent)
	Diagnoses      []Diagnosis
	Attachments    []Attachment
	Providers      []Provider        // 2010EA
	Delivery       []DeliveryPattern // HSD
	HasMessage     bool              // MSG present; free text never satisfies a criterion
}

// Line is one 2000F service line.
type Line struct {
	// Category, CertType, ServiceType and POS are the line UM01–UM04; ""
	// inherits the event's value.
	Category, CertType, ServiceType, POS string
	PriorAuth, AdminRef                  string // REF*BB, REF*NT
	From, To                             string // DTP*472 as CCYYMMDD; "" inherits the event's dates
	Qualifier                            string // SV1-01-1 / SV2-02-1: HC HCPCS, N4 NDC…
	Code                                 string // procedure code or NDC
	Modifiers                            []string
	Units                                float64 // SV104 / SV205 (0 when absent)
	// UnitsSent reports that the line carried a quantity (SV104 / SV205),
	// so that Units 0 is a quantity of zero, not an absent one.
	UnitsSent   bool
	UnitBasis   string            // SV103 / SV204
	Delivery    []DeliveryPattern // HSD
	Attachments []Attachment
	Providers   []Provider // 2010F
}
