package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"sigs.k8s.io/yaml"
)

// Failures raised by fail and required are wrapped in these markers so the final error shows only the
// chart's message, as helm does ("execution error at (chart/templates/x.yaml:3:4): message").
const (
	failStart = "HELM_ERR_START"
	failEnd   = "HELM_ERR_END"
	// maxIncludeDepth bounds recursive include calls (helm's limit).
	maxIncludeDepth = 1000
)

var failPattern = regexp.MustCompile(failStart + `((?s).*)` + failEnd)

// renderTemplates executes every template of the chart with the release's top-level object and returns the
// output of each one, keyed by "<chart>/templates/<file>". Partials (_*.tpl) are parsed, not emitted.
func renderTemplates(c *Chart, top map[string]any) (rendered map[string]string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering template failed: %v", r)
		}
	}()
	t := template.New("gotpl").Option("missingkey=zero")
	included := map[string]int{}
	t.Funcs(funcMap(t, included))

	names := make([]string, 0, len(c.Templates))
	sources := map[string]string{}
	for rel, src := range c.Templates {
		name := path.Join(c.Metadata.Name, rel)
		names = append(names, name)
		sources[name] = src
	}
	// Parse order: deeper paths first, then reverse lexical: helm's order, so a name defined twice resolves alike.
	sort.Slice(names, func(i, j int) bool {
		di, dj := strings.Count(names[i], "/"), strings.Count(names[j], "/")
		if di != dj {
			return di > dj
		}
		return names[i] > names[j]
	})
	for _, name := range names {
		if _, err := t.New(name).Parse(sources[name]); err != nil {
			return nil, parseError(name, err)
		}
	}

	rendered = map[string]string{}
	for _, name := range names {
		if strings.HasPrefix(path.Base(name), "_") {
			continue
		}
		vals := map[string]any{}
		for k, v := range top {
			vals[k] = v
		}
		vals["Template"] = map[string]any{"Name": name, "BasePath": path.Join(c.Metadata.Name, "templates")}
		var buf strings.Builder
		if err := t.ExecuteTemplate(&buf, name, vals); err != nil {
			return nil, execError(name, err)
		}
		rendered[name] = strings.ReplaceAll(buf.String(), "<no value>", "")
	}
	return rendered, nil
}

// parseError shortens text/template's parse error to "parse error at (file:line): message".
func parseError(name string, err error) error {
	tokens := strings.Split(err.Error(), ": ")
	if len(tokens) < 3 {
		return fmt.Errorf("parse error in (%s): %w", name, err)
	}
	return fmt.Errorf("parse error at (%s): %s", tokens[1], tokens[len(tokens)-1])
}

// execError reformats an execution error: fail/required messages as "execution error at (file:line:col): msg",
// other errors as text/template reports them, with the template's location.
func execError(name string, err error) error {
	var ee template.ExecError
	if !errors.As(err, &ee) {
		return fmt.Errorf("execution error in (%s): %w", name, err)
	}
	tokens := strings.SplitN(err.Error(), ": ", 3)
	if len(tokens) != 3 {
		return fmt.Errorf("execution error in (%s): %w", name, err)
	}
	if m := failPattern.FindStringSubmatch(tokens[2]); m != nil {
		return fmt.Errorf("execution error at (%s): %s", tokens[1], m[1])
	}
	return fmt.Errorf("template: %s: %s", tokens[1], tokens[2])
}

// funcMap is Sprig's text function map without env and expandenv, plus helm's own functions.
func funcMap(t *template.Template, included map[string]int) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	f["getHostByName"] = func(string) string { return "" }

	f["toYaml"] = toYAML
	f["mustToYaml"] = func(v any) (string, error) {
		data, err := yaml.Marshal(v)
		if err != nil {
			return "", err
		}
		return strings.TrimSuffix(string(data), "\n"), nil
	}
	f["fromYaml"] = func(s string) map[string]any {
		m := map[string]any{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["fromYamlArray"] = func(s string) []any {
		a := []any{}
		if err := yaml.Unmarshal([]byte(s), &a); err != nil {
			a = []any{err.Error()}
		}
		return a
	}
	f["toJson"] = func(v any) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	f["mustToJson"] = func(v any) (string, error) {
		data, err := json.Marshal(v)
		return string(data), err
	}
	f["fromJson"] = func(s string) map[string]any {
		m := map[string]any{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["fromJsonArray"] = func(s string) []any {
		a := []any{}
		if err := json.Unmarshal([]byte(s), &a); err != nil {
			a = []any{err.Error()}
		}
		return a
	}
	// lookup reads nothing in template mode: helm returns an empty map without a cluster connection.
	f["lookup"] = func(string, string, string, string) (map[string]any, error) { return map[string]any{}, nil }
	f["required"] = func(msg string, val any) (any, error) {
		if val == nil {
			return val, errors.New(failStart + msg + failEnd)
		}
		if s, ok := val.(string); ok && s == "" {
			return val, errors.New(failStart + msg + failEnd)
		}
		return val, nil
	}
	f["fail"] = func(msg string) (string, error) { return "", errors.New(failStart + msg + failEnd) }
	f["include"] = includeFunc(t, included)
	f["tpl"] = tplFunc(t, included)
	return f
}

// includeFunc executes a named template into a string, so its output can be piped (| nindent 4).
func includeFunc(t *template.Template, included map[string]int) func(string, any) (string, error) {
	return func(name string, data any) (string, error) {
		if included[name] > maxIncludeDepth {
			return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
		}
		included[name]++
		defer func() { included[name]-- }()
		var buf strings.Builder
		err := t.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
}

// tplFunc renders a string as a template, seeing the chart's named templates.
func tplFunc(parent *template.Template, included map[string]int) func(string, any) (string, error) {
	return func(text string, data any) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %w", err)
		}
		t.Option("missingkey=zero")
		t.Funcs(template.FuncMap{"include": includeFunc(t, included), "tpl": tplFunc(t, included)})
		t, err = t.New(parent.Name()).Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", text, err)
		}
		var buf strings.Builder
		if err := t.Execute(&buf, data); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
}
