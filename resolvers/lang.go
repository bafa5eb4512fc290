package resolvers

import (
	"context"

	"github.com/wsisgraph/wsisgraph"
	"github.com/wsisgraph/wsisgraph/graph/model"
	"github.com/wsisgraph/wsisgraph/loaders"
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

// translatedTitles lists a title in English and in every language titleIn has a translation
// for, in wsisgraph.Langs order, each translation with its source.
func translatedTitles(ctx context.Context, titleIn func(wsisgraph.Lang) (string, *wsisgraph.Translation)) ([]*model.LocalizedText, error) {
	var out []*model.LocalizedText
	for _, l := range wsisgraph.Langs {
		text, t := titleIn(l)
		switch {
		case l == wsisgraph.LangEnglish:
			out = append(out, &model.LocalizedText{Lang: string(l), Text: text})
		case t != nil:
			src, err := source(ctx, t.SourceKey)
			if err != nil {
				return nil, err
			}
			out = append(out, &model.LocalizedText{Lang: string(l), Text: text, Source: src})
		}
	}
	return out, nil
}

// categoryTitleIn returns the title function of a prize category: see PrizeCategory.TitleIn.
func categoryTitleIn(ctx context.Context, c *wsisgraph.PrizeCategory) (func(wsisgraph.Lang) (string, *wsisgraph.Translation), error) {
	line, err := loaders.Optional(loaders.For(ctx).ActionLineByCode.Load(ctx, c.ActionLineCode))
	if err != nil {
		return nil, err
	}
	return func(l wsisgraph.Lang) (string, *wsisgraph.Translation) { return c.TitleIn(line, l) }, nil
}
