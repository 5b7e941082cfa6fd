package pipeline

import (
	"fmt"

	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/edi"
	"github.com/gate278/gate278/edi/x217"
)

// CaseRequest decodes the request a case keeps (its hierarchy and lines,
// as the partner sent them) into the 278 request model, to show it: the
// parties, the event's dates and diagnoses, each line's service. It holds
// PHI; never log it.
func CaseRequest(c *cases.Case) (*x217.Request, error) {
	if len(c.Envelope.Delimiters) != 4 {
		return nil, fmt.Errorf("pipeline: case %s: delimiters %q: %w", c.ID, c.Envelope.Delimiters, ErrNotAnswerable)
	}
	dl := c.Envelope.Delimiters
	d := edi.Delimiters{Element: dl[0], Repetition: dl[1], Component: dl[2], Segment: dl[3]}
	req, err := x217.Decode(requestSet(c, d))
	if err != nil {
		return nil, fmt.Errorf("pipeline: case %s: decoding its request: %w", c.ID, err)
	}
	return req, nil
}
