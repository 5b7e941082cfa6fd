package console_test

// The browser harness: headless Chromium (Debian's chromium package, which
// .ci/run installs) driven with chromedp. A browser test calls newBrowser
// for a tab of its own browser, drives it with chromedp.Do / chromedp.Run
// waiting on selectors (never on sleeps), and keeps a screenshot of each
// page with screenshot. Screenshots go to $GATE278_ARTIFACTS (or a
// temporary directory, logged), never into the repository.

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// browserTimeout bounds one browser test: generous, for two slow cores.
const browserTimeout = 5 * time.Minute

// chromium finds the browser binary: $CHROMIUM, then the Debian package's.
func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium for the test and returns the
// context of its tab, cancelled (and the browser stopped) at cleanup. It
// skips the test only when no Chromium binary is found.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	bin := chromium()
	if bin == "" {
		t.Skip("no Chromium binary found (install Debian's chromium package, as .ci/run does, or set CHROMIUM)")
	}
	// Not t.TempDir: Chromium's children may still write the profile for a
	// moment after the browser stops, and a failed removal must not fail
	// the test.
	profile, err := os.MkdirTemp("", "gate278-chromium-")
	require.NoError(t, err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	deadline, cancelDeadline := context.WithTimeout(context.Background(), browserTimeout)
	alloc, cancelAlloc := chromedp.NewExecAllocator(deadline, opts...)
	ctx, cancelTab := chromedp.NewContext(alloc, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelDeadline()
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond) // cleanup only: the profile's last writers
		}
	})
	// The first action starts the browser.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("about:blank")), "starting %s", bin)
	return ctx
}

// artifacts is the directory of the screenshots: $GATE278_ARTIFACTS, or
// $TMPDIR/gate278-screenshots.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("GATE278_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "gate278-screenshots")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// screenshot saves a full-page PNG of the tab as <artifacts>/<name>.png,
// after checking the page's accessibility (accessible).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	accessible(t, ctx, name)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err, "screenshot %s", name)
	path := filepath.Join(artifacts(t), name+".png")
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}

// viewShot saves a PNG of what the window shows (1280×900, the top of a
// long page) as <artifacts>/<name>.png: the README's pictures.
func viewShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err, "screenshot %s", name)
	path := filepath.Join(artifacts(t), name+".png")
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}

// a11yProblems is evaluated in the page: what a screen-reader or keyboard
// user would miss. Every visible form control has a label (a <label for>,
// a wrapping label, aria-label or aria-labelledby), every button and link
// says what it does, there is one h1, the document names its language, no
// heading level is skipped, and nothing takes keyboard focus out of order
// (tabindex > 0).
const a11yProblems = `(() => {
  const out = [];
  if (!document.documentElement.lang) out.push("html has no lang");
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) out.push(h1 + " h1 elements");
  let last = 0;
  for (const h of document.querySelectorAll("h1,h2,h3,h4,h5,h6")) {
    const n = +h.tagName[1];
    if (last && n > last + 1) out.push("heading " + h.tagName + " '" + h.textContent.trim() + "' skips a level");
    last = n;
  }
  for (const el of document.querySelectorAll("input,select,textarea")) {
    if (el.type === "hidden" || el.type === "submit" || el.offsetParent === null) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
    if (!named) out.push(el.tagName.toLowerCase() + " #" + (el.id || el.name) + " has no label");
  }
  for (const el of document.querySelectorAll("button,a[href]")) {
    if (!el.textContent.trim() && !el.getAttribute("aria-label")) out.push(el.tagName.toLowerCase() + " without text");
  }
  for (const el of document.querySelectorAll("[tabindex]")) {
    if (+el.getAttribute("tabindex") > 0) out.push("positive tabindex on " + el.tagName.toLowerCase());
  }
  return out;
})()`

// accessible fails the test with what a11yProblems finds on the page.
func accessible(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yProblems))
	require.NoError(t, err, "checking %s", page)
	require.Empty(t, problems, "accessibility of %s", page)
}

// text is the visible text of the first element sel matches, waiting for
// it to be visible.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))), "waiting for %s", sel)
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(t, err, "reading %s", sel)
	return s
}

// signInBrowser signs the tab in as name with password through the form.
func signInBrowser(t *testing.T, ctx context.Context, base, name, password string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/console/signin"),
		chromedp.WaitVisible(chromedp.CSS("#signin")),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("#signin")),
	))
}

// TestAccessibilityCheckCatches: the check the browser tests run on every
// page finds what it looks for, on a page made to fail it.
func TestAccessibilityCheckCatches(t *testing.T) {
	ctx := newBrowser(t)
	page := `data:text/html,<html><body><h1>a</h1><h3>skipped</h3><h1>b</h1><input id="x"><button></button><a href="/x" tabindex="2">ok</a></body></html>`
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(page)))
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yProblems))
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"html has no lang", "2 h1 elements", "heading H3 'skipped' skips a level",
		"input #x has no label", "button without text", "positive tabindex on a"}, problems)
}
