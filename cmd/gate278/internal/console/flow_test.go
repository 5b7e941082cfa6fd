package console_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gate278/gate278/adjudicate/cases"
)

// TestBrowserReviewFlow drives the console in headless Chromium against a
// real serve with embedded NATS. The sample doc-7.2 (submitted as its
// registered partner clearhub) pends both lines: 1 K0455 the pump and 2
// J1325 the drug. Expected, from the guide and the final-278 rules
// (pipeline/final.go, review tests): certifying line 1 for 2026-03-03 to
// 2026-05-01 and not certifying line 2 with 0F (not medically necessary) publishes one final 278 on
// x12.278.out.clearhub with BHT02 11 and BHT06 18, the case's REF*NT, HCR
// A1 with DTP*007 on line 1, HCR A3 0F with the plain-words MSG on line 2,
// A2 on the event; the history ends decided, response-published.
//
// Also: a wrong password is refused on the page; a CSRF token replayed
// from another session is refused.
func TestBrowserReviewFlow(t *testing.T) {
	ctx := newBrowser(t)
	s := serve(t)
	c := s.pend(t)
	s.clock.Add(50 * time.Hour) // 22 hours left of the 72: the row is due soon

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(s.base+"/console/queue"), chromedp.WaitVisible(chromedp.CSS("#signin"))))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	require.NoError(t, err)
	require.Contains(t, loc, "/console/signin?next=", "unsigned: sent to sign in")
	screenshot(t, ctx, "01-signin")

	signInBrowser(t, ctx, s.base, "rn-lee", "not-the-password")
	require.Contains(t, text(t, ctx, "#signin-error"), "wrong")
	screenshot(t, ctx, "02-signin-wrong-password")

	signInBrowser(t, ctx, s.base, "rn-lee", passwords["rn-lee"])
	row := "table.queue tr.due-soon"
	require.Contains(t, text(t, ctx, row), c.ID)
	require.Contains(t, text(t, ctx, row), "Due soon")
	require.Contains(t, text(t, ctx, row), "K0455")
	require.Equal(t, "1", text(t, ctx, "#count-open"))
	require.Contains(t, text(t, ctx, "#signed-in"), "rn-lee")
	screenshot(t, ctx, "03-queue")

	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`table.queue a[href*="`+c.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#decide-form"))))
	require.Contains(t, text(t, ctx, "#line-1-h"), "K0455")
	require.Contains(t, text(t, ctx, "#line-2-h"), "J1325")
	require.Contains(t, text(t, ctx, "#req-h + p"), "urgent")
	screenshot(t, ctx, "04-case")
	viewShot(t, ctx, "04-case-top")
	require.NoError(t, chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS("#line-1 blockquote.passage"))))
	viewShot(t, ctx, "04-case-line-1")

	// An incomplete decision is refused in plain words on the form.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#action-1-certify")),
		chromedp.Click(chromedp.CSS("#preview")),
	))
	require.Contains(t, text(t, ctx, "#form-error"), "line 2 is pended and has no decision")
	screenshot(t, ctx, "05-case-refused")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#action-1-certify")),
		chromedp.SetValue(chromedp.CSS("#from-1"), "2026-03-03"),
		chromedp.SetValue(chromedp.CSS("#to-1"), "2026-05-01"),
		chromedp.Click(chromedp.CSS("#action-2-not-certify")),
		chromedp.SetValue(chromedp.CSS("#code-2"), "0F"),
		chromedp.SendKeys(chromedp.CSS("#reason-2"), "home infusion is not shown to be needed"),
		chromedp.SendKeys(chromedp.CSS("#rationale"), "chart reviewed"),
		chromedp.Click(chromedp.CSS("#preview")),
	))
	preview := text(t, ctx, "#preview-x12")
	require.Contains(t, preview, "REF*NT*"+c.ID+"~")
	require.Contains(t, preview, "DTP*007*RD8*20260303-20260501~")
	require.Regexp(t, `HCR\*A3\*[^*~]+\*0F~`, preview)
	got, _, err := s.store.Get(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.WaitingDocuments, got.State, "the preview stores nothing")
	screenshot(t, ctx, "06-preview")

	sub, err := s.nc.SubscribeSync("x12.278.out.clearhub")
	require.NoError(t, err)
	require.NoError(t, s.nc.Flush())
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#confirm"))))
	require.Contains(t, text(t, ctx, "#notice"), "published")
	published := text(t, ctx, "#published")
	history := text(t, ctx, "#history")
	require.Contains(t, history, "decided")
	require.Contains(t, history, "response-published")
	require.Contains(t, text(t, ctx, "#case-state"), "decided")
	screenshot(t, ctx, "07-decided")

	m, err := sub.NextMsg(30 * time.Second)
	require.NoError(t, err)
	final := string(m.Data)
	require.Contains(t, final, "BHT*0007*11*CH-778812*")
	require.Contains(t, final, "*18~HL*1**20*1~", "BHT06 18: final")
	require.Contains(t, final, "REF*NT*"+c.ID+"~")
	require.Contains(t, final, "HCR*A2*")
	require.Regexp(t, `HCR\*A1\*[^*~]+~`, final)
	require.Contains(t, final, "DTP*007*RD8*20260303-20260501~")
	require.Regexp(t, `HCR\*A3\*[^*~]+\*0F~`, final)
	require.Contains(t, final, "MSG*Not certified under vt-dvha-eip (clinical review); home infusion is not shown to be needed~")
	norm := func(x string) string { return strings.Join(strings.Fields(x), "") }
	require.Equal(t, norm(final), norm(published), "the page shows the response that went out")
	evs, err := s.store.History(t.Context(), cases.Production, c.ID)
	require.NoError(t, err)
	require.Equal(t, cases.ResponsePublished, evs[len(evs)-1].Kind)
	require.Equal(t, "rn-lee", evs[len(evs)-2].Actor)

	// The operations page.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`nav a[href="/console/operations"]`)),
		chromedp.WaitVisible(chromedp.CSS("#queues"))))
	require.Contains(t, text(t, ctx, "main"), "X12_OUT")
	screenshot(t, ctx, "08-operations")

	// A CSRF token of another session, replayed in this one, is refused.
	other := s.client(t)
	other.signIn("rn-diaz")
	foreign := other.csrf()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(s.base+"/console/queue"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/console/signout"] button`)),
		chromedp.SetAttributeValue(chromedp.CSS(`form[action="/console/signout"] input[name="csrf"]`), "value", foreign),
		chromedp.Click(chromedp.CSS(`form[action="/console/signout"] button`)),
	))
	require.Contains(t, text(t, ctx, "#page-error"), "not from your session")
	screenshot(t, ctx, "09-csrf-refused")
	resp, _ := other.post("/console/signout", url.Values{"csrf": {foreign}})
	require.Equal(t, 303, resp.StatusCode, "the token still works in its own session")
}
