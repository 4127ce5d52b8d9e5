{{/* Names */}}
{{- define "landing.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "landing.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "<fullname>-<component>", e.g. include "landing.componentName" (dict "ctx" $ "component" "api") */}}
{{- define "landing.componentName" -}}
{{- printf "%s-%s" (include "landing.fullname" .ctx | trunc 52 | trimSuffix "-") .component }}
{{- end }}

{{- define "landing.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels */}}
{{- define "landing.selectorLabels" -}}
app.kubernetes.io/name: {{ include "landing.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "landing.labels" -}}
helm.sh/chart: {{ include "landing.chart" . }}
{{ include "landing.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: landing
{{- end }}

{{- define "landing.componentSelectorLabels" -}}
{{ include "landing.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "landing.componentLabels" -}}
{{ include "landing.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Image reference of a component: (dict "ctx" $ "image" .Values.api.image) */}}
{{- define "landing.image" -}}
{{- $tag := .image.tag | default .ctx.Values.image.tag | default .ctx.Chart.AppVersion }}
{{- printf "%s:%s" .image.repository (toString $tag) }}
{{- end }}

{{/* The Secret holding connection strings: the operator's, or the chart-made one. */}}
{{- define "landing.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- printf "%s-secrets" (include "landing.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Non-secret configuration as YAML "NAME: value" lines: the ConfigMap's data, and the
migration Job's env (the Job runs before the ConfigMap exists on first install).
Helm reads numbers from values as floats; integers are printed as integers so that
86400 never becomes 8.64e+04.
*/}}
{{- define "landing.configData" -}}
{{- range $name, $value := .Values.config }}
{{- if kindIs "float64" $value }}
{{ $name }}: {{ $value | int64 | toString | quote }}
{{- else }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}
HOST: "0.0.0.0"
PORT: {{ .Values.api.port | int64 | toString | quote }}
WORKER_PORT: {{ .Values.worker.port | int64 | toString | quote }}
{{- end }}

{{/* Secret environment variables as secretKeyRef; the others may be absent from the Secret. */}}
{{- define "landing.secretEnv" -}}
{{- $secretName := include "landing.secretName" . }}
{{- range $name, $key := .Values.secrets.keys }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $secretName }}
      key: {{ $key }}
      {{- if not (has $name (list "DATABASE_URL" "REDIS_URL" "ADMIN_SESSION_SECRET")) }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}

{{/* Pod annotations that roll the pods when their configuration changes. */}}
{{- define "landing.checksums" -}}
checksum/config: {{ include "landing.configData" . | sha256sum }}
{{- if .Values.secrets.create }}
checksum/secret: {{ toJson .Values.secrets.data | sha256sum }}
{{- end }}
{{- end }}

{{/* The /tmp emptyDir every container gets (the root filesystem is read-only). */}}
{{- define "landing.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end }}

{{- define "landing.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Pod-level settings shared by every workload: (dict "ctx" $ "values" .Values.api) */}}
{{- define "landing.podCommon" -}}
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .ctx.Values.serviceAccountName }}
serviceAccountName: {{ .ctx.Values.serviceAccountName }}
{{- end }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .ctx.Values.podSecurityContext | nindent 2 }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
