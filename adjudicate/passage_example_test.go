package adjudicate_test

import (
	"fmt"

	"github.com/gate278/gate278/adjudicate"
)

// A reviewer's console shows, beside a criterion a trace cites, the seed
// section and the policy's own words.
func ExampleConfig_Passage() {
	cfg, err := adjudicate.DefaultConfig()
	if err != nil {
		fmt.Println(err)
		return
	}
	section, text, ok := cfg.Passage("vt-dvha-eip", "VT.COND.5")
	fmt.Println(ok, section)
	fmt.Printf("%q\n", text)
	_, _, ok = cfg.Passage("vt-dvha-eip", "VT.NO.SUCH")
	fmt.Println(ok)
	// Output:
	// true Coverage Guidelines, condition 5
	// "The infusion pump has been approved by the FDA for infusion of the particular drug that is to be administered."
	// false
}
