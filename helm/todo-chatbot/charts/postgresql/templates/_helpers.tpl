{{/* Helpers of the postgresql subchart; the rest comes from common. */}}

{{/* "[registry/]repository:tag[@digest]": its own registry, not global.image.registry. */}}
{{- define "postgresql.image" -}}
{{- $ref := printf "%s:%s" .Values.image.repository (.Values.image.tag | toString) -}}
{{- with .Values.image.registry -}}
{{- $ref = printf "%s/%s" (trimSuffix "/" .) $ref -}}
{{- end -}}
{{- with .Values.image.digest -}}
{{- $ref = printf "%s@%s" $ref . -}}
{{- end -}}
{{- $ref -}}
{{- end -}}

{{/* The server's port; fixed, todo-svc reaches it through the Secret's URI. */}}
{{- define "postgresql.port" -}}5432{{- end -}}

{{/* The data directory: a subdirectory of the volume, so initdb finds it empty (no lost+found). */}}
{{- define "postgresql.pgdata" -}}/var/lib/postgresql/data/pgdata{{- end -}}

{{/* Host name of the server: its headless Service, one A record for the one pod. */}}
{{- define "postgresql.host" -}}
{{- printf "%s.%s.svc.%s" (include "common.fullname" .) .Release.Namespace .Values.global.clusterDomain -}}
{{- end -}}

{{/* pg_isready against the server's TCP port, the way todo-svc connects: the probes' command. */}}
{{- define "postgresql.isReady" -}}
exec:
  command: ["pg_isready", "--host=127.0.0.1", "--port={{ include "postgresql.port" . }}", "--username={{ .Values.auth.username }}", "--dbname={{ .Values.auth.database }}", "--timeout=3"]
{{- end -}}
