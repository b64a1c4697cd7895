# Netmaker operator supervisor agent. `make help` lists the targets.
SHELL := /usr/bin/env bash
MVN ?= ./mvnw -B -ntp
REPLICAS ?= 3
API ?= mock
QUIET_SHADE := -Dorg.slf4j.simpleLogger.log.org.apache.maven.plugins.shade.DefaultShader=error

.DEFAULT_GOAL := help

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n"} \
	  /^[a-zA-Z_0-9-]+:.*?##/ { printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2 } \
	  /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Build

.PHONY: build
build: ## Build the runnable jars: agent/target/agent.jar, operator/target/operator.jar and e2e/target/sandbox.jar.
	@echo "build: packaging the jars (a first run also downloads Maven and the dependencies: a few minutes)"
	@set -o pipefail; $(MVN) package -DskipTests $(QUIET_SHADE) \
	  | grep --line-buffered -E '^\[INFO\] Building .+\[[0-9]+/[0-9]+\]|^\[ERROR\]|BUILD (SUCCESS|FAILURE)|Total time' \
	  | sed -u -e 's/^\[INFO\] Building /  building /' -e 's/^\[INFO\] /  /'

.PHONY: clean
clean: ## Remove build output.
	$(MVN) -q clean

##@ Test

.PHONY: test
test: go-peers images ## Run every unit, component, integration and local end-to-end test (the README's test command).
	@.ci/prerequisites
	@rm -rf */target/surefire-reports */target/failsafe-reports e2e/target/e2e-report.txt
	@# every module runs even when one fails; the summary names the failures and sets the exit code.
	@# QUIET_SHADE: the shader only warns about LICENSE/NOTICE/MANIFEST files every dependency carries.
	@$(MVN) verify --fail-at-end -Dmaven.test.failure.ignore=true $(QUIET_SHADE); build=$$?; \
	  java .ci/TestSummary.java .; tests=$$?; \
	  if [ $$build -ne 0 ]; then echo "build failed (exit $$build): see the Maven output above"; exit $$build; fi; \
	  exit $$tests

.PHONY: go-peers
go-peers: ## Build the Go peers of the E2E suite into e2e/target/go-peers (client-go from Debian sid, cached).
	@e2e/go/build.sh || { [ "$${CI:-}" != true ] && echo "go-peers: build failed; the Go E2E tests will skip"; }

.PHONY: images
images: go-peers ## Build the images the container scenarios run (bases from Debian packages, the image, its upstream and jib variants).
	@e2e/docker/images.sh || { [ "$${CI:-}" != true ] && echo "images: not built; the container scenarios will skip"; }

.PHONY: e2e
e2e: ## Run the end-to-end suite against a kind cluster (needs kind and a container engine).
	e2e/kind/run.sh

.PHONY: bench
bench: build go-peers images ## Measure failover (also with the Go peers), start-up, memory and probe cost; writes bench/results.json.
	bench/run.sh

##@ Image

.PHONY: image
image: build ## Build the container image with docker/podman (deploy/image/Dockerfile).
	deploy/image/build.sh docker

.PHONY: image-upstream
image-upstream: ## Build the image with the upstream Go operator's /manager (UPSTREAM_OPERATOR_IMAGE=...@sha256:...).
	deploy/image/build.sh upstream

.PHONY: image-tar
image-tar: build ## Build the image tarball with jib, no container engine needed (needs the base image's registry).
	deploy/image/build.sh jib

##@ Run

.PHONY: run
run: build $(if $(filter apiserver,$(API)),go-peers) ## Start the local multi-replica sandbox (REPLICAS=3, API=mock|apiserver, TUNNELS=1: a WireGuard tunnel each, as root): API server, agents and operators on loopback.
	@# the sandbox restores the terminal itself; this also covers a sandbox killed with -9
	@saved=$$(stty -g 2>/dev/null); java -jar e2e/target/sandbox.jar --replicas $(REPLICAS) --api $(API) $(if $(filter 1,$(TUNNELS)),--tunnels); rc=$$?; \
	  if [ -n "$$saved" ]; then stty "$$saved" 2>/dev/null; fi; exit $$rc

.PHONY: plan
plan: build ## Print the agent's resolved plan for the current environment.
	java -jar agent/target/agent.jar plan
