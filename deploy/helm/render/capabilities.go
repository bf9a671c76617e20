package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// KubeVersion is .Capabilities.KubeVersion (Version "v1.32.0", Major "1", Minor "32").
type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

// String returns the version ("v1.32.0").
func (k KubeVersion) String() string { return k.Version }

// GitVersion returns the version, as older charts read it.
func (k KubeVersion) GitVersion() string { return k.Version }

// VersionSet is .Capabilities.APIVersions: "group/version" and "group/version/Kind" entries.
type VersionSet []string

// Has tells whether the cluster serves an API version ("apps/v1") or a kind in it ("apps/v1/Deployment").
func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// HelmVersion is .Capabilities.HelmVersion: the helm release whose behaviour this renderer follows.
type HelmVersion struct {
	Version   string
	GoVersion string
}

// Capabilities is .Capabilities.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion HelmVersion
}

// builtinAPIVersions are the group/versions of Kubernetes 1.32 and the kinds they serve.
var builtinAPIVersions = map[string][]string{
	"v1": {"Binding", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node", "PersistentVolume",
		"PersistentVolumeClaim", "Pod", "PodTemplate", "ReplicationController", "ResourceQuota", "Secret",
		"Service", "ServiceAccount"},
	"admissionregistration.k8s.io/v1": {"MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
		"ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration"},
	"apiextensions.k8s.io/v1":         {"CustomResourceDefinition"},
	"apiregistration.k8s.io/v1":       {"APIService"},
	"apps/v1":                         {"ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"},
	"authentication.k8s.io/v1":        {"SelfSubjectReview", "TokenReview"},
	"authorization.k8s.io/v1":         {"LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"},
	"autoscaling/v1":                  {"HorizontalPodAutoscaler"},
	"autoscaling/v2":                  {"HorizontalPodAutoscaler"},
	"batch/v1":                        {"CronJob", "Job"},
	"certificates.k8s.io/v1":          {"CertificateSigningRequest"},
	"coordination.k8s.io/v1":          {"Lease"},
	"discovery.k8s.io/v1":             {"EndpointSlice"},
	"events.k8s.io/v1":                {"Event"},
	"flowcontrol.apiserver.k8s.io/v1": {"FlowSchema", "PriorityLevelConfiguration"},
	"networking.k8s.io/v1":            {"Ingress", "IngressClass", "NetworkPolicy"},
	"node.k8s.io/v1":                  {"RuntimeClass"},
	"policy/v1":                       {"PodDisruptionBudget"},
	"rbac.authorization.k8s.io/v1":    {"ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"},
	"scheduling.k8s.io/v1":            {"PriorityClass"},
	"storage.k8s.io/v1":               {"CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment"},
}

// newCapabilities builds .Capabilities for a Kubernetes version ("1.32", "v1.32.0") plus extra API versions.
func newCapabilities(kubeVersion string, extra []string) (*Capabilities, error) {
	v, err := semver.NewVersion(kubeVersion)
	if err != nil {
		return nil, fmt.Errorf("invalid kube version %q: %w", kubeVersion, err)
	}
	var set VersionSet
	for _, gv := range sortedKeys(builtinAPIVersions) {
		set = append(set, gv)
		for _, kind := range builtinAPIVersions[gv] {
			set = append(set, gv+"/"+kind)
		}
	}
	for _, e := range extra {
		for _, x := range strings.Split(e, ",") {
			if x = strings.TrimSpace(x); x != "" {
				set = append(set, x)
			}
		}
	}
	return &Capabilities{
		KubeVersion: KubeVersion{
			Version: "v" + v.String(),
			Major:   fmt.Sprint(v.Major()),
			Minor:   fmt.Sprint(v.Minor()),
		},
		APIVersions: set,
		HelmVersion: HelmVersion{Version: "v3.16.0", GoVersion: "go1.19"},
	}, nil
}

// checkKubeVersion enforces the chart's kubeVersion constraint, with helm's message.
func checkKubeVersion(constraint string, caps *Capabilities) error {
	if constraint == "" {
		return nil
	}
	c, err := semver.NewConstraint(constraint)
	if err != nil {
		return fmt.Errorf("invalid kubeVersion %q in Chart.yaml: %w", constraint, err)
	}
	v, err := semver.NewVersion(caps.KubeVersion.Version)
	if err != nil {
		return err
	}
	if !c.Check(v) {
		return fmt.Errorf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", constraint, caps.KubeVersion.Version)
	}
	return nil
}

// releaseName is helm's release name pattern.
var releaseName = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
