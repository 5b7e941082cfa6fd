// Package edi reads and writes ASC X12 interchanges.
//
// The reader discovers the four delimiters from the ISA segment, streams
// interchanges, functional groups, transaction sets and segments from an
// io.Reader without holding the whole file, and gives zero-copy access to
// elements, repetitions and components. The writer emits segments with a
// given set of delimiters.
package edi
