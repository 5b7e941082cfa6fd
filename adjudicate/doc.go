// Package adjudicate decides external infusion pump service lines of a 278
// request against the criteria of the payer policies embedded in the binary.
package adjudicate
