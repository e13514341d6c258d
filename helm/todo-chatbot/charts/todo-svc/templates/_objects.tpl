{{/*
todo-svc's objects that depend on its database: (dict "ctx" CTX "db" DB),
CTX being todo-svc's own context. DB is empty for SQLite: a StatefulSet of
exactly one pod (one writer) with the file on its own volume, TODO_DB in the
ConfigMap. For PostgreSQL DB is (dict "secret" NAME "key" KEY), a Secret
whose KEY holds a libpq URI: a Deployment of 2+ replicas sharing that
database, with a PodDisruptionBudget and an HPA, TODO_DB read from the Secret.

Who renders them: inside the umbrella, the umbrella's templates/todo-svc.yaml,
because the switches (postgresql.enabled, externalDatabase.existingSecret)
are umbrella values and Helm hands a subchart nothing of its parent but
`global`; installed alone, this chart's workload.yaml (SQLite). So nothing
here reads .Template: called from the umbrella, it is not this chart's.
Fails the render on a replica count the database cannot take.
*/}}
{{- define "todo-svc.objects" -}}
{{- $db := .db }}
{{- with .ctx }}
{{- $asked := .Values.replicaCount }}
{{- if $db.secret }}
{{- if and (not .Values.autoscaling.enabled) $asked (lt (int $asked) 2) }}
{{- fail (printf "todo-svc.replicaCount=%v: on PostgreSQL todo-svc runs at least 2 replicas, so that one pod's loss or rollout fails no request" $asked) }}
{{- end }}
{{- else if and $asked (gt (int $asked) 1) }}
{{- fail (printf "todo-svc.replicaCount=%v needs PostgreSQL: on SQLite todo-svc is exactly one pod (SQLite has one writer). Set postgresql.enabled=true, or externalDatabase.existingSecret to a Secret holding a postgresql:// URI" $asked) }}
{{- end }}
{{ include "todo-svc.configmap" (dict "ctx" . "db" $db) }}
---
{{- if $db.secret }}
{{ include "todo-svc.deployment" (dict "ctx" . "db" $db) }}
---
{{- include "common.hpa" . }}
---
{{- include "common.pdbObject" . }}
{{- else }}
{{ include "todo-svc.statefulset" (dict "ctx" . "db" $db) }}
---
{{- include "common.pdb" . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* todo-svc's ConfigMap: (dict "ctx" "db") as above. */}}
{{- define "todo-svc.configmap" -}}
{{- $db := .db }}
{{- with .ctx -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "common.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "common.labels" . | nindent 4 }}
data:
  TODO_LISTEN: "0.0.0.0:{{ include "common.port" .Chart.Name }}"
  TODO_METRICS_LISTEN: "0.0.0.0:{{ include "common.metricsPort" .Chart.Name }}"
  {{- if $db.secret }}
  {{- /* TODO_DB comes from the Secret (env of the container). */}}
  {{- else if .Values.persistence.enabled }}
  TODO_DB: /var/lib/todo-svc/todos.db
  {{- else }}
  TODO_DB: ":memory:"
  {{- end }}
{{ end }}
{{- end -}}

{{/* On PostgreSQL: replicas share the database, the HPA owns the count. */}}
{{- define "todo-svc.deployment" -}}
{{- $db := .db }}
{{- with .ctx -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "common.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "common.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount | default 2 }}
  {{- end }}
  revisionHistoryLimit: 5
  {{- include "common.rollingUpdate" . | nindent 2 }}
  selector:
    matchLabels:
      {{- include "common.selectorLabels" . | nindent 6 }}
  template:
    {{- include "todo-svc.podTemplate" (dict "ctx" . "db" $db) | nindent 4 }}
{{- end }}
{{- end -}}

{{/* On SQLite: exactly one pod with its own volume. */}}
{{- define "todo-svc.statefulset" -}}
{{- $db := .db }}
{{- with .ctx -}}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "common.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "common.labels" . | nindent 4 }}
spec:
  # SQLite has a single writer: exactly one replica, with its own volume.
  replicas: 1
  serviceName: {{ include "common.headlessNameOf" (dict "ctx" . "svc" .Chart.Name) }}
  podManagementPolicy: OrderedReady
  updateStrategy:
    type: RollingUpdate
  {{- if .Values.persistence.enabled }}
  persistentVolumeClaimRetentionPolicy:
    # Uninstalling or scaling never deletes the todos.
    whenDeleted: Retain
    whenScaled: Retain
  {{- end }}
  selector:
    matchLabels:
      {{- include "common.selectorLabels" . | nindent 6 }}
  template:
    {{- include "todo-svc.podTemplate" (dict "ctx" . "db" $db) | nindent 4 }}
  {{- if .Values.persistence.enabled }}
  volumeClaimTemplates:
    - apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
        labels:
          {{- include "common.selectorLabels" . | nindent 10 }}
        {{- with .Values.persistence.annotations }}
        annotations:
          {{- toYaml . | nindent 10 }}
        {{- end }}
      spec:
        accessModes:
          {{- toYaml .Values.persistence.accessModes | nindent 10 }}
        {{- with .Values.persistence.storageClass }}
        storageClassName: {{ . | quote }}
        {{- end }}
        resources:
          requests:
            storage: {{ .Values.persistence.size | quote }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* The pod template of either workload: (dict "ctx" "db") as above. */}}
{{- define "todo-svc.podTemplate" -}}
{{- $db := .db }}
{{- with .ctx -}}
metadata:
  labels:
    {{- include "common.labels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include "todo-svc.configmap" (dict "ctx" . "db" $db) | sha256sum }}
    {{- with (include "common.scrapeAnnotations" . | trim) }}{{ . | nindent 4 }}{{- end }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "common.serviceAccountName" . }}
  automountServiceAccountToken: false
  enableServiceLinks: false
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  {{- with (include "common.imagePullSecrets" . | trim) }}{{ . | nindent 2 }}{{- end }}
  {{- include "common.podSecurityContext" . | nindent 2 }}
  {{- with (include "common.topologySpread" . | trim) }}{{ . | nindent 2 }}{{- end }}
  {{- with (include "common.scheduling" . | trim) }}{{ . | nindent 2 }}{{- end }}
  containers:
    - name: todo-svc
      image: {{ include "common.image" . | quote }}
      imagePullPolicy: {{ include "common.imagePullPolicy" . }}
      envFrom:
        - configMapRef:
            name: {{ include "common.fullname" . }}
      {{- if or $db.secret .Values.extraEnv }}
      env:
        {{- if $db.secret }}
        # A libpq URI (postgresql://...): only its Secret's name is in the manifest.
        - name: TODO_DB
          valueFrom:
            secretKeyRef:
              name: {{ $db.secret }}
              key: {{ $db.key }}
        {{- end }}
        {{- with .Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- end }}
      ports:
        - name: grpc
          containerPort: {{ include "common.port" .Chart.Name }}
          protocol: TCP
        - name: metrics
          containerPort: {{ include "common.metricsPort" .Chart.Name }}
          protocol: TCP
      # Native gRPC probes (grpc.health.v1): no probe binary needed.
      startupProbe:
        grpc:
          port: {{ include "common.port" .Chart.Name }}
        periodSeconds: 2
        failureThreshold: 30
      readinessProbe:
        grpc:
          port: {{ include "common.port" .Chart.Name }}
          service: todo.v1.TodoService
        periodSeconds: 5
        timeoutSeconds: 2
        failureThreshold: 2
      livenessProbe:
        grpc:
          port: {{ include "common.port" .Chart.Name }}
        periodSeconds: 10
        timeoutSeconds: 2
        failureThreshold: 3
      {{- with (include "common.lifecycle" . | trim) }}{{ . | nindent 6 }}{{- end }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      {{- include "common.containerSecurityContext" . | nindent 6 }}
      volumeMounts:
        {{- include "common.tmpVolumeMount" . | nindent 8 }}
        {{- if and (not $db.secret) .Values.persistence.enabled }}
        - name: data
          mountPath: /var/lib/todo-svc
        {{- end }}
  volumes:
    {{- include "common.tmpVolume" . | nindent 4 }}
{{- end }}
{{- end -}}
