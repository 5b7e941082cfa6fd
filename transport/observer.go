package transport

import "time"

// Observer receives transport events. Package ops/metrics implements it with
// Prometheus. Calls may come from many goroutines at once.
type Observer interface {
	// Received is called once per delivery of an inbound message.
	Received(size int64, delivered uint64)
	// Settled is called when a delivery is settled, with outcome "ack",
	// "nak", "term" or "dead_letter" and age = now - Stored. This worker
	// never terminates a file without copying it to X12_DLQ first, so it
	// reports "dead_letter" for those and "term" is currently unused. A
	// delivery whose settlement could not be sent (connection lost) is not
	// reported: the server redelivers it after AckWait.
	Settled(outcome string, age time.Duration)
	// DeadLettered is called when a file is copied to X12_DLQ, with reason
	// "max_deliver", "poison" or "oversize".
	DeadLettered(reason string)
	// Published is called after JetStream acknowledged one output.
	Published(kind string, size int, took time.Duration)
	// InFlight reports the number of files being handled now.
	InFlight(n int)
	// Workers reports the number of workers running.
	Workers(n int)
	// ConsumerState reports polled consumer info.
	ConsumerState(pending, ackPending, redelivered uint64, waiting int)
}

// NopObserver is an Observer that ignores every event.
type NopObserver struct{}

// Received implements Observer.
func (NopObserver) Received(int64, uint64) {}

// Settled implements Observer.
func (NopObserver) Settled(string, time.Duration) {}

// DeadLettered implements Observer.
func (NopObserver) DeadLettered(string) {}

// Published implements Observer.
func (NopObserver) Published(string, int, time.Duration) {}

// InFlight implements Observer.
func (NopObserver) InFlight(int) {}

// Workers implements Observer.
func (NopObserver) Workers(int) {}

// ConsumerState implements Observer.
func (NopObserver) ConsumerState(uint64, uint64, uint64, int) {}

var _ Observer = NopObserver{}
