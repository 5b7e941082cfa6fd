// Command gate278 is the X12 278 prior-authorization gateway.
package main

import (
	"fmt"
	"os"
)

var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: gate278 serve|submit|status|adjudicate|validate|explain [flags]")
		return 2
	}
	fmt.Fprintf(os.Stderr, "gate278 %s: unknown command %q\n", version, args[0])
	return 2
}
