#!/usr/bin/env bash
# Every test, with the same WAR on every server: the unit tests and the integration tests on Payara Micro 7, then the
# integration tests on Payara Micro 6, WildFly and Payara Server. Arguments go to every Maven run (for example -B -ntp).
# The build is reproducible, so every run builds the same ROOT.war: the script checks that it does.
set -euo pipefail
cd "$(dirname "$0")"

war_sum=""
run() {
  local start=$SECONDS sum
  ./mvnw "$@"
  sum=$(sha256sum target/ROOT.war | cut -d' ' -f1)
  echo "--- ./mvnw $* passed in $(( SECONDS - start )) s (ROOT.war sha256 $sum)"
  if [ -n "$war_sum" ] && [ "$sum" != "$war_sum" ]; then
    echo "ROOT.war differs from the first run's ($war_sum): the servers did not test the same WAR" >&2
    exit 1
  fi
  war_sum=$sum
}

run "$@" verify
# The soak (SoakIT) on Payara Micro 7 only, to keep the run short.
run "$@" -Ppayara-micro-6 verify -DskipUnitTests -Dsoak.logins=0
run "$@" -Pwildfly verify -DskipUnitTests -Dsoak.logins=0
run "$@" -Ppayara-server verify -DskipUnitTests -Dsoak.logins=0
