package main

import (
	"encoding/base64"
	"path"
	"strings"

	"sigs.k8s.io/yaml"
)

// Files are the chart's non-template files, as .Files in templates (helm's Files API).
type Files map[string][]byte

// Get returns a file's content as a string ("" when absent).
func (f Files) Get(name string) string { return string(f.GetBytes(name)) }

// GetBytes returns a file's content as bytes (nil when absent).
func (f Files) GetBytes(name string) []byte { return f[name] }

// Glob returns the files whose path matches a glob pattern.
func (f Files) Glob(pattern string) Files {
	out := Files{}
	for name, data := range f {
		if ok, _ := path.Match(pattern, name); ok {
			out[name] = data
		}
	}
	return out
}

// Lines returns a file's lines.
func (f Files) Lines(name string) []string {
	if f == nil || f[name] == nil {
		return []string{}
	}
	s := string(f[name])
	if strings.HasSuffix(s, "\n") {
		s = s[:len(s)-1]
	}
	return strings.Split(s, "\n")
}

// AsConfig renders the files as the data of a ConfigMap (base name -> content), in YAML.
func (f Files) AsConfig() string {
	if len(f) == 0 {
		return ""
	}
	m := map[string]string{}
	for _, name := range sortedKeys(f) {
		m[path.Base(name)] = string(f[name])
	}
	return toYAML(m)
}

// AsSecrets renders the files as the data of a Secret (base name -> base64 content), in YAML.
func (f Files) AsSecrets() string {
	if len(f) == 0 {
		return ""
	}
	m := map[string]string{}
	for _, name := range sortedKeys(f) {
		m[path.Base(name)] = base64.StdEncoding.EncodeToString(f[name])
	}
	return toYAML(m)
}

// toYAML is helm's toYaml: YAML through JSON (sorted keys), trailing newline removed, "" on error.
func toYAML(v any) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}
