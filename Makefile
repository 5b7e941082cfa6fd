# gate278 — X12 278 prior-authorization gateway.
GO       ?= go
PKGS     ?= ./...
BIN      ?= bin/gate278
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
FUZZTIME ?= 60s
BENCHTIME ?= 1s

.PHONY: all build run test test-short bench fuzz check fmt vet promtool clean

all: check test build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/gate278

## run: the gateway on its embedded default (NATS + JetStream in-process, metrics on 127.0.0.1:9278)
run: build
	$(BIN) serve -data ./data -listen 127.0.0.1:9278

## test: every test, against real embedded NATS servers
test: check
	$(GO) test -count=1 -timeout 30m $(PKGS)

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

## check: formatting and vet
check: fmt vet

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

clean:
	rm -rf bin data
