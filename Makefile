# gate278 — X12 278 prior-authorization gateway.
GO       ?= go
PKGS     ?= ./...
BIN      ?= bin/gate278
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
FUZZTIME ?= 60s
BENCHTIME ?= 1s
# RACE is empty to test without the race detector (which needs cgo and a C compiler).
RACE     ?= -race
STATICCHECK_VERSION ?= v0.8.2
# staticcheck comes from the Go module proxy; .ci/run installs this version and points STATICCHECK at it.
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

.PHONY: all help build run test test-short bench fuzz check fmt vet staticcheck imports tools image clean

all: check test build

## help: this list
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## build: the binary, bin/gate278
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/gate278

## run: the gateway on its embedded default (NATS + JetStream in-process, metrics on 127.0.0.1:9278); REVIEWERS=FILE adds the reviewers' API and console
run: build
	$(BIN) serve -data ./data -listen 127.0.0.1:9278 $(if $(REVIEWERS),-reviewers $(REVIEWERS))

## test: make check, then every test with the race detector, against real embedded NATS servers
test: check
	@if [ -n "$(RACE)" ] && [ "$$($(GO) env CGO_ENABLED)" != 1 ]; then \
	  echo "make test: $(RACE) needs cgo and a C compiler (apt-get install gcc); make test RACE= runs without it" >&2; exit 1; fi
	$(GO) test $(RACE) -count=1 -timeout 30m $(PKGS)

## test-short: a quick loop: -short skips clusters, server restarts and large batches; no race detector, no make check
test-short:
	$(GO) test -short -count=1 $(PKGS)

## bench: throughput and allocation figures
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) $(PKGS)

## fuzz: the reader and the whole pipeline under coverage-guided fuzzing
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzReader$$' -fuzztime $(FUZZTIME) ./edi
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) ./edi/x217
	$(GO) test -run '^$$' -fuzz '^FuzzProcess$$' -fuzztime $(FUZZTIME) ./adjudicate/pipeline

## check: gofmt, go vet, staticcheck and the import direction of DESIGN §2
check: fmt vet staticcheck imports

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

staticcheck:
	$(STATICCHECK) $(PKGS)

# The import-direction test (cmd/gate278/layers_test.go); make test runs it too.
imports:
	$(GO) test -count=1 -run '^TestImportDirection' ./cmd/gate278

## image: the container image (ops/container/Dockerfile), tagged gate278:$(VERSION)
image:
	docker build -f ops/container/Dockerfile --build-arg VERSION=$(VERSION) -t gate278:$(VERSION) .

## tools: install the pinned staticcheck into $(go env GOPATH)/bin, as CI does
tools:
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

clean:
	rm -rf bin data
