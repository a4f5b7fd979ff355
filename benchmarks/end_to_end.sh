#!/usr/bin/env bash
# End-to-end timings of the `radiomics` program, whole process (reading, checksums, features,
# writing): median wall time of N runs and the largest peak resident memory (/usr/bin/time -v).
#
#   benchmarks/end_to_end.sh [RUNS]        (default 5; needs scripts/build.sh and python3-numpy)
#
# Cases: the IBSI CT phantom with the feature set PyRadiomics' default extraction also has, the
# CT phantom with full IBSI configuration C, a generated 512 x 512 x 300 int16 CT with a 10^6-voxel
# ROI (benchmarks/make_big_case.py) with configuration C, and a 50-case batch of the sample cohort.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=build/cli/radiomics
[ -x "$bin" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
work=${RADIOMICS_BENCH_DIR:-build/benchmark-data}
mkdir -p "$work"
[ -f "$work/big/image.nii.gz" ] || /usr/bin/python3 benchmarks/make_big_case.py "$work/big" >&2
# Configuration C as a user runs it: without the IBSI diagnostic columns.
grep -v '"diagnostics"' ibsi_phantom/configs/config_c.json > "$work/config_c.json"
# A 50-case manifest: the nine cohort scans, repeated under new ids.
{
  echo "id,modality,image,mask"
  for k in $(seq 0 5); do
    tail -n +2 examples/cohort/manifest.csv | sed "s#^\([^,]*\),\([^,]*\),#\1_$k,\2,$PWD/examples/cohort/#; s#,STS_#,$PWD/examples/cohort/STS_#"
  done | head -50
} > "$work/manifest50.csv"

ct="--image ibsi_phantom/ct_phantom/image.nii.gz --mask ibsi_phantom/ct_phantom/mask.nii.gz"
big="--image $work/big/image.nii.gz --mask $work/big/mask.nii.gz"

measure() {  # name, then the command; prints a Markdown row
  local name=$1; shift
  local times=() peak=0
  for _ in $(seq "$runs"); do
    rm -f "$work/out.csv"
    /usr/bin/time -v "$@" > /dev/null 2> "$work/time.txt" || true
    times+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/time.txt")")
    local kb; kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  local median; median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %s | %.2f s | %d MiB |\n' "$name" "$median" $((peak / 1024))
}

echo "| case | wall time (median of $runs) | peak memory |"
echo "|---|---|---|"
measure "CT phantom, PyRadiomics' default feature set (IBSI definitions)" \
  $bin extract $ct --config benchmarks/configs/pyradiomics_default_set.json --output "$work/out.csv"
measure "CT phantom, full configuration C" $bin extract $ct --config "$work/config_c.json" --output "$work/out.csv"
measure "CT phantom, PyRadiomics parameter file: Original, LoG (1, 3 mm), Wavelet (1037 features)" \
  $bin extract $ct --config benchmarks/configs/pyradiomics_log_wavelet.yaml --output "$work/out.csv"
measure "512x512x300 int16, 10^6-voxel ROI, configuration C" $bin extract $big --config "$work/config_c.json" --output "$work/out.csv"
measure "50-case batch of the sample cohort (defaults, --jobs $(nproc))" \
  $bin batch --quiet --manifest "$work/manifest50.csv" --output "$work/out.csv"
echo
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
