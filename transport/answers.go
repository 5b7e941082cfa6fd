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
// found on the partner's answer subjects. The reply goes to the requester's
// own account (a service import), so the request cannot make the gateway
// publish anywhere else.
//
// A request reads only the requested files' answers: before the worker acks
// a file it indexes, in X12_SEEN (key answers/<partner>/sha256:<hex>, kept as
// long as the file ledger), the stream sequences of the file's outputs —
// those it stored and, for a resubmission, the original answers JetStream
// kept — and the service fetches those messages by sequence, whenever they
// were stored. Only a file without an index (not answered yet, indexed
// before the entry expired, or with more outputs than an index holds) is
// looked for on the partner's subjects since the request's time. Dead
// letters are looked for on x12.dlq.<partner> since then.
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

// answerIndexKey is the ledger key of the index of a file's answers (file
// as fileOf returns it).
func answerIndexKey(file string) string { return LedgerKey("answers/" + file) }

// storedRef is where one output of a file is stored.
type storedRef struct {
	Stream string `json:"s"`
	Seq    uint64 `json:"q"`
}

// maxIndexRefs bounds one file's index; a file with more outputs is looked
// for by scanning.
const maxIndexRefs = 4096

// indexAnswers records where the outputs of a file are stored, once all
// are, before the file is acked. A failure is logged: the service then
// scans for them, and a resubmission is handled again. Only a file whose ID
// is the submitting partner's has an index.
func (w *Worker) indexAnswers(m *Message, refs []storedRef) {
	if w.seen == nil || len(refs) == 0 || len(refs) > maxIndexRefs || ValidPartner(m.Partner) != nil ||
		!strings.HasPrefix(fileOf(m.ID), m.Partner+"/") {
		return
	}
	b, _ := json.Marshal(refs)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(w.handleCtx), w.cfg.AckTimeout)
	defer cancel()
	if _, err := w.seen.Put(ctx, answerIndexKey(fileOf(m.ID)), b); err != nil {
		w.log.Debug("transport: index answers", "id", m.ID, "error", err)
	}
}

// answerService answers partners' requests for stored answers.
type answerService struct {
	js    jetstream.JetStream
	kinds outputs.Table
	index jetstream.KeyValue // X12_SEEN; nil: scan only
}

// ServeAnswers answers partners' requests for stored answers until ctx is
// done (Gateway.StartWorker starts it). Requests are shared by every
// gateway process (a queue group).
func ServeAnswers(ctx context.Context, js jetstream.JetStream, kinds outputs.Table) (*nats.Subscription, error) {
	nc := js.Conn()
	svc := &answerService{js: js, kinds: kinds}
	bctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	svc.index, _ = js.KeyValue(bctx, BucketSeen)
	cancel()
	sub, err := nc.QueueSubscribe(SubjectAnswersPfx+"*", "gate278", func(m *nats.Msg) {
		go svc.answer(ctx, m)
	})
	if err != nil {
		return nil, fmt.Errorf("transport: answers: %w", err)
	}
	return sub, nil
}

// answer sends the stored answers for one request, then the end marker.
func (svc *answerService) answer(ctx context.Context, m *nats.Msg) {
	js, kinds := svc.js, svc.kinds
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
	rest, n, err := svc.sendIndexed(ctx, partner, filters, files, m.Reply)
	sent += n
	if err != nil {
		return
	}
	type scan struct {
		stream  string
		filters []string
		files   map[string]bool
	}
	scans := []scan{{StreamDLQ, []string{SubjectDLQPfx + partner}, files}}
	if len(rest) > 0 {
		scans = append([]scan{{StreamOut, filters, rest}}, scans...)
	}
	for _, s := range scans {
		n, err := sendStored(ctx, js, s.stream, s.filters, req.Since, s.files, m.Reply)
		sent += n
		if err != nil {
			return
		}
	}
}

// sendIndexed sends the answers of the files that have an index, fetched by
// sequence, and returns the files that have none.
func (svc *answerService) sendIndexed(ctx context.Context, partner string, filters []string, files map[string]bool, reply string) (rest map[string]bool, sent int, err error) {
	if svc.index == nil {
		return files, 0, nil
	}
	allowed, streams := map[string]bool{}, map[string]jetstream.Stream{}
	for _, f := range filters {
		allowed[f] = true
	}
	partnerStream := map[string]bool{}
	for _, k := range svc.kinds {
		if k.Token == outputs.TokenPartner {
			partnerStream[k.Stream] = true
		}
	}
	rest = map[string]bool{}
	for file := range files {
		e, err := svc.index.Get(ctx, answerIndexKey(file))
		var refs []storedRef
		if err != nil || json.Unmarshal(e.Value(), &refs) != nil {
			rest[file] = true
			continue
		}
		for _, ref := range refs {
			if !partnerStream[ref.Stream] {
				continue // not addressed to a partner (pend notices)
			}
			s, ok := streams[ref.Stream]
			if !ok {
				if s, err = svc.js.Stream(ctx, ref.Stream); err != nil {
					return rest, sent, err
				}
				streams[ref.Stream] = s
			}
			raw, err := s.GetMsg(ctx, ref.Seq)
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				continue // aged out
			}
			if err != nil {
				return rest, sent, err
			}
			// Only the partner's own subjects, and only this file's answers
			// (a sequence outlives nothing it did not point at).
			if !allowed[raw.Subject] || fileOf(raw.Header.Get(HeaderInboundID)) != file {
				continue
			}
			if err := sendAnswer(svc.js.Conn(), reply, raw.Subject, raw.Header, raw.Data); err != nil {
				return rest, sent, err
			}
			sent++
		}
	}
	return rest, sent, nil
}

// sendAnswer sends one stored answer to reply.
func sendAnswer(nc *nats.Conn, reply, subject string, h nats.Header, data []byte) error {
	out := &nats.Msg{Subject: reply, Header: cloneHeader(h), Data: data}
	out.Header.Set("Gate278-Answer-Subject", subject)
	return nc.PublishMsg(out)
}

// sendStored sends to reply the messages of stream on filters stored since
// since that answer one of files.
func sendStored(ctx context.Context, js jetstream.JetStream, stream string, filters []string, since time.Time, files map[string]bool, reply string) (int, error) {
	filters, err := storedSince(ctx, js, stream, filters, since)
	if err != nil || len(filters) == 0 {
		return 0, err
	}
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
			if err := sendAnswer(js.Conn(), reply, msg.Subject(), msg.Headers(), msg.Data()); err != nil {
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

// storedSince keeps the filters (exact subjects) on which stream stored a
// message since since: the last message of each tells (one direct read),
// so that a request never waits on a subject with nothing new.
func storedSince(ctx context.Context, js jetstream.JetStream, stream string, filters []string, since time.Time) ([]string, error) {
	s, err := js.Stream(ctx, stream)
	if err != nil {
		return nil, err
	}
	var keep []string
	for _, f := range filters {
		last, err := s.GetLastMsgForSubject(ctx, f)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !last.Time.Before(since) {
			keep = append(keep, f)
		}
	}
	return keep, nil
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
