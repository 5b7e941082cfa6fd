package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/pipeline"
)

// Process turns a file into its outputs; here a request to the Anthem payer
// gets its 999, its 278 response, a decision trace and a pend notice.
func ExampleProcess() {
	raw, _ := os.ReadFile("../../samples/adjudication/anthem-set1-e0779-chemo.x12")
	cfg, _ := adjudicate.DefaultConfig()
	now := time.Date(2026, 3, 2, 9, 16, 0, 0, time.UTC)
	rep, err := pipeline.Process(context.Background(), strings.NewReader(string(raw)), pipeline.Options{Now: now, Config: cfg}, func(o pipeline.Output) error {
		fmt.Println(o.Kind, o.ID)
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Result())
	// Output:
	// 999 ZZ/NUTMEGHI/000002001/999
	// 278 ZZ/NUTMEGHI/000002001/278
	// trace ZZ/NUTMEGHI/000002001/trace/2001/0001
	// pend ZZ/NUTMEGHI/000002001/pend/2001/0001
	// accepted
}
