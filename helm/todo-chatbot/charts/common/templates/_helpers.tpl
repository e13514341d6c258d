{{/*
Named templates shared by the todo-svc, chat-svc and gateway subcharts. They
are called with the subchart's own context (".") so .Chart and .Values are the
calling service's. Resource names are "<release>-<service>", so every service
can compute the others' names from the release name alone.
*/}}

{{/* The calling service's resource name: "<release>-<chart>". */}}
{{- define "common.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Another service's resource name: (dict "ctx" $ "svc" "todo-svc"). */}}
{{- define "common.fullnameOf" -}}
{{- printf "%s-%s" .ctx.Release.Name .svc | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a service's headless Service (one DNS A record per ready pod). */}}
{{- define "common.headlessNameOf" -}}
{{- printf "%s-%s" (include "common.fullnameOf" .) "headless" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
gRPC target of a backend through its headless Service, so the client's
resolver sees every pod and round_robin spreads calls across them:
(dict "ctx" $ "svc" "todo-svc" "port" 50051).
*/}}
{{- define "common.dnsTarget" -}}
{{- printf "dns:///%s.%s.svc.%s:%v" (include "common.headlessNameOf" .) .ctx.Release.Namespace .ctx.Values.global.clusterDomain .port -}}
{{- end -}}

{{/* The gRPC / HTTP ports each binary listens on (contracts.md). */}}
{{- define "common.port" -}}
{{- get (dict "todo-svc" 50051 "chat-svc" 50052 "gateway" 8080) . -}}
{{- end -}}
{{/* Each binary's own metrics port (--metrics-listen), never its public one. */}}
{{- define "common.metricsPort" -}}
{{- get (dict "todo-svc" 9090 "chat-svc" 9091 "gateway" 9092) . -}}
{{- end -}}

{{- define "common.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of another service: (dict "ctx" $ "svc" "gateway"). */}}
{{- define "common.selectorLabelsOf" -}}
app.kubernetes.io/name: {{ .svc }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end -}}

{{- define "common.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "common.selectorLabels" . }}
app.kubernetes.io/version: {{ include "common.imageTag" . | trunc 63 | quote }}
app.kubernetes.io/component: {{ .Chart.Name }}
app.kubernetes.io/part-of: todo-chatbot
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Image tag: the service's own, else global.image.tag, else appVersion. */}}
{{- define "common.imageTag" -}}
{{- /* toString: `--set image.tag=1234567` (an all-digit commit) arrives as a number. */ -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion | toString -}}
{{- end -}}

{{/* "[registry/]repository:tag[@digest]" */}}
{{- define "common.image" -}}
{{- $repo := .Values.image.repository -}}
{{- with .Values.global.image.registry -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" .) $repo -}}
{{- end -}}
{{- $ref := printf "%s:%s" $repo (include "common.imageTag" .) -}}
{{- with .Values.image.digest -}}
{{- $ref = printf "%s@%s" $ref . -}}
{{- end -}}
{{- $ref -}}
{{- end -}}

{{- define "common.imagePullPolicy" -}}
{{- .Values.image.pullPolicy | default .Values.global.image.pullPolicy -}}
{{- end -}}

{{/* global.imagePullSecrets: names, or {name: ...} objects as other charts' globals write them. */}}
{{- define "common.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ if kindIs "map" . }}{{ .name }}{{ else }}{{ . }}{{ end }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "common.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "common.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* Pod-level security context: non-root numeric user, RuntimeDefault seccomp. */}}
{{- define "common.podSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.securityContext.runAsUser }}
  runAsGroup: {{ .Values.securityContext.runAsGroup }}
  fsGroup: {{ .Values.securityContext.runAsGroup }}
  fsGroupChangePolicy: OnRootMismatch
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/*
Container security context. readOnlyRootFilesystem can be relaxed for one
service only (the gateway in skaffold's dev profile, for file sync).
*/}}
{{- define "common.containerSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .Values.securityContext.runAsUser }}
  runAsGroup: {{ .Values.securityContext.runAsGroup }}
  allowPrivilegeEscalation: false
  privileged: false
  readOnlyRootFilesystem: {{ .Values.securityContext.readOnlyRootFilesystem }}
  capabilities:
    drop: ["ALL"]
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* Prometheus scrape annotations for the pod template. */}}
{{- define "common.scrapeAnnotations" -}}
{{- if .Values.global.monitoring.scrapeAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ include "common.metricsPort" .Chart.Name | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end -}}

{{/* Spread replicas across nodes; ScheduleAnyway keeps one-node clusters working. */}}
{{- define "common.topologySpread" -}}
{{- if .Values.topologySpread.enabled }}
topologySpreadConstraints:
  - maxSkew: {{ .Values.topologySpread.maxSkew }}
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: {{ .Values.topologySpread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "common.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end -}}

{{/* nodeSelector, tolerations, affinity, pass-through. */}}
{{- define "common.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
Give endpoints time to drop the pod before SIGTERM: the kubelet runs the
preStop sleep first, so no new request reaches a process that is draining.
*/}}
{{- define "common.lifecycle" -}}
{{- if gt (int .Values.preStopSleepSeconds) 0 }}
lifecycle:
  preStop:
    exec:
      command: ["/bin/sleep", {{ .Values.preStopSleepSeconds | quote }}]
{{- end }}
{{- end -}}

{{/* Scratch space for a read-only root filesystem. */}}
{{- define "common.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}
{{- define "common.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* ------------------------------------------------------------------ */}}
{{/* Whole objects that each service renders the same way.               */}}
{{/* ------------------------------------------------------------------ */}}

{{- define "common.serviceAccount" -}}
{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "common.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "common.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
# The services never call the Kubernetes API.
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{- define "common.pdb" -}}
{{- if .Values.pdb.enabled }}
{{- include "common.pdbObject" . }}
{{- end }}
{{- end -}}

{{/* The PodDisruptionBudget itself, whatever pdb.enabled says (todo-svc on PostgreSQL always has one). */}}
{{- define "common.pdbObject" }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "common.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "common.labels" . | nindent 4 }}
spec:
  minAvailable: {{ .Values.pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "common.selectorLabels" . | nindent 6 }}
{{- end -}}

{{- define "common.hpa" -}}
{{- if .Values.autoscaling.enabled }}
{{- if gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas) }}
{{- fail (printf "%s: autoscaling.minReplicas (%v) is above autoscaling.maxReplicas (%v)" .Chart.Name .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "common.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "common.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "common.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      # Avoid flapping: wait 5 minutes of low load before removing pods.
      stabilizationWindowSeconds: 300
{{- end }}
{{- end -}}

{{/*
Deployment rollout: surge one pod, never remove a ready one first, so a
rollout never drops below the current capacity.
*/}}
{{- define "common.rollingUpdate" -}}
strategy:
  type: RollingUpdate
  rollingUpdate:
    maxUnavailable: 0
    maxSurge: 1
{{- end -}}

{{/*
ServiceMonitor for the prometheus-operator, selecting the service's ClusterIP
Service by its "metrics" port: (dict "ctx" $ "port" "metrics"), and the
Service by its app.kubernetes.io/service-role label ("role", default "main").
*/}}
{{- define "common.serviceMonitor" -}}
{{- $sm := .ctx.Values.global.monitoring.serviceMonitor -}}
{{- if $sm.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "common.fullname" .ctx }}
  namespace: {{ $sm.namespace | default .ctx.Release.Namespace }}
  labels:
    {{- include "common.labels" .ctx | nindent 4 }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  namespaceSelector:
    matchNames:
      - {{ .ctx.Release.Namespace }}
  selector:
    matchLabels:
      {{- include "common.selectorLabels" .ctx | nindent 6 }}
      app.kubernetes.io/service-role: {{ .role | default "main" }}
  endpoints:
    - port: {{ .port }}
      path: /metrics
      interval: {{ $sm.interval }}
      scrapeTimeout: {{ $sm.scrapeTimeout }}
{{- end }}
{{- end -}}

{{/*
NetworkPolicy ingress rule that lets the monitoring namespace scrape the
metrics port: (dict "ctx" $ "port" 9090).
*/}}
{{- define "common.monitoringIngressRule" -}}
- from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ .ctx.Values.global.networkPolicy.monitoringNamespace }}
  ports:
    - protocol: TCP
      port: {{ .port }}
{{- end -}}

{{/* sha256 of another template of the calling chart, for rollout-on-change. */}}
{{- define "common.checksum" -}}
{{- include (print .ctx.Template.BasePath "/" .file) .ctx | sha256sum -}}
{{- end -}}

{{/*
The base64 value of one key of a kept Secret: (dict "ctx" $ "name" SECRET
"key" KEY "value" PINNED). PINNED (when not empty) wins; else the value an
earlier install stored under KEY in SECRET (lookup; an upgrade, or a reinstall
after `helm uninstall` left the kept Secret behind); else 64 new random
alphanumerics. `helm template` cannot look up, so there every render makes a
new one unless PINNED is given.
*/}}
{{- define "common.keptValue" -}}
{{- if .value }}
{{- .value | toString | b64enc }}
{{- else }}
{{- $name := .name }}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace $name }}
{{- if and $existing $existing.data (hasKey $existing.data .key) }}
{{- index $existing.data .key }}
{{- else }}
{{- randAlphaNum 64 | b64enc }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
A Secret holding one generated key, e.g. chat-svc's CHAT_CONTEXT_KEY:
(dict "ctx" $ "cfg" .Values.contextKey). cfg has value (used as is when set),
existingSecret (then nothing is rendered) and secretKey. Without a value, the
key an earlier install generated is kept (lookup): a new key on every upgrade
would break what clients hold. The Secret also outlives `helm uninstall`
(resource-policy keep), so a reinstall of the release looks it up again and
adopts it: the todos on the kept volume stay reachable. `helm template` (GitOps)
cannot look anything up: there, pin value or use existingSecret.
*/}}
{{- define "common.generatedKeySecret" -}}
{{- if not .cfg.existingSecret }}
{{- $name := include "common.fullname" .ctx }}
{{- $key := .cfg.secretKey }}
{{- $value := include "common.keptValue" (dict "ctx" .ctx "name" $name "key" $key "value" .cfg.value) }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ $name }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "common.labels" .ctx | nindent 4 }}
  annotations:
    # Losing this key would hide every user's data: never delete it with the release.
    helm.sh/resource-policy: keep
type: Opaque
data:
  {{ $key }}: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* The env entry that reads such a key: (dict "ctx" $ "env" "CHAT_CONTEXT_KEY" "cfg" .Values.contextKey). */}}
{{- define "common.generatedKeyEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ .cfg.existingSecret | default (include "common.fullname" .ctx) }}
      key: {{ .cfg.secretKey }}
{{- end -}}
