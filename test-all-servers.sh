#!/usr/bin/env bash
# Every test, with the same WAR on every server: the unit tests and the integration tests on Payara Micro, then the
# integration tests on WildFly and on Payara Server. Arguments go to every Maven run (for example -B -ntp).
set -euo pipefail
cd "$(dirname "$0")"

run() {
  local start=$SECONDS
  ./mvnw "$@"
  echo "--- ./mvnw $* passed in $(( SECONDS - start )) s"
}

run "$@" verify
run "$@" -Pwildfly verify -DskipUnitTests
run "$@" -Ppayara-server verify -DskipUnitTests
