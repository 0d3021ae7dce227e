# EcommerceMl — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
ECML_HOME ?= .ecml
PORT ?= 8080
ECML := dotnet $(ECML_HOME)/bin/ecml.dll

.PHONY: run build test crds bench fuzz bench-inference evaluate-recs-ml100k evaluate-recs-retail e2e-kind images clean

## run: build, then local mode on examples/local: three Models that train, monitor and retrain themselves and the
##      ModelDeployments that serve them, all behind http://127.0.0.1:$(PORT) (drive it with `ecml simulate`)
run: build
	$(ECML) up -f examples/local --state $(ECML_HOME) --listen http://127.0.0.1:$(PORT)

## build: the ecml command, Release, into $(ECML_HOME)/bin
build:
	dotnet build services/EcommerceMl.Cli/EcommerceMl.Cli.csproj -c Release --nologo -v quiet -clp:ErrorsOnly -o $(ECML_HOME)/bin

## test: every test of the solution, then one "N passed, N failed" line
test:
	scripts/test.sh

## crds: regenerate crds/*.yaml from the operator's C# resource types (a test fails when they differ)
crds:
	dotnet run --project operator/EcommerceMl.Operator.CrdGen/EcommerceMl.Operator.CrdGen.csproj -c Release -- crds

## bench: BenchmarkDotNet kernels and the recommendation scale run (see bench/README.md; minutes, not seconds)
bench:
	dotnet build bench/EcommerceMl.Bench -c Release --nologo -v quiet -clp:ErrorsOnly
	dotnet bench/EcommerceMl.Bench/bin/Release/net10.0/EcommerceMl.Bench.dll kernels --filter '*'
	dotnet bench/EcommerceMl.Bench/bin/Release/net10.0/EcommerceMl.Bench.dll scale 10000 1000000

## evaluate-recs-ml100k / evaluate-recs-retail: issue 7's quality and fit/recommend timing table per dataset, every algorithm
evaluate-recs-ml100k: build
	$(ECML) evaluate recommendation --dataset ml-100k --protocol random-75-25 --seeds 3 --k 10 --format table

evaluate-recs-retail: build
	$(ECML) evaluate recommendation --dataset online-retail --protocol temporal --seeds 1 --k 10 --format table

## fuzz: each SharpFuzz harness (shop CSV, V2 request, local-mode YAML, model files) under AFL++ for FUZZ_SECONDS (60) each; see fuzz/README.md
fuzz:
	fuzz/run.sh

## bench-inference: wrk on loopback, the inference server against a bare-Kestrel ceiling; writes bench/inference/results.json
bench-inference:
	bench/inference/run.sh

## images: the operator, trainer and inference images (docker/*.Dockerfile) built with podman and runc, tagged
##         ghcr.io/ecommerce-ml/NAME:<chart appVersion>; with no registry reachable, from local base images built once
##         from Debian packages (scripts/build-base-images.sh). BASE=official|local, IMAGES="trainer inference", TAG, REGISTRY
images:
	scripts/build-images.sh

clean:
	rm -rf $(ECML_HOME) TestResults
	dotnet clean EcommerceMl.sln --nologo -v quiet

## --- Kubernetes: chart tests and the kind end-to-end run (issue 4) ---
.PHONY: chart-test e2e-kind

## chart-test: real helm lint/template of charts/ecommerce-ml checked by the Kubernetes schemas, the RBAC and Dockerfile checks (installs helm and kubernetes-models into .tools)
chart-test:
	scripts/install-helm.sh
	scripts/install-kubernetes-schemas.sh
	dotnet test tests/EcommerceMl.Operator.Tests --nologo --filter "FullyQualifiedName~EcommerceMl.Operator.Tests.Chart|FullyQualifiedName~OperatorPermissionsCoverageTests"

## e2e-kind: kind cluster, images built and loaded, helm install, examples trained and served, curl (needs Docker and kind)
e2e-kind:
	scripts/e2e-kind.sh
