#!/usr/bin/env bash
# Runs every test of RtcEngine.
#
# 1. Restores and builds the solution (Release) outside any namespace: NuGet needs the network.
# 2. Runs the tests inside a fresh network namespace whose only interface is loopback, so that no
#    test (above all a browser, which uses every interface it sees) can send a packet anywhere but
#    127.0.0.1 / ::1. Unit and scenario tests run first, in parallel across assemblies; then the
#    tests against real peers (tests/RtcEngine.Interop.Tests) run one at a time.
# 3. Prints "N passed, N failed[, N skipped]" from the TRX results, and writes the same line to
#    TestResults/summary.txt. Exits non-zero if a test failed or none ran.
#
# Options: --no-build (use the last build), --filter EXPR (passed to dotnet test).
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD

build=1
filter=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-build) build=0; shift ;;
    --filter) filter=(--filter "$2"); shift 2 ;;
    --inside-namespace) shift; inside=1 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

results=$root/TestResults
if [[ ${inside:-0} == 0 ]]; then
  if [[ $build == 1 ]]; then
    dotnet build RtcEngine.sln -c Release -nologo -clp:ErrorsOnly
  fi
  rm -rf "$results"; mkdir -p "$results"

  # Unit test projects: every *.Tests project except the real-peer one.
  units=()
  for p in tests/*.Tests/*.Tests.csproj; do
    [[ $p == *Interop.Tests* ]] || units+=("\"$p\"")
  done
  (IFS=,; printf '{"solution":{"path":"../RtcEngine.sln","projects":[%s]}}\n' "${units[*]}") > "$results/unit.slnf"

  as_root=()
  [[ $(id -u) == 0 ]] || as_root=(--map-root-user)
  set +e
  unshare --net "${as_root[@]}" -- "$0" --inside-namespace "${filter[@]}"
  status=$?
  set -e
else
  # Inside the namespace: bring loopback up, plus a veth pair with 127.0.0.2 for programs that
  # skip interfaces flagged as loopback (see the interop notes in the README).
  ip link set lo up
  if ip link add lo2 type veth peer name lo2p 2>/dev/null; then
    ip addr add 127.0.0.2/32 dev lo2 && ip link set lo2 up && ip link set lo2p up || true
  fi
  status=0
  dotnet test "$results/unit.slnf" -c Release --no-build --nologo --logger trx "${filter[@]}" || status=1
  dotnet test tests/RtcEngine.Interop.Tests/RtcEngine.Interop.Tests.csproj -c Release --no-build --nologo \
    --logger trx "${filter[@]}" || status=1
  exit $status
fi

# Count outcomes over every TRX file.
passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*/*.trx; do
  p=$(grep -o '<UnitTestResult [^>]*outcome="Passed"' "$trx" | wc -l || true)
  f=$(grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | wc -l || true)
  s=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" | wc -l || true)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
# The run-level ResultSummary carries an outcome attribute too; test results are the ones counted.
summary="$passed passed, $failed failed"
[[ $skipped -gt 0 ]] && summary+=", $skipped skipped"
echo "$summary" | tee "$results/summary.txt"
if [[ $failed -gt 0 || $passed -eq 0 || $status -ne 0 ]]; then
  exit 1
fi
