package server

import (
	"net/http"

	"golang.org/x/text/language"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/resolvers"
)

// langMiddleware sets each request's language from its Accept-Language header: the first
// supported tag in the header's order of preference, else English. An unsupported header
// is not an error (the header is negotiation, the `lang` argument is a demand).
func langMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := r.Header.Get("Accept-Language"); h != "" {
			r = r.WithContext(resolvers.WithLang(r.Context(), negotiateLang(h)))
		}
		next.ServeHTTP(w, r)
	})
}

// negotiateLang picks the supported language of an Accept-Language header the way the
// `lang` arguments read a tag (wsisgraph.MatchLang): the first tag in order of quality
// (q=0 excluded) whose language is one of the six, else English. A malformed header is
// English.
func negotiateLang(header string) wsisgraph.Lang {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return wsisgraph.DefaultLang
	}
	for _, t := range tags {
		if l, ok := wsisgraph.MatchLang(t.String()); ok {
			return l
		}
	}
	return wsisgraph.DefaultLang
}
