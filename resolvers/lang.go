package resolvers

import (
	"context"
	"net/http"
	"strings"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/graph/model"
)

type langKey struct{}

// WithLang returns ctx carrying the request's language.
func WithLang(ctx context.Context, l wsisgraph.Lang) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

// LangFrom returns the request's language, English when none was set.
func LangFrom(ctx context.Context) wsisgraph.Lang {
	if l, ok := ctx.Value(langKey{}).(wsisgraph.Lang); ok {
		return l
	}
	return wsisgraph.DefaultLang
}

// LangMiddleware sets each request's language from its Accept-Language header: the first
// supported tag in the header's order of preference, else English. An unsupported header
// is not an error (the header is negotiation, the `lang` argument is a demand).
func LangMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := r.Header.Get("Accept-Language"); h != "" {
			r = r.WithContext(WithLang(r.Context(), negotiateLang(h)))
		}
		next.ServeHTTP(w, r)
	})
}

// negotiateLang picks the first supported language of an Accept-Language header, ignoring
// quality values other than q=0; regional tags match their language ("fr-CH" → fr, "zh-CN"
// → zh-Hans).
func negotiateLang(header string) wsisgraph.Lang {
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(params) == "q=0" {
			continue
		}
		if l, err := wsisgraph.ParseLang(tag); err == nil {
			return l
		}
		base, _, _ := strings.Cut(tag, "-")
		if l, err := wsisgraph.ParseLang(base); err == nil {
			return l
		}
	}
	return wsisgraph.DefaultLang
}

// langArg resolves a field's `lang` argument: the request's language when absent, an
// EINVALID error naming the allowed tags when unknown.
func langArg(ctx context.Context, arg *string) (wsisgraph.Lang, error) {
	if arg == nil {
		return LangFrom(ctx), nil
	}
	return wsisgraph.ParseLang(*arg)
}

// localized returns t in lang (falling back to English), or the lang error.
func localized(ctx context.Context, t wsisgraph.Text, arg *string) (string, error) {
	l, err := langArg(ctx, arg)
	if err != nil {
		return "", err
	}
	return t.In(l), nil
}

// allLangs lists t in every language it has, in wsisgraph.Langs order.
func allLangs(t wsisgraph.Text) []*model.LocalizedText {
	out := make([]*model.LocalizedText, 0, len(t))
	for _, l := range wsisgraph.Langs {
		if s := t[l]; s != "" {
			out = append(out, &model.LocalizedText{Lang: string(l), Text: s})
		}
	}
	return out
}
