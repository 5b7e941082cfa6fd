// Package adjudicate decides external infusion pump service lines of a 278
// request against the criteria of the payer policies embedded in the binary.
// It knows nothing of X12 syntax: the caller maps a decoded 278 into a
// [Request] and maps the [Result] back into a 278 response.
//
// # Policies as data
//
// Each policy is a versioned JSON file under policies/, embedded in the
// binary: anthem-ct-cg-dme-21.json (Anthem Blue Cross Connecticut
// CG-DME-21, seed 000_215f0b6b90ae3e1a.txt) and vt-dvha-eip.json (Vermont
// Medicaid DVHA external infusion pump guideline, seed
// 004_27486b74d1dcb4ec.txt). policies/codes.json holds the tables they
// share, each with its source: HCR03 and AAA codes and the roles the engine
// uses them for, LOINC documents, PWK report types, places of service, the
// HCPCS drug table (names, routes or forms, list tags such as the LCD V(A)
// continuous-infusion drugs, each drug's indication groups, and
// not-otherwise-classified codes, which identify no drug), and the
// indication groups (dx_groups: the ICD-10-CM ranges a drug's diagnosis
// must come from — a malignancy for chemotherapy, a herpesvirus infection
// for the antivirals, E83.52 and a malignancy for gallium nitrate …).
//
// A policy file lists its line classes (pump, supply, drug, routed codes
// with where they are routed) and its criteria. Every criterion has a
// stable ID, the seed section it cites, an evaluator (a Go function chosen
// by name from a registry, with parameters from the file), the kind of
// documentation that can attest it (the file's attestation table names,
// per kind, the PWK report types that can show it and why: a DME
// prescription shows the regimen, only a progress report, medical record
// or plan of treatment shows a clinical evaluation), whether its failure
// may deny and with which HCR03 code, the LOINC documents that would show
// it and what would change the outcome. Pump codes carry their class of
// pump (ambulatory, stationary) for the duplicate-pump check. Composite criteria combine others (all of / any of), so the
// shape of each policy (Anthem's criteria set 1 OR set 2 OR the enteral
// set; Vermont's prescriber conditions AND one of 11 indications AND six
// conditions) is data too. Each file also records the choices made where
// the references disagree, with their reasons (Policy.Choices).
// Each criterion's cite also quotes the seed's own words (cite.passage),
// for a reviewer to read beside the paraphrase ([Config.Passage]); they are
// never part of a decision, a trace or a response.
//
// [LoadPolicies] validates at load — unique IDs, citations, well-formed
// HCPCS and ICD-10-CM codes and ranges, known evaluators, parameters and
// references — and names the file and field at fault. [ValidatePolicies]
// checks the embedded policies and default configuration (for a -check
// flag), and [CriterionIDs] lists every criterion ID.
//
// # Configuration
//
// [DefaultConfig] maps UMO PI ANTHEMCT to anthem-ct-cg-dme-21 and PI
// VTMEDICAID to vt-dvha-eip, both accepting attestation, adverse review (no
// machine denial: clinicians make adverse determinations, DESIGN §5),
// drug_lines review, a 12-month maximum certification period.
// [LoadConfig] merges a JSON file onto it: its defaults change every
// payer's settings, a payer entry with an existing qualifier and ID changes
// that payer, any other is added. Settings: attestation, adverse ("review",
// or "auto" for a payer that automates administrative denials), drug_lines
// ("review" or "with-pump"), pwk_types (the report types accepted as
// attachments), max_certification_months (1 to 60), max_retroactive_days
// (0 to 366: how long before the request date BHT04 the service may
// start), and payer tables
// (vt_enrolled_prescribers).
//
// # The engine
//
// [Decide] follows DESIGN §5. The UMO selects the payer and policy; an
// unknown UMO, a missing subscriber ID, a missing diagnosis, bad dates or a
// bad procedure code are answered with AAA in the loop that is wrong, and a
// loop with an AAA gets no HCR. Lines are classified by procedure code.
// For each pump line the evidence is gathered from structured data only
// (diagnoses, place of service line before event, the drug lines of the
// event, infusion hours from the pump code's definition or the pump line's
// HSD, certification type and previous authorization, the attachments sent,
// the ordering provider) and every criterion is evaluated for one driving
// drug at a time: each drug line of the event is a candidate, a criteria
// set is met only when one drug meets all of it (drugs never combine), and
// the trace shows the candidate closest to certification with its line and
// code. Each criterion is met, not met, unknown (needing documents or a
// clinician), met by attestation, skipped, or not applicable (its set
// cannot apply to the driving drug), and says which kind of evidence
// decided it (structured, code-table proxy, attachment). A drug the table
// does not identify (a not-otherwise-classified code, an unknown NDC, a J9
// code known only by its range, an implant or depot) never satisfies a drug
// criterion; a criterion that pairs drug and diagnosis needs a diagnosis of
// the drug's own indication group. An attachment sent (PWK02 AA sends
// nothing) attests only a criterion documentation alone can show, and only
// when its report type can show that criterion's kind of documentation and
// the payer accepts attestation; structured evidence that contradicts a
// criterion (a supplier as ordering provider, a drug listed for the other
// kind of regimen) makes it not met or a clinician's, never attested.
//
// The pump line is routed when a scope criterion fails (for Anthem any
// diagnosis of diabetes or pulmonary hypertension on the request); pends 0V
// when its data cannot be certified as asked (more than 24 infusion hours a
// day, two pumps of one class on overlapping dates for fewer drug lines, a
// period longer than the payer's maximum or outside the event's dates);
// is certified (A1) when the coverage criteria are met; not certified (A3)
// only under adverse: auto when they fail on a ground the policy states as
// non-coverage (under the default adverse: review that is A4 0V with
// "recommended: not certified" in the trace); otherwise pended, 0U with
// LOINC documents when documents would settle the open criteria, 0V when a
// clinician must. Supplies follow the pump line; drug, routed and other
// lines pend 0V routed (drug_lines: with-pump gives drug lines the pump's
// decision). Cancels answer C, appeals pend 0V. The event rolls up the
// lines. Authorization, review and reference numbers derive from
// Request.Identity, so Decide is pure and repeatable.
//
// Every line carries a [Trace] (stable JSON field names, criteria in policy
// order). A trace cites each criterion by reference — the policy ID and
// version on the trace, the criterion ID on each result — and keeps the
// evidence; the criterion's text and seed section live in the policy.
// policies/history/ keeps the citation table of every policy version, so
// [LookupCriterion] and [Explain] resolve a trace of an older version to
// the words it was decided under, and say so when they cannot. [Explain]
// renders a result as plain text for a clinician or a provider's staff:
// the outcome and the line that pends and why, then each line's decision,
// the provider's message, the reason, what would change the outcome and
// every criterion with the kind of evidence that met it.
//
// The provider-facing MSG (messages.go) is plain words: the policy's
// document name and section, no criterion IDs, the document or fact that
// would change the outcome, within the 264 characters of MSG01 and never
// cut inside a word. A recommended denial pends for a clinician: the MSG
// says so and what is needed; "recommended: not certified" is in the trace
// only.
//
// PHI never enters errors, traces or explanations: evidence cites codes,
// qualifiers, dates of service and provider NPIs only.
//
// # Where things live
//
// Policies: policyfile.go (the JSON shapes), policyload.go (reading),
// compilecodes.go, compilepolicy.go and compilecriteria.go (checks and
// compilation), policy.go (the compiled types), classify.go (line classes
// and drug lookups). Configuration: config.go (the API), configbuild.go
// (decoding, merging, checking). A decision: engine.go (the steps and the
// outcome each line gets), checks.go (AAAs), evidence.go (what a pump
// line's request shows), evaluators.go and eval*.go (the criteria
// evaluators, each reading one driving drug), state.go (criterion results
// for one candidate, attestation, composites, not applicable sets),
// pump.go (candidates, duplicate pumps, verdict and action of a pump line),
// lines.go (the other lines),
// rollup.go (the event), messages.go (MSG texts), authnum.go (reference
// numbers). Traces and explanations: citations.go (criteria by reference,
// the policy history), explain.go.
package adjudicate
