package adjudicate

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sync"
)

// Citations by reference. A trace names each criterion by reference only:
// the policy ID and version on the line's trace, the criterion ID on each
// result. The criterion's text and the seed section it cites live in the
// policy, and [LookupCriterion] resolves a reference against the version
// the trace was made under: the current version of an embedded policy, or
// a superseded one whose citation table is kept in policies/history/.
//
// policies/history/<id>.v<version>.json holds, for every version of every
// policy, the policy's title and seed and each criterion's ID, text and
// citation. The file of the current version must equal the policy
// (TestPolicyHistory): changing a criterion's text or citation without a
// new version would make older traces cite words they were not decided
// under.

//go:embed policies/history/*.json
var historyFiles embed.FS

// historyDir is where the citation tables live inside the embedded files.
const historyDir = "policies/history"

// historyFile is the JSON shape of one citation table.
type historyFile struct {
	ID       string             `json:"id"`
	Version  string             `json:"version"`
	Title    string             `json:"title"`
	Seed     SeedInfo           `json:"seed"`
	Criteria []historyCriterion `json:"criteria"`
}

type historyCriterion struct {
	ID   string   `json:"id"`
	Text string   `json:"text"`
	Cite Citation `json:"cite"`
}

// citationTable is one version of a policy's criteria texts and citations.
type citationTable struct {
	policy, version, title string
	seed                   SeedInfo
	byID                   map[string]*historyCriterion
}

// historyName is the file name of a policy version's citation table.
func historyName(policy, version string) string { return policy + ".v" + version + ".json" }

var (
	historyOnce   sync.Once
	historyTables map[[2]string]*citationTable
	historyErr    error
	currentTables map[[2]string]*citationTable
)

// loadHistory reads every embedded citation table once, and builds the
// tables of the embedded policies' current versions.
func loadHistory() (current, history map[[2]string]*citationTable, err error) {
	historyOnce.Do(func() {
		historyTables, historyErr = readHistory(historyFiles, historyDir)
		currentTables = map[[2]string]*citationTable{}
		if ps, err := Policies(); err == nil {
			for _, p := range ps {
				currentTables[[2]string{p.id, p.version}] = newCitationTable(p.history())
			}
		}
	})
	return currentTables, historyTables, historyErr
}

func newCitationTable(hf *historyFile) *citationTable {
	t := &citationTable{policy: hf.ID, version: hf.Version, title: hf.Title, seed: hf.Seed, byID: make(map[string]*historyCriterion, len(hf.Criteria))}
	for i := range hf.Criteria {
		t.byID[hf.Criteria[i].ID] = &hf.Criteria[i]
	}
	return t
}

// readHistory reads the citation tables of dir in fsys, keyed by policy
// ID and version; a file's name must match its ID and version.
func readHistory(fsys fs.FS, dir string) (map[[2]string]*citationTable, error) {
	names, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return nil, fmt.Errorf("adjudicate: list policy history: %w", err)
	}
	out := make(map[[2]string]*citationTable, len(names))
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("adjudicate: read policy history: %w", err)
		}
		var hf historyFile
		if err := decodeStrict(raw, &hf); err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		if want := historyName(hf.ID, hf.Version); path.Base(name) != want {
			return nil, fmt.Errorf("%s: id and version say the file is %s", path.Base(name), want)
		}
		for i, c := range hf.Criteria {
			if c.ID == "" || c.Text == "" || c.Cite.Section == "" || c.Cite.File == "" {
				return nil, fmt.Errorf("%s: criteria[%d]: id, text, cite.file and cite.section are required", path.Base(name), i)
			}
		}
		out[[2]string{hf.ID, hf.Version}] = newCitationTable(&hf)
	}
	return out, nil
}

// history returns the policy's own citation table: what a history file of
// its version must hold.
func (p *Policy) history() *historyFile {
	hf := &historyFile{ID: p.id, Version: p.version, Title: p.title, Seed: p.seed, Criteria: make([]historyCriterion, len(p.criteria))}
	for i, c := range p.criteria {
		hf.Criteria[i] = historyCriterion{ID: c.id, Text: c.text, Cite: c.cite}
	}
	return hf
}

// citations returns the citation table of a policy version: the embedded
// policy's own when the version is current, else the history's; nil when
// the gateway keeps no record of that version.
func citations(policy, version string) *citationTable {
	current, history, _ := loadHistory()
	key := [2]string{policy, version}
	if t := current[key]; t != nil {
		return t
	}
	return history[key]
}

// LookupCriterion resolves a criterion reference of a trace (policy ID,
// version, criterion ID) to the criterion's text and the seed section it
// cites, as that version of the policy states them. It reports false when
// the gateway keeps no record of the version or the version has no such
// criterion.
func LookupCriterion(policy, version, id string) (text string, cite Citation, ok bool) {
	t := citations(policy, version)
	if t == nil {
		return "", Citation{}, false
	}
	c := t.byID[id]
	if c == nil {
		return "", Citation{}, false
	}
	return c.Text, c.Cite, true
}
