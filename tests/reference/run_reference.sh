#!/bin/sh
# run_reference.sh CASE FAIRAUDIT SOURCE_DIR [SHARED_DATASETS]
#
# Runs the fairlearn 0.9 / AIF360 0.6.1 cross-check (check_reference.py) on
#   CASE=small  seeded generated predictions (make_small_predictions.py), four
#               variants: decisions + intersections; --threshold with
#               --favorable 0 and an explicit --reference; weights with the
#               awkward cases (undefined rates, tiny and unknown groups);
#               credit scores 300..850 (--score-range, no Brier/log-loss/ECE)
#   CASE=adult  sklearn logistic-regression scores on the UCI Adult test set
#               (make_adult_predictions.py; needs SHARED_DATASETS/adult), and the
#               same model fitted by fairaudit train/predict (its scores must
#               match sklearn's to 1e-4; then the cross-check runs on them)
#               and on `fairaudit audit --model` over adult.test
# Exits 77 (CTest: skipped) with a message when the reference libraries are
# absent: they come from bench/setup_pyref.sh into $FA_PYREF (default
# /work/pyref), or when Debian's python3 pandas/sklearn/scipy are missing.
set -eu
case_name=$1
FA=$2
SRC=$3
DATA=${4:-}
PY=${FA_PYTHON:-/usr/bin/python3}
PYREF=${FA_PYREF:-/work/pyref}

skip() { echo "SKIP: $*" >&2; exit 77; }

[ -d "$PYREF/fairlearn/fairlearn" ] && [ -d "$PYREF/aif360/aif360" ] ||
  skip "fairlearn/AIF360 sources not found in $PYREF (run bench/setup_pyref.sh or set FA_PYREF)"
[ -x "$PY" ] || skip "$PY not found"
"$PY" -c 'import numpy, pandas, sklearn, scipy' 2>/dev/null ||
  skip "Debian python3-pandas/python3-sklearn/python3-scipy not installed"
"$FA" audit --help >/dev/null 2>&1 ||
  skip "this fairaudit build has no working 'audit' command"

PYTHONPATH="$PYREF/fairlearn:$PYREF/aif360${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONPATH
work=$(mktemp -d "${TMPDIR:-/tmp}/fa-reference.XXXXXX")
trap 'rm -rf "$work"' EXIT
check="$SRC/tests/reference/check_reference.py"

run_check() { # label, args...
  label=$1; shift
  echo "== $label"
  set +e
  "$PY" "$check" --fairaudit "$FA" --work "$work/out-$label" --quiet "$@"
  rc=$?
  set -e
  [ $rc -eq 0 ] || { echo "FAIL: cross-check '$label' exited $rc" >&2; exit $rc; }
}

case $case_name in
small)
  "$PY" "$SRC/tests/reference/make_small_predictions.py" --out "$work/small.csv" --rows 4000 --seed 7
  "$PY" "$SRC/tests/reference/make_small_predictions.py" --out "$work/edge.csv" --rows 3000 \
      --seed 11 --edge --weights
  run_check decisions --predictions "$work/small.csv" --label label --score score \
      --decision decision --protected sex,region --intersections
  run_check threshold-fav0 --predictions "$work/small.csv" --label label --score score \
      --threshold 0.4 --favorable 0 --protected sex,region --reference region=south
  run_check weighted-edge --predictions "$work/edge.csv" --label label --score score \
      --decision decision --protected sex,region --weight w
  "$PY" "$SRC/tests/reference/make_small_predictions.py" --out "$work/credit.csv" --rows 2000 \
      --seed 5 --credit-scale
  run_check credit-score --predictions "$work/credit.csv" --label label --score score \
      --threshold 575 --favorable 0 --protected sex,region --audit-arg=--score-range \
      --audit-arg=300:850
  ;;
adult)
  [ -n "$DATA" ] && [ -f "$DATA/adult/adult.data" ] ||
    skip "shared dataset folder ${DATA:-<unset>}/adult is absent"
  "$PY" "$SRC/tests/reference/make_adult_predictions.py" --data "$DATA/adult" \
      --out "$work/adult_predictions.csv"
  run_check adult --predictions "$work/adult_predictions.csv" --label label --score score \
      --decision decision --protected sex,race --intersections
  run_check adult-fav0 --predictions "$work/adult_predictions.csv" --label label --score score \
      --threshold 0.5 --favorable 0 --protected sex,race --reference race=White
  # our own model: fairaudit train/predict with the spec matching the sklearn set-up
  "$FA" train --data "$DATA/adult/adult.data" --spec "$SRC/datasets/adult-reference.json" \
      --C 1 --out "$work/model.json" --quiet
  "$FA" predict --model "$work/model.json" --data "$DATA/adult/adult.test" \
      --out "$work/own_predictions.csv" --quiet
  "$PY" "$SRC/tests/reference/compare_scores.py" "$work/own_predictions.csv" \
      "$work/adult_predictions.csv" --max-diff 1e-4
  run_check adult-own-model --predictions "$work/own_predictions.csv" --label income \
      --score score --decision decision --protected sex,race --intersections
  # audit --model: scores computed inside the audit, checked against the predict output
  echo "== adult-audit-model"
  "$FA" audit --model "$work/model.json" --data "$DATA/adult/adult.test" --intersections \
      --out "$work/out-audit-model" --quiet
  set +e
  "$PY" "$check" --audit-json "$work/out-audit-model/audit.json" --quiet \
      --predictions "$work/own_predictions.csv" --label income --score score \
      --threshold 0.5 --protected race,sex --intersections
  rc=$?
  set -e
  [ $rc -eq 0 ] || { echo "FAIL: cross-check 'adult-audit-model' exited $rc" >&2; exit $rc; }
  ;;
*)
  echo "run_reference.sh: unknown case '$case_name' (small | adult)" >&2
  exit 2
  ;;
esac
echo "reference cross-check '$case_name': all figures agree"
