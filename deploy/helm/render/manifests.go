package main

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"sigs.k8s.io/yaml"
)

// installOrder is the order in which helm installs (and prints) manifests, by kind; other kinds come after,
// sorted by kind name.
var installOrder = []string{
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
	"PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
	"PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
	"ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList",
	"Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
	"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
}

// Manifest is one YAML document of the output and the template file it came from.
type Manifest struct {
	Source  string
	Content string
	Kind    string
	Hook    bool
}

// head is what helm reads of a document to sort it.
type head struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   *struct {
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata"`
}

var documentSeparator = regexp.MustCompile(`(?m)^---[ \t]*`)

// splitManifests turns rendered files into documents: NOTES.txt and partials left out, empty documents
// dropped, each document parsed (a YAML error names its template), sorted in install order.
func splitManifests(rendered map[string]string) ([]Manifest, error) {
	var out []Manifest
	for _, name := range sortedKeys(rendered) {
		if strings.HasPrefix(path.Base(name), "_") || strings.HasSuffix(name, "NOTES.txt") {
			continue
		}
		content := strings.TrimLeftFunc(rendered[name], unicode.IsSpace)
		for _, doc := range documentSeparator.Split(content, -1) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			doc = strings.TrimLeftFunc(doc, unicode.IsSpace)
			var h head
			if err := yaml.Unmarshal([]byte(doc), &h); err != nil {
				return nil, fmt.Errorf("YAML parse error on %s: %w", name, err)
			}
			m := Manifest{Source: name, Content: doc, Kind: h.Kind}
			if h.Metadata != nil && h.Metadata.Annotations["helm.sh/hook"] != "" {
				m.Hook = true
			}
			out = append(out, m)
		}
	}
	rank := map[string]int{}
	for i, k := range installOrder {
		rank[k] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Hook != out[j].Hook {
			return !out[i].Hook
		}
		ri, iok := rank[out[i].Kind]
		rj, jok := rank[out[j].Kind]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		default:
			return out[i].Kind < out[j].Kind
		}
	})
	return out, nil
}

// formatManifests prints the documents like `helm template`: each as "---\n# Source: <chart>/templates/<file>\n<doc>",
// the block of ordinary manifests trimmed of surrounding blank space as a whole, then the hooks as they are.
func formatManifests(ms []Manifest) string {
	var manifests, hooks strings.Builder
	for _, m := range ms {
		out := &manifests
		if m.Hook {
			out = &hooks
		}
		fmt.Fprintf(out, "---\n# Source: %s\n%s\n", m.Source, m.Content)
	}
	return strings.TrimSpace(manifests.String()) + "\n" + hooks.String()
}
