package edi_test

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gate278/gate278/edi"
)

// The Reader takes the delimiters from the ISA and hands out segments whose
// elements, components and repetitions are read in place.
func ExampleReader() {
	in := "ISA|00|          |00|          |ZZ|SUMMITHI       |ZZ|ACMEHP         |260601|1400|!|00501|000000104|0|P|^~\n" +
		"GS|HI|SUMMITHI|ACMEHP|20260601|1400|104|X|005010X217~\n" +
		"HI|ABK^C180!ABF^Z5111~\n"
	r := edi.NewReader(strings.NewReader(in), edi.Limits{})
	for {
		seg, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		if seg.Is("HI") {
			hi := seg.Element(1)
			for k := 1; k <= hi.Repetitions(); k++ {
				fmt.Printf("%s %s\n", hi.Repetition(k).Component(1), hi.Repetition(k).Component(2))
			}
		}
	}
	fmt.Println(r.Delimiters())
	// Output:
	// ABK C180
	// ABF Z5111
	// | ! ^ ~
}

// The Writer drops trailing empty elements and keeps delimiters out of
// values.
func ExampleWriter() {
	w := edi.NewWriter(os.Stdout, edi.DefaultDelimiters, true)
	w.Seg("HCR").E("A3").E("R123").E("0F").R("0M").End()
	w.Seg("SV1").E("HC").C("E0781").C("RR").E("1350").E("UN").E("3").E("").End()
	w.Seg("MSG").E("NOT MET: SEE POLICY*").End()
	w.Flush()
	// Output:
	// HCR*A3*R123*0F^0M~
	// SV1*HC:E0781:RR*1350*UN*3~
	// MSG*NOT MET  SEE POLICY ~
}
