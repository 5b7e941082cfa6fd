package adjudicate

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The JSON of a result, written by hand: a trace is encoded for every
// transaction set, and encoding/json's reflection cost a third of the time
// of a run with traces. AppendJSON writes byte for byte what
// encoding/json.Marshal writes for the same value (field order, omitempty,
// null for nil slices, HTML-safe escaping); TestResultJSONMatchesMarshal
// holds it to that, so a field added to these types must be added here.

// AppendJSON appends the JSON encoding of r to b, identical to
// json.Marshal(r).
func (r *Result) AppendJSON(b []byte) []byte {
	if r == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"payer":`...)
	b = AppendJSONString(b, r.Payer)
	b = append(b, `,"policy":`...)
	b = AppendJSONString(b, r.Policy)
	b = append(b, `,"policy_version":`...)
	b = AppendJSONString(b, r.PolicyVersion)
	b = append(b, `,"decided_at":`...)
	b = appendTime(b, r.DecidedAt)
	b = append(b, `,"event":`...)
	b = r.Event.appendJSON(b)
	b = append(b, `,"lines":`...)
	if r.Lines == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range r.Lines {
			if i > 0 {
				b = append(b, ',')
			}
			b = r.Lines[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	if len(r.Errors) > 0 {
		b = append(b, `,"errors":`...)
		b = appendErrors(b, r.Errors)
	}
	b = append(b, `,"pending":`...)
	b = strconv.AppendBool(b, r.Pending)
	return append(b, '}')
}

func (e *EventDecision) appendJSON(b []byte) []byte {
	b = append(b, '{')
	first := true
	b = optString(b, &first, "action", e.Action)
	b = optStrings(b, &first, "reasons", e.Reasons)
	b = optString(b, &first, "auth_number", e.AuthNumber)
	b = optString(b, &first, "cert_from", e.CertFrom)
	b = optString(b, &first, "cert_to", e.CertTo)
	b = optString(b, &first, "admin_ref", e.AdminRef)
	b = optString(b, &first, "message", e.Message)
	b = optString(b, &first, "rule", e.Rule)
	if len(e.Errors) > 0 {
		b = key(b, &first, "errors")
		b = appendErrors(b, e.Errors)
	}
	return append(b, '}')
}

func (l *LineDecision) appendJSON(b []byte) []byte {
	b = append(b, `{"line":`...)
	b = strconv.AppendInt(b, int64(l.Line), 10)
	b = append(b, `,"code":`...)
	b = AppendJSONString(b, l.Code)
	b = append(b, `,"class":`...)
	b = AppendJSONString(b, l.Class)
	first := false
	b = optString(b, &first, "action", l.Action)
	b = optStrings(b, &first, "reasons", l.Reasons)
	b = optString(b, &first, "auth_number", l.AuthNumber)
	b = optString(b, &first, "cert_from", l.CertFrom)
	b = optString(b, &first, "cert_to", l.CertTo)
	b = optString(b, &first, "admin_ref", l.AdminRef)
	b = optStrings(b, &first, "documents", l.Documents)
	b = optString(b, &first, "message", l.Message)
	if len(l.Errors) > 0 {
		b = append(b, `,"errors":`...)
		b = appendErrors(b, l.Errors)
	}
	b = append(b, `,"trace":`...)
	b = l.Trace.appendJSON(b)
	return append(b, '}')
}

func (t *Trace) appendJSON(b []byte) []byte {
	b = append(b, `{"policy":`...)
	b = AppendJSONString(b, t.Policy)
	b = append(b, `,"version":`...)
	b = AppendJSONString(b, t.Version)
	b = append(b, `,"rule":`...)
	b = AppendJSONString(b, t.Rule)
	if t.Drug != (DrivingDrug{}) {
		b = append(b, `,"drug":{"line":`...)
		b = strconv.AppendInt(b, int64(t.Drug.Line), 10)
		b = append(b, `,"code":`...)
		b = AppendJSONString(b, t.Drug.Code)
		b = append(b, '}')
	}
	if len(t.Criteria) > 0 {
		b = append(b, `,"criteria":[`...)
		for i := range t.Criteria {
			if i > 0 {
				b = append(b, ',')
			}
			b = t.Criteria[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	first := false
	b = optStrings(b, &first, "decisive", t.Decisive)
	b = append(b, `,"follows_line":`...)
	b = strconv.AppendInt(b, int64(t.FollowsLine), 10)
	b = optString(b, &first, "recommended", t.Recommended)
	b = optStrings(b, &first, "recommended_reasons", t.RecommendedReasons)
	b = optStrings(b, &first, "to_change", t.ToChange)
	b = optStrings(b, &first, "implausible", t.Implausible)
	b = optStrings(b, &first, "notes", t.Notes)
	return append(b, '}')
}

func (c *CriterionResult) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = AppendJSONString(b, c.ID)
	b = append(b, `,"result":`...)
	b = AppendJSONString(b, c.Result)
	first := false
	b = optString(b, &first, "needs", c.Needs)
	b = optString(b, &first, "kind", c.Kind)
	b = optString(b, &first, "attachment", c.Attachment)
	b = optStrings(b, &first, "evidence", c.Evidence)
	return append(b, '}')
}

func appendErrors(b []byte, errs []RequestError) []byte {
	b = append(b, '[')
	for i := range errs {
		e := &errs[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"loop":`...)
		b = AppendJSONString(b, e.Loop)
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, int64(e.Line), 10)
		b = append(b, `,"code":`...)
		b = AppendJSONString(b, e.Code)
		b = append(b, `,"follow_up":`...)
		b = AppendJSONString(b, e.FollowUp)
		b = append(b, `,"reason":`...)
		b = AppendJSONString(b, e.Reason)
		b = append(b, '}')
	}
	return append(b, ']')
}

// key writes a field name, with the comma before it unless it is the
// object's first field.
func key(b []byte, first *bool, name string) []byte {
	if !*first {
		b = append(b, ',')
	}
	*first = false
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// optString writes a string field tagged omitempty.
func optString(b []byte, first *bool, name, v string) []byte {
	if v == "" {
		return b
	}
	return AppendJSONString(key(b, first, name), v)
}

// optStrings writes a string list field tagged omitempty.
func optStrings(b []byte, first *bool, name string, vs []string) []byte {
	if len(vs) == 0 {
		return b
	}
	return AppendJSONStrings(key(b, first, name), vs)
}

// AppendJSONStrings appends a JSON array of strings ("null" for a nil
// slice, as encoding/json writes it).
func AppendJSONStrings(b []byte, vs []string) []byte {
	if vs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendJSONString(b, v)
	}
	return append(b, ']')
}

// appendTime writes a time as encoding/json does (RFC 3339 with
// nanoseconds, quoted).
func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it: quotes, backslashes and control characters, the HTML
// characters <, > and &, U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
