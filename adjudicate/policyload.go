package adjudicate

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed policies/*.json
var embedded embed.FS

// codesFileName is the shared code tables file inside a policy directory.
const codesFileName = "codes.json"

var (
	embeddedOnce     sync.Once
	embeddedPolicies map[string]*Policy
	embeddedErr      error
)

// Policies returns the embedded policies keyed by ID. They are loaded and
// validated once.
func Policies() (map[string]*Policy, error) {
	embeddedOnce.Do(func() {
		sub, err := fs.Sub(embedded, "policies")
		if err != nil {
			embeddedErr = fmt.Errorf("adjudicate: embedded policies: %w", err)
			return
		}
		embeddedPolicies, embeddedErr = LoadPolicies(sub)
	})
	return embeddedPolicies, embeddedErr
}

// ValidatePolicies loads and validates the embedded policies and the
// default configuration; `gate278 -check` calls it. The error names the
// file and field at fault.
func ValidatePolicies() error {
	if _, err := Policies(); err != nil {
		return err
	}
	_, err := DefaultConfig()
	return err
}

// CriterionIDs returns every criterion ID of every embedded policy, sorted.
func CriterionIDs() ([]string, error) {
	ps, err := Policies()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range ps {
		for _, c := range p.criteria {
			ids = append(ids, c.id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// LoadPolicies reads codes.json and every other *.json file at the top of
// fsys as a policy, validates and compiles them. Errors name the file and
// the field (e.g. `vt-dvha-eip.json: criteria[4].cite.section: missing`).
func LoadPolicies(fsys fs.FS) (map[string]*Policy, error) {
	codes, err := loadCodes(fsys)
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("adjudicate: list policies: %w", err)
	}
	out := make(map[string]*Policy)
	for _, name := range names {
		if name == codesFileName {
			continue
		}
		p, err := loadPolicy(fsys, name, codes)
		if err != nil {
			return nil, err
		}
		out[p.id] = p
	}
	if len(out) == 0 {
		return nil, errors.New("adjudicate: no policy files")
	}
	return out, nil
}

// loadCodes reads and compiles codes.json.
func loadCodes(fsys fs.FS) (*codeTables, error) {
	raw, err := fs.ReadFile(fsys, codesFileName)
	if err != nil {
		return nil, fmt.Errorf("adjudicate: read policy code tables: %w", err)
	}
	var cf codesFile
	if err := decodeStrict(raw, &cf); err != nil {
		return nil, fmt.Errorf("%s: %w", codesFileName, err)
	}
	codes, err := compileCodes(&cf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", codesFileName, err)
	}
	return codes, nil
}

// loadPolicy reads and compiles one policy file, whose ID must be its file
// name.
func loadPolicy(fsys fs.FS, name string, codes *codeTables) (*Policy, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("adjudicate: read policy: %w", err)
	}
	var pf policyFile
	if err := decodeStrict(raw, &pf); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p, err := compilePolicy(&pf, codes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if want := strings.TrimSuffix(path.Base(name), ".json"); p.id != want {
		return nil, fmt.Errorf("%s: id: %q does not match the file name", name, p.id)
	}
	return p, nil
}

// decodeStrict decodes one JSON document into v, refusing unknown fields
// and trailing data.
func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON document")
	}
	return nil
}
