package pipeline

import (
	"github.com/gate278/gate278/adjudicate"
	"github.com/gate278/gate278/edi/x217"
)

// EngineRequest maps a decoded 278 request to the engine's input; identity
// seeds the authorization numbers. Exported for benchmarks and tools that
// decide one set outside Process.
func EngineRequest(identity string, r *x217.Request) *adjudicate.Request {
	return engineRequest(identity, r)
}

// Response builds the 278 response model of a decided request.
func Response(r *x217.Request, res *adjudicate.Result, date, tm string) *x217.Response {
	return response(r, res, date, tm)
}
