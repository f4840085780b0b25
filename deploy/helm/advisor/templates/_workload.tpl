{{/*
One Deployment shape for every Python process of the platform. Argument: a dict with
  ctx        the root context ($)
  component  gateway | dialogue | portfolio | compliance | worker | beat
  cfg        the component's values
  module     the Python module started with `python -m`
  ports      YAML list of containerPorts
  probes     YAML of startupProbe/livenessProbe/readinessProbe
  env        YAML list of the component's own env vars
  mounts     optional YAML list of extra volumeMounts
  volumes    optional YAML list of extra volumes
  metricsPort the port Prometheus scrapes
  sa         ServiceAccount name
  automount  whether the API token is mounted (only the dialogue pool client needs it)
  recreate   optional: strategy Recreate (a singleton such as beat: the old pod ends before the new starts)
*/}}
{{- define "advisor.pyDeployment" -}}
{{- $ctx := .ctx -}}
{{- $c := .component -}}
{{- $cfg := .cfg -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "advisor.name" (list $ctx $c) }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- include "advisor.labels" (list $ctx $c) | nindent 4 }}
  {{- $skips := .skips | default list }}
  {{- with include "advisor.digestSkip" $ctx.Values.image }}
  {{- $skips = append $skips . }}
  {{- end }}
  {{- if or (contains "secretKeyRef" .env) (eq $ctx.Values.redis.mode "external") }}
  {{- $skips = append $skips "CKV_K8S_35=the services read configuration from environment variables only (pydantic-settings); the value comes from a referenced Secret, never inlined" }}
  {{- end }}
  {{- with $skips }}
  annotations:
    {{- include "advisor.checkovSkips" . | nindent 4 }}
  {{- end }}
spec:
  {{- if and (hasKey $cfg "autoscaling") $cfg.autoscaling.enabled | not }}
  replicas: {{ $cfg.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    {{- if .recreate }}
    type: Recreate
    {{- else }}
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
    {{- end }}
  selector:
    matchLabels:
      {{- include "advisor.selector" (list $ctx $c) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "advisor.labels" (list $ctx $c) | nindent 8 }}
      annotations:
        {{- include "advisor.scrapeAnnotations" .metricsPort | nindent 8 }}
        {{- with .checksum }}
        checksum/config: {{ . }}
        {{- end }}
    spec:
      serviceAccountName: {{ .sa }}
      automountServiceAccountToken: {{ .automount }}
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $cfg.terminationGracePeriodSeconds }}
      securityContext:
        {{- include "advisor.podSecurityContext" $ctx | nindent 8 }}
      {{- with $ctx.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- include "advisor.topologySpread" (list $ctx $c) | nindent 6 }}
      containers:
        - name: {{ $c }}
          image: {{ include "advisor.image" $ctx.Values.image }}
          imagePullPolicy: {{ include "advisor.pullPolicy" $ctx.Values.image }}
          command: ["python", "-m", {{ .module | quote }}]
          {{- with .ports }}
          ports:
            {{- . | nindent 12 }}
          {{- end }}
          env:
            {{- include "advisor.commonEnv" $ctx | nindent 12 }}
            - name: HOME
              value: /tmp
            {{- include "advisor.redisUrlEnv" $ctx | nindent 12 }}
            {{- .env | nindent 12 }}
            {{- include "advisor.extraEnv" $cfg.extraEnv | nindent 12 }}
          {{- .probes | nindent 10 }}
          lifecycle:
            preStop:
              # Let endpoints and the ingress stop sending new work before SIGTERM starts the drain.
              sleep:
                seconds: 5
          resources:
            {{- toYaml $cfg.resources | nindent 12 }}
          securityContext:
            {{- include "advisor.containerSecurityContext" $ctx | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .mounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 256Mi
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end -}}

{{/* gRPC probes on the standard health service (Kubernetes native grpc probes). Arg: port */}}
{{- define "advisor.grpcProbes" -}}
startupProbe:
  grpc:
    port: {{ . }}
  periodSeconds: 2
  failureThreshold: 30
livenessProbe:
  grpc:
    port: {{ . }}
  periodSeconds: 10
  timeoutSeconds: 2
  failureThreshold: 3
readinessProbe:
  grpc:
    port: {{ . }}
  periodSeconds: 5
  timeoutSeconds: 2
  failureThreshold: 2
{{- end -}}

{{/* A ClusterIP Service. Arg: dict ctx component ports(YAML) */}}
{{- define "advisor.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "advisor.name" (list .ctx .component) }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "advisor.labels" (list .ctx .component) | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "advisor.selector" (list .ctx .component) | nindent 4 }}
  ports:
    {{- .ports | nindent 4 }}
{{- end -}}

{{/* A PodDisruptionBudget. Arg: dict ctx component pdb */}}
{{- define "advisor.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "advisor.name" (list .ctx .component) }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "advisor.labels" (list .ctx .component) | nindent 4 }}
spec:
  {{- if .pdb.maxUnavailable }}
  maxUnavailable: {{ .pdb.maxUnavailable }}
  {{- else }}
  minAvailable: {{ required "pdb needs minAvailable or maxUnavailable" .pdb.minAvailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "advisor.selector" (list .ctx .component) | nindent 6 }}
{{- end -}}

{{/* A ServiceAccount. Arg: dict ctx component */}}
{{- define "advisor.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "advisor.name" (list .ctx .component) }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "advisor.labels" (list .ctx .component) | nindent 4 }}
automountServiceAccountToken: {{ .automount }}
{{- end -}}
