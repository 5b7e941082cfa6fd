package transport

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// backoff is an exponential backoff with jitter: the wait before retry n
// (n ≥ 0) is base·2ⁿ capped at max, less a random part of up to half of it,
// so that clients retrying at the same moment spread apart.
type backoff struct {
	base, max time.Duration
}

// delay returns the wait before retry n.
func (b backoff) delay(n int) time.Duration {
	d := b.max
	if n < 32 {
		if s := b.base << n; s > 0 && s < b.max {
			d = s
		}
	}
	return d - rand.N(d/2+1)
}

// retryPolicy says how retry repeats an operation. It is the one retry loop
// of the package: start-up, publishing and claim-check uploads all use it.
type retryPolicy struct {
	backoff backoff
	// attemptTimeout bounds one attempt; 0 means only ctx does.
	attemptTimeout time.Duration
	// maxAttempts stops after that many attempts; 0 means until ctx ends.
	maxAttempts int
	// retryable reports whether an error may go away; nil retries every
	// error.
	retryable func(error) bool
	// notify, if set, is told of each failure that is about to be retried
	// and of the wait before the next attempt (for logging).
	notify func(err error, wait time.Duration)
}

// retry runs op until it succeeds, fails with an error the policy does not
// retry, runs out of attempts, or ctx ends. The error returned when ctx ends
// wraps both ctx.Err() and the last failure that said something (an attempt
// cut short by ctx itself only repeats ctx's error).
func retry(ctx context.Context, p retryPolicy, op func(ctx context.Context) error) error {
	var last error
	for n := 0; ; n++ {
		err := attempt(ctx, p.attemptTimeout, op)
		if err == nil {
			return nil
		}
		if last == nil || ctx.Err() == nil || !errors.Is(err, ctx.Err()) {
			last = err
		}
		err = last
		if ctx.Err() != nil {
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
		}
		if (p.retryable != nil && !p.retryable(err)) || (p.maxAttempts > 0 && n+1 >= p.maxAttempts) {
			return err
		}
		wait := p.backoff.delay(n)
		if p.notify != nil {
			p.notify(err, wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
		case <-t.C:
		}
	}
}

func attempt(ctx context.Context, timeout time.Duration, op func(context.Context) error) error {
	if timeout <= 0 {
		return op(ctx)
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return op(actx)
}
