package adjudicate

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRequestErrors(t *testing.T) {
	pump := []Line{hc("E0779"), hc("J9190")}
	notConsidered := func(t *testing.T, res *Result) {
		t.Helper()
		for i := range res.Lines {
			require.Empty(t, res.Lines[i].Action, "line %d must get no HCR", i)
			require.Equal(t, RuleNotConsidered, res.Lines[i].Trace.Rule)
		}
		require.Empty(t, res.Event.Action, "event must get no HCR")
		require.False(t, res.Pending)
	}
	tests := []struct {
		name     string
		lines    []Line
		mods     []mod
		errors   []RequestError // Result.Errors
		event    []RequestError // Event.Errors
		lineErrs map[int][]RequestError
		want     want
	}{
		{
			name: "unknown UMO: AAA at 2010A and no HCR",
			mods: []mod{func(r *Request) { r.PayerID = "SOMEPAYER" }},
			errors: []RequestError{{Loop: "2010A", Line: -1, Code: "79", FollowUp: "N",
				Reason: "the UMO (2010A NM108/NM109) is not a payer served by this gateway"}},
			want: want{check: notConsidered},
		},
		{
			name:   "payer ID with the wrong qualifier is unknown",
			mods:   []mod{func(r *Request) { r.PayerQualifier = "XV" }},
			errors: []RequestError{{Loop: "2010A", Line: -1, Code: "79", FollowUp: "N", Reason: "the UMO (2010A NM108/NM109) is not a payer served by this gateway"}},
		},
		{
			name:   "missing UMO identifier",
			mods:   []mod{func(r *Request) { r.PayerID = "" }},
			errors: []RequestError{{Loop: "2010A", Line: -1, Code: "T4", FollowUp: "N", Reason: "the UMO identifier (2010A NM109) is missing"}},
		},
		{
			name:   "missing subscriber ID: AAA 72 at 2010C",
			mods:   []mod{func(r *Request) { r.SubscriberID = "" }},
			errors: []RequestError{{Loop: "2010C", Line: -1, Code: "72", FollowUp: "C", Reason: "the subscriber member ID (2010C NM109) is missing"}},
			want:   want{check: notConsidered},
		},
		{
			name:  "missing diagnosis: AAA AF at 2000E",
			mods:  []mod{dx()},
			event: []RequestError{{Loop: "2000E", Line: -1, Code: "AF", FollowUp: "C", Reason: "no valid ICD-10-CM diagnosis code (2000E HI) on the request"}},
			want:  want{check: notConsidered},
		},
		{
			name:  "ICD-9 diagnoses only count as missing",
			mods:  []mod{func(r *Request) { r.Event.Diagnoses = []Diagnosis{{Qualifier: "BK", Code: "1539"}} }},
			event: []RequestError{{Loop: "2000E", Line: -1, Code: "AF", FollowUp: "C", Reason: "no valid ICD-10-CM diagnosis code (2000E HI) on the request"}},
		},
		{
			name:  "malformed diagnosis code",
			mods:  []mod{dx("C18.9")},
			event: []RequestError{{Loop: "2000E", Line: -1, Code: "AF", FollowUp: "C", Reason: "no valid ICD-10-CM diagnosis code (2000E HI) on the request"}},
		},
		{
			name:  "impossible event date: AAA 57 at 2000E",
			mods:  []mod{func(r *Request) { r.Event.From, r.Event.To = "20260231", "20260301" }},
			event: []RequestError{{Loop: "2000E", Line: -1, Code: "57", FollowUp: "C", Reason: "service dates are missing, not valid CCYYMMDD dates, or end before they start"}},
		},
		{
			name:  "event dates ending before they start",
			mods:  []mod{func(r *Request) { r.Event.From, r.Event.To = "20260331", "20260301" }},
			event: []RequestError{{Loop: "2000E", Line: -1, Code: "57", FollowUp: "C", Reason: "service dates are missing, not valid CCYYMMDD dates, or end before they start"}},
		},
		{
			name:  "bad procedure code: AAA AG on that line only",
			lines: []Line{hc("E0779"), hc("E07"), hc("J9190")},
			lineErrs: map[int][]RequestError{1: {{Loop: "2000F", Line: 1, Code: "AG", FollowUp: "C",
				Reason: "the procedure code is not a well-formed HCPCS code or 11-digit NDC"}}},
			want: want{actions: []string{"A1", "", "A4"}, event: "A4"},
		},
		{
			name:     "bad NDC",
			lines:    []Line{hc("E0779"), {Qualifier: "N4", Code: "0040941550", Units: 1}},
			lineErrs: map[int][]RequestError{1: {{Loop: "2000F", Line: 1, Code: "AG", FollowUp: "C", Reason: "the procedure code is not a well-formed HCPCS code or 11-digit NDC"}}},
		},
		{
			name:     "unsupported code qualifier: AAA 54",
			lines:    []Line{hc("E0779"), {Qualifier: "ZZ", Code: "J9190"}},
			lineErrs: map[int][]RequestError{1: {{Loop: "2000F", Line: 1, Code: "33", FollowUp: "C", Reason: "the procedure code qualifier is not HC (HCPCS) or N4 (NDC)"}}},
		},
		{
			name:  "no service dates anywhere: AAA 57 on the lines",
			lines: []Line{hc("E0779")},
			mods:  []mod{func(r *Request) { r.Event.From, r.Event.To = "", "" }},
			lineErrs: map[int][]RequestError{0: {{Loop: "2000F", Line: 0, Code: "57", FollowUp: "C",
				Reason: "service dates are missing, not valid CCYYMMDD dates, or end before they start"}}},
			want: want{
				actions: []string{""}, event: "A3", eventReasons: []string{"25"},
				check: func(t *testing.T, res *Result) {
					require.Contains(t, res.Event.Message, "No service line could be considered")
				},
			},
		},
		{
			name:  "line dates are used before the event's",
			lines: []Line{func() Line { l := hc("E0779"); l.From, l.To = "20260310", "20260325"; return l }(), hc("J9190")},
			want: want{check: func(t *testing.T, res *Result) {
				require.Equal(t, "20260310", res.Lines[0].CertFrom)
				require.Equal(t, "20260325", res.Lines[0].CertTo)
			}},
		},
		{
			name:  "line dates outside the event's cannot be certified as asked: review",
			lines: []Line{func() Line { l := hc("E0779"); l.From, l.To = "20260310", "20260409"; return l }(), hc("J9190")},
			want: want{
				actions: []string{"A4", "A4"}, reasons: map[int][]string{0: {"0V"}}, rule: RuleImplausible,
				check: func(t *testing.T, res *Result) {
					require.Contains(t, res.Lines[0].Trace.Implausible, evOutsideDate)
				},
			},
		},
		{
			name:  "a single date certifies that day",
			lines: []Line{func() Line { l := hc("E0779"); l.From = "20260310"; return l }(), hc("J9190")},
			want: want{check: func(t *testing.T, res *Result) {
				require.Equal(t, "20260310", res.Lines[0].CertTo)
			}},
		},
		{
			name: "cancel with the authorization number: every line and the event cancelled",
			mods: []mod{cert("3"), priorAuth("CAUTH0001")},
			want: want{
				actions: []string{"C", "C"}, event: "C", rule: RuleCancel, pending: boolp(false),
				check: func(t *testing.T, res *Result) {
					require.Equal(t, "CAUTH0001", res.Lines[0].AuthNumber)
					require.Equal(t, "CAUTH0001", res.Event.AuthNumber)
					require.Empty(t, res.Lines[0].Trace.Criteria, "a cancel evaluates no criteria")
				},
			},
		},
		{
			name: "cancel needs no diagnosis",
			mods: []mod{cert("3"), priorAuth("CAUTH0001"), dx()},
			want: want{actions: []string{"C", "C"}, event: "C"},
		},
		{
			name:  "cancel without the authorization number: AAA MA at 2000E",
			mods:  []mod{cert("3")},
			event: []RequestError{{Loop: "2000E", Line: -1, Code: "15", FollowUp: "C", Reason: "a cancellation (UM02 3) needs the authorization number to cancel (REF*BB)"}},
			want:  want{check: notConsidered},
		},
		{
			name:  "cancel of one line with its own authorization number",
			lines: []Line{func() Line { l := hc("E0779"); l.CertType, l.PriorAuth = "3", "LAUTH1"; return l }(), func() Line { l := hc("A4222"); l.CertType = "3"; return l }(), hc("J9190")},
			lineErrs: map[int][]RequestError{1: {{Loop: "2000F", Line: 1, Code: "15", FollowUp: "C",
				Reason: "a cancellation (UM02 3) needs the authorization number to cancel (REF*BB)"}}},
			want: want{
				actions: []string{"C", "", "A4"}, event: "A4",
				check: func(t *testing.T, res *Result) {
					require.Equal(t, "LAUTH1", res.Lines[0].AuthNumber)
				},
			},
		},
		{
			name:  "no service lines: the event pends",
			lines: []Line{},
			want:  want{event: "A4", eventReasons: []string{"0V"}, pending: boolp(true)},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := tc.lines
			if lines == nil {
				lines = pump
			}
			res := decide(t, newReq("ANTHEMCT", lines, tc.mods...), defaultConfig(t))
			require.Equal(t, tc.errors, res.Errors)
			require.Equal(t, tc.event, res.Event.Errors)
			for i := range res.Lines {
				require.Equal(t, tc.lineErrs[i], res.Lines[i].Errors, "errors of line %d", i)
			}
			if len(lines) > 0 {
				tc.want.verify(t, res)
			} else if tc.want.event != "" {
				require.Equal(t, tc.want.event, res.Event.Action)
				require.Equal(t, tc.want.eventReasons, res.Event.Reasons)
			}
		})
	}
}

func TestRequestErrorsCarryNoPHI(t *testing.T) {
	req := newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9190")}, func(r *Request) { r.SubscriberID = "" })
	res := decide(t, req, defaultConfig(t))
	raw, err := json.Marshal(res)
	require.NoError(t, err)
	require.NotContains(t, string(raw), "19700101", "birth date leaked")
	req = newReq("ANTHEMCT", []Line{hc("E0779"), hc("J9190")})
	res = decide(t, req, defaultConfig(t))
	raw, err = json.Marshal(res)
	require.NoError(t, err)
	require.NotContains(t, string(raw), "MEMBER0001", "member ID leaked")
	require.NotContains(t, string(raw), "19700101", "birth date leaked")
}

func TestDecideRejectsNil(t *testing.T) {
	_, err := Decide(nil, defaultConfig(t), testNow)
	require.Error(t, err)
	_, err = Decide(&Request{}, nil, testNow)
	require.Error(t, err)
	_, err = Decide(&Request{}, &Config{}, testNow)
	require.ErrorContains(t, err, "configuration not loaded")
}

func TestDeterminism(t *testing.T) {
	cfg := defaultConfig(t)
	lines := []Line{hc("E0781", hours(46)), hc("A4222"), hc("A4221"), hc("J9190")}
	a, err := json.Marshal(decide(t, newReq("ANTHEMCT", lines), cfg))
	require.NoError(t, err)
	b, err := json.Marshal(decide(t, newReq("ANTHEMCT", lines), cfg))
	require.NoError(t, err)
	require.JSONEq(t, string(a), string(b))
	require.Equal(t, a, b, "byte-identical JSON")

	r1 := decide(t, newReq("ANTHEMCT", lines, pwk("DB")), cfg)
	r2 := decide(t, newReq("ANTHEMCT", lines, pwk("DB")), cfg)
	r3 := decide(t, newReq("ANTHEMCT", lines, pwk("DB"), identity("SUBMITTER|000000102|101|0001")), cfg)
	require.Equal(t, "A1", r1.Lines[0].Action)
	require.Equal(t, r1.Lines[0].AuthNumber, r2.Lines[0].AuthNumber, "same identity, same number")
	require.NotEqual(t, r1.Lines[0].AuthNumber, r3.Lines[0].AuthNumber, "different identity, different number")
	require.Regexp(t, `^C[0-9A-HJKMNP-TV-Z]{13}$`, r1.Lines[0].AuthNumber)
	seen := map[string]bool{}
	for _, n := range []string{r1.Lines[0].AuthNumber, r1.Lines[1].AuthNumber, r1.Lines[2].AuthNumber, r1.Lines[3].AdminRef, r1.Event.AdminRef} {
		require.False(t, seen[n], "number %s repeated within a response", n)
		seen[n] = true
	}
}

func TestRefNumber(t *testing.T) {
	require.Equal(t, refNumber("a", 'C', 0), refNumber("a", 'C', 0))
	require.NotEqual(t, refNumber("a", 'C', 0), refNumber("a", 'C', 1))
	require.NotEqual(t, refNumber("a", 'C', -1), refNumber("a", 'C', 0))
	require.NotEqual(t, refNumber("a", 'C', 0)[1:], refNumber("a", 'N', 0)[1:])
	require.Len(t, refNumber("", 'R', 3), 14)
}
