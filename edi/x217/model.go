package x217

import (
	"unsafe"

	"github.com/gate278/gate278/edi"
)

// Request is a decoded 278 request transaction set. Every loop keeps all
// its segments in order (Segments), those the model names and those it
// does not, so that Encode reproduces the set; the typed fields are read
// from them.
//
// A Request decoded from a set held by ack.Walk shares that set's memory
// for its Segments: use it within the handler call. Its strings are its own.
type Request struct {
	Control    string // ST02
	Convention string // ST03
	BHT        BHT
	Header     []edi.Segment // ST and BHT

	UMO        Party  // 2000A / 2010A
	Requester  Party  // 2000B / 2010B
	Subscriber Party  // 2000C / 2010C
	Dependent  *Party // 2000D / 2010D, nil when the patient is the subscriber
	Event      Event  // 2000E
	Lines      []Line // 2000F, in request order
	Trailer    []edi.Segment
}

// BHT is the beginning of hierarchical transaction.
type BHT struct {
	Structure, Purpose, Reference, Date, Time, Type string
}

// Patient returns the patient: the dependent when there is one, else the
// subscriber.
func (r *Request) Patient() *Party {
	if r.Dependent != nil {
		return r.Dependent
	}
	return &r.Subscriber
}

// HL is a hierarchical level.
type HL struct {
	ID, Parent int    // HL01, HL02 (0 when absent or not a number)
	Level      string // HL03: 20, 21, 22, 23, EV, SS
	Child      bool   // HL04 is 1
}

// Loop is the ordered segments of one loop occurrence.
type Loop struct {
	ID       string
	Segments []edi.Segment
}

// Party is a 2000A–2000D level with its 2010 name loop.
type Party struct {
	HL   HL
	Loop Loop // the 2000x segments (HL)
	Name Name
	Sub  Loop // the 2010x segments (NM1, REF, N3, N4, PER, PRV, DMG, INS)
	Refs []Ref
	// Gender and BirthDate come from DMG (2010C/2010D). They are PHI: never
	// log them.
	Gender, BirthDate string
	Taxonomy, Role    string // PRV03, PRV01
}

// Name is an NM1 segment.
type Name struct {
	Entity, Type, Last, First, Middle, Suffix, IDQualifier, ID string
}

// Ref is a REF segment.
type Ref struct{ Qualifier, Value string }

// TraceNumber is a TRN segment: a trace number that a party gave the
// request (TRN01 1, current transaction) or that refers to another one
// (TRN01 2, referenced transaction).
type TraceNumber struct{ Type, Number, Originator, Secondary string }

// UM is the health care services review information.
type UM struct {
	Category, CertType, ServiceType, Facility, FacilityQualifier, LevelOfService string
}

// POS returns the place of service: UM04-1 when UM04-2 is B.
func (u UM) POS() string {
	if u.FacilityQualifier == "B" {
		return u.Facility
	}
	return ""
}

// Date is a DTP segment.
type Date struct{ Qualifier, Format, Value string }

// Range returns the date or range as from/to (CCYYMMDD).
func (d Date) Range() (from, to string) {
	switch {
	case d.Format == "D8" && len(d.Value) == 8:
		return d.Value, d.Value
	case d.Format == "RD8" && len(d.Value) == 17:
		return d.Value[:8], d.Value[9:]
	}
	return "", ""
}

// Diagnosis is one HI composite.
type Diagnosis struct{ Qualifier, Code string }

// DeliveryPattern is an HSD segment: how much of a service, how often and
// over what period.
type DeliveryPattern struct {
	Qualifier, Quantity, UnitBasis, Modulus, PeriodQualifier, Periods, Pattern, Time string
}

// Attachment is a PWK segment.
type Attachment struct{ ReportType, Transmission, IDQualifier, ControlNumber string }

// Provider is a 2010EA or 2010F loop.
type Provider struct {
	Name     Name
	Loop     Loop
	Taxonomy string // PRV03
	Role     string // PRV01
}

// Event is the 2000E patient event.
type Event struct {
	HL           HL
	Loop         Loop // 2000E segments from HL to MSG
	TraceNumbers []TraceNumber
	UM           UM
	Refs         []Ref
	Dates        []Date
	Diagnoses    []Diagnosis
	Delivery     []DeliveryPattern
	Attachments  []Attachment
	Messages     []string
	Providers    []Provider // 2010EA
	Other        []Loop     // 2010EB, 2010EC
	Sub          Loop       // every 2010E segment in request order
}

// Service is the SV1, SV2 or SV3 of a line.
type Service struct {
	Segment                      string // SV1, SV2, SV3
	Qualifier, Code, Description string
	Modifiers                    []string
	Charge, UnitBasis, Units     string
	Revenue                      string // SV201
}

// Line is a 2000F service line.
type Line struct {
	HL           HL
	Loop         Loop
	TraceNumbers []TraceNumber
	// UM is the line's own UM, zero when the line has none (UM is
	// situational at 2000F): the event's UM then applies to the line.
	UM          UM
	Refs        []Ref
	Dates       []Date
	Service     Service
	Delivery    []DeliveryPattern
	Attachments []Attachment
	Messages    []string
	Providers   []Provider // 2010F
	Sub         Loop       // every 2010F segment in request order
}

// Ref returns the value of the first REF with qualifier q.
func refValue(refs []Ref, q string) string {
	for _, r := range refs {
		if r.Qualifier == q {
			return r.Value
		}
	}
	return ""
}

// PriorAuth returns REF*BB.
func (e *Event) PriorAuth() string { return refValue(e.Refs, "BB") }

// AdminRef returns REF*NT.
func (e *Event) AdminRef() string { return refValue(e.Refs, "NT") }

// PriorAuth returns REF*BB.
func (l *Line) PriorAuth() string { return refValue(l.Refs, "BB") }

// AdminRef returns REF*NT.
func (l *Line) AdminRef() string { return refValue(l.Refs, "NT") }

// strs turns bytes into strings that share append-only chunks, so that a
// decoded request costs a few allocations instead of one per value. A
// chunk is never written again once a string points into it.
type strs struct{ buf []byte }

func (a *strs) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, max(2048, len(b)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[start], len(b))
}
