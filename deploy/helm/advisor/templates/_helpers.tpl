{{/* Names, labels and shared pod fragments. */}}

{{- define "advisor.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* "advisor.name" (list $ "gateway") -> <fullname>-gateway */}}
{{- define "advisor.name" -}}
{{- printf "%s-%s" (include "advisor.fullname" (index . 0)) (index . 1) -}}
{{- end -}}

{{- define "advisor.labels" -}}
{{- $ctx := index . 0 -}}
app.kubernetes.io/name: {{ $ctx.Chart.Name }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
app.kubernetes.io/version: {{ $ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
app.kubernetes.io/part-of: advisor-platform
helm.sh/chart: {{ printf "%s-%s" $ctx.Chart.Name $ctx.Chart.Version }}
app.kubernetes.io/component: {{ index . 1 }}
{{- with $ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "advisor.selector" -}}
app.kubernetes.io/name: {{ (index . 0).Chart.Name }}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Tag-only images are pulled Always (a tag can move); digest-pinned ones are immutable: IfNotPresent. */}}
{{- define "advisor.pullPolicy" -}}
{{- ternary "IfNotPresent" "Always" (not (empty .digest)) -}}
{{- end -}}

{{/*
checkov skips, each justified where it is raised. Arg: list of "CKV_ID=why". Rendered as the
checkov.io/skipN annotations checkov reads on the object itself.
*/}}
{{- define "advisor.checkovSkips" -}}
{{- range $i, $s := . }}
checkov.io/skip{{ add1 $i }}: {{ $s | quote }}
{{- end }}
{{- end -}}

{{/* Why an image without a digest is accepted: the digest is set at release time. Arg: image values. */}}
{{- define "advisor.digestSkip" -}}
{{- if empty .digest -}}
CKV_K8S_43=image pinned by tag in this values file; releases set image.digest (schema: sha256) and then this skip disappears
{{- end -}}
{{- end -}}

{{- define "advisor.image" -}}
{{- $img := . -}}
{{- if $img.digest -}}
{{- printf "%s@%s" $img.repository $img.digest -}}
{{- else -}}
{{- printf "%s:%s" $img.repository $img.tag -}}
{{- end -}}
{{- end -}}

{{/* Pod-level security: non-root, fixed ids, RuntimeDefault seccomp. */}}
{{- define "advisor.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security: read-only root, no privilege escalation, every capability dropped. */}}
{{- define "advisor.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Spread replicas across zones and nodes; args: (list $ component) */}}
{{- define "advisor.topologySpread" -}}
{{- $ctx := index . 0 -}}
{{- if $ctx.Values.topologySpread.enabled }}
topologySpreadConstraints:
  - maxSkew: {{ $ctx.Values.topologySpread.maxSkewZone }}
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "advisor.selector" . | nindent 8 }}
  - maxSkew: {{ $ctx.Values.topologySpread.maxSkewNode }}
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "advisor.selector" . | nindent 8 }}
{{- end }}
{{- end -}}

{{- define "advisor.redisUrlEnv" -}}
- name: REDIS_URL
{{- if eq .Values.redis.mode "external" }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.name }}
      key: {{ .Values.secrets.redisUrlKey }}
{{- else }}
  value: {{ printf "redis://%s:%v/0" (include "advisor.name" (list . "redis")) .Values.redis.port | quote }}
{{- end }}
{{- end -}}

{{- define "advisor.commonEnv" -}}
- name: PYTHONUNBUFFERED
  value: "1"
- name: PYTHONDONTWRITEBYTECODE
  value: "1"
- name: TMPDIR
  value: /tmp
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
{{- end -}}

{{- define "advisor.extraEnv" -}}
{{- range $k, $v := . }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- end -}}

{{/* Scrape annotations for a plain Prometheus (PodMonitors cover prometheus-operator). */}}
{{- define "advisor.scrapeAnnotations" -}}
prometheus.io/scrape: "true"
prometheus.io/port: {{ . | quote }}
prometheus.io/path: /metrics
{{- end -}}

{{- define "advisor.grpcServiceHost" -}}
{{- printf "%s:%v" (include "advisor.name" (list (index . 0) (index . 1))) (index . 2) -}}
{{- end -}}

{{- define "advisor.portList" -}}
{{- range . }}
    - {port: {{ . }}, protocol: TCP}
{{- end }}
{{- end -}}
