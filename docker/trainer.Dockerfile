# The trainer: what a TrainingJob's Pod runs (the same command as `ecml train`, configured by the
# ECML_* variables the operator sets). Build from the repository root:
#   docker build -f docker/trainer.Dockerfile -t ghcr.io/ecommerce-ml/trainer:0.1.0 .
# The base images are build arguments so a machine without a registry can build from local stand-ins
# (scripts/build-base-images.sh, used by `make images`); the defaults are the official .NET images.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# global.json is left out on purpose: it pins this machine's SDK feature band, the image brings its own.
COPY Directory.Build.props Directory.Packages.props ./
COPY services/EcommerceMl.Contracts/EcommerceMl.Contracts.csproj services/EcommerceMl.Contracts/
COPY services/EcommerceMl.Ml/EcommerceMl.Ml.csproj services/EcommerceMl.Ml/
COPY services/EcommerceMl.Artifacts/EcommerceMl.Artifacts.csproj services/EcommerceMl.Artifacts/
COPY services/EcommerceMl.Postgres/EcommerceMl.Postgres.csproj services/EcommerceMl.Postgres/
COPY services/EcommerceMl.Trainer/EcommerceMl.Trainer.csproj services/EcommerceMl.Trainer/
RUN dotnet restore services/EcommerceMl.Trainer/EcommerceMl.Trainer.csproj
COPY services/ services/
RUN dotnet publish services/EcommerceMl.Trainer/EcommerceMl.Trainer.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM ${RUNTIME_IMAGE} AS final
# LightGBM's native library needs the OpenMP runtime.
# (The local base images carry it already, so their builds need no package mirror.)
RUN dpkg -s libgomp1 >/dev/null 2>&1 || (apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*)
WORKDIR /app
# Owned by root and not writable by the app user: with readOnlyRootFilesystem only /tmp (an emptyDir) is written.
COPY --from=build /app ./
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 TMPDIR=/tmp
# The .NET images' non-root "app" user, by number so Kubernetes can verify runAsNonRoot.
USER 1654:1654
ENTRYPOINT ["dotnet", "EcommerceMl.Trainer.dll"]
