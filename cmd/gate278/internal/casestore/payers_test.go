package casestore

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/adjudicate/cases"
)

func loadConfig(t *testing.T, js string) *adjudicate.Config {
	t.Helper()
	cfg, err := adjudicate.LoadConfig(strings.NewReader(js))
	require.NoError(t, err)
	return cfg
}

// TestPayerClocks: each payer's cases take its regime and calendar. A
// request received Friday 2026-09-04 15:00 UTC, before the weekend and
// Labor Day (Monday 09-07). Written first, by hand:
//   - Vermont Medicaid (embedded: CMS-0057-F, US federal holidays, New
//     York): standard final due 7 calendar days on, Friday 09-11 15:00 UTC;
//     expedited 72 h on, Monday 09-07 15:00 UTC (holidays do not stop it);
//     documents listed in the pend: the CORE documents request is met and
//     close-out is 15 business days on (Tuesday 09-08 … Monday 09-28), at
//     midnight ending 09-28 in New York.
//   - Anthem (embedded: CAQH CORE) in America/Chicago (set in the file):
//     nothing missing, the final is due 2 business days on, Tuesday and
//     Wednesday (not the weekend, not Labor Day), at midnight ending
//     Wednesday in Chicago, 2026-09-10 05:00 UTC; with documents listed,
//     no final clock until they arrive.
//   - The same Anthem with holidays "none": Monday counts, so midnight
//     ending Tuesday in Chicago, 2026-09-09 05:00 UTC.
func TestPayerClocks(t *testing.T) {
	received := time.Date(2026, 9, 4, 15, 0, 0, 0, time.UTC)
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	chicago, err := time.LoadLocation("America/Chicago")
	require.NoError(t, err)

	def, err := adjudicate.DefaultConfig()
	require.NoError(t, err)
	for _, p := range def.Payers() {
		want := map[string]string{"ANTHEMCT": adjudicate.ClocksCORE, "VTMEDICAID": adjudicate.ClocksCMS}[p.ID]
		require.Equal(t, want, p.Clocks, p.ID)
		require.Equal(t, adjudicate.HolidaysUSFederal, p.Holidays)
		require.Equal(t, adjudicate.CloseOutAuto, p.CloseOut)
	}
	payers, err := PayersFrom(loadConfig(t, `{"payers": [{"qualifier": "PI", "id": "ANTHEMCT", "time_zone": "America/Chicago"}]}`))
	require.NoError(t, err)

	vt := payers.Clocks("Vermont Medicaid (DVHA)")
	require.Equal(t, cases.RegimeCMS, vt.Regime)
	d := vt.Opened(received, cases.Standard, true)
	require.True(t, time.Date(2026, 9, 11, 15, 0, 0, 0, time.UTC).Equal(d.Final), "%s", d.Final)
	require.True(t, time.Date(2026, 9, 29, 0, 0, 0, 0, ny).Equal(d.CloseOut), "%s", d.CloseOut)
	d = vt.Opened(received, cases.Expedited, false)
	require.True(t, time.Date(2026, 9, 7, 15, 0, 0, 0, time.UTC).Equal(d.Final), "%s", d.Final)
	require.Equal(t, vt, payers.Clocks("VTMEDICAID"), "by ID too")

	anthem := payers.Clocks("Anthem Blue Cross Connecticut")
	require.Equal(t, cases.RegimeCORE, anthem.Regime)
	d = anthem.Opened(received, cases.Standard, false)
	require.True(t, time.Date(2026, 9, 10, 0, 0, 0, 0, chicago).Equal(d.Final), "%s", d.Final)
	require.True(t, time.Date(2026, 9, 10, 5, 0, 0, 0, time.UTC).Equal(d.Final))
	d = anthem.Opened(received, cases.Standard, true)
	require.True(t, d.Final.IsZero(), "CORE: the final clock waits for the documents")

	none, err := PayersFrom(loadConfig(t, `{"payers": [{"qualifier": "PI", "id": "ANTHEMCT", "time_zone": "America/Chicago", "holidays": "none"}]}`))
	require.NoError(t, err)
	d = none.Clocks("ANTHEMCT").Opened(received, cases.Standard, false)
	require.True(t, time.Date(2026, 9, 9, 5, 0, 0, 0, time.UTC).Equal(d.Final), "%s", d.Final)

	// A payer nobody configured: the defaults.
	require.Equal(t, cases.RegimeCMS, payers.Clocks("SOMEONE").Regime)
	require.Equal(t, adjudicate.CloseOutAuto, payers.CloseOut("SOMEONE"))

	// Bad settings are refused, naming the field.
	for js, msg := range map[string]string{
		`{"payers": [{"qualifier": "PI", "id": "ANTHEMCT", "clocks": "fastest"}]}`:        `payers[0].clocks: must be "cms-0057-f" or "caqh-core"`,
		`{"defaults": {"time_zone": "Mars/Olympus"}}`:                                     `defaults.time_zone: "Mars/Olympus" is not an IANA time zone`,
		`{"payers": [{"qualifier": "PI", "id": "VTMEDICAID", "holidays": "state"}]}`:      `payers[0].holidays: must be "us-federal" or "none"`,
		`{"payers": [{"qualifier": "PI", "id": "VTMEDICAID", "close_out": "sometimes"}]}`: `payers[0].close_out: must be "auto", "review" or "off"`,
	} {
		_, err := adjudicate.LoadConfig(strings.NewReader(js))
		require.ErrorContains(t, err, msg)
	}
}
