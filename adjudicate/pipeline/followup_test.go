package pipeline_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

// runFollowUp processes in with lookup as Options.FollowUp and returns the 278
// answer and the trace output.
func runFollowUp(t *testing.T, cfg *adjudicate.Config, in string, lookup func(env, id string) (*cases.Case, error)) (string, pipeline.Output) {
	t.Helper()
	var resp string
	var trace pipeline.Output
	_, err := pipeline.Process(context.Background(), strings.NewReader(in), pipeline.Options{Now: benchClock, Config: cfg, Cases: true, FollowUp: lookup},
		func(o pipeline.Output) error {
			switch o.Kind {
			case pipeline.Kind278:
				resp = string(o.Data)
			case pipeline.KindTrace:
				trace = o
			case pipeline.KindPend:
				require.Nil(t, o.Case, "a follow-up opens no case")
			}
			return nil
		})
	require.NoError(t, err)
	return resp, trace
}

// TestFollowUpAnswers: a follow-up (REF*NT of the pended sample's case,
// with the documents that certify it) is answered by the engine and
// carries its follow-up to the gateway; naming no case or a final one, it
// is answered AAA*N**AA*C at 2000E; the case it has followed up already
// (the same file again) is answered the same as the first time; and
// without Options.FollowUp it is adjudicated like any request.
func TestFollowUpAnswers(t *testing.T) {
	f, err := os.Open("../../samples/adjudication/vt-drug-lines-with-pump.x12.config.json")
	require.NoError(t, err)
	defer f.Close()
	cfg, err := adjudicate.LoadConfig(f)
	require.NoError(t, err)
	raw, err := os.ReadFile("../../samples/adjudication/vt-drug-lines-with-pump.x12")
	require.NoError(t, err)
	var draft *cases.Case
	_, err = pipeline.Process(context.Background(), strings.NewReader(string(raw)), pipeline.Options{Now: benchClock, Config: cfg, Cases: true},
		func(o pipeline.Output) error {
			if o.Kind == pipeline.KindPend {
				draft = o.Case
			}
			return nil
		})
	require.NoError(t, err)
	cal, err := cases.DefaultCalendar()
	require.NoError(t, err)
	clocks, err := cases.NewClocks(cases.RegimeCMS, cal)
	require.NoError(t, err)
	c, err := cases.New(*draft, clocks)
	require.NoError(t, err)

	in := strings.NewReplacer("000002075", "000002076", "UM*HS*I*18*12:B~\n", "UM*HS*I*18*12:B~\nREF*NT*"+c.ID+"~\n",
		"PWK*DB*EL***AC*VTM-0232A1~\n", "PWK*DB*EL***AC*VTM-0232A1~\nPWK*09*EL***AC*VTM-0232A2~\nPWK*M1*EL***AC*VTM-0232A3~\n",
		"SE*31*0001~", "SE*34*0001~").Replace(string(raw))
	lookups := 0
	open := func(env, id string) (*cases.Case, error) {
		lookups++
		if env == cases.Test && id == c.ID {
			return c, nil
		}
		return nil, nil
	}
	first, trace := runFollowUp(t, cfg, in, open)
	require.Equal(t, 1, lookups)
	require.Contains(t, first, "HCR*A1*")
	fu := trace.FollowUp
	require.NotNil(t, fu)
	require.Nil(t, trace.Answered, "a follow-up is counted as its case")
	require.Equal(t, c.ID, fu.ID)
	require.Equal(t, cases.Test, fu.Environment)
	require.True(t, fu.Documents)
	require.NotEmpty(t, fu.Set)
	require.True(t, fu.Certifies(c))

	none, _ := runFollowUp(t, cfg, in, func(string, string) (*cases.Case, error) { return nil, nil })
	// Written from the guide's 2000E order (HL, TRN, AAA, UM, …): the
	// event has no child (HL04 0), its TRN back as TRN*2, then the AAA, and
	// no HCR and no 2000F anywhere.
	require.Contains(t, none, "HL*4*3*EV*0~\nTRN*2*VTM-0232E*9876543210~\nAAA*N**AA*C~\nUM*HS*I*18*12:B~\n")
	require.NotContains(t, none, "HCR*")
	require.NotContains(t, none, "HL*5*")
	require.Contains(t, none, "*18~", "BHT06 18: nothing pends")

	decided := *c
	require.NoError(t, decided.Decide(fu.Decision(&decided)))
	final, _ := runFollowUp(t, cfg, in, func(string, string) (*cases.Case, error) { return &decided, nil })
	require.Contains(t, final, "AAA*N**AA*C~", "a final case is refused")
	decided.FollowUps = []string{fu.Set}
	again, trace := runFollowUp(t, cfg, in, func(string, string) (*cases.Case, error) { return &decided, nil })
	require.Equal(t, first, again, "the same follow-up again: the same answer")
	require.NotNil(t, trace.FollowUp)

	plain, trace := runFollowUp(t, cfg, in, nil)
	require.Contains(t, plain, "HCR*A1*", "without Options.FollowUp: an ordinary request")
	require.Nil(t, trace.FollowUp)
	require.NotNil(t, trace.Answered, "answered at once")
	require.Equal(t, cases.Approved, trace.Answered.Outcome)
	require.Equal(t, cases.Answered, trace.Answered.Kind)
	require.True(t, benchClock.Equal(trace.Answered.At))
}
