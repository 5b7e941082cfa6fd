package adjudicate_test

import (
	"fmt"
	"os"
	"time"

	"github.com/gate278/gate278/adjudicate"
)

// A home fluorouracil infusion on a mechanical 8-hour pump, with its bags
// and the drug, for an Anthem Connecticut member.
func ExampleDecide() {
	cfg, err := adjudicate.DefaultConfig()
	if err != nil {
		fmt.Println(err)
		return
	}
	req := &adjudicate.Request{
		Identity:       "SUBMITTER|000000101|101|0001",
		PayerQualifier: "PI", PayerID: "ANTHEMCT",
		SubscriberID: "MEMBER0001",
		Event: adjudicate.Event{
			Category: "HS", CertType: "I", ServiceType: "18", POS: "12",
			From: "20260301", To: "20260331",
			Diagnoses: []adjudicate.Diagnosis{{Qualifier: "ABK", Code: "C189"}},
		},
		Lines: []adjudicate.Line{
			{Qualifier: "HC", Code: "E0779", Modifiers: []string{"RR"}, Units: 1},
			{Qualifier: "HC", Code: "A4222", Units: 4},
			{Qualifier: "HC", Code: "J9190", Units: 5},
		},
	}
	res, err := adjudicate.Decide(req, cfg, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ld := range res.Lines {
		fmt.Println(ld.Code, ld.Class, ld.Action, ld.Reasons, ld.Trace.Rule)
	}
	fmt.Println("event", res.Event.Action, "pending", res.Pending)
	// Output:
	// E0779 pump A1 [] criteria-met
	// A4222 supply A1 [] supply-follows-pump
	// J9190 drug A4 [0V] drug-routed
	// event A4 pending true
}

// Explain renders a decision for a person.
func ExampleExplain() {
	cfg, _ := adjudicate.DefaultConfig()
	res, _ := adjudicate.Decide(&adjudicate.Request{
		Identity: "S|1|1|1", PayerQualifier: "PI", PayerID: "UNKNOWN",
	}, cfg, time.Time{})
	_ = adjudicate.Explain(os.Stdout, res)
	// Output:
	// The request was not considered.
	//   Problem in the payer identification: the UMO (2010A NM108/NM109) is not a payer served by this gateway (code 79). What to do: resubmission not allowed.
}
