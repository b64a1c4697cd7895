# Netmaker operator supervisor agent. `make help` lists the targets.
SHELL := /usr/bin/env bash
MVN ?= ./mvnw -B -ntp
REPLICAS ?= 3

.DEFAULT_GOAL := help

##@ General

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n"} \
	  /^[a-zA-Z_0-9-]+:.*?##/ { printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2 } \
	  /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Build

.PHONY: build
build: ## Build the runnable jars: agent/target/agent.jar and operator/target/operator.jar.
	$(MVN) -q package -DskipTests

.PHONY: clean
clean: ## Remove build output.
	$(MVN) -q clean

##@ Test

.PHONY: test
test: go-peers ## Run every unit, component, integration and local end-to-end test (the README's test command).
	$(MVN) verify

.PHONY: go-peers
go-peers: ## Build the Go peers of the E2E suite into e2e/target/go-peers (client-go from Debian sid, cached).
	@e2e/go/build.sh || { [ "$${CI:-}" != true ] && echo "go-peers: build failed; the Go E2E tests will skip"; }

.PHONY: e2e
e2e: ## Run the end-to-end suite against a kind cluster (needs kind and a container engine).
	e2e/kind/run.sh

.PHONY: bench
bench: build go-peers ## Measure failover (also with the Go peers), start-up, memory and probe cost; writes bench/results.json.
	bench/run.sh

##@ Image

.PHONY: image
image: build ## Build the container image with docker/podman (deploy/image/Dockerfile).
	deploy/image/build.sh docker

.PHONY: image-tar
image-tar: build ## Build the image tarball with jib, no container engine needed (needs the base image's registry).
	deploy/image/build.sh jib

##@ Run

.PHONY: run
run: build ## Start the local multi-replica sandbox (REPLICAS=3): mock API server, agents and operators on loopback.
	java -jar e2e/target/sandbox.jar --replicas $(REPLICAS)

.PHONY: plan
plan: build ## Print the agent's resolved plan for the current environment.
	java -jar agent/target/agent.jar plan
