package tryfile_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/cmd/gate278/internal/tryfile"
)

// A broken file is answered in words: the 999 names the segment, its loop
// and the element at fault.
func ExampleRun() {
	cfg, err := adjudicate.DefaultConfig()
	if err != nil {
		panic(err)
	}
	f, err := os.Open("../../../../samples/errors/999-guide-missing-required-element.edi")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	res, err := tryfile.Run(context.Background(), cfg, f, time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Outcome)
	for _, l := range res.Words {
		fmt.Printf("%d %s\n", l.Depth, l.Text)
	}
	// Output:
	// rejected
	// 0 Interchange 000003039 from NUTMEGHI: accepted.
	// 1 Group 3039 of interchange 000003039: AK9 R (rejected).
	// 2 Transaction set 0001: IK5 R (rejected): 5 (one or more segments are in error).
	// 3 segment 13 (TRN, loop 2000E): element TRN02 (data element 127) is missing
}
