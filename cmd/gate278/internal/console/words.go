package console

import (
	"strings"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/edi/x217"
)

// The code lists below are the guide's (005010X217) for the elements the
// case page names; an unlisted code is shown as it is.

// entityWords names NM101 entity identifier codes.
var entityWords = map[string]string{
	"X3": "utilization management organization", "1P": "provider", "FA": "facility", "IL": "subscriber",
	"QC": "patient", "DK": "ordering provider", "SJ": "service provider", "71": "attending physician",
	"72": "operating physician", "73": "other physician", "77": "service location", "AAJ": "admitting services",
	"DN": "referring provider", "P3": "primary care provider", "QB": "purchase service provider",
	"QV": "group practice", "1T": "physician, clinic or group practice", "45": "drop-off location",
	"FS": "final scheduled destination", "ND": "next destination", "PW": "pickup address", "DD": "assistant surgeon",
	"2B": "third-party administrator", "ABG": "organization", "G3": "clinic", "GB": "other insured",
}

// dateWords names DTP01 date qualifiers.
var dateWords = map[string]string{
	"AAH": "event date", "472": "service date", "435": "admission date", "096": "discharge date",
	"439": "accident date", "ABC": "estimated date of birth", "484": "last menstrual period",
	"102": "issue date", "007": "effective date", "036": "expiration date",
}

// diagnosisWords names HI qualifiers.
var diagnosisWords = map[string]string{
	"ABK": "principal diagnosis (ICD-10-CM)", "ABF": "diagnosis (ICD-10-CM)", "ABJ": "admitting diagnosis (ICD-10-CM)",
	"BK": "principal diagnosis (ICD-9-CM)", "BF": "diagnosis (ICD-9-CM)", "BJ": "admitting diagnosis (ICD-9-CM)",
	"APR": "patient's reason for visit", "PR": "patient's reason for visit (ICD-9)", "LOI": "documents requested (LOINC)",
}

// categoryWords names UM01 request categories; certWords UM02
// certification types; levelWords UM06 levels of service.
var (
	categoryWords = map[string]string{"HS": "health services review", "SC": "specialty care review",
		"AR": "admission review", "IN": "individual", "AC": "accident"}
	certWords = map[string]string{"I": "initial request", "1": "appeal (immediate)", "2": "appeal (standard)",
		"3": "cancellation", "4": "extension", "S": "revision", "R": "renewal"}
	levelWords = map[string]string{"U": "urgent", "03": "emergency", "E": "elective"}
	transWords = map[string]string{"BM": "by mail", "EL": "electronically only", "EM": "by e-mail",
		"FX": "by fax", "FT": "by file transfer", "AA": "available on request at the provider's office",
		"VO": "voice (conversational)"}
	actionWords = map[string]string{
		adjudicate.ActionCertified: "certified", adjudicate.ActionPended: "pended", "A3": "not certified",
		"A6": "modified", "A2": "certified in part", "C": "cancelled", "CT": "contact payer", "NA": "no action required"}
	resultWords = map[string]string{"met": "met", "not_met": "not met", "unknown": "unknown", "attested": "met (attested)",
		"skipped": "skipped", "not_applicable": "not applicable"}
)

// word is m[code] with the code, or the code alone.
func word(m map[string]string, code string) string {
	if code == "" {
		return ""
	}
	if w := m[code]; w != "" {
		return w + " (" + code + ")"
	}
	return code
}

// name writes an NM1 name: person "First Middle Last Suffix", or the
// organization's name.
func name(n x217.Name) string {
	parts := []string{}
	for _, p := range []string{n.First, n.Middle, n.Last, n.Suffix} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// idWords writes an NM108/NM109 identifier: "NPI 1234567893".
func idWords(n x217.Name) string {
	q := map[string]string{"XX": "NPI", "MI": "member ID", "PI": "payer ID", "24": "EIN", "34": "SSN", "46": "ETIN", "II": "health plan ID"}[n.IDQualifier]
	if q == "" {
		q = n.IDQualifier
	}
	if n.ID == "" {
		return ""
	}
	return strings.TrimSpace(q + " " + n.ID)
}

// ccyymmdd writes a CCYYMMDD date as "3 March 2026".
func ccyymmdd(s string) string {
	t, err := time.Parse("20060102", s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

// dateRange writes a DTP as words.
func dateRange(d x217.Date) string {
	from, to := d.Range()
	switch {
	case from == "":
		return d.Value
	case from == to:
		return ccyymmdd(from)
	}
	return ccyymmdd(from) + " to " + ccyymmdd(to)
}

// icd writes an ICD-10 code with its period (C50911 → C50.911).
func icd(code string) string {
	if len(code) > 3 {
		return code[:3] + "." + code[3:]
	}
	return code
}
