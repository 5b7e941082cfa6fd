package transport

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
)

// Limits on the headers of an inbound file, checked by Submit before it
// publishes and by the worker before it handles a file (a file outside them
// is dead-lettered with reason "invalid", the offending headers left out of
// the dead letter). Every output of a file carries its identity, so an
// unchecked Nats-Msg-Id would be copied into each of them.
const (
	// MaxMsgID is the longest inbound Nats-Msg-Id.
	MaxMsgID = 256
	// MaxHeaderValue is the longest value of any other header.
	MaxHeaderValue = 1024
	// MaxHeaders is the most bytes all header names and values may take.
	MaxHeaders = 4096
)

// keptHeaders are what a dead letter keeps of headers too large in total.
var keptHeaders = map[string]bool{HeaderFileName: true, HeaderContentDigest: true, HeaderObject: true,
	HeaderObjectBucket: true, HeaderObjectDigest: true, HeaderObjectSize: true}

// ErrInvalidInbound marks a file refused for its subject or headers.
var ErrInvalidInbound = errors.New("invalid inbound file")

// checkInbound checks an inbound subject (x12.278.in.<partner>, the
// partner's name valid) and its headers. It returns the error, and the
// names of the headers that break the limits (for the dead letter to leave
// out).
func checkInbound(subject string, h nats.Header) (drop []string, err error) {
	var problems []string
	partner, ok := strings.CutPrefix(subject, SubjectInPfx)
	if !ok {
		problems = append(problems, "subject is not "+SubjectInPfx+"<partner>")
	} else if perr := ValidPartner(partner); perr != nil {
		problems = append(problems, "partner: "+perr.Error())
	}
	total := 0
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		limit := MaxHeaderValue
		if k == nats.MsgIdHdr {
			limit = MaxMsgID
		}
		size := len(k)
		for _, v := range h[k] {
			size += len(v)
			if len(v) > limit {
				problems = append(problems, fmt.Sprintf("header %.64s: %d bytes, at most %d", k, len(v), limit))
				if !slices.Contains(drop, k) {
					drop = append(drop, k)
				}
			}
		}
		total += size
	}
	if total > MaxHeaders {
		problems = append(problems, fmt.Sprintf("headers: %d bytes, at most %d", total, MaxHeaders))
		for _, k := range names {
			if !keptHeaders[k] && !slices.Contains(drop, k) {
				drop = append(drop, k)
			}
		}
	}
	if len(problems) == 0 {
		return nil, nil
	}
	return drop, fmt.Errorf("%w: %s", ErrInvalidInbound, strings.Join(problems, "; "))
}

// checkFileName refuses a file name a header cannot carry.
func checkFileName(name string) error {
	if len(name) > MaxHeaderValue {
		return fmt.Errorf("%w: file name of %d bytes, at most %d", ErrInvalidInbound, len(name), MaxHeaderValue)
	}
	for _, c := range []byte(name) {
		if c < 0x20 || c == 0x7f {
			return fmt.Errorf("%w: file name %s has control characters", ErrInvalidInbound, strconv.QuoteToASCII(name))
		}
	}
	return nil
}
