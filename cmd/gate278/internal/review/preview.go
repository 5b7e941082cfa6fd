package review

import (
	"net/http"
)

// PreviewResponse is the answer of POST /v1/cases/{id}/preview: the final
// 278 the decision would publish, as it would be written except for its
// control numbers (ISA13, GS06), which the published response takes from
// the revision that stores the decision, and its times (ISA09/ISA10,
// GS04/GS05, BHT04/BHT05), which are those of the moment it is sent.
// Revision is the case's revision the preview was made at: sent back as
// the step's "revision", the step is refused (409) if the case changed.
type PreviewResponse struct {
	Revision uint64 `json:"revision"`
	X12      string `json:"x12"`
}

// preview answers a decision's body (the same as decide's) with the 278 it
// would publish, built by the same code as the published one
// (casestore.Store.PreviewStep with the step decide stores), and stores
// nothing: a decision decide would refuse is refused here with the same
// status (403, 404, 409, 422).
func (a *API) preview(w http.ResponseWriter, r *http.Request, who Identity) {
	if st, ok := a.decision(w, r, who); ok {
		a.previewChange(w, r, st)
	}
}

// response answers the 278 the case's last answering step published
// (casestore.Store.Published), or 404 when the case has none standing.
func (a *API) response(w http.ResponseWriter, r *http.Request, _ Identity) {
	e := env(w, r)
	if e == "" {
		return
	}
	body, rev, err := a.Store.Published(r.Context(), e, r.PathValue("id"))
	if err != nil {
		a.storeError(w, err)
		return
	}
	reply(w, http.StatusOK, PreviewResponse{Revision: rev, X12: string(body)})
}

// previewCancel answers the 278 a cancellation's body would publish
// (every line C), storing nothing.
func (a *API) previewCancel(w http.ResponseWriter, r *http.Request, who Identity) {
	if st, ok := a.cancelStep(w, r, who); ok {
		a.previewChange(w, r, st)
	}
}

// previewDocuments answers the 278 a documents request's body would
// publish (BHT06 19, A4 0U with HI LOI), storing nothing.
func (a *API) previewDocuments(w http.ResponseWriter, r *http.Request, who Identity) {
	if st, ok := a.documentsStep(w, r, who); ok {
		a.previewChange(w, r, st)
	}
}
