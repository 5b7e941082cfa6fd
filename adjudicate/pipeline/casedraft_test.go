package pipeline_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

// TestPendOpensCase: the pend output of a pended set carries the review
// case it opens, holding what a final answer needs without the file.
func TestPendOpensCase(t *testing.T) {
	raw, err := os.ReadFile("../../samples/requests/doc-7.2-dependent-urgent-k0455.x12")
	require.NoError(t, err)
	in := strings.Replace(string(raw), "PI*99999", "PI*VTMEDICAID", 1)
	for _, usage := range []string{"P", "T"} {
		t.Run(usage, func(t *testing.T) {
			in := strings.Replace(in, "*0*P*:", "*0*"+usage+"*:", 1)
			cfg, err := adjudicate.DefaultConfig()
			require.NoError(t, err)
			var outs, plain []pipeline.Output
			for _, withCases := range []bool{false, true} {
				_, err = pipeline.Process(context.Background(), strings.NewReader(in), pipeline.Options{Now: benchClock, Config: cfg, Cases: withCases},
					func(o pipeline.Output) error {
						if withCases {
							outs = append(outs, o)
						} else {
							plain = append(plain, o)
						}
						return nil
					})
				require.NoError(t, err)
			}
			require.Len(t, outs, len(plain))
			for i := range plain {
				require.Nil(t, plain[i].Case, "without Options.Cases no case is drafted")
				require.Equal(t, plain[i].Data, outs[i].Data, "drafting a case changes no output")
			}
			var pend, resp *pipeline.Output
			for i := range outs {
				switch outs[i].Kind {
				case pipeline.KindPend:
					pend = &outs[i]
				case pipeline.Kind278:
					resp = &outs[i]
				default:
					require.Nil(t, outs[i].Case, "only a pend opens a case")
				}
			}
			require.NotNil(t, pend, "the sample pends")
			require.Nil(t, resp.Case)
			c := pend.Case
			require.NotNil(t, c)
			// The case's ID is the event's REF*NT in the 278 response.
			ref := regexp.MustCompile(`HL\*\d+\*\d+\*EV\*[^~]*~(?:[^~]*~)*?\s*REF\*NT\*([^~*]+)`).FindStringSubmatch(string(resp.Data))
			require.NotNil(t, ref, "the response names the case")
			require.Equal(t, ref[1], c.ID)
			require.Equal(t, "CLEARHUB", c.Partner)
			require.Equal(t, "vt-dvha-eip", c.Policy)
			require.NotEmpty(t, c.PolicyVersion)
			require.Equal(t, cases.Expedited, c.Urgency, "UM06 U")
			require.Equal(t, usage, c.Envelope.Usage)
			require.Equal(t, "000000102", c.Envelope.Interchange)
			require.Equal(t, "102", c.Envelope.Group)
			require.Equal(t, "0001", c.Envelope.Set)
			require.Equal(t, "005010X217", c.Envelope.Convention)
			require.Equal(t, "*^:~", c.Envelope.Delimiters)
			var loops []string
			for _, l := range c.Hierarchy {
				loops = append(loops, l.Loop)
				require.True(t, strings.HasPrefix(l.Segments[0], "HL*"+l.HL+"*"), "%s starts with its HL", l.Loop)
			}
			require.Equal(t, []string{"2000A", "2000B", "2000C", "2000D", "2000E"}, loops)
			require.Contains(t, c.Hierarchy[0].Segments, "NM1*X3*2*ACME HEALTH PLAN*****PI*VTMEDICAID")
			require.Equal(t, []string{"CH778812E"}, c.Traces)
			require.NotEmpty(t, c.Lines)
			pended := 0
			for i, l := range c.Lines {
				require.Equal(t, i+1, l.Number)
				require.NotEmpty(t, l.Code)
				require.True(t, strings.HasPrefix(l.Segments[0], "HL*"), "line %d starts with its HL", l.Number)
				require.NotEmpty(t, l.Result)
				require.NotEmpty(t, l.Trace)
				if l.Result == "A4" {
					pended++
				}
			}
			require.NotZero(t, pended)

			cal, err := cases.DefaultCalendar()
			require.NoError(t, err)
			clocks, err := cases.NewClocks(cases.RegimeCMS, cal)
			require.NoError(t, err)
			opened, err := cases.New(*c, clocks)
			require.NoError(t, err)
			require.Equal(t, map[string]string{"P": cases.Production, "T": cases.Test}[usage], opened.Environment())
			require.True(t, opened.Received.Add(cases.CMSExpedited).Equal(opened.Due.Final))
		})
	}
}
