#!/bin/sh
# make_seeds.sh FAIRAUDIT — (re)writes the hand-made seed inputs of
# tests/fuzz/corpus/<target>/seed-*. Inputs the fuzzers found are kept next
# to them (names without the seed- prefix; crash-* for the regression inputs
# of fixed bugs). Run from the source tree; needs the built fairaudit binary.
set -eu
FA=${1:?usage: make_seeds.sh path/to/fairaudit}
C=tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f $C/*/seed-*
mkdir -p $C/csv_reader $C/table_load $C/spec $C/policy $C/audit_doc $C/report_doc \
         $C/model $C/batch $C/audit_csv $C/thresholds $C/compare $C/partial

# Writes a seed: seed NAME TARGET [OPTION_BYTE] < content
seed() {
    if [ $# -ge 3 ]; then
        { printf "\\$(printf '%03o' "$3")"; cat; } > "$C/$2/seed-$1"
    else
        cat > "$C/$2/seed-$1"
    fi
}

# ---- csv_reader: option byte (docs in fuzz_csv_reader.c) + file ----
printf 'a,b,c\n1,2,3\n4,"x,y",6\n' | seed basic csv_reader 0
printf 'a,b\r\n1,"multi\r\nline"\r\n2,3\r\n' | seed crlf csv_reader 0
printf 'a,b\r1,2\r3,4' | seed lone-cr csv_reader 0
printf '\357\273\277a,b\n1,2\n' | seed bom csv_reader 0
printf '# comment\na;b\n\n 1 ; 2 \n' | seed comment-trim csv_reader 97
printf "x\ty\n'q''uoted'\t2\n" | seed tab-quote csv_reader 10
printf 'a,b\n1,"unterminated\n' | seed unterminated csv_reader 0
printf 'a,b\n1,x"y\n"p"q,2\n' | seed bad-quote csv_reader 0
printf 'a,b\n1,x\0y\n' | seed nul csv_reader 0
printf 'a,a\n1,2\n' | seed duplicate-header csv_reader 0
printf '1,2\n\n3\n' | seed no-header csv_reader 17

# ---- table_load: spec byte + file (specs in fuzz_table_load.c) ----
printf 'x,c,g,w,y\n1.5,a,m,1,1\n-3,b,f,0.5,0\n12,c,NA,2,1\n?,a,-,1,0\n0,b,m,1,1\n' | seed s0 table_load 0
printf 'y,w,g,c,x,extra\n0,1,f,q,7,z\n1,1,m,q,1e3,z\n' | seed s0-reordered table_load 0
printf '# banner\n1;A91;good\n 2.5 ; A92 ; bad \n3;A99;good\n' | seed s1 table_load 1
printf "score\tr\tt\n0.1\tw\ty\n0.9\t'b\"l''k'\tn\n" | seed s2 table_load 2
printf '|1x3 Cross validator\n39, White, Male, <=50K.\n50, Black, Female, >50K.\n28, ?, Male, <=50K\n' | seed s3 table_load 3
printf 'x,c,g,w,y\n1,a,m,-1,1\n' | seed negative-weight table_load 0
printf 'x,c,g,w,y\nnan,a,m,1,1\n' | seed nan table_load 0
printf 'x,c,g,w,y\n1,a,m,1,2\n' | seed bad-label table_load 0
printf 'x,c,g,w,y\n1,a,m,1\n' | seed ragged table_load 0

# ---- spec ----
cp datasets/adult.json $C/spec/seed-adult.json
cp datasets/german.json $C/spec/seed-german.json
cp datasets/credit.json $C/spec/seed-credit.json
seed minimal spec <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "m",
 "columns": [{"name": "y", "role": "label", "positive": "1", "negative": "0"}]}
JSON
seed derived spec <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "d", "delimiter": ";", "quote": "'",
 "header": false, "trim": true, "comment": "#", "skip_empty_lines": false,
 "missing": ["NA"], "incomplete_rows": "error",
 "columns": [{"name": "x", "role": "numeric", "missing": ["-"]},
  {"name": "w", "role": "weight"}, {"name": "p", "role": "ignore"},
  {"name": "y", "role": "label", "map": {"a": "yes", "b": "no"}, "positive": "yes",
   "negative": "no", "positive_is_favorable": false}],
 "derived": [{"name": "band", "from": "x", "role": "protected",
   "cut": {"breaks": [-1.5, 0, 1e10], "labels": ["a", "b", "c", "d"]}},
  {"name": "s", "from": "p", "role": "categorical", "map": {"u": "v"}, "missing": ["z"]},
  {"name": "y2", "from": "p", "role": "label", "positive": "u", "negative": "v"}]}
JSON
printf '{"format": "fairaudit-spec", "format_version": 2, "name": "v2", "columns": []}' | seed version2 spec
printf '{"format": "fairaudit-spec", "format_version": 1, "name": "x", "name": "y"}' | seed dupkey spec
printf '{"format": "fairaudit-spec", "format_version": 1, "name": "u\\u00e9\\ud83d\\ude00", "columns": [1]}' | seed unicode spec
printf '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]' | seed deep spec
printf '{"a": 1e999, "b": -0.0, "c": 123456789012345678901234567890}' | seed numbers spec

# ---- policy ----
cp datasets/credit-policy.json $C/policy/seed-credit-policy.json
cp tests/fixtures/gate/policy-bad.json $C/policy/seed-policy-bad.json
seed doc-example policy <<'JSON'
{"format": "fairaudit-policy", "format_version": 1, "name": "credit-scoring",
 "min_group_size": 30, "inconclusive": "warn", "baseline_mismatch": "fail",
 "rules": [
  {"id": "four_fifths", "metric": "adverse_impact_ratio", "min": 0.8, "tolerance": 0.02},
  {"id": "equalized_odds", "metric": "equalized_odds_difference", "max": 0.1,
   "attributes": ["sex", ["sex", "race"]]},
  {"id": "calibration", "metric": "calibration_gap", "max": 0.05, "severity": "warn",
   "inconclusive": "fail", "min_group_size": 0},
  {"metric": "selection_rate", "min": 0.1, "max": 0.9, "attributes": "all"},
  {"id": "tpr", "metric": "tpr", "min": 0.5, "description": "per group"}]}
JSON

# ---- audit_doc / report_doc: real audits ----
"$FA" audit --predictions tests/cli/fixtures/audit_small.csv --label label --score score \
    --protected grp,sex --intersections --bootstrap 20 --seed 1 --reproducible \
    --out "$tmp/a" --quiet
"$FA" audit --predictions tests/cli/fixtures/audit_small.csv --label label --score score \
    --decision decision --weight w --protected sex --bootstrap 0 --reproducible \
    --policy datasets/credit-policy.json --out "$tmp/b" --quiet || true
for t in audit_doc report_doc; do
    cp "$tmp/a/audit.json" $C/$t/seed-small.json
    cp "$tmp/b/audit.json" $C/$t/seed-gated.json
    cp tests/fixtures/gate/audit-biased.json $C/$t/seed-biased.json
    cp tests/fixtures/gate/audit-old-schema.json $C/$t/seed-old-schema.json
done
cp tests/fixtures/reports/audit_injection.json $C/report_doc/seed-injection.json

# ---- model: a logistic regression and an MLP with their specs ----
cat > "$tmp/toy.json" <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "toy",
 "columns": [{"name": "x1", "role": "numeric"}, {"name": "c", "role": "categorical"},
  {"name": "g", "role": "protected"},
  {"name": "y", "role": "label", "positive": "yes", "negative": "no"}]}
JSON
awk 'BEGIN { srand(3); print "x1,c,g,y";
  for (i = 0; i < 300; i++) { x = rand() * 4 - 2; c = int(rand() * 3);
    printf "%.3f,%s,%s,%s\n", x, substr("abc", c + 1, 1), (i % 3 ? "m" : "f"),
      (rand() < 1 / (1 + exp(-x - c + 1))) ? "yes" : "no" } }' > "$tmp/toy.csv"
"$FA" train --data "$tmp/toy.csv" --spec "$tmp/toy.json" --out $C/model/seed-logreg.json --quiet
"$FA" train --model mlp --hidden 3 --epochs 3 --data "$tmp/toy.csv" --spec "$tmp/toy.json" \
    --out $C/model/seed-mlp.json --quiet

# ---- batch ----
seed doc-example batch <<'JSON'
{"format": "fairaudit-batch", "format_version": 1,
 "policy": "../datasets/credit-policy.json", "baseline_dir": "../previous-run",
 "defaults": {"label": "default", "score": "score", "threshold": 0.5, "favorable": 0,
   "protected": ["sex", "age_band"], "bootstrap": 200, "seed": 1},
 "audits": [
  {"name": "cards-uk", "predictions": "scores/cards-uk.csv"},
  {"name": "cards-de", "predictions": "scores/cards-de.csv", "reference": {"sex": "male"}},
  {"name": "mortgage", "model": "models/mortgage.json", "data": "data/mortgage-holdout.csv",
   "spec": "../datasets/credit.json"},
  {"name": "auto-loans", "audit": "runs/auto/audit.json", "baseline": "runs/auto-v1/audit.json"}]}
JSON
printf '{"format": "fairaudit-batch", "format_version": 1, "audits": [{"name": "../x", "audit": "a.json"}]}' | seed bad-name batch

# ---- audit_csv: option byte (sets in fuzz_audit_csv.c) + predictions ----
cat tests/cli/fixtures/audit_small.csv | sed 's/grp/g/; s/sex/h/; s/decision/d/' | seed small audit_csv 0
printf 'score,label,g,h,d,w\n0.9,yes,a,x,1,1\n0.2,no,b,NA,0,2\n0.7,yes,b,y,yes,0.5\n0.4,no,a,x,0,1\n0.6,no,?,y,1,1\n' | seed variant1 audit_csv 1
printf 'score;label;g\n700;1;a\n320;0;b\n810;1;a\n599.5;0;b\n' | seed variant2 audit_csv 2
printf 'score,label,g,h,w\n0.5,1,a,b,1\n0.5,0,c,d,1\n0.5,1,e,f,1\n0.5,0,g,h,1\n' | seed too-many-groups audit_csv 3
printf 'score,label,g\nNaN,1,a\n' | seed nan audit_csv 0
printf 'score,label,g\n1.5,1,a\n' | seed out-of-range audit_csv 0
printf 'score,label,g\n0.5,2,a\n' | seed bad-label audit_csv 0
printf 'score,label,g\n0.5,1,a\xff\xfe\n0.1,0,b\n' | seed invalid-utf8 audit_csv 0
# ---- thresholds: per-group rules from the mitigation command (dp and eo) ----
"$FA" gen-credit --rows 3000 --seed 8 --bias 1 --out "$tmp/credit.csv" --quiet
"$FA" train --data "$tmp/credit.csv" --spec datasets/credit.json --out "$tmp/m.json" --quiet
"$FA" predict --model "$tmp/m.json" --data "$tmp/credit.csv" --out "$tmp/p.csv" --quiet
"$FA" mitigate thresholds --predictions "$tmp/p.csv" --label default --score score \
    --protected race --target dp --bound 0.02 --favorable 0 --out $C/thresholds/seed-dp.json --quiet
"$FA" mitigate thresholds --predictions "$tmp/p.csv" --label default --score score \
    --protected sex,race --target eo --bound 0.05 --favorable 0 --out $C/thresholds/seed-eo.json \
    --quiet
printf '{"format": "fairaudit-thresholds", "format_version": 1, "target": "dp", "bound": 0.1,\n "favorable": 1, "seed": 1, "columns": ["g"],\n "groups": [{"values": ["a"], "p_below": 0, "steps": [{"min_score": 0.5, "p": 1}]},\n  {"values": ["a"], "p_below": 2, "steps": []}]}\n' | seed duplicate-group thresholds

# ---- compare: audit documents (each compared with a fixed, small audit) ----
"$FA" audit --predictions tests/cli/fixtures/audit_small.csv --label label --score score \
    --protected grp --bootstrap 0 --reproducible --no-fingerprint --out "$tmp/c" --quiet
mkdir -p tests/fuzz/fixtures
cp "$tmp/c/audit.json" tests/fuzz/fixtures/audit-small.json
cp "$tmp/a/audit.json" $C/compare/seed-small.json
cp tests/fixtures/gate/audit-biased.json $C/compare/seed-biased.json
cp tests/fixtures/gate/audit-old-schema.json $C/compare/seed-old-schema.json

# ---- partial: partial audits (merge inputs), each also merged with a fixed one ----
awk 'BEGIN { srand(5); print "score,label,decision,sex,region,w";
             for (i = 0; i < 400; i++) { s = rand();
               printf "%.4f,%d,%d,%s,%s,%.2f\n", s, (rand() < s), (s >= 0.5),
                      (rand() < 0.45 ? "F" : "M"), substr("nsew", int(rand() * 4) + 1, 1),
                      0.5 + rand() } }' > "$tmp/part.csv"
PA="--label label --score score --protected sex --bootstrap 0"
"$FA" audit --predictions "$tmp/part.csv" $PA --partial tests/fuzz/fixtures/partial-small.json --quiet
"$FA" audit --predictions "$tmp/part.csv" $PA --partial $C/partial/seed-plain.json --quiet
head -40 "$tmp/part.csv" > "$tmp/part40.csv"
"$FA" audit --predictions "$tmp/part40.csv" $PA --partial $C/partial/seed-40rows.json --quiet
"$FA" audit --predictions "$tmp/part40.csv" --label label --score score --decision decision \
    --weight w --protected sex,region --intersections --bootstrap 20 --seed 4 \
    --calibration-bins 3 --partial $C/partial/seed-weighted.json --quiet
"$FA" audit --predictions "$tmp/part40.csv" --label label --score score --protected region \
    --score-range 0:2 --threshold 0.3 --favorable 0 --missing-values n --max-groups 5 \
    --bootstrap 0 --partial $C/partial/seed-settings.json --quiet
head -1 "$tmp/part.csv" > "$tmp/empty.csv"
"$FA" audit --predictions "$tmp/empty.csv" $PA --partial $C/partial/seed-empty.json --quiet
sed 's/"format_version": 1/"format_version": 2/' $C/partial/seed-40rows.json | seed version partial
head -c 300 $C/partial/seed-40rows.json | seed truncated partial
printf '{"format": "fairaudit-audit", "format_version": 1}\n' | seed wrong-format partial
echo "seeds written to $C"
