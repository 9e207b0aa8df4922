{{- define "aire.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "aire.selectorLabels" -}}
app.kubernetes.io/name: aire-console
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "aire.labels" -}}
{{ include "aire.selectorLabels" . }}
app.kubernetes.io/part-of: aire-console
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "aire.secretName" -}}
{{- if .Values.existingSecret -}}{{ .Values.existingSecret }}{{- else -}}{{ include "aire.fullname" . }}-secrets{{- end -}}
{{- end -}}
