package console

import (
	"html/template"
	"net/url"
	"strconv"
	"time"
)

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	"caseURL": func(id, env string) string {
		return Prefix + "cases/" + url.PathEscape(id) + "?" + url.Values{"env": {env}}.Encode()
	},
	"postURL": func(id, env, action string) string {
		return Prefix + "cases/" + url.PathEscape(id) + "/" + action + "?" + url.Values{"env": {env}}.Encode()
	},
	"itoa": strconv.Itoa,
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format("2006-01-02 15:04 MST")
	},
	// formValue is what the reviewer entered for name, or def.
	"formValue": func(f url.Values, name, def string) string {
		if f != nil && f.Has(name) {
			return f.Get(name)
		}
		return def
	},
	"checked": func(f url.Values, name, value string) bool { return f != nil && f.Get(name) == value },
	"lineKey": func(prefix string, n int) string { return prefix + "-" + strconv.Itoa(n) },
	"dashed": func(s string) string {
		if len(s) == 8 {
			return s[:4] + "-" + s[4:6] + "-" + s[6:]
		}
		return s
	},
}
