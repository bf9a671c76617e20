package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/Masterminds/semver/v3"
	"sigs.k8s.io/yaml"
)

// Metadata is Chart.yaml, exposed to templates as .Chart with helm's field names (.Chart.Name, .Chart.AppVersion…).
type Metadata struct {
	APIVersion   string            `json:"apiVersion"`
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	AppVersion   string            `json:"appVersion,omitempty"`
	KubeVersion  string            `json:"kubeVersion,omitempty"`
	Description  string            `json:"description,omitempty"`
	Type         string            `json:"type,omitempty"`
	Home         string            `json:"home,omitempty"`
	Icon         string            `json:"icon,omitempty"`
	Sources      []string          `json:"sources,omitempty"`
	Keywords     []string          `json:"keywords,omitempty"`
	Maintainers  []map[string]any  `json:"maintainers,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	Dependencies []map[string]any  `json:"dependencies,omitempty"`
	Deprecated   bool              `json:"deprecated,omitempty"`
}

// Chart is a chart directory loaded in memory: its metadata, default values, templates and other files.
type Chart struct {
	Metadata  *Metadata
	Values    map[string]any
	Templates map[string]string // "templates/x.yaml" -> source
	Files     Files             // every other file, as .Files
	HasSchema bool
}

// loadChart reads a chart directory the way helm's loader does for what this renderer supports (no subcharts).
func loadChart(dir string) (*Chart, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return nil, fmt.Errorf("%s is not a chart: Chart.yaml: %w", dir, err)
	}
	meta := &Metadata{}
	// Like helm, fields Chart.yaml does not define are ignored.
	if err := yaml.Unmarshal(raw, meta); err != nil {
		return nil, fmt.Errorf("cannot load Chart.yaml: %w", err)
	}
	if err := validateMetadata(meta); err != nil {
		return nil, err
	}
	if meta.Type == "library" {
		return nil, fmt.Errorf("library charts are not installable")
	}
	if len(meta.Dependencies) > 0 {
		return nil, fmt.Errorf("chart %s has dependencies: subcharts are not supported by this renderer", meta.Name)
	}
	c := &Chart{Metadata: meta, Values: map[string]any{}, Templates: map[string]string{}, Files: Files{}}
	if raw, err := os.ReadFile(filepath.Join(dir, "values.yaml")); err == nil {
		if c.Values, err = parseValues(raw); err != nil {
			return nil, fmt.Errorf("cannot load values.yaml: %w", err)
		}
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	ignore, err := readHelmignore(dir)
	if err != nil {
		return nil, err
	}
	err = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if ignore.matches(rel, info.IsDir()) {
			if info.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if info.IsDir() {
			if rel == "charts" {
				return fmt.Errorf("chart %s has a charts/ directory: subcharts are not supported by this renderer", meta.Name)
			}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case rel == "Chart.yaml" || rel == "values.yaml" || rel == "Chart.lock" || rel == "requirements.yaml":
		case rel == "values.schema.json":
			c.HasSchema = true
		case strings.HasPrefix(rel, "templates/"):
			c.Templates[rel] = string(data)
		default:
			c.Files[rel] = data
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// validateMetadata applies helm's checks of Chart.yaml, with its messages.
func validateMetadata(meta *Metadata) error {
	switch {
	case meta.APIVersion == "":
		return fmt.Errorf("validation: chart.metadata.apiVersion is required")
	case meta.Name == "":
		return fmt.Errorf("validation: chart.metadata.name is required")
	case meta.Name == "." || meta.Name == "..":
		return fmt.Errorf("validation: chart.metadata.name %q is not allowed", meta.Name)
	case meta.Name != path.Base(meta.Name) || strings.Contains(meta.Name, "\\"):
		return fmt.Errorf("validation: chart.metadata.name %q is invalid", meta.Name)
	case meta.Version == "":
		return fmt.Errorf("validation: chart.metadata.version is required")
	case !isSemver(meta.Version):
		return fmt.Errorf("validation: chart.metadata.version %q is invalid", meta.Version)
	case meta.Type != "" && meta.Type != "application" && meta.Type != "library":
		return fmt.Errorf("validation: chart.metadata.type must be application or library")
	}
	return nil
}

func isSemver(v string) bool {
	_, err := semver.NewVersion(v)
	return err == nil
}

// helmignore holds the patterns of a chart's .helmignore (one glob per line, # comments, trailing / for folders).
type helmignore []string

func readHelmignore(dir string) (helmignore, error) {
	raw, err := os.ReadFile(filepath.Join(dir, ".helmignore"))
	if os.IsNotExist(err) {
		return helmignore{".helmignore"}, nil
	}
	if err != nil {
		return nil, err
	}
	rules := helmignore{".helmignore"}
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			rules = append(rules, line)
		}
	}
	return rules, nil
}

func (h helmignore) matches(rel string, isDir bool) bool {
	for _, rule := range h {
		if strings.HasSuffix(rule, "/") {
			if !isDir {
				continue
			}
			rule = strings.TrimSuffix(rule, "/")
		}
		target := path.Base(rel)
		if strings.Contains(rule, "/") {
			target = rel
		}
		if ok, _ := path.Match(strings.TrimPrefix(rule, "/"), target); ok {
			return true
		}
	}
	return false
}

// sortedKeys returns the keys of a string-keyed map in lexical order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
