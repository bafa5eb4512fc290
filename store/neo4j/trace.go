package neo4j

import (
	"context"

	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/wsisgraph/wsisgraph"
)

// tracerName is the instrumentation scope of the statement spans.
const tracerName = "github.com/wsisgraph/wsisgraph/store/neo4j"

// startStatement starts the span of one statement sent to the server, a child of the span
// of ctx, from that span's TracerProvider, when that span is recording (the caller traces);
// else it returns ctx and nil at the cost of a context look-up. The span carries the
// statement's text, which is made of this package's constants only (values travel as
// parameters, which are not recorded).
func (s *Store) startStatement(ctx context.Context, cypher string) (context.Context, trace.Span) {
	parent := trace.SpanFromContext(ctx)
	if !parent.IsRecording() {
		return ctx, nil
	}
	return parent.TracerProvider().Tracer(tracerName).Start(ctx, "neo4j", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			semconv.DBSystemNameNeo4j,
			semconv.DBNamespace(s.db),
			semconv.DBQueryText(cypher),
		))
}

// endStatement ends span, when not nil, with the number of records or the error's code.
func endStatement(ctx context.Context, span trace.Span, records int, err error) {
	if span == nil {
		return
	}
	if err != nil {
		code := wsisgraph.ErrorCode(wrapErr(ctx, err))
		span.SetAttributes(semconv.ErrorTypeKey.String(code))
		span.SetStatus(codes.Error, code)
	} else {
		span.SetAttributes(semconv.DBResponseReturnedRows(records))
	}
	span.End()
}
