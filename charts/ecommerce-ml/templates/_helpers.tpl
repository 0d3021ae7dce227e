{{/* Object-name prefix: the release name, plus the chart name unless the release name holds it. */}}
{{- define "ecml.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ecml.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries; $component names the part (operator, minio, postgresql). */}}
{{- define "ecml.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "ecml.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: ecommerce-ml
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "ecml.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ecml.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "ecml.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ecml.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "ecml.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{- define "ecml.minio.fullname" -}}{{ include "ecml.fullname" . | trunc 57 | trimSuffix "-" }}-minio{{- end -}}
{{- define "ecml.postgresql.fullname" -}}{{ include "ecml.fullname" . | trunc 52 | trimSuffix "-" }}-postgresql{{- end -}}

{{/* The store settings the operator gets: explicit values win, else the chart's MinIO; without either, a clear failure. */}}
{{- define "ecml.store.uri" -}}
{{- if .Values.store.uri -}}
{{- .Values.store.uri -}}
{{- else if .Values.minio.enabled -}}
s3://ecml-models
{{- else -}}
{{- fail "store.uri is empty and minio.enabled is false: set store.uri (s3://bucket[/prefix]) with store.s3Endpoint and store.credentialsSecret, or set minio.enabled=true for the chart's own MinIO" -}}
{{- end -}}
{{- end -}}

{{- define "ecml.store.s3Endpoint" -}}
{{- if .Values.store.s3Endpoint -}}
{{- .Values.store.s3Endpoint -}}
{{- else if .Values.minio.enabled -}}
{{- printf "http://%s.%s.svc:9000" (include "ecml.minio.fullname" .) .Release.Namespace -}}
{{- else -}}
{{- fail "store.s3Endpoint is empty and minio.enabled is false: set store.s3Endpoint (e.g. https://s3.eu-west-1.amazonaws.com) or minio.enabled=true" -}}
{{- end -}}
{{- end -}}

{{/* The Secret of one store role (trainer, inference, operator): its own value, else store.credentialsSecret, else the chart's MinIO user for that role. */}}
{{- define "ecml.store.credentialsSecret" -}}
{{- $own := index .root.Values.store (printf "%sCredentialsSecret" .role) -}}
{{- if $own -}}
{{- $own -}}
{{- else if .root.Values.store.credentialsSecret -}}
{{- .root.Values.store.credentialsSecret -}}
{{- else if .root.Values.minio.enabled -}}
{{- include "ecml.store.roleSecretName" . -}}
{{- else -}}
{{- fail (printf "store.credentialsSecret (or store.%sCredentialsSecret) is empty and minio.enabled is false: name a Secret holding AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or set minio.enabled=true" .role) -}}
{{- end -}}
{{- end -}}

{{/* The roles that reach the store, each with its own MinIO user, policy and Secret. */}}
{{- define "ecml.store.roles" -}}trainer inference operator{{- end -}}

{{- define "ecml.store.roleSecretName" -}}{{ include "ecml.fullname" .root | trunc 50 | trimSuffix "-" }}-store-{{ .role }}{{- end -}}

{{/* The store's bucket and the ARN of its root (bucket, or bucket/prefix), from store.uri. */}}
{{- define "ecml.store.bucket" -}}{{ include "ecml.store.uri" . | trimPrefix "s3://" | splitList "/" | first }}{{- end -}}
{{- define "ecml.store.rootArn" -}}
{{- $prefix := include "ecml.store.uri" . | trimPrefix "s3://" | splitList "/" | rest | join "/" | trimSuffix "/" -}}
arn:aws:s3:::{{ include "ecml.store.bucket" . }}{{ if $prefix }}/{{ $prefix }}{{ end }}
{{- end -}}

{{/*
The IAM policy of one store role, as MinIO (and AWS) evaluate it. Every role may list the bucket and
ask its location (the S3 client's HeadBucket and region look-ups); beyond that:
trainer: read model versions, events and data/ (CSV exports for --data s3://…/data/…), write model versions;
inference: read model versions, append events;
operator: read manifests, delete artifacts (deleteArtifactsOnDelete), and list and abort unfinished multipart uploads
under the store's root (its periodic store gc aborts those started over a day ago).
A writer may abort its own multipart uploads (large files go up in parts; s3:PutObject covers the parts).
Nobody gets bucket administration, other buckets, or MinIO admin actions.
*/}}
{{- define "ecml.store.policy" -}}
{{- $root := include "ecml.store.rootArn" .root -}}
{{- $models := printf "%s/models/*" $root -}}
{{- $events := printf "%s/events/*" $root -}}
{{- $data := printf "%s/data/*" $root -}}
{{- $statements := list (dict "Sid" "FindTheStore" "Effect" "Allow" "Action" (list "s3:ListBucket" "s3:GetBucketLocation") "Resource" (list (printf "arn:aws:s3:::%s" (include "ecml.store.bucket" .root)))) -}}
{{- if eq .role "trainer" -}}
{{- $statements = append $statements (dict "Sid" "ReadModelsEventsAndData" "Effect" "Allow" "Action" (list "s3:GetObject") "Resource" (list $models $events $data)) -}}
{{- $statements = append $statements (dict "Sid" "WriteModelVersions" "Effect" "Allow" "Action" (list "s3:PutObject" "s3:AbortMultipartUpload") "Resource" (list $models)) -}}
{{- else if eq .role "inference" -}}
{{- $statements = append $statements (dict "Sid" "ReadModels" "Effect" "Allow" "Action" (list "s3:GetObject") "Resource" (list $models)) -}}
{{- $statements = append $statements (dict "Sid" "AppendEvents" "Effect" "Allow" "Action" (list "s3:PutObject" "s3:AbortMultipartUpload") "Resource" (list $events)) -}}
{{- else if eq .role "operator" -}}
{{- $statements = append $statements (dict "Sid" "ReadManifestsDeleteArtifacts" "Effect" "Allow" "Action" (list "s3:GetObject" "s3:DeleteObject") "Resource" (list $models)) -}}
{{- $statements = append $statements (dict "Sid" "ListUnfinishedUploads" "Effect" "Allow" "Action" (list "s3:ListBucketMultipartUploads") "Resource" (list (printf "arn:aws:s3:::%s" (include "ecml.store.bucket" .root)))) -}}
{{- $statements = append $statements (dict "Sid" "AbortStaleUploads" "Effect" "Allow" "Action" (list "s3:AbortMultipartUpload") "Resource" (list (printf "%s/*" $root))) -}}
{{- else -}}
{{- fail (printf "unknown store role %s" .role) -}}
{{- end -}}
{{- dict "Version" "2012-10-17" "Statement" $statements | toPrettyJson -}}
{{- end -}}

{{/* A password: the value if given, else the one already in the Secret (kept across upgrades), else a new random one. */}}
{{- define "ecml.password" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if .value -}}
{{- .value -}}
{{- else if and $existing (index $existing.data .key) -}}
{{- index $existing.data .key | b64dec -}}
{{- else -}}
{{- randAlphaNum 24 -}}
{{- end -}}
{{- end -}}

{{/* The restricted Pod Security Standard, for every Pod of the chart. */}}
{{- define "ecml.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "ecml.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
