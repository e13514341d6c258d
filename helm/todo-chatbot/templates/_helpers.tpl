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

{{/*
PromQL of the SLO alerts (prometheusrule.yaml): (dict "sel" LABELS "w" WINDOW).
Error ratio: 5xx answers over all answers of the gateway (/readyz left out:
its 503 reports a backend's health, not a failed request).
*/}}
{{- define "todo-chatbot.errorRatio" -}}
sum(rate(gateway_http_requests_total{{ "{" }}{{ .sel }},route!="/readyz",code=~"5.."{{ "}" }}[{{ .w }}]))
  /
sum(rate(gateway_http_requests_total{{ "{" }}{{ .sel }},route!="/readyz"{{ "}" }}[{{ .w }}]))
{{- end }}

{{/*
Slow ratio: API requests slower than the latency bucket ("le") over all API
requests (SSE streams are not in the histogram): (dict "sel" "w" "le").
*/}}
{{- define "todo-chatbot.slowRatio" -}}
1 - (
  sum(rate(gateway_http_request_duration_seconds_bucket{{ "{" }}{{ .sel }},route=~"/api/.*",le="{{ .le }}"{{ "}" }}[{{ .w }}]))
    /
  sum(rate(gateway_http_request_duration_seconds_count{{ "{" }}{{ .sel }},route=~"/api/.*"{{ "}" }}[{{ .w }}]))
)
{{- end }}

{{/*
todo-svc's database as YAML for todo-svc.objects: {} for SQLite (the
default), else {secret, key} naming the Secret key that holds its libpq URI:
the bundled PostgreSQL's (postgresql.enabled) or the operator's
(externalDatabase.existingSecret). Both at once is refused: which database
holds the todos must never be a guess.
*/}}
{{- define "todo-chatbot.database" -}}
{{- $ext := .Values.externalDatabase }}
{{- if and .Values.postgresql.enabled $ext.existingSecret }}
{{- fail (printf "postgresql.enabled=true and externalDatabase.existingSecret=%s both choose todo-svc's database: set only one (the bundled PostgreSQL, or the one you run)" $ext.existingSecret) }}
{{- else if .Values.postgresql.enabled }}
secret: {{ include "common.fullnameOf" (dict "ctx" . "svc" "postgresql") }}
key: url
{{- else if $ext.existingSecret }}
secret: {{ $ext.existingSecret }}
key: {{ $ext.secretKey }}
{{- end }}
{{- end -}}

{{/*
Labels of the copy Job and its pod (todo-svc-copy-job.yaml), called with
todo-svc's context: todo-svc's name is left out on purpose, so that no
Service selects the pod; the bundled PostgreSQL's NetworkPolicy admits
pods with app.kubernetes.io/component: copy-from-sqlite of the release.
*/}}
{{- define "todo-chatbot.copyJobLabels" -}}
app.kubernetes.io/name: todo-svc-copy
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: copy-from-sqlite
app.kubernetes.io/part-of: todo-chatbot
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}
