package adjudicate

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestICD10Validity(t *testing.T) {
	tab := &defaultConfig(t).codes.icd10
	for code, want := range map[string]string{
		"C18":   "is an ICD-10-CM category", // C18.0-C18.9 are the codes
		"C1810": "could not be verified",    // C18.1 has no subdivisions
		"B25":   "is an ICD-10-CM category", // B25.0-B25.9
		"B2509": "could not be verified",    // B25.0 has none
		"C190":  "could not be verified",    // C19 is a complete 3-character code
		"G892":  "is an ICD-10-CM category", // G89.21, G89.29 are codes under it
		"C34":   "is an ICD-10-CM category", // in C00-C96, not a listed 3-character code
		"Z3A":   "is an ICD-10-CM category", // in the pregnancy group
		"C180":  "", "C189": "", "C19": "", "C20": "", "B20": "", "B250": "", "G8921": "", "E8352": "",
		"C3490": "", // not in the list: not caught (the documented limit)
		"I10":   "", // a 3-character code outside every indication group: not judged
		"R52":   "",
	} {
		got := tab.invalid(code)
		if want == "" {
			require.Empty(t, got, code)
		} else {
			require.Contains(t, got, want, code)
		}
	}
	_, err := compileICD10([]leafFile{{Codes: []string{"C18", "C180"}, Source: "x"}}, nil)
	require.ErrorContains(t, err, "extends C18")
	_, err = compileICD10([]leafFile{{Codes: []string{"C18"}}}, nil)
	require.ErrorContains(t, err, "source")
}
