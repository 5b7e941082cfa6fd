package pipeline

import (
	"strconv"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/edi/x217"
)

// The mapping between the X12 model and the engine: engineRequest turns a
// decoded 278 request into the engine's input, response turns the engine's
// result into the 278 response model.

// engineRequest maps a decoded 278 request to the engine's structured
// input. Only structured data crosses: free text (MSG) is reduced to its
// presence.
func engineRequest(identity string, r *x217.Request) *adjudicate.Request {
	req := &adjudicate.Request{
		Identity:       identity,
		Date:           r.BHT.Date,
		PayerQualifier: r.UMO.Name.IDQualifier,
		PayerID:        r.UMO.Name.ID,
		SubscriberID:   r.Subscriber.Name.ID,
		Patient:        adjudicate.Person{Gender: r.Patient().Gender, BirthDate: r.Patient().BirthDate},
		Requester:      adjudicate.Provider{Entity: r.Requester.Name.Entity, NPI: npi(r.Requester.Name), Taxonomy: r.Requester.Taxonomy, Role: r.Requester.Role},
		Event:          engineEvent(&r.Event),
		Lines:          make([]adjudicate.Line, len(r.Lines)),
	}
	for i := range r.Lines {
		req.Lines[i] = engineLine(&r.Lines[i])
	}
	return req
}

// engineEvent maps the 2000E patient event.
func engineEvent(ev *x217.Event) adjudicate.Event {
	out := adjudicate.Event{
		Category:       ev.UM.Category,
		CertType:       ev.UM.CertType,
		ServiceType:    ev.UM.ServiceType,
		POS:            ev.UM.POS(),
		LevelOfService: ev.UM.LevelOfService,
		PriorAuth:      ev.PriorAuth(),
		AdminRef:       ev.AdminRef(),
		Diagnoses:      make([]adjudicate.Diagnosis, len(ev.Diagnoses)),
		Attachments:    attachments(ev.Attachments),
		Providers:      providers(ev.Providers),
		Delivery:       deliveryPatterns(ev.Delivery),
		HasMessage:     len(ev.Messages) > 0,
	}
	out.From, out.To = dateRange(ev.Dates, "AAH")
	for i, d := range ev.Diagnoses {
		out.Diagnoses[i] = adjudicate.Diagnosis{Qualifier: d.Qualifier, Code: d.Code}
	}
	return out
}

// engineLine maps one 2000F service line.
func engineLine(l *x217.Line) adjudicate.Line {
	units, _ := strconv.ParseFloat(l.Service.Units, 64)
	line := adjudicate.Line{
		Category:    l.UM.Category,
		CertType:    l.UM.CertType,
		ServiceType: l.UM.ServiceType,
		POS:         l.UM.POS(),
		PriorAuth:   l.PriorAuth(),
		AdminRef:    l.AdminRef(),
		Qualifier:   l.Service.Qualifier,
		Code:        l.Service.Code,
		Modifiers:   l.Service.Modifiers,
		Units:       units,
		UnitsSent:   l.Service.Units != "",
		UnitBasis:   l.Service.UnitBasis,
		Delivery:    deliveryPatterns(l.Delivery),
		Attachments: attachments(l.Attachments),
		Providers:   providers(l.Providers),
	}
	line.From, line.To = dateRange(l.Dates, "472")
	return line
}

func npi(n x217.Name) string {
	if n.IDQualifier == "XX" {
		return n.ID
	}
	return ""
}

func dateRange(dates []x217.Date, qualifier string) (string, string) {
	for _, d := range dates {
		if d.Qualifier == qualifier {
			return d.Range()
		}
	}
	return "", ""
}

func attachments(in []x217.Attachment) []adjudicate.Attachment {
	if len(in) == 0 {
		return nil
	}
	out := make([]adjudicate.Attachment, len(in))
	for i, a := range in {
		out[i] = adjudicate.Attachment{ReportType: a.ReportType, Transmission: a.Transmission, ControlNumber: a.ControlNumber}
	}
	return out
}

func providers(in []x217.Provider) []adjudicate.Provider {
	if len(in) == 0 {
		return nil
	}
	out := make([]adjudicate.Provider, len(in))
	for i, p := range in {
		out[i] = adjudicate.Provider{Entity: p.Name.Entity, NPI: npi(p.Name), Taxonomy: p.Taxonomy, Role: p.Role}
	}
	return out
}

func deliveryPatterns(in []x217.DeliveryPattern) []adjudicate.DeliveryPattern {
	if len(in) == 0 {
		return nil
	}
	out := make([]adjudicate.DeliveryPattern, len(in))
	for i, d := range in {
		out[i] = adjudicate.DeliveryPattern{
			Qualifier: d.Qualifier, Quantity: num(d.Quantity), UnitBasis: d.UnitBasis,
			Modulus: num(d.Modulus), PeriodQualifier: d.PeriodQualifier, Periods: num(d.Periods),
		}
	}
	return out
}

func num(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// response builds the 278 response model from the engine's result.
func response(r *x217.Request, res *adjudicate.Result, date, tm string) *x217.Response {
	resp := &x217.Response{Request: r, Date: date, Time: tm, Pending: res.Pending, Lines: make([]x217.Decision, len(r.Lines))}
	for _, e := range res.Errors {
		a := x217.AAA{Valid: "N", Reason: e.Code, FollowUp: e.FollowUp}
		switch e.Loop {
		case "2010A", "2000A":
			resp.UMOErrors = append(resp.UMOErrors, a)
		case "2010B", "2000B":
			resp.RequesterErrors = append(resp.RequesterErrors, a)
		case "2010D", "2000D":
			resp.DependentErrors = append(resp.DependentErrors, a)
		default:
			resp.SubscriberErrors = append(resp.SubscriberErrors, a)
		}
	}
	ev := res.Event
	resp.Event = x217.Decision{Action: ev.Action, Auth: ev.AuthNumber, Reasons: ev.Reasons, Errors: aaas(ev.Errors),
		CertFrom: ev.CertFrom, CertTo: ev.CertTo, AdminRef: ev.AdminRef, Message: ev.Message}
	for i, l := range res.Lines {
		if i >= len(resp.Lines) {
			break
		}
		resp.Lines[i] = x217.Decision{Action: l.Action, Auth: l.AuthNumber, Reasons: l.Reasons, Errors: aaas(l.Errors),
			CertFrom: l.CertFrom, CertTo: l.CertTo, AdminRef: l.AdminRef, Documents: l.Documents, Message: l.Message}
	}
	return resp
}

func aaas(in []adjudicate.RequestError) []x217.AAA {
	if len(in) == 0 {
		return nil
	}
	out := make([]x217.AAA, len(in))
	for i, e := range in {
		out[i] = x217.AAA{Valid: "N", Reason: e.Code, FollowUp: e.FollowUp}
	}
	return out
}
