package edi_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/moov-io/x12/pkg/file"
	rule837p "github.com/moov-io/x12/rule_5010_837p" // the package in this directory is named rule_5010_837d

	"github.com/gate278/gate278/edi"
)

// batchSets is the number of transaction sets in the benchmark batch.
const batchSets = 10000

// set73 is the body of x12-278.md §7.3 (four service lines) between ST and
// SE, one segment a line.
const set73 = `BHT*0007*13*SHI-REQ-%06d*20260310*1305~
HL*1**20*1~
NM1*X3*2*ACME HEALTH PLAN*****PI*99999~
HL*2*1*21*1~
NM1*1P*2*SUMMIT HOME INFUSION*****XX*1234567893~
PER*IC*INTAKE DESK*TE*2175550100~
HL*3*2*22*1~
NM1*IL*1*ROE*MARCUS****MI*ZZX555000111~
DMG*D8*19710930*M~
HL*4*3*EV*1~
TRN*1*SHI0003EV*9123456789~
UM*HS*I*18*12:B**E~
DTP*AAH*RD8*20260315-20260613~
HI*ABK:B259*ABF:D849~
PWK*B3*FX***AC*SHIATT0003~
NM1*DK*1*OKAFOR*GRACE****XX*1987654328~
NM1*SJ*2*SUMMIT HOME INFUSION*****XX*1234567893~
HL*5*4*SS*0~
TRN*1*SHI0003L1*9123456789~
UM*HS*I*18~
DTP*472*RD8*20260315-20260613~
SV1*HC:E0779:RR*420*UN*3~
HL*6*4*SS*0~
TRN*1*SHI0003L2*9123456789~
UM*HS*I*12~
DTP*472*RD8*20260315-20260613~
SV1*HC:A4221*390*UN*13~
HL*7*4*SS*0~
TRN*1*SHI0003L3*9123456789~
UM*HS*I*12~
DTP*472*RD8*20260315-20260613~
SV1*HC:A4222*1680*UN*84~
HL*8*4*SS*0~
TRN*1*SHI0003L4*9123456789~
UM*HS*I~
DTP*472*RD8*20260315-20260613~
SV1*HC:J1455*2520*UN*84~
`

var (
	batchOnce sync.Once
	batch     []byte
	batchSegs int
)

// largeBatch returns one interchange of batchSets §7.3 transaction sets,
// built once.
func largeBatch() ([]byte, int) {
	batchOnce.Do(func() {
		var b bytes.Buffer
		b.WriteString("ISA*00*          *00*          *ZZ*SUMMITHI       *ZZ*ACMEHP         *260310*1305*^*00501*000000103*0*T*:~\n")
		b.WriteString("GS*HI*SUMMITHI*ACMEHP*20260310*1305*103*X*005010X217~\n")
		n := strings.Count(set73, "~") + 2 // with ST and SE
		for i := 1; i <= batchSets; i++ {
			fmt.Fprintf(&b, "ST*278*%06d*005010X217~\n", i)
			fmt.Fprintf(&b, set73, i)
			fmt.Fprintf(&b, "SE*%d*%06d~\n", n, i)
		}
		fmt.Fprintf(&b, "GE*%d*103~\nIEA*1*000000103~\n", batchSets)
		batch, batchSegs = b.Bytes(), 4+batchSets*n
	})
	return batch, batchSegs
}

var sink int

// BenchmarkTokenize reads a 10,000-set batch segment by segment, touching
// each segment's ID and element count.
func BenchmarkTokenize(b *testing.B) {
	data, want := largeBatch()
	src := bytes.NewReader(data)
	r := edi.NewReader(src, edi.Limits{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		src.Reset(data)
		r.Reset(src)
		segs, elems := 0, 0
		for {
			seg, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			segs++
			elems += seg.Len() + len(seg.ID())
		}
		if segs != want {
			b.Fatalf("read %d segments, want %d", segs, want)
		}
		sink += elems
	}
}

// moovDir locates the moov-io/x12 module: with `go list`, else from the
// module cache and the version this binary was built with.
func moovDir() (string, error) {
	const mod = "github.com/moov-io/x12"
	if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod).Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); dir != "" {
			return dir, nil
		}
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", errors.New("no build info and `go list` failed")
	}
	for _, dep := range info.Deps {
		if dep.Path != mod {
			continue
		}
		cache := os.Getenv("GOMODCACHE")
		if cache == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			cache = filepath.Join(home, "go", "pkg", "mod")
		}
		return filepath.Join(cache, mod+"@"+dep.Version), nil
	}
	return "", errors.New(mod + " is not in the build info")
}

// BenchmarkMoovParse837P measures moov-io/x12 parsing its own 837P example,
// prepared as its example program does (each line trimmed, then joined), for
// comparison with BenchmarkTokenize in MB/s.
func BenchmarkMoovParse837P(b *testing.B) {
	dir, err := moovDir()
	if err != nil {
		b.Skipf("cannot locate moov-io/x12: %v", err)
	}
	f, err := os.Open(filepath.Join(dir, "examples", "example_5010_837p", "sample.txt"))
	if err != nil {
		b.Skipf("moov's 837P sample is not available: %v", err)
	}
	defer f.Close()
	var sb strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sb.WriteString(strings.TrimSpace(sc.Text()))
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	raw := sb.String()
	if read, err := file.NewInterchange(&rule837p.InterchangeRule).Parse(raw, "<"); err != nil || read != len(raw) {
		b.Fatalf("moov parses %d of %d bytes of its own sample: %v", read, len(raw), err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		ic := file.NewInterchange(&rule837p.InterchangeRule)
		read, err := ic.Parse(raw, "<")
		if err != nil {
			b.Fatal(err)
		}
		sink += read
	}
}
