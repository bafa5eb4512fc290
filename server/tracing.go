package server

import (
	"context"
	"net/http"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/wsisgraph/wsisgraph"
)

// Tracing. With Config.TracerProvider set, each GraphQL request has a server span, a child of
// the span named by the request's W3C traceparent header when it has one, and its answer
// carries a traceparent naming that span. Under it, each store call (one per loader batch)
// has a span of its own; a store that talks to a server adds a span per statement under the
// store call's (it finds the provider in the span of its context: see store/neo4j). Without
// a TracerProvider none of this runs: no span, no header, no trace id in the log.

// tracerName is the instrumentation scope of the service's spans.
const tracerName = "github.com/wsisgraph/wsisgraph/server"

// Span attributes of the service's own, beside the OpenTelemetry semantic conventions'.
const (
	attrRequestID   = attribute.Key("wsisgraph.request_id")
	attrCost        = attribute.Key("wsisgraph.cost")
	attrCostLimit   = attribute.Key("wsisgraph.cost_limit")
	attrOutcome     = attribute.Key("wsisgraph.outcome")
	attrErrorCodes  = attribute.Key("wsisgraph.error_codes")
	attrStoreMethod = attribute.Key("wsisgraph.store.method")
	attrBatchKeys   = attribute.Key("wsisgraph.store.keys")
)

// traceContext is the W3C Trace Context propagator: traceparent and tracestate.
var traceContext = propagation.TraceContext{}

// startRequestSpan starts the span of the GraphQL request r and writes its traceparent into
// h. It returns ctx unchanged when tracing is off.
func (s *Server) startRequestSpan(ctx context.Context, r *http.Request, h http.Header, x *exchange) context.Context {
	if s.tracer == nil {
		return ctx
	}
	ctx = traceContext.Extract(ctx, propagation.HeaderCarrier(r.Header))
	ctx, span := s.tracer.Start(ctx, "graphql", trace.WithSpanKind(trace.SpanKindServer),
		trace.WithTimestamp(x.start),
		trace.WithAttributes(
			semconv.HTTPRequestMethodKey.String(r.Method),
			semconv.URLPath(r.URL.Path),
			attrRequestID.String(x.id),
		))
	if span.SpanContext().IsValid() {
		traceContext.Inject(ctx, propagation.HeaderCarrier(h))
	}
	return ctx
}

// endRequestSpan ends the request span of ctx, if any, with what became of the request: its
// span is named after the operation (op, the bounded label of the metrics), and an outcome
// that is the service's fault (internal, unavailable, timeout) marks it as an error.
func endRequestSpan(ctx context.Context, x *exchange, op string, status int) {
	span := trace.SpanFromContext(ctx)
	if !span.IsRecording() {
		return
	}
	span.SetName("query " + op)
	attrs := []attribute.KeyValue{
		semconv.GraphQLOperationTypeQuery,
		attrOutcome.String(x.outcome),
		attrCostLimit.Int(x.costLimit),
	}
	if x.cost >= 0 {
		attrs = append(attrs, attrCost.Int(x.cost))
	}
	if x.opName != "" {
		attrs = append(attrs, semconv.GraphQLOperationName(truncate(x.opName, 128)))
	}
	if status != 0 {
		attrs = append(attrs, semconv.HTTPResponseStatusCode(status))
	}
	if len(x.codes) > 0 {
		attrs = append(attrs, attrErrorCodes.StringSlice(x.codes))
	}
	span.SetAttributes(attrs...)
	switch x.outcome {
	case outcomeInternal, outcomeUnavailable, outcomeTimeout:
		span.SetStatus(codes.Error, strings.Join(x.codes, ","))
	}
	span.End()
}

// startStoreSpan starts the span of one store call (one loader batch when the call has keys);
// it returns nil when tracing is off or the request's span is not sampled.
func (c *countingStore) startStoreSpan(ctx *context.Context, method string, keys int) trace.Span {
	if c.tracer == nil || !trace.SpanFromContext(*ctx).IsRecording() {
		return nil
	}
	attrs := []attribute.KeyValue{attrStoreMethod.String(method)}
	if keys >= 0 {
		attrs = append(attrs, attrBatchKeys.Int(keys))
	}
	var span trace.Span
	*ctx, span = c.tracer.Start(*ctx, method, trace.WithAttributes(attrs...))
	return span
}

// endStoreSpan ends span, when not nil, with the outward code of the call's error (never its
// message, which may quote a value).
func endStoreSpan(span trace.Span, err error) {
	if span == nil {
		return
	}
	if err != nil {
		code := OutwardCode(wsisgraph.ErrorCode(err))
		span.SetAttributes(semconv.ErrorTypeKey.String(code))
		span.SetStatus(codes.Error, code)
	}
	span.End()
}
