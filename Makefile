# What `sam build` runs (template.yaml: Metadata BuildMethod: makefile, CodeUri: .).
# SAM copies the project to a scratch directory, runs `make build-LeptoidFunction` there with
# ARTIFACTS_DIR set, and zips ARTIFACTS_DIR as the function's code. The target builds the same
# shaded jar the tests and the CLI use (target/leptoid.jar), without running the tests, and puts it
# in lib/, which the Lambda Java runtime puts on the classpath.
SHELL := /bin/bash

.PHONY: build-LeptoidFunction jar

jar:
	source scripts/jdk.sh && mvn -B -q -DskipTests package

build-LeptoidFunction: jar
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp target/leptoid.jar "$(ARTIFACTS_DIR)/lib/leptoid.jar"
