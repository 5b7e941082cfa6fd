package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/gate278/gate278/ops/outputs"
)

// Stored answers. A partner receives its answers live (WatchPartner); one
// published while the partner's client was disconnected is stored in
// X12_OUT but that client never sees it. The gateway therefore answers
// requests on gate278.answers.<partner> (exported to that partner's account
// only, so a partner asks only for its own): the stored answers to a file,
// found on the partner's answer subjects since a time. The reply goes to the
// requester's own account (a service import), so the request cannot make
// the gateway publish anywhere else.
const (
	// SubjectAnswersPfx + partner is where a partner asks for stored answers.
	SubjectAnswersPfx = "gate278.answers."
	// HeaderAnswersEnd ends a reply: the number of answers sent.
	HeaderAnswersEnd = "Gate278-Answers-End"
	// maxAnswerScan bounds the messages one request reads.
	maxAnswerScan = 200000
)

// answersRequest asks for the stored answers to Files (each
// "<partner>/sha256:<hex>": every submission of the same bytes by the
// partner) stored since Since. One request reads the partner's answers
// since then once, whatever the number of files.
type answersRequest struct {
	Files []string  `json:"files"`
	Since time.Time `json:"since"`
}

// maxAnswerFiles bounds the files of one request.
const maxAnswerFiles = 10000

// SameFile reports whether two inbound IDs are submissions of the same bytes
// by the same partner.
func SameFile(a, b string) bool { return fileOf(a) == fileOf(b) }

// fileOf is the part of an inbound ID that every submission of the same
// bytes by the same partner shares: "<partner>/sha256:<hex>".
func fileOf(inboundID string) string {
	parts := strings.SplitN(inboundID, "/", 3)
	if len(parts) < 2 {
		return inboundID
	}
	return parts[0] + "/" + parts[1]
}

// ServeAnswers answers partners' requests for stored answers until ctx is
// done (Gateway.StartWorker starts it). Requests are shared by every
// gateway process (a queue group).
func ServeAnswers(ctx context.Context, js jetstream.JetStream, kinds outputs.Table) (*nats.Subscription, error) {
	nc := js.Conn()
	sub, err := nc.QueueSubscribe(SubjectAnswersPfx+"*", "gate278", func(m *nats.Msg) {
		go answer(ctx, js, kinds, m)
	})
	if err != nil {
		return nil, fmt.Errorf("transport: answers: %w", err)
	}
	return sub, nil
}

// answer sends the stored answers for one request, then the end marker.
func answer(ctx context.Context, js jetstream.JetStream, kinds outputs.Table, m *nats.Msg) {
	if m.Reply == "" {
		return
	}
	sent := 0
	defer func() {
		end := nats.NewMsg(m.Reply)
		end.Header.Set(HeaderAnswersEnd, strconv.Itoa(sent))
		_ = js.Conn().PublishMsg(end)
	}()
	partner := strings.TrimPrefix(m.Subject, SubjectAnswersPfx)
	var req answersRequest
	if ValidPartner(partner) != nil || json.Unmarshal(m.Data, &req) != nil || len(req.Files) > maxAnswerFiles {
		return
	}
	files := map[string]bool{}
	for _, f := range req.Files {
		if strings.HasPrefix(f, partner+"/") { // its own files only
			files[f] = true
		}
	}
	if len(files) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var filters []string
	for _, subj := range partnerStreams(partner, kinds) {
		if !strings.HasPrefix(subj, SubjectDLQPfx) {
			filters = append(filters, subj)
		}
	}
	for _, s := range []struct {
		stream  string
		filters []string
	}{{StreamOut, filters}, {StreamDLQ, []string{SubjectDLQPfx + partner}}} {
		n, err := sendStored(ctx, js, s.stream, s.filters, req.Since, files, m.Reply)
		sent += n
		if err != nil {
			return
		}
	}
}

// sendStored sends to reply the messages of stream on filters stored since
// since that answer one of files.
func sendStored(ctx context.Context, js jetstream.JetStream, stream string, filters []string, since time.Time, files map[string]bool, reply string) (int, error) {
	cons, err := js.OrderedConsumer(ctx, stream, jetstream.OrderedConsumerConfig{
		FilterSubjects: filters, DeliverPolicy: jetstream.DeliverByStartTimePolicy, OptStartTime: &since,
	})
	if err != nil {
		return 0, err
	}
	sent := 0
	for range maxAnswerScan {
		msg, err := cons.Next(jetstream.FetchMaxWait(time.Second))
		if errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
			return sent, nil // caught up
		}
		if err != nil {
			return sent, err
		}
		if files[fileOf(msg.Headers().Get(HeaderInboundID))] {
			out := &nats.Msg{Subject: reply, Header: cloneHeader(msg.Headers()), Data: msg.Data()}
			out.Header.Set("Gate278-Answer-Subject", msg.Subject())
			if err := js.Conn().PublishMsg(out); err != nil {
				return sent, err
			}
			sent++
		}
		if md, err := msg.Metadata(); err == nil && md.NumPending == 0 {
			return sent, nil
		}
	}
	return sent, nil
}

// FetchAnswers asks the gateway for the stored answers to the files of
// inboundIDs (every submission of their bytes by partner) stored since
// since: those a partner's client missed while disconnected. It needs only
// the partner's own account. A Delivery's InboundID is the submission that
// was answered (Files tells which of inboundIDs it answers).
func FetchAnswers(ctx context.Context, nc *nats.Conn, partner string, inboundIDs []string, since time.Time) ([]Delivery, error) {
	req := answersRequest{Since: since}
	for _, id := range inboundIDs {
		req.Files = append(req.Files, fileOf(id))
	}
	body, _ := json.Marshal(req)
	inbox := nc.NewRespInbox()
	sub, err := nc.SubscribeSync(inbox)
	if err != nil {
		return nil, fmt.Errorf("transport: fetch answers: %w", err)
	}
	defer sub.Unsubscribe()
	if err := nc.PublishRequest(SubjectAnswersPfx+partner, inbox, body); err != nil {
		return nil, fmt.Errorf("transport: fetch answers: %w", err)
	}
	var out []Delivery
	for {
		m, err := sub.NextMsgWithContext(ctx)
		if err != nil {
			return out, fmt.Errorf("transport: fetch answers: %w", err)
		}
		if m.Header.Get(HeaderAnswersEnd) != "" {
			return out, nil
		}
		d := Delivery{Subject: m.Header.Get("Gate278-Answer-Subject"), Header: m.Header, Data: m.Data}
		d.InboundID, d.Kind = d.Header.Get(HeaderInboundID), d.Header.Get(HeaderKind)
		if strings.HasPrefix(d.Subject, SubjectDLQPfx) {
			d.Kind = KindDeadLetter
		}
		out = append(out, d)
	}
}
