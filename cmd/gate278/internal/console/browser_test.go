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

// screenshot saves a full-page PNG of the tab as <artifacts>/<name>.png.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
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
