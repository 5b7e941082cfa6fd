package transport

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/nats-io/nkeys"

	"github.com/gate278/gate278/ops/outputs"
)

// The embedded server always requires authentication. Every identity is an
// NKey user, and every role lives in its own NATS account, because accounts,
// not subject permissions, are what keep one client from reaching another's
// data: inside one account a client can make the server publish a JetStream
// API response to any subject it names as the reply (a stream of that
// account then stores it), so a submitter sharing the gateway's account
// could inject files under another partner's name, answers on another
// partner's subjects or keys in X12_SEEN (TestReplySubjectCannotInject).
//
//	GATE278      the gateway (JetStream: every stream, consumer and bucket)
//	GATE278_OPS  the operator: read-only stream and consumer information,
//	             never a message (gate278 status, nats stream info)
//	PARTNER_<p>  one account per trading partner p (gate278 submit): it may
//	             publish x12.278.in.<p>, write and read claim-check objects
//	             in its own bucket X12_LARGE_<p>, receives, live, the
//	             gateway's answers on its own subjects (x12.*.out.<p>,
//	             x12.278.trace.<p>, x12.rejected.<p>, x12.dlq.<p>), and may
//	             ask for those stored (gate278.answers.<p>, FetchAnswers).
//	             Nothing else of GATE278 is visible to it.
//
// Only the gateway publishes outputs, writes X12_SEEN or touches a stream.
const (
	AccountGateway  = "GATE278"
	AccountOperator = "GATE278_OPS"
	// PartnerAccountPrefix + partner name is a partner's account.
	PartnerAccountPrefix = "PARTNER_"
	// PartnerBucketPrefix + partner name is a partner's claim-check bucket.
	PartnerBucketPrefix = BucketLarge + "_"
	// accountNone has no users: partner accounts import $JS.API.INFO from
	// it (see accountsConfig).
	accountNone = "GATE278_NONE"
)

// MaxPartnerName is the longest partner name.
const MaxPartnerName = 32

// partnerName is the partner-name syntax: lower-case letters, digits, '-'
// and '_', starting with a letter or a digit. A name is one subject token,
// part of an account name and of a bucket name, so nothing else may be in it.
var partnerName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// ErrPartnerName is returned for a partner name outside the documented
// syntax (ValidPartner).
var ErrPartnerName = errors.New("invalid partner name")

// ValidPartner checks a partner name: 1 to 32 characters, lower-case
// letters, digits, '-' and '_', starting with a letter or a digit.
func ValidPartner(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%w: empty (want 1-%d of a-z 0-9 - _)", ErrPartnerName, MaxPartnerName)
	case len(name) > MaxPartnerName:
		return fmt.Errorf("%w: %d characters, at most %d", ErrPartnerName, len(name), MaxPartnerName)
	case !partnerName.MatchString(name):
		return fmt.Errorf("%w %s: only a-z 0-9 - _ (starting with a letter or digit)", ErrPartnerName, strconv.QuoteToASCII(name))
	}
	return nil
}

// PartnerBucket is the claim-check object store of a partner: its large
// inbound files and the large answers addressed to it.
func PartnerBucket(partner string) string { return PartnerBucketPrefix + partner }

// Partner is a trading partner as the NATS server knows it.
type Partner struct {
	// Name is the partner's name: the last token of its subjects (see
	// ValidPartner).
	Name string
	// NKey is the public key (U…) of a partner that holds its own NKey
	// seed. Empty: gate278 generates a seed in the credentials directory.
	NKey string
}

// Credentials is a directory holding the NKey seeds of the embedded server's
// users, one file per identity, mode 0600 (the directory 0700). Seeds are
// secrets: they are never logged or printed.
type Credentials struct{ Dir string }

// Gateway is the seed file of the gateway (serve, redrive).
func (c Credentials) Gateway() string { return filepath.Join(c.Dir, "gateway.nk") }

// Operator is the seed file of the read-only operator (status).
func (c Credentials) Operator() string { return filepath.Join(c.Dir, "operator.nk") }

// Partner is the seed file of partner p (submit).
func (c Credentials) Partner(p string) string { return filepath.Join(c.Dir, "partner-"+p+".nk") }

// Partners lists the partners that have a seed file in the directory.
func (c Credentials) Partners() []string {
	files, _ := filepath.Glob(filepath.Join(c.Dir, "partner-*.nk"))
	var out []string
	for _, f := range files {
		p := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "partner-"), ".nk")
		if ValidPartner(p) == nil {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// identities are the public keys of the server's users.
type identities struct {
	gateway, operator string
	partners          []Partner // NKey set
}

// ensure creates the seeds that do not exist yet (the gateway's, the
// operator's, and those of the partners without an NKey of their own) and
// returns every user's public key. Existing seeds are kept: the credentials
// survive restarts.
func (c Credentials) ensure(partners []Partner) (identities, error) {
	var id identities
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return id, fmt.Errorf("transport: credentials directory: %w", err)
	}
	if err := os.Chmod(c.Dir, 0o700); err != nil {
		return id, fmt.Errorf("transport: credentials directory: %w", err)
	}
	var err error
	if id.gateway, err = ensureSeed(c.Gateway()); err != nil {
		return id, err
	}
	if id.operator, err = ensureSeed(c.Operator()); err != nil {
		return id, err
	}
	seen := map[string]bool{}
	for _, p := range partners {
		if err := ValidPartner(p.Name); err != nil {
			return id, fmt.Errorf("transport: partner: %w", err)
		}
		if seen[p.Name] {
			return id, fmt.Errorf("transport: partner %s listed twice", p.Name)
		}
		seen[p.Name] = true
		if p.NKey != "" {
			if !nkeys.IsValidPublicUserKey(p.NKey) {
				return id, fmt.Errorf("transport: partner %s: nkey is not a user public key (U…)", p.Name)
			}
		} else if p.NKey, err = ensureSeed(c.Partner(p.Name)); err != nil {
			return id, err
		}
		id.partners = append(id.partners, p)
	}
	return id, nil
}

// ensureSeed returns the public key of the user seed in file, creating the
// seed (mode 0600) when the file does not exist.
func ensureSeed(file string) (string, error) {
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		kp, err := nkeys.CreateUser()
		if err != nil {
			return "", fmt.Errorf("transport: create nkey: %w", err)
		}
		seed, _ := kp.Seed()
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return "", fmt.Errorf("transport: credentials: %w", err)
		}
		_, werr := f.Write(append(seed, '\n'))
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return "", fmt.Errorf("transport: credentials: write %s: %w", filepath.Base(file), werr)
		}
		return kp.PublicKey()
	}
	if err != nil {
		return "", fmt.Errorf("transport: credentials: %w", err)
	}
	if st, err := os.Stat(file); err == nil && st.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("transport: credentials: %s is readable by others (mode %v): chmod 600 it", file, st.Mode().Perm())
	}
	kp, err := nkeys.ParseDecoratedNKey(b)
	if err != nil {
		return "", fmt.Errorf("transport: credentials: %s holds no NKey seed: %w", filepath.Base(file), err)
	}
	pub, err := kp.PublicKey()
	if err != nil || !nkeys.IsValidPublicUserKey(pub) {
		return "", fmt.Errorf("transport: credentials: %s is not a user seed", filepath.Base(file))
	}
	return pub, nil
}

// partnerServices are the GATE278 subjects partner p may send requests to
// (each answered to p's own account): its inbound subject, and what the
// object store client needs to write and read p's own bucket.
func partnerServices(p string) []string {
	b := PartnerBucket(p)
	return []string{
		SubjectInPfx + p,
		"$O." + b + ".>",
		"$JS.API.STREAM.INFO.OBJ_" + b,
		"$JS.API.DIRECT.GET.OBJ_" + b,
		"$JS.API.DIRECT.GET.OBJ_" + b + ".>",
		"$JS.API.STREAM.MSG.GET.OBJ_" + b,
	}
}

// partnerStreams are the GATE278 subjects partner p receives live: the
// gateway's answers to it and its dead letters.
func partnerStreams(p string, kinds outputs.Table) []string {
	var out []string
	for _, k := range kinds {
		if k.Token == outputs.TokenPartner {
			out = append(out, k.Subject(p))
		}
	}
	return append(out, SubjectDLQPfx+p)
}

// operatorServices are the read-only JetStream API requests of the operator:
// information about streams and consumers, never a message. That covers the
// review-case bucket and history (KV_X12_CASES, X12_CASE_HISTORY): their
// counts and sizes, and with a subjects filter their subjects — case keys,
// an environment and the event's administrative reference (REF*NT), no
// PHI — but never a case or an event (TestOperatorAndPartnersVersusCaseStreams).
// gate278 status counts stranded files from information alone.
var operatorServices = []string{
	"$JS.API.INFO",
	"$JS.API.STREAM.NAMES",
	"$JS.API.STREAM.LIST",
	"$JS.API.STREAM.INFO.*",
	"$JS.API.CONSUMER.NAMES.*",
	"$JS.API.CONSUMER.LIST.*",
	"$JS.API.CONSUMER.INFO.*.*",
}

// AccountsConfig renders, in the NATS configuration language, the accounts
// block the embedded server runs with, for a deployment of its own
// (ops/nats/accounts.conf is one): the identities' public keys come from
// the seeds in creds (created where missing) and from the partners' own
// NKeys. No secret is in it.
func AccountsConfig(creds Credentials, partners []Partner, kinds outputs.Table) (string, error) {
	id, err := creds.ensure(partners)
	if err != nil {
		return "", err
	}
	if kinds == nil {
		kinds = outputs.Kinds
	}
	return accountsConfig(id, kinds), nil
}

// accountsConfig renders the accounts of the embedded server in the NATS
// configuration language.
func accountsConfig(id identities, kinds outputs.Table) string {
	var b strings.Builder
	q := strconv.Quote
	b.WriteString("accounts {\n")
	fmt.Fprintf(&b, "  %s {\n    jetstream: enabled\n    users: [{nkey: %s}]\n    exports: [\n", AccountGateway, q(id.gateway))
	for _, s := range operatorServices {
		fmt.Fprintf(&b, "      {service: %s, accounts: [%s]}\n", q(s), AccountOperator)
	}
	for _, p := range id.partners {
		acc := PartnerAccountPrefix + p.Name
		for _, s := range partnerServices(p.Name) {
			fmt.Fprintf(&b, "      {service: %s, accounts: [%s]}\n", q(s), q(acc))
		}
		fmt.Fprintf(&b, "      {service: %s, response: stream, accounts: [%s]}\n", q(SubjectAnswersPfx+p.Name), q(acc))
		for _, s := range partnerStreams(p.Name, kinds) {
			fmt.Fprintf(&b, "      {stream: %s, accounts: [%s]}\n", q(s), q(acc))
		}
	}
	b.WriteString("    ]\n  }\n")
	// A partner account has no JetStream of its own. The server would answer
	// its JetStream requests from the system account (all with "not enabled",
	// racing the gateway's answers to the requests it imports) unless the
	// account imports $JS.API.INFO from elsewhere: from this account, which
	// has no users and answers nothing.
	fmt.Fprintf(&b, "  %s {\n    exports: [{service: %s}]\n  }\n", accountNone, q("$JS.API.INFO"))
	fmt.Fprintf(&b, "  %s {\n    users: [{nkey: %s}]\n    imports: [\n", AccountOperator, q(id.operator))
	for _, s := range operatorServices {
		fmt.Fprintf(&b, "      {service: {account: %s, subject: %s}}\n", AccountGateway, q(s))
	}
	b.WriteString("    ]\n  }\n")
	for _, p := range id.partners {
		fmt.Fprintf(&b, "  %s {\n    users: [{nkey: %s}]\n    imports: [\n", q(PartnerAccountPrefix+p.Name), q(p.NKey))
		for _, s := range append(partnerServices(p.Name), SubjectAnswersPfx+p.Name) {
			fmt.Fprintf(&b, "      {service: {account: %s, subject: %s}}\n", AccountGateway, q(s))
		}
		for _, s := range partnerStreams(p.Name, kinds) {
			fmt.Fprintf(&b, "      {stream: {account: %s, subject: %s}}\n", AccountGateway, q(s))
		}
		fmt.Fprintf(&b, "      {service: {account: %s, subject: %s}}\n", accountNone, q("$JS.API.INFO"))
		b.WriteString("    ]\n  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}
