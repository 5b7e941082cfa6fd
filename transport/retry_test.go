package transport

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestBackoffDelay(t *testing.T) {
	b := backoff{base: 10 * time.Millisecond, max: 80 * time.Millisecond}
	for n, ceiling := range []time.Duration{10, 20, 40, 80, 80, 80} {
		ceiling *= time.Millisecond
		for range 50 {
			d := b.delay(n)
			require.LessOrEqual(t, d, ceiling, "retry %d", n)
			require.GreaterOrEqual(t, d, ceiling/2, "retry %d", n)
		}
	}
	require.LessOrEqual(t, b.delay(1000), 80*time.Millisecond, "no overflow")
}

func TestRetry(t *testing.T) {
	fast := backoff{base: time.Millisecond, max: 2 * time.Millisecond}
	flaky := errors.New("flaky")
	fatal := errors.New("fatal")

	t.Run("until_success", func(t *testing.T) {
		calls, notified := 0, 0
		err := retry(context.Background(), retryPolicy{backoff: fast, notify: func(error, time.Duration) { notified++ }},
			func(context.Context) error {
				if calls++; calls < 3 {
					return flaky
				}
				return nil
			})
		require.NoError(t, err)
		require.Equal(t, 3, calls)
		require.Equal(t, 2, notified)
	})
	t.Run("not_retryable", func(t *testing.T) {
		calls := 0
		err := retry(context.Background(), retryPolicy{backoff: fast, retryable: func(err error) bool { return err != fatal }},
			func(context.Context) error { calls++; return fatal })
		require.ErrorIs(t, err, fatal)
		require.Equal(t, 1, calls)
	})
	t.Run("max_attempts", func(t *testing.T) {
		calls := 0
		err := retry(context.Background(), retryPolicy{backoff: fast, maxAttempts: 4}, func(context.Context) error { calls++; return flaky })
		require.ErrorIs(t, err, flaky)
		require.Equal(t, 4, calls)
	})
	t.Run("context_ends", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		err := retry(ctx, retryPolicy{backoff: fast}, func(context.Context) error { return flaky })
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorIs(t, err, flaky, "the last failure is kept")
	})
	t.Run("attempt_timeout", func(t *testing.T) {
		calls := 0
		err := retry(context.Background(), retryPolicy{backoff: fast, attemptTimeout: 5 * time.Millisecond},
			func(ctx context.Context) error {
				if calls++; calls == 1 {
					<-ctx.Done()
					return ctx.Err()
				}
				return nil
			})
		require.NoError(t, err)
		require.Equal(t, 2, calls)
	})
}
