{{/* The name of every object: the release name, or release-chart when the release name lacks the chart's. */}}
{{- define "dsw.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* What selects the webhook's pods: the name k8s/ uses, and the release. */}}
{{- define "dsw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dsw.fullname" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "dsw.labels" -}}
{{ include "dsw.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "dsw.tlsSecret" -}}
{{- if eq .Values.certificates.source "secret" -}}
{{- required "certificates.existingSecret is required with certificates.source: secret" .Values.certificates.existingSecret -}}
{{- else -}}
{{- include "dsw.fullname" . }}-tls
{{- end -}}
{{- end -}}

{{/*
The certificate material with certificates.source: generate, made once per render and shared by
the Secret and both registrations: the existing Secret's on upgrade, so that the caBundle never
changes under running pods, and a new ECDSA CA and serving certificate on install.
*/}}
{{- define "dsw.generated" -}}
{{- if not (hasKey .Values.certificates "_made") -}}
{{- $secretName := include "dsw.tlsSecret" . -}}
{{- $existing := dict -}}
{{- if ne (toString .Values.certificates.keepOnUpgrade) "false" -}}
{{- $existing = lookup "v1" "Secret" .Release.Namespace $secretName -}}
{{- end -}}
{{- if and $existing (index $existing.data "ca.crt") -}}
{{- $_ := set .Values.certificates "_made" (dict "ca" (index $existing.data "ca.crt") "crt" (index $existing.data "tls.crt") "key" (index $existing.data "tls.key")) -}}
{{- else -}}
{{- $service := include "dsw.fullname" . -}}
{{- $days := int .Values.certificates.validityDays -}}
{{- $ca := genCAWithKey (printf "%s-ca" $service) $days (genPrivateKey "ecdsa") -}}
{{- $names := list (printf "%s.%s.svc" $service .Release.Namespace) (printf "%s.%s.svc.cluster.local" $service .Release.Namespace) -}}
{{- $ips := list -}}
{{- if .Values.registrations.url -}}
{{- $host := regexReplaceAll "^https://([^:/]+).*$" .Values.registrations.url "${1}" -}}
{{- if regexMatch "^[0-9.]+$" $host -}}
{{- $ips = append $ips $host -}}
{{- else -}}
{{- $names = append $names $host -}}
{{- end -}}
{{- end -}}
{{- $cert := genSignedCertWithKey (printf "%s.%s.svc" $service .Release.Namespace) $ips $names $days $ca (genPrivateKey "ecdsa") -}}
{{- $_ := set .Values.certificates "_made" (dict "ca" ($ca.Cert | b64enc) "crt" ($cert.Cert | b64enc) "key" ($cert.Key | b64enc)) -}}
{{- end -}}
{{- end -}}
{{- .Values.certificates._made | toJson -}}
{{- end -}}

{{/* The caBundle of both registrations. */}}
{{- define "dsw.caBundle" -}}
{{- if eq .Values.certificates.source "generate" -}}
{{- (include "dsw.generated" . | fromJson).ca -}}
{{- else if eq .Values.certificates.source "secret" -}}
{{- required "certificates.caBundle is required with certificates.source: secret" .Values.certificates.caBundle -}}
{{- end -}}
{{- end -}}

{{/* Where a registration calls: the Service, or registrations.url. */}}
{{- define "dsw.clientConfig" -}}
{{- $root := index . 0 -}}
{{- $path := index . 1 -}}
{{- with include "dsw.caBundle" $root }}
caBundle: {{ . }}
{{- end }}
{{- if $root.Values.registrations.url }}
url: {{ printf "%s%s" (trimSuffix "/" $root.Values.registrations.url) $path }}
{{- else }}
service:
  name: {{ include "dsw.fullname" $root }}
  namespace: {{ $root.Release.Namespace }}
  path: {{ $path }}
  port: 443
{{- end }}
{{- end -}}

{{/* The rules every registration shares. */}}
{{- define "dsw.rules" -}}
rules:
  - apiGroups: ["apps"]
    apiVersions: ["v1"]
    resources: ["daemonsets"]
    operations: ["CREATE", "UPDATE"]
    scope: Namespaced
{{- end -}}
