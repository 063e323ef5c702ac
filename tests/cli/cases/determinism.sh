# Determinism: the same inputs and seed give byte-identical outputs
# (docs/hostile-inputs.md, "Determinism"). audit.json is fixed by
# --reproducible (generated_at = SOURCE_DATE_EPOCH, else the epoch) or by
# SOURCE_DATE_EPOCH alone; the bootstrap is seeded. Thread counts (train
# --threads, OPENBLAS_NUM_THREADS) do not change models, scores or audits.
S=$SRC/datasets/credit.json
run 0 "$FA" gen-credit --rows 20000 --seed 11 --bias 0.5 --out credit.csv --quiet
run 0 "$FA" train --data credit.csv --spec "$S" --out m1.json --threads 1 --quiet
OPENBLAS_NUM_THREADS=4 run 0 "$FA" train --data credit.csv --spec "$S" --out m2.json --threads 4 --quiet
cmp m1.json m2.json || fail "train: thread counts changed the model"
OPENBLAS_NUM_THREADS=1 run 0 "$FA" predict --model m1.json --data credit.csv --out p1.csv --quiet
OPENBLAS_NUM_THREADS=4 run 0 "$FA" predict --model m1.json --data credit.csv --out p2.csv --quiet
cmp p1.csv p2.csv || fail "predict: thread counts changed the scores"

A="--predictions p1.csv --label default --score score --decision decision --protected sex,race
   --intersections --favorable 0 --weight score --bootstrap 200 --seed 7"
run 0 "$FA" audit $A --reproducible --out a1 --quiet
run 0 "$FA" audit $A --reproducible --out a2 --quiet
cmp a1/audit.json a2/audit.json || fail "--reproducible: two runs differ"
[ "$(json_get a1/audit.json 'd["generated_at"]')" = 1970-01-01T00:00:00Z ] || fail "generated_at"
SOURCE_DATE_EPOCH=1700000000 run 0 "$FA" audit $A --out s1 --quiet
SOURCE_DATE_EPOCH=1700000000 run 0 "$FA" audit $A --out s2 --quiet
cmp s1/audit.json s2/audit.json || fail "SOURCE_DATE_EPOCH: two runs differ"
[ "$(json_get s1/audit.json 'd["generated_at"]')" = 2023-11-14T22:13:20Z ] || fail "SOURCE_DATE_EPOCH time"
# The seed matters: another seed gives other intervals, the same point values.
run 0 "$FA" audit $A --reproducible --out a3 --quiet --seed 8
if cmp -s a1/audit.json a3/audit.json; then fail "the bootstrap seed has no effect"; fi
E='d["attributes"][0]["disparities"]["demographic_parity_difference"]["value"]'
[ "$(json_get a1/audit.json "$E")" = "$(json_get a3/audit.json "$E")" ] || fail "point value depends on the seed"

# The model path: scores computed in the audit, any BLAS thread count.
OPENBLAS_NUM_THREADS=1 run 0 "$FA" audit --model m1.json --data credit.csv --bootstrap 50 --seed 3 \
    --reproducible --out mm1 --quiet
OPENBLAS_NUM_THREADS=4 run 0 "$FA" audit --model m1.json --data credit.csv --bootstrap 50 --seed 3 \
    --reproducible --out mm2 --quiet
cmp mm1/audit.json mm2/audit.json || fail "audit --model: thread counts changed the audit"

# Gate outputs, reports and batches carry no clock: identical across runs
# (run in two folders with the same relative paths: names appear in them).
POL=$SRC/datasets/credit-policy.json
cat > batch.json <<JSON
{"format": "fairaudit-batch", "format_version": 1, "policy": "$POL",
 "defaults": {"label": "default", "score": "score", "decision": "decision", "favorable": 0,
   "protected": ["sex", "race"], "bootstrap": 20, "seed": 1},
 "audits": [{"name": "p1", "predictions": "p1.csv"}, {"name": "m1", "model": "m1.json", "data": "credit.csv"}]}
JSON
for i in 1 2; do
    mkdir w$i
    cp p1.csv m1.json credit.csv batch.json w$i/
    (
        cd w$i
        set +e
        "$FA" audit $A --reproducible --policy "$POL" --out g --quiet >/dev/null 2>&1
        "$FA" batch batch.json --out b --quiet >/dev/null 2>&1
        set -e
        run 0 "$FA" report g/audit.json --out r --format html,md --no-gnuplot --quiet
    )
done
for f in g/audit.json g/junit.xml g/summary.md r/report.html r/report.md b/batch.json b/junit.xml \
         b/summary.md b/p1/audit.json b/m1/audit.json b/m1/predictions.csv; do
    expect_file w1/$f
    cmp w1/$f w2/$f || fail "$f differs between two runs"
done
