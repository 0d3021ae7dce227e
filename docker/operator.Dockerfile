# The operator (the Helm chart's Deployment). Configured by environment variables
# (Hosting/OperatorOptions.cs); serves /metrics on ECML_METRICS_PORT (8080). Build from the repository root:
#   docker build -f docker/operator.Dockerfile -t ghcr.io/ecommerce-ml/operator:0.1.0 .
# The base images are build arguments so a machine without a registry can build from local stand-ins
# (scripts/build-base-images.sh, used by `make images`); the defaults are the official .NET images.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# global.json is left out on purpose: it pins this machine's SDK feature band, the image brings its own.
COPY Directory.Build.props Directory.Packages.props ./
COPY services/EcommerceMl.Contracts/EcommerceMl.Contracts.csproj services/EcommerceMl.Contracts/
COPY services/EcommerceMl.Artifacts/EcommerceMl.Artifacts.csproj services/EcommerceMl.Artifacts/
COPY operator/EcommerceMl.Operator/EcommerceMl.Operator.csproj operator/EcommerceMl.Operator/
RUN dotnet restore operator/EcommerceMl.Operator/EcommerceMl.Operator.csproj
COPY services/EcommerceMl.Contracts/ services/EcommerceMl.Contracts/
COPY services/EcommerceMl.Artifacts/ services/EcommerceMl.Artifacts/
COPY operator/EcommerceMl.Operator/ operator/EcommerceMl.Operator/
RUN dotnet publish operator/EcommerceMl.Operator/EcommerceMl.Operator.csproj -c Release --no-restore -o /app -p:UseAppHost=false

# aspnet, not runtime: the metrics endpoint is Kestrel (prometheus-net's KestrelMetricServer).
FROM ${RUNTIME_IMAGE} AS final
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 TMPDIR=/tmp
EXPOSE 8080
# The .NET images' non-root "app" user, by number so Kubernetes can verify runAsNonRoot (the chart's runAsUser).
USER 1654:1654
ENTRYPOINT ["dotnet", "EcommerceMl.Operator.dll"]
