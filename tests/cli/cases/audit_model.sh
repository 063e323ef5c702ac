# fairaudit audit --model: train on Adult, audit adult.test through the model's own spec;
# the figures equal an audit of the same model's predictions file.
need_data adult
A=$DATA/adult
run 0 "$FA" train --data "$A/adult.data" --spec "$SRC/datasets/adult.json" --out model.json --quiet
run 0 "$FA" audit --model model.json --data "$A/adult.test" --intersections --bootstrap 20 \
    --reproducible --out a
expect_err "rows skipped for a missing value"
[ "$(json_get a/audit.json "d['input']['model']")" = model.json ] || fail "input.model"
[ "$(json_get a/audit.json "d['input']['rows_used'] + d['input']['skipped']['dropped_by_spec'] == d['input']['rows_read']")" = True ] \
    || fail "row accounting"
[ "$(json_get a/audit.json "[a['name'] for a in d['attributes']][:2]")" = "['race', 'sex']" ] \
    || fail "protected columns from the spec"
[ "$(json_get a/audit.json "d['overall']['metrics']['auc'] > 0.85")" = True ] || fail "auc"
# the same model's predictions file audited the usual way gives the same disparities
run 0 "$FA" predict --model model.json --data "$A/adult.test" --out preds.csv --quiet
run 0 "$FA" audit --predictions preds.csv --label income --score score --decision decision \
    --protected race,sex --intersections --bootstrap 20 --reproducible --out b --quiet
for k in demographic_parity_difference equalized_odds_ratio theil_index calibration_gap; do
    x=$(json_get a/audit.json "[e['disparities']['$k']['value'] for e in d['attributes']]")
    y=$(json_get b/audit.json "[e['disparities']['$k']['value'] for e in d['attributes']]")
    [ "$x" = "$y" ] || fail "$k differs: model mode $x, predictions file $y"
done
run 3 "$FA" audit --model model.json --data "$A/adult.test" --protected age --out c
expect_err "\"age\" is not a protected column of the dataset spec"
