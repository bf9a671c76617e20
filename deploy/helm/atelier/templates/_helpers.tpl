{{/*
fullname is the release-scoped base name of every object. Service names must start with a letter
(RFC 1035) while release names may start with a digit: such a release comes after the chart name.
*/}}
{{- define "atelier.fullname" -}}
{{- if regexMatch "^[0-9]" .Release.Name -}}
{{- printf "%s-%s" .Chart.Name .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* labels are the common labels; selectorLabels the stable subset used by selectors. */}}
{{- define "atelier.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "atelier.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* secretName is the Secret holding INSTRUCTOR_TOKEN, DATABASE_URL and SESSION_SECRET. */}}
{{- define "atelier.secretName" -}}
{{- default (printf "%s-secrets" (include "atelier.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{/* replicaUrls lists the replicas' stable addresses (StatefulSet pods behind the headless Service). */}}
{{- define "atelier.replicaUrls" -}}
{{- $fullname := include "atelier.fullname" . -}}
{{- $urls := list -}}
{{- range $i := until (int .Values.replicas) -}}
{{- $urls = append $urls (printf "http://%s-%d.%s-replicas.%s.svc:8080" $fullname $i $fullname $.Release.Namespace) -}}
{{- end -}}
{{- join "," $urls -}}
{{- end -}}
