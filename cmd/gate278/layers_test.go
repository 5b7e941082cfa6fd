package main

import (
	"bufio"
	"errors"
	"fmt"
	"go/build"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// layer is one row of DESIGN §2: the packages under a folder and what they
// may import. A pattern is a path relative to the module, "x/..." meaning
// x and everything below it, and "..." everything.
type layer struct {
	pkgs string
	// may are the packages of this module the layer may import, in its code
	// and in its tests.
	may []string
	// uses are the third-party packages its code (not its tests) may
	// import; the standard library is always allowed.
	uses []string
	why  string
}

// layers is the import direction as data; the first row whose pkgs match a
// package applies to it. Every package must fall in a row: a new top-level
// folder needs a row of its own.
var layers = []layer{
	{pkgs: "edi/...", may: []string{"edi/..."}, uses: []string{"github.com/moov-io/x12/..."},
		why: "edi is X12 syntax and the 278 model: it makes no decisions and moves no bytes"},
	{pkgs: "adjudicate/...", may: []string{"adjudicate/...", "edi/..."},
		why: "adjudicate decides on 278 requests read by edi and knows nothing of how they travel"},
	{pkgs: "transport/...", may: []string{"transport/...", "ops", "ops/outputs"}, uses: []string{"github.com/nats-io/..."},
		why: "transport moves bytes over NATS and knows no X12 or policy (of ops, only the embedded stream definitions and the output-kind table)"},
	{pkgs: "ops/...", may: []string{"ops/...", "edi/..."}, uses: []string{"github.com/prometheus/..."},
		why: "ops holds the deployment files and the metrics, which may name X12 codes but know neither NATS nor decisions"},
	{pkgs: "samples/...", may: []string{"samples/...", "edi/...", "adjudicate/..."},
		why: "the samples are checked against the offline pipeline, not against NATS"},
	{pkgs: "cmd/...", may: []string{"..."}, uses: []string{"..."},
		why: "only the command wires everything"},
}

// match reports whether path matches pattern (see layer).
func match(pattern, path string) bool {
	if pattern == "..." {
		return true
	}
	if dir, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == dir || strings.HasPrefix(path, dir+"/")
	}
	return path == pattern
}

func matchAny(patterns []string, path string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return match(p, path) })
}

// importDirection returns one message for every import of pkgs that the
// table forbids, and for every package the table does not place.
func importDirection(module string, table []layer, pkgs []*build.Package) []string {
	var bad []string
	for _, p := range pkgs {
		rel, _ := strings.CutPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		var l *layer
		for i := range table {
			if match(table[i].pkgs, rel) {
				l = &table[i]
				break
			}
		}
		if l == nil {
			bad = append(bad, fmt.Sprintf("%s: package %s is in no layer: give its folder a row in layers (cmd/gate278/layers_test.go) with the imports DESIGN §2 allows it", rel, p.ImportPath))
			continue
		}
		check := func(imports []string, pos map[string][]token.Position, test bool) {
			for _, imp := range imports {
				where := rel
				if ps := pos[imp]; len(ps) > 0 {
					where = fmt.Sprintf("%s:%d", ps[0].Filename, ps[0].Line)
				}
				switch internal, ok := strings.CutPrefix(imp, module+"/"); {
				case ok || imp == module:
					if !matchAny(l.may, internal) {
						bad = append(bad, fmt.Sprintf("%s: %s imports %s, but %s may import only %s of this module: %s (DESIGN §2)",
							where, rel, imp, l.pkgs, strings.Join(l.may, ", "), l.why))
					}
				case !test && !stdlib(imp) && !matchAny(l.uses, imp):
					bad = append(bad, fmt.Sprintf("%s: %s imports %s, but %s may use only %s: %s (DESIGN §2)",
						where, rel, imp, l.pkgs, strings.Join(append([]string{"the standard library"}, l.uses...), ", "), l.why))
				}
			}
		}
		check(p.Imports, p.ImportPos, false)
		check(p.TestImports, p.TestImportPos, true)
		check(p.XTestImports, p.XTestImportPos, true)
	}
	return bad
}

// stdlib reports whether an import path is in the standard library: its
// first element has no dot.
func stdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// modulePackages finds the module root above the working directory and
// reads every package below it, the way `go list ./...` sees them.
func modulePackages(t *testing.T) (module string, pkgs []*build.Package) {
	t.Helper()
	root, err := filepath.Abs(".")
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		require.NotEqual(t, root, parent, "no go.mod above the working directory")
		root = parent
	}
	module = modulePath(t, filepath.Join(root, "go.mod"))
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		switch {
		case path == root:
		case name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_"):
			return filepath.SkipDir
		case filepath.Dir(path) == root && (name == "bin" || name == "data"):
			return filepath.SkipDir // what make build and make run leave behind
		}
		if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != root {
			return filepath.SkipDir // another module
		}
		p, err := build.ImportDir(path, 0)
		var none *build.NoGoError
		if errors.As(err, &none) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading package %s: %w", path, err)
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		p.ImportPath = module
		if rel != "." {
			p.ImportPath += "/" + filepath.ToSlash(rel)
		}
		shorten(root, p)
		pkgs = append(pkgs, p)
		return nil
	})
	require.NoError(t, err)
	return module, pkgs
}

// shorten makes the import positions relative to the module root.
func shorten(root string, p *build.Package) {
	for _, m := range []map[string][]token.Position{p.ImportPos, p.TestImportPos, p.XTestImportPos} {
		for _, ps := range m {
			for i := range ps {
				if rel, err := filepath.Rel(root, ps[i].Filename); err == nil {
					ps[i].Filename = filepath.ToSlash(rel)
				}
			}
		}
	}
}

func modulePath(t *testing.T, gomod string) string {
	t.Helper()
	f, err := os.Open(gomod)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(m), `"`)
		}
	}
	require.NoError(t, sc.Err())
	t.Fatalf("%s names no module", gomod)
	return ""
}

// TestImportDirection enforces DESIGN §2 on every package of the module:
// transport knows no X12, edi makes no decisions, adjudicate does not know
// how files travel, and only cmd imports everything.
func TestImportDirection(t *testing.T) {
	module, pkgs := modulePackages(t)
	require.NotEmpty(t, pkgs)
	for _, msg := range importDirection(module, layers, pkgs) {
		t.Error(msg)
	}
}

// TestImportDirectionCatches: the check names the file, the package, the
// offending import and the rule, and places every package.
func TestImportDirectionCatches(t *testing.T) {
	const module = "example.com/m"
	pkg := func(path, imp string, test bool) *build.Package {
		p := &build.Package{ImportPath: module + "/" + path}
		pos := map[string][]token.Position{imp: {{Filename: path + "/x.go", Line: 7}}}
		if test {
			p.XTestImports, p.XTestImportPos = []string{imp}, pos
		} else {
			p.Imports, p.ImportPos = []string{imp}, pos
		}
		return p
	}
	tests := []struct {
		name string
		pkg  *build.Package
		want string // "" allowed
	}{
		{"transport knows no X12", pkg("transport/sub", module+"/edi/ack", false),
			"transport/sub/x.go:7: transport/sub imports example.com/m/edi/ack, but transport/... may import only transport/..., ops, ops/outputs of this module"},
		{"transport knows no metrics", pkg("transport", module+"/ops/metrics", false), "transport imports example.com/m/ops/metrics"},
		{"transport reads the stream definitions", pkg("transport", module+"/ops", false), ""},
		{"transport knows no X12 library", pkg("transport", "github.com/moov-io/x12/pkg/rules", false),
			"transport imports github.com/moov-io/x12/pkg/rules, but transport/... may use only the standard library, github.com/nats-io/..."},
		{"edi makes no decisions", pkg("edi/x217", module+"/adjudicate", true), "edi/x217 imports example.com/m/adjudicate"},
		{"edi moves no bytes", pkg("edi", "github.com/nats-io/nats.go", false), "edi imports github.com/nats-io/nats.go"},
		{"adjudicate reads edi", pkg("adjudicate/pipeline", module+"/edi/x217", false), ""},
		{"adjudicate knows no transport", pkg("adjudicate/pipeline", module+"/transport", false), "adjudicate/pipeline imports example.com/m/transport"},
		{"adjudicate uses nothing third-party", pkg("adjudicate", "github.com/nats-io/nats.go", false), "adjudicate/... may use only the standard library: "},
		{"tests may use testify", pkg("adjudicate", "github.com/stretchr/testify/require", true), ""},
		{"cmd imports everything", pkg("cmd/gate278/internal/gateway", module+"/transport", false), ""},
		{"a new folder needs a row", pkg("newtop", "fmt", false), "newtop: package example.com/m/newtop is in no layer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := importDirection(module, layers, []*build.Package{tt.pkg})
			if tt.want == "" {
				require.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			require.Contains(t, got[0], tt.want)
		})
	}
}
