{{/* Parent-chart helpers: only what the parent's own objects need. */}}

{{- define "todo-chatbot.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: todo-chatbot
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The gateway's image, as the gateway subchart computes it. */}}
{{- define "todo-chatbot.gatewayImage" -}}
{{- $g := index .Values "gateway" -}}
{{- $repo := $g.image.repository -}}
{{- with .Values.global.image.registry -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" .) $repo -}}
{{- end -}}
{{- $ref := printf "%s:%s" $repo ($g.image.tag | default .Values.global.image.tag | default .Chart.AppVersion | toString) -}}
{{- with $g.image.digest -}}
{{- $ref = printf "%s@%s" $ref . -}}
{{- end -}}
{{- $ref -}}
{{- end -}}

{{- define "todo-chatbot.gatewayName" -}}
{{- printf "%s-gateway" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
