package csvexport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// value is a decoded JSON value that keeps the order of an object's keys (the answer's
// selection order), which map-based decoding loses. A nil *value reads as null.
type value struct {
	kind kind
	text string   // a scalar as written in the JSON (strings unquoted)
	keys []string // an object's keys, in order
	vals []*value // an object's values (parallel to keys) or an array's elements
}

type kind uint8

const (
	kindNull kind = iota
	kindScalar
	kindObject
	kindArray
)

var errMalformed = errors.New("csvexport: malformed GraphQL answer")

// decodeValue reads the next value from dec, which must have UseNumber set.
func decodeValue(dec *json.Decoder) (*value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			v := &value{kind: kindObject}
			for dec.More() {
				key, err := decodeKey(dec)
				if err != nil {
					return nil, err
				}
				fv, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				v.keys, v.vals = append(v.keys, key), append(v.vals, fv)
			}
			_, err := dec.Token()
			return v, err
		case '[':
			v := &value{kind: kindArray}
			for dec.More() {
				ev, err := decodeValue(dec)
				if err != nil {
					return nil, err
				}
				v.vals = append(v.vals, ev)
			}
			_, err := dec.Token()
			return v, err
		}
		return nil, errMalformed
	case string:
		return &value{kind: kindScalar, text: t}, nil
	case json.Number:
		return &value{kind: kindScalar, text: t.String()}, nil
	case bool:
		return &value{kind: kindScalar, text: fmt.Sprint(t)}, nil
	case nil:
		return &value{kind: kindNull}, nil
	}
	return nil, errMalformed
}

func decodeKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	key, ok := tok.(string)
	if !ok {
		return "", errMalformed
	}
	return key, nil
}

// skipValue reads past the next value of dec.
func skipValue(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}

// field returns the value of an object's key, nil when v is no object or lacks the key.
func (v *value) field(key string) *value {
	if v == nil || v.kind != kindObject {
		return nil
	}
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

// values appends to out the cell values of the column at path below v: one value for a
// scalar, "" for a null or missing field, and for an array the values of each element in
// order (nothing for an empty array).
func (v *value) values(path []string, out []string) []string {
	switch {
	case v == nil || v.kind == kindNull:
		return append(out, "")
	case v.kind == kindArray:
		for _, e := range v.vals {
			out = e.values(path, out)
		}
		return out
	case len(path) == 0:
		if v.kind == kindScalar {
			return append(out, v.text)
		}
		return append(out, "")
	}
	return v.field(path[0]).values(path[1:], out)
}

// scanned is what one pass over a GraphQL answer finds.
type scanned struct {
	errCode string   // the first error's extensions.code ("UNKNOWN" without one); "" without errors
	path    []string // the keys from the root to the first list of data; nil without a list
	shape   *shape   // the shape of the list's elements
	edges   bool     // the list is a connection's edges: its rows are the edges' nodes
}

// scan reads a whole GraphQL answer, keeping only what scanned holds: no element of the list
// is kept after its shape is merged.
func scan(answer []byte, wantShape bool) (*scanned, error) {
	dec := json.NewDecoder(bytes.NewReader(answer))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errMalformed
	}
	s := &scanned{}
	for dec.More() {
		key, err := decodeKey(dec)
		if err != nil {
			return nil, err
		}
		switch key {
		case "errors":
			var errs []struct {
				Extensions struct {
					Code string `json:"code"`
				} `json:"extensions"`
			}
			if err := dec.Decode(&errs); err != nil {
				return nil, err
			}
			if len(errs) > 0 {
				s.errCode = errs[0].Extensions.Code
				if s.errCode == "" {
					s.errCode = "UNKNOWN"
				}
			}
		case "data":
			if err := s.findList(dec, []string{key}, wantShape); err != nil {
				return nil, err
			}
		default:
			if err := skipValue(dec); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// findList reads the next value of dec, at path, recording the first array met in document
// order.
func (s *scanned) findList(dec *json.Decoder, path []string, wantShape bool) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil // a scalar or null
	}
	switch d {
	case '{':
		for dec.More() {
			key, err := decodeKey(dec)
			if err != nil {
				return err
			}
			if s.path != nil {
				err = skipValue(dec)
			} else {
				err = s.findList(dec, append(path[:len(path):len(path)], key), wantShape)
			}
			if err != nil {
				return err
			}
		}
	case '[':
		if s.path != nil {
			for dec.More() {
				if err := skipValue(dec); err != nil {
					return err
				}
			}
			break
		}
		s.path = path
		if wantShape {
			s.shape = &shape{}
		}
		for dec.More() {
			if !wantShape {
				if err := skipValue(dec); err != nil {
					return err
				}
				continue
			}
			v, err := decodeValue(dec)
			if err != nil {
				return err
			}
			s.shape.merge(v)
		}
	default:
		return errMalformed
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

// eachElement calls fn with each element of the array at path in answer, in order, decoding
// one element at a time.
func eachElement(answer []byte, path []string, fn func(*value) error) error {
	dec := json.NewDecoder(bytes.NewReader(answer))
	dec.UseNumber()
	for _, want := range path {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return errMalformed
		}
		for {
			if !dec.More() {
				return errMalformed
			}
			key, err := decodeKey(dec)
			if err != nil {
				return err
			}
			if key == want {
				break
			}
			if err := skipValue(dec); err != nil {
				return err
			}
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return errMalformed
	}
	for dec.More() {
		v, err := decodeValue(dec)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}
