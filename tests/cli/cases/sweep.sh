# fairaudit mitigate sweep: points, audits and the frontier files; usage errors.
SPEC="$SRC/datasets/credit.json"
run 0 "$FA" gen-credit --rows 3000 --seed 13 --bias 1 --out tr.csv --quiet
run 0 "$FA" gen-credit --rows 2000 --seed 14 --bias 1 --out te.csv --quiet
run 0 "$FA" mitigate sweep --method reweigh --values 0.5,1 --train tr.csv --test te.csv \
    --spec "$SPEC" --protected race --bootstrap 10 --out sw
expect_err "sweep reweigh point 2/2 (mix = 1)"
for p in point-00 point-01 point-02; do
    expect_file sw/$p/model.json
    expect_file sw/$p/predictions.csv
    expect_file sw/$p/audit.json
done
[ "$(json_get sw/sweep.json 'len(d["points"])')" = "3" ] || fail "three points"
[ "$(json_get sw/sweep.json 'd["points"][0]["baseline"]')" = "True" ] || fail "baseline first"
[ "$(wc -l < sw/sweep.csv)" -eq 4 ] || fail "csv rows"
[ "$(json_get sw/mitigation.json 'len(d["frontier"])')" = "3" ] || fail "report section"
[ "$(json_get sw/mitigation.json 'd["frontier"][2]["label"]')" = "mix = 1" ] || fail "labels"
run 0 "$FA" mitigate sweep --method thresholds --target eo --values 0.05 --train tr.csv \
    --test te.csv --spec "$SPEC" --protected race --bootstrap 0 --out swt --quiet
expect_file swt/point-01/thresholds.json
[ "$(json_get swt/sweep.json 'd["metric"]')" = "equalized_odds_difference" ] || fail "metric"
run 0 "$FA" mitigate sweep --method adversarial --fairness dp --values 1 --epochs 2 \
    --train tr.csv --test te.csv --spec "$SPEC" --protected sex --bootstrap 0 --out swa --quiet
[ "$(json_get swa/sweep.json 'd["parameter"]')" = "adv_weight" ] || fail "parameter"

run 2 "$FA" mitigate sweep --method reweigh --train tr.csv --test te.csv --spec "$SPEC"
expect_err "--method, --train, --test, --spec and --out are required"
run 2 "$FA" mitigate sweep --method boosting --train tr.csv --test te.csv --spec "$SPEC" --out x
run 2 "$FA" mitigate sweep --method reweigh --values 0.5,abc --train tr.csv --test te.csv \
    --spec "$SPEC" --out x
run 2 "$FA" mitigate sweep --method reweigh --target dp --train tr.csv --test te.csv \
    --spec "$SPEC" --out x
run 3 "$FA" mitigate sweep --method reweigh --values 2 --train tr.csv --test te.csv \
    --spec "$SPEC" --protected race --out x
expect_err "out of range"
run 0 "$FA" mitigate sweep --help
