package adjudicate

import "testing"

// BenchmarkDecide adjudicates a typical 4-line request: pump, two supplies
// and the drug, with an attachment.
func BenchmarkDecide(b *testing.B) {
	for _, payer := range []string{"ANTHEMCT", "VTMEDICAID"} {
		b.Run(payer, func(b *testing.B) {
			cfg := defaultConfig(b)
			req := newReq(payer, []Line{hc("E0781", modifiers("RR"), hours(46)), hc("A4222"), hc("A4221"), hc("J9190")},
				pwk("M1"), ordering(npiOncologist, "207RX0202X"))
			res, err := Decide(req, cfg, testNow)
			if err != nil || res.Lines[0].Action != ActionCertified {
				b.Fatalf("unexpected result: %v %+v", err, res.Lines[0])
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := Decide(req, cfg, testNow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
