package main

import (
	"fmt"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

// parseValues reads a values document like helm: YAML through JSON, so numbers are float64 and maps are
// map[string]any. An empty document is an empty map.
func parseValues(raw []byte) (map[string]any, error) {
	vals := map[string]any{}
	if err := yaml.Unmarshal(raw, &vals); err != nil {
		return nil, err
	}
	if vals == nil {
		vals = map[string]any{}
	}
	return vals, nil
}

// mergeMaps merges b into a copy of a: nested maps merge, any other value of b replaces a's (helm's -f order).
func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bm, ok := v.(map[string]any); ok {
			if am, ok := out[k].(map[string]any); ok {
				out[k] = mergeMaps(am, bm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// coalesce returns the values of a release: the user's values (authoritative) over the chart's defaults.
// Maps merge deeply; a null user value deletes the key, so a user can remove a default.
func coalesce(user, defaults map[string]any) map[string]any {
	out := make(map[string]any, len(user)+len(defaults))
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range user {
		if v == nil {
			delete(out, k)
			continue
		}
		if um, ok := v.(map[string]any); ok {
			if dm, ok := out[k].(map[string]any); ok {
				out[k] = coalesce(um, dm)
				continue
			}
			out[k] = dropNulls(um)
			continue
		}
		out[k] = v
	}
	return out
}

// dropNulls removes null values from a map the user gave for a key the chart does not define as a map.
func dropNulls(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if v == nil {
			continue
		}
		if sub, ok := v.(map[string]any); ok {
			v = dropNulls(sub)
		}
		out[k] = v
	}
	return out
}

// applySet parses a --set (or, with asString, --set-string) expression "a.b=c,d[0]=e,f={x,y}" into vals.
func applySet(vals map[string]any, expr string, asString bool) error {
	for _, assignment := range splitUnescaped(expr, ',', true) {
		if assignment == "" {
			continue
		}
		key, value, found := cutUnescaped(assignment, '=')
		if !found {
			return fmt.Errorf("key %q has no value", unescape(assignment))
		}
		path, err := parseKeyPath(key)
		if err != nil {
			return err
		}
		var typed any
		if strings.HasPrefix(value, "{") && strings.HasSuffix(value, "}") {
			list := []any{}
			inner := value[1 : len(value)-1]
			if inner != "" {
				for _, item := range splitUnescaped(inner, ',', false) {
					list = append(list, typedVal(unescape(item), asString))
				}
			}
			typed = list
		} else {
			typed = typedVal(unescape(value), asString)
		}
		if err := setPath(vals, path, typed); err != nil {
			return fmt.Errorf("failed parsing --set data %q: %w", expr, err)
		}
	}
	return nil
}

// pathStep is one step of a --set key: a map key, or a list index when index >= 0.
type pathStep struct {
	key   string
	index int
}

func parseKeyPath(key string) ([]pathStep, error) {
	var steps []pathStep
	for _, part := range splitUnescaped(key, '.', false) {
		name := part
		var indexes []int
		for strings.HasSuffix(name, "]") {
			open := strings.LastIndex(name, "[")
			if open < 0 {
				return nil, fmt.Errorf("key %q has an unbalanced ']'", key)
			}
			n, err := strconv.Atoi(name[open+1 : len(name)-1])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("key %q has an invalid list index %q", key, name[open+1:len(name)-1])
			}
			if n > 65536 {
				return nil, fmt.Errorf("key %q: list index %d is too large", key, n)
			}
			indexes = append([]int{n}, indexes...)
			name = name[:open]
		}
		if name == "" {
			return nil, fmt.Errorf("key %q has an empty name", key)
		}
		steps = append(steps, pathStep{key: unescape(name), index: -1})
		for _, n := range indexes {
			steps = append(steps, pathStep{index: n})
		}
	}
	return steps, nil
}

// setPath sets value at path in vals, creating maps and growing lists on the way.
func setPath(vals map[string]any, steps []pathStep, value any) error {
	var set func(container any, i int) (any, error)
	set = func(container any, i int) (any, error) {
		step := steps[i]
		last := i == len(steps)-1
		if step.index < 0 {
			m, ok := container.(map[string]any)
			if !ok {
				m = map[string]any{}
			}
			if last {
				m[step.key] = value
				return m, nil
			}
			child, err := set(m[step.key], i+1)
			if err != nil {
				return nil, err
			}
			m[step.key] = child
			return m, nil
		}
		list, _ := container.([]any)
		for len(list) <= step.index {
			list = append(list, nil)
		}
		if last {
			list[step.index] = value
			return list, nil
		}
		child, err := set(list[step.index], i+1)
		if err != nil {
			return nil, err
		}
		list[step.index] = child
		return list, nil
	}
	if steps[0].index >= 0 {
		return fmt.Errorf("a key cannot start with a list index")
	}
	_, err := set(vals, 0)
	return err
}

// typedVal types a --set value like helm: true/false, null, integers without a leading zero, else a string.
func typedVal(val string, asString bool) any {
	if asString {
		return val
	}
	switch {
	case strings.EqualFold(val, "true"):
		return true
	case strings.EqualFold(val, "false"):
		return false
	case strings.EqualFold(val, "null"):
		return nil
	case val == "0":
		return int64(0)
	}
	if val != "" && val[0] != '0' {
		if n, err := strconv.ParseInt(val, 10, 64); err == nil {
			return n
		}
	}
	return val
}

// splitUnescaped splits s on sep, ignoring separators escaped by a backslash and, when braces is true,
// those inside {…} lists. Escapes are kept (unescape removes them later).
func splitUnescaped(s string, sep byte, braces bool) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case braces && s[i] == '{':
			depth++
		case braces && s[i] == '}' && depth > 0:
			depth--
		case s[i] == sep && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

func cutUnescaped(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
		} else if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
