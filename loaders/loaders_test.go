package loaders_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/wsisgraph/wsisgraph/dataset"
	"github.com/wsisgraph/wsisgraph/loaders"
	"github.com/wsisgraph/wsisgraph/store/memory"
)

// reference names the loaders of reference data, which wait Options.ReferenceWait; every
// other field of Loaders waits Options.Wait.
var reference = map[string]bool{
	"ActionLineByCode": true, "SubLinesByActionLine": true,
	"GoalByNumber": true, "TargetByCode": true, "TargetsByGoal": true,
	"IndicatorByCode": true, "IndicatorsByTarget": true,
	"LinkageByID": true, "LinkagesByActionLine": true, "LinkagesByGoal": true, "LinkagesByTarget": true,
	"SourceByKey": true, "CountryByCode": true,
	"PrizeCategoryByNumber": true, "PrizeCategoryByActionLine": true,
}

// TestWaitRouting checks which wait each loader of a real Loaders (over the embedded store)
// takes, without timing anything that could be slow on a loaded machine: the wait that must
// not apply is an hour, so a loader on the wrong one cannot answer within the test's few
// seconds.
func TestWaitRouting(t *testing.T) {
	d, err := dataset.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	s := memory.New(d)
	for _, tc := range []struct {
		name string
		o    loaders.Options
		fast func(field string) bool // the loaders that must answer
	}{
		{"reference loaders skip an hour's Wait", loaders.Options{Wait: time.Hour, ReferenceWait: -1, MaxBatch: 500},
			func(f string) bool { return reference[f] }},
		{"reference loaders take an hour's ReferenceWait", loaders.Options{Wait: time.Microsecond, ReferenceWait: time.Hour, MaxBatch: 500},
			func(f string) bool { return !reference[f] }},
		{"zero ReferenceWait is Wait", loaders.Options{Wait: time.Hour, MaxBatch: 500},
			func(string) bool { return false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			answered := loadEach(t, loaders.New(s, tc.o))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var slow []string
			for f, done := range answered {
				if !tc.fast(f) {
					slow = append(slow, f)
					continue
				}
				select {
				case <-done:
					continue
				default:
				}
				select {
				case <-done:
				case <-ctx.Done():
					t.Errorf("%s: no answer after 5 s: it waits the hour meant for the other loaders", f)
				}
			}
			// Whatever answered by now took the short wait: the others must still be waiting.
			time.Sleep(20 * time.Millisecond)
			for _, f := range slow {
				select {
				case <-answered[f]:
					t.Errorf("%s answered: it does not wait the hour of its own option", f)
				default:
				}
			}
		})
	}
}

// loadEach asks every loader of l for its key type's zero value (a key that is not found
// still takes a batch, hence the wait) in a goroutine of its own, and returns, by field name,
// a channel closed when the loader answers. A reference-data loader is in the test's table.
func loadEach(t *testing.T, l *loaders.Loaders) map[string]chan struct{} {
	t.Helper()
	v := reflect.ValueOf(l).Elem()
	answered := map[string]chan struct{}{}
	for i := range v.NumField() {
		if !v.Type().Field(i).IsExported() {
			continue // the request's vocabulary, read once (Loaders.Vocabulary)
		}
		name := v.Type().Field(i).Name
		load := v.Field(i).MethodByName("Load")
		if !load.IsValid() {
			t.Fatalf("Loaders.%s has no Load method", name)
		}
		done := make(chan struct{})
		answered[name] = done
		key := reflect.Zero(load.Type().In(1))
		go func() {
			load.Call([]reflect.Value{reflect.ValueOf(context.Background()), key})
			close(done)
		}()
	}
	for f := range reference {
		if answered[f] == nil {
			t.Fatalf("the test's reference table names %s, which Loaders does not have", f)
		}
	}
	return answered
}
