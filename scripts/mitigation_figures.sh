#!/bin/sh
# mitigation_figures.sh FAIRAUDIT DATASETS OUT_DIR — reproduces the figures of
# docs/mitigation.md: every mitigation on Adult (sex; adult.data -> adult.test)
# and on the synthetic credit data (race, five groups; bias 1, 200,000
# training and 200,000 test rows). Prints one line per model:
#   data method: accuracy A, dp D [ci], eo E [ci], dp_ratio R [ci]
# The figures come from the audit engine (audit.json, 200 bootstrap replicates).
set -eu
FA=$1
DATA=$2
OUT=$3
SRC=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"

# report LABEL DIR: one line from DIR/audit.json
report() {
    python3 - "$1" "$2/audit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[2])); a = d["attributes"][0]["disparities"]
def f(k, name):
    v = a[k]; ci = v.get("ci")
    s = "n/a" if v["value"] is None else "%.4f" % v["value"]
    return "%s %s%s" % (name, s, " [%.4f, %.4f]" % tuple(ci) if ci else "")
print("%s: accuracy %.4f, %s, %s, %s" % (sys.argv[1], d["overall"]["metrics"]["accuracy"],
      f("demographic_parity_difference", "dp"), f("equalized_odds_difference", "eo"),
      f("demographic_parity_ratio", "dp_ratio")))
PY
}

# evaluate LABEL MODEL TEST PROTECTED FAVORABLE [predict/audit thresholds file]
evaluate() {
    label=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['label']['column'])" "$2")
    dir="$OUT/$1"
    if [ $# -ge 6 ]; then
        "$FA" audit --model "$2" --data "$3" --protected "$4" --favorable "$5" \
            --thresholds "$6" --out "$dir" --quiet
    else
        "$FA" audit --model "$2" --data "$3" --protected "$4" --favorable "$5" --out "$dir" --quiet
    fi
    report "$1" "$dir"
}

# ---- Adult, sex ----------------------------------------------------------------------
A="$DATA/adult"
SPEC="$SRC/datasets/adult-reference.json"
T="$OUT/adult"
mkdir -p "$T"
"$FA" train --quiet --data "$A/adult.data" --spec "$SPEC" --out "$T/base.json"
evaluate adult-baseline "$T/base.json" "$A/adult.test" sex 1
"$FA" train --quiet --data "$A/adult.data" --spec "$SPEC" --out "$T/rw.json" --mitigate reweigh --protected sex
python3 -c "
import json,sys
for g in json.load(open(sys.argv[1]))['training']['mitigation']['details']['groups']:
    print('adult reweigh weights %s: <=50K %.17g, >50K %.17g' % (g['value'], *g['weights']))" "$T/rw.json"
evaluate adult-reweigh "$T/rw.json" "$A/adult.test" sex 1
for f in dp eo; do
    "$FA" train --quiet --data "$A/adult.data" --spec "$SPEC" --out "$T/adv_$f.json" \
        --mitigate adversarial --protected sex --fairness $f
    evaluate adult-adversarial-$f "$T/adv_$f.json" "$A/adult.test" sex 1
done
"$FA" train --quiet --model mlp --data "$A/adult.data" --spec "$SPEC" --out "$T/mlp.json"
evaluate adult-mlp-baseline "$T/mlp.json" "$A/adult.test" sex 1
"$FA" train --quiet --model mlp --data "$A/adult.data" --spec "$SPEC" --out "$T/mlp_dp.json" \
    --mitigate adversarial --protected sex --fairness dp
evaluate adult-mlp-adversarial-dp "$T/mlp_dp.json" "$A/adult.test" sex 1
"$FA" train --quiet --model mlp --data "$A/adult.data" --spec "$SPEC" --out "$T/mlp_eo.json" \
    --mitigate adversarial --protected sex --fairness eo --adv-weight 30
evaluate adult-mlp-adversarial-eo-A30 "$T/mlp_eo.json" "$A/adult.test" sex 1
"$FA" predict --quiet --model "$T/base.json" --data "$A/adult.data" --out "$T/train_pred.csv"
for t in "dp 0.05" "eo 0.03" "air 0.8"; do
    set -- $t
    "$FA" mitigate thresholds --quiet --predictions "$T/train_pred.csv" --label income \
        --score score --protected sex --target $1 --bound $2 --out "$T/th_$1.json"
    evaluate "adult-thresholds-$1-$2" "$T/base.json" "$A/adult.test" sex 1 "$T/th_$1.json"
done

# ---- synthetic credit, race ----------------------------------------------------------
C="$OUT/credit"
CSPEC="$SRC/datasets/credit.json"
mkdir -p "$C"
"$FA" gen-credit --quiet --rows 200000 --seed 1 --bias 1 --out "$C/train.csv"
"$FA" gen-credit --quiet --rows 200000 --seed 2 --bias 1 --out "$C/test.csv"
"$FA" train --quiet --data "$C/train.csv" --spec "$CSPEC" --out "$C/base.json"
evaluate credit-baseline "$C/base.json" "$C/test.csv" race 0
"$FA" train --quiet --data "$C/train.csv" --spec "$CSPEC" --out "$C/rw.json" --mitigate reweigh --protected race
evaluate credit-reweigh "$C/rw.json" "$C/test.csv" race 0
for f in dp eo; do
    "$FA" train --quiet --data "$C/train.csv" --spec "$CSPEC" --out "$C/adv_$f.json" \
        --mitigate adversarial --protected race --fairness $f
    evaluate credit-adversarial-$f "$C/adv_$f.json" "$C/test.csv" race 0
done
"$FA" predict --quiet --model "$C/base.json" --data "$C/train.csv" --out "$C/train_pred.csv"
for t in "dp 0.02" "eo 0.02" "air 0.98"; do
    set -- $t
    "$FA" mitigate thresholds --quiet --predictions "$C/train_pred.csv" --label default \
        --score score --protected race --target $1 --bound $2 --favorable 0 --out "$C/th_$1.json"
    evaluate "credit-thresholds-$1-$2" "$C/base.json" "$C/test.csv" race 0 "$C/th_$1.json"
done
