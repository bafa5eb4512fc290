package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/wsisgraph/wsisgraph/server"
)

// tracingEnv names the standard OpenTelemetry variables serve reads (the SDK reads the rest
// of the OTEL_EXPORTER_OTLP_* family, OTEL_TRACES_SAMPLER_ARG and OTEL_BSP_* itself).
const tracingEnv = "OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_TRACES_EXPORTER, " +
	"OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, " +
	"OTEL_TRACES_SAMPLER, OTEL_SDK_DISABLED"

// tracerProvider returns the tracer provider the OTEL_* environment asks for, and the function
// that flushes and stops it; a nil provider (tracing off) when no OTLP endpoint is set and
// OTEL_TRACES_EXPORTER is not otlp, or when OTEL_SDK_DISABLED=true or
// OTEL_TRACES_EXPORTER=none. Spans go to an OTLP collector over HTTP (protobuf, the
// default) or gRPC, as OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL says, in batches; the sampler is
// OTEL_TRACES_SAMPLER's (default parentbased_always_on); the service is named by
// OTEL_SERVICE_NAME, wsisgraph by default. It fails on a value it does not know.
func tracerProvider(ctx context.Context) (*sdktrace.TracerProvider, func(context.Context) error, error) {
	off := func(context.Context) error { return nil }
	if strings.EqualFold(os.Getenv("OTEL_SDK_DISABLED"), "true") {
		return nil, off, nil
	}
	switch exp := strings.ToLower(os.Getenv("OTEL_TRACES_EXPORTER")); exp {
	case "none":
		return nil, off, nil
	case "":
		if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "" {
			return nil, off, nil
		}
	case "otlp":
	default:
		return nil, nil, fmt.Errorf("OTEL_TRACES_EXPORTER=%q: want otlp or none", exp)
	}
	protocol := os.Getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
	if protocol == "" {
		protocol = os.Getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
	}
	var exp *otlptrace.Exporter
	var err error
	switch protocol {
	case "", "http/protobuf":
		exp, err = otlptracehttp.New(ctx)
	case "grpc":
		exp, err = otlptracegrpc.New(ctx)
	default:
		return nil, nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%q: want http/protobuf or grpc", protocol)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("the OTLP trace exporter: %w", err)
	}
	// Later options win: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES over the default name.
	res, err := resource.New(ctx,
		resource.WithTelemetrySDK(),
		resource.WithAttributes(attribute.String("service.name", "wsisgraph")),
		resource.WithFromEnv(),
	)
	if err != nil {
		return nil, nil, fmt.Errorf("the OTEL_RESOURCE_ATTRIBUTES or OTEL_SERVICE_NAME: %w", err)
	}
	if err := checkSampler(os.Getenv("OTEL_TRACES_SAMPLER")); err != nil {
		return nil, nil, err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	return tp, tp.Shutdown, nil
}

// setUpTracing sets cfg.TracerProvider as the OTEL_* environment asks (see tracerProvider)
// and logs whether tracing is on. The function it returns flushes the spans not yet sent
// (within 5 s) and stops the provider: call it once the server has stopped.
func setUpTracing(ctx context.Context, log *slog.Logger, cfg *server.Config) (stop func(), err error) {
	tp, shutdown, err := tracerProvider(ctx)
	if err != nil {
		return nil, err
	}
	if tp == nil {
		log.Info("tracing off", "env", tracingEnv)
		return func() {}, nil
	}
	cfg.TracerProvider = tp
	log.Info("tracing on", "sampler", env("OTEL_TRACES_SAMPLER", "parentbased_always_on"))
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := shutdown(ctx); err != nil {
			log.Warn("flushing spans", "err", err)
		}
	}, nil
}

// checkSampler fails on an OTEL_TRACES_SAMPLER the SDK does not know (the SDK would only log
// it, and sample everything).
func checkSampler(v string) error {
	switch v {
	case "", "always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio":
		return nil
	}
	return fmt.Errorf("OTEL_TRACES_SAMPLER=%q: want always_on, always_off, traceidratio or their parentbased_ forms", v)
}
