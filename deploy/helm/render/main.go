// Command render renders a Helm chart directory the way `helm template` does, without helm: Go's text/template
// with the Sprig functions and helm's own (include, tpl, required, fail, toYaml, lookup…), values coalesced from
// values.yaml, -f files and --set, and the output printed as helm prints it. See README.md for what it covers.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// valueSource is one -f/--set/--set-string flag. Like helm, files apply first, then --set, then --set-string,
// each kind in command-line order.
type valueSource struct {
	kind  string
	value string
}

type sourceFlag struct {
	kind    string
	sources *[]valueSource
}

func (f sourceFlag) String() string { return "" }
func (f sourceFlag) Set(v string) error {
	*f.sources = append(*f.sources, valueSource{f.kind, v})
	return nil
}

const usage = `Usage: render [flags] RELEASE_NAME CHART_DIR

Renders a chart directory like "helm template RELEASE_NAME CHART_DIR" and prints the manifests.

Flags:
`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "Error: %s\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	var sources []valueSource
	var apiVersions stringList
	namespace := fs.String("namespace", "default", "namespace of the release (.Release.Namespace)")
	fs.StringVar(namespace, "n", "default", "shorthand for --namespace")
	kubeVersion := fs.String("kube-version", "1.32.0", "Kubernetes version of .Capabilities.KubeVersion")
	fs.Var(&apiVersions, "api-versions", "extra API versions of .Capabilities.APIVersions (repeatable)")
	fs.Var(&apiVersions, "a", "shorthand for --api-versions")
	fs.Var(sourceFlag{"file", &sources}, "values", "a values file (repeatable, later files win)")
	fs.Var(sourceFlag{"file", &sources}, "f", "shorthand for --values")
	fs.Var(sourceFlag{"set", &sources}, "set", "set values: a.b=c,d=e (repeatable)")
	fs.Var(sourceFlag{"set-string", &sources}, "set-string", "set STRING values: a.b=c (repeatable)")

	// Go's flag package stops at the first positional argument; helm accepts flags anywhere.
	var positional []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(positional) != 2 {
		fs.Usage()
		return fmt.Errorf("expected RELEASE_NAME and CHART_DIR, got %d argument(s)", len(positional))
	}
	out, err := renderChart(positional[0], positional[1], *namespace, *kubeVersion, apiVersions, sources)
	if err != nil {
		return err
	}
	_, err = os.Stdout.WriteString(out)
	return err
}

// renderChart loads, renders and formats a chart for a release.
func renderChart(release, dir, namespace, kubeVersion string, apiVersions []string, sources []valueSource) (string, error) {
	if err := validateReleaseName(release); err != nil {
		return "", err
	}
	c, err := loadChart(dir)
	if err != nil {
		return "", err
	}
	if c.HasSchema {
		return "", fmt.Errorf("chart %s has a values.schema.json: JSON Schema validation is not supported by this renderer", c.Metadata.Name)
	}
	caps, err := newCapabilities(kubeVersion, apiVersions)
	if err != nil {
		return "", err
	}
	if err := checkKubeVersion(c.Metadata.KubeVersion, caps); err != nil {
		return "", err
	}
	user, err := userValues(sources)
	if err != nil {
		return "", err
	}
	top := map[string]any{
		"Chart":        c.Metadata,
		"Capabilities": caps,
		"Release": map[string]any{
			"Name": release, "Namespace": namespace, "IsInstall": true, "IsUpgrade": false,
			"Revision": 1, "Service": "Helm",
		},
		"Values":    coalesce(user, c.Values),
		"Files":     c.Files,
		"Subcharts": map[string]any{},
	}
	rendered, err := renderTemplates(c, top)
	if err != nil {
		return "", err
	}
	manifests, err := splitManifests(rendered)
	if err != nil {
		return "", err
	}
	return formatManifests(manifests), nil
}

// userValues merges the -f files in order, then applies the --set and --set-string expressions, like helm.
func userValues(sources []valueSource) (map[string]any, error) {
	vals := map[string]any{}
	for _, s := range sources {
		if s.kind != "file" {
			continue
		}
		raw, err := os.ReadFile(s.value)
		if err != nil {
			return nil, err
		}
		file, err := parseValues(raw)
		if err != nil {
			return nil, fmt.Errorf("failed to parse %s: %w", filepath.Clean(s.value), err)
		}
		vals = mergeMaps(vals, file)
	}
	for _, kind := range []string{"set", "set-string"} {
		for _, s := range sources {
			if s.kind == kind {
				if err := applySet(vals, s.value, kind == "set-string"); err != nil {
					return nil, fmt.Errorf("failed parsing --%s data: %w", kind, err)
				}
			}
		}
	}
	return vals, nil
}

// validateReleaseName applies helm's rule: a DNS-1123 label-like name of at most 53 characters.
func validateReleaseName(name string) error {
	if name == "" || len(name) > 53 || !releaseName.MatchString(name) {
		return fmt.Errorf("invalid release name %q: names must be at most 53 characters of lower case letters, digits and '-', starting and ending with a letter or digit", name)
	}
	return nil
}
