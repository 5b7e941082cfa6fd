// Package transport moves inbound files from NATS JetStream to a handler and
// publishes the handler's outputs. It knows nothing of X12 or policies.
package transport
