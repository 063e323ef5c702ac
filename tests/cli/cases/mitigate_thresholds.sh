# fairaudit mitigate thresholds: fitted on training predictions, applied by predict and by
# audit (the same decisions either way), the bound met on the fitted rows; usage and input
# errors.
SPEC="$SRC/datasets/credit.json"
run 0 "$FA" gen-credit --rows 6000 --seed 8 --bias 1 --out train.csv --quiet
run 0 "$FA" gen-credit --rows 4000 --seed 9 --bias 1 --out test.csv --quiet
run 0 "$FA" train --data train.csv --spec "$SPEC" --out m.json --quiet
run 0 "$FA" predict --model m.json --data train.csv --out ptrain.csv --quiet
run 0 "$FA" predict --model m.json --data test.csv --out ptest.csv --quiet

for t in "dp 0.02" "eo 0.03" "air 0.97"; do
    set -- $t
    run 0 "$FA" mitigate thresholds --predictions ptrain.csv --label default --score score \
        --protected race --target $1 --bound $2 --favorable 0 --out th_$1.json
    expect_err "on 5 groups"
    [ "$(json_get th_$1.json 'd["format"]')" = "fairaudit-thresholds" ] || fail "format"
    # the bound holds on the rows the rules were fitted on (expected rates)
    python3 - th_$1.json $1 $2 <<'PY' || fail "bound not met on the fitted rows ($1 $2)"
import json, sys
d = json.load(open(sys.argv[1])); t = sys.argv[2]; b = float(sys.argv[3]); f = d["fit"]
assert f["weight"] == 6000, f["weight"]
if t == "air":
    assert f["disparity_after"] >= b - 1e-9, f
else:
    assert f["disparity_after"] <= b + 1e-9, f
assert f["disparity_before"] != f["disparity_after"]
PY
    # predict --thresholds and audit --thresholds give the same decisions
    run 0 "$FA" predict --model m.json --data test.csv --thresholds th_$1.json --out pt_$1.csv --quiet
    run 0 "$FA" audit --predictions pt_$1.csv --label default --score score --decision decision \
        --protected race --favorable 0 --bootstrap 0 --out a1_$1 --quiet
    run 0 "$FA" audit --predictions ptest.csv --label default --score score --thresholds th_$1.json \
        --protected race --favorable 0 --bootstrap 0 --out a2_$1 --quiet
    [ "$(json_get a2_$1/audit.json 'd["decision"]')" = "thresholds" ] || fail "decision mode"
    python3 - a1_$1/audit.json a2_$1/audit.json <<'PY' || fail "predict and audit decide differently"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ga = {g["value"]: g["confusion"] for g in a["attributes"][0]["groups"]}
gb = {g["value"]: g["confusion"] for g in b["attributes"][0]["groups"]}
assert ga == gb, (ga, gb)
PY
done
[ "$(json_get th_eo.json 'd["fit"]["randomized"]')" = "True" ] || fail "eo rules are randomised"
[ "$(json_get th_dp.json 'd["fit"]["randomized"]')" = "False" ] || fail "dp rules are plain"
# audit --model with --thresholds scores and decides in one go
run 0 "$FA" audit --model m.json --data test.csv --thresholds th_dp.json --protected race \
    --favorable 0 --bootstrap 0 --out a3 --quiet
python3 - a1_dp/audit.json a3/audit.json <<'PY' || fail "audit --model --thresholds differs"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert [g["confusion"] for g in a["attributes"][0]["groups"]] == \
       [g["confusion"] for g in b["attributes"][0]["groups"]]
PY

run 2 "$FA" mitigate thresholds --predictions ptrain.csv --label default --score score \
    --protected race --target dp --bound 2 --out x.json
expect_err "--bound must lie in [0, 1]"
run 2 "$FA" mitigate thresholds --predictions ptrain.csv --label default --score score \
    --protected race --bound 0.1 --out x.json
expect_err "needs --predictions, --label, --score, --protected, --target, --bound and --out"
run 2 "$FA" mitigate thresholds --predictions ptrain.csv --label default --score score \
    --protected race --target xx --bound 0.1 --out x.json
run 3 "$FA" mitigate thresholds --predictions ptrain.csv --label nope --score score \
    --protected race --target dp --bound 0.1 --out x.json
expect_err "ptrain.csv:1: no label column \"nope\""
printf 'score,default,race\n0.5,1,White\n0.4,2,Black\n' > bad.csv
run 3 "$FA" mitigate thresholds --predictions bad.csv --label default --score score \
    --protected race --target dp --bound 0.1 --out x.json
expect_err "bad.csv:3:2:"
expect_no_file x.json
run 2 "$FA" predict --model m.json --data test.csv --thresholds th_dp.json --threshold 0.3 --out x.csv
run 2 "$FA" audit --predictions ptest.csv --label default --score score --decision decision \
    --thresholds th_dp.json --protected race --out x
# rules for sex cannot decide rows by race values
run 0 "$FA" mitigate thresholds --predictions ptrain.csv --label default --score score \
    --protected sex --target dp --bound 0.1 --out th_sex.json --quiet
printf 'score,default,sex\n0.5,1,Female\n0.4,0,Unknown\n' > other.csv
run 3 "$FA" audit --predictions other.csv --label default --score score --thresholds th_sex.json \
    --protected sex --out x
expect_err "other.csv:3:3:"
expect_no_file x.csv
run 0 "$FA" mitigate --help
run 0 "$FA" mitigate thresholds --help
expect_out "--target dp|eo|air"
run 2 "$FA" mitigate frobnicate
