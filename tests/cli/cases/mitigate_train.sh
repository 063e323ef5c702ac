# fairaudit train --mitigate: reweighing and adversarial debiasing on synthetic credit data
# with a strong bias; the method and its record land in the model file; bad flags are usage
# errors and leave no model behind.
SPEC="$SRC/datasets/credit.json"
run 0 "$FA" gen-credit --rows 3000 --seed 5 --bias 1 --out credit.csv --quiet

run 0 "$FA" train --data credit.csv --spec "$SPEC" --out rw.json --mitigate reweigh --protected race
expect_err "trained with reweighing"
[ "$(json_get rw.json 'd["training"]["mitigation"]["method"]')" = "reweigh" ] || fail "method"
[ "$(json_get rw.json 'len(d["training"]["mitigation"]["details"]["groups"])')" = "5" ] \
    || fail "five race groups expected"
# group and label shares are independent after reweighing: w(g, y) = W_g W_y / (W W_gy)
python3 - rw.json <<'PY' || fail "reweighing weights do not follow the formula"
import json, sys
det = json.load(open(sys.argv[1]))["training"]["mitigation"]["details"]
rows = {g["value"]: g["rows"] for g in det["groups"]}
W = sum(sum(r) for r in rows.values()); Wy = [sum(r[l] for r in rows.values()) for l in (0, 1)]
for g in det["groups"]:
    Wg = sum(g["rows"])
    for l in (0, 1):
        want = Wy[l] * Wg / (W * g["rows"][l])
        assert abs(g["weights"][l] - want) < 1e-12, (g["value"], l, g["weights"][l], want)
PY

run 0 "$FA" train --data credit.csv --spec "$SPEC" --out half.json --mitigate reweigh \
    --protected race,sex --reweigh-mix 0.5 --quiet
[ "$(json_get half.json 'd["training"]["mitigation"]["parameters"]["mix"]')" = "0.5" ] || fail "mix"
[ "$(json_get half.json 'len(d["training"]["mitigation"]["details"]["groups"])')" = "10" ] \
    || fail "race x sex: ten groups"

run 0 "$FA" train --data credit.csv --spec "$SPEC" --out adv.json --mitigate adversarial \
    --protected race --fairness eo --adv-weight 3 --epochs 5
expect_err "adversarial debiasing (eo): ran 5 epochs"
[ "$(json_get adv.json 'len(d["training"]["mitigation"]["details"]["curves"]["adversary_loss"])')" = "5" ] \
    || fail "five epochs of curves"
[ "$(json_get adv.json 'd["training"]["mitigation"]["parameters"]["adv_weight"]')" = "3" ] || fail "A"
run 0 "$FA" train --data credit.csv --spec "$SPEC" --out adv2.json --mitigate adversarial \
    --protected race --fairness eo --adv-weight 3 --epochs 5 --quiet
cmp adv.json adv2.json || fail "same seed, different model file"
run 0 "$FA" train --model mlp --hidden 8 --data credit.csv --spec "$SPEC" --out advm.json \
    --mitigate adversarial --protected sex --epochs 3 --quiet
[ "$(json_get advm.json 'd["kind"]')" = "mlp" ] || fail "mlp"
[ "$(json_get advm.json 'd["training"]["mitigation"]["parameters"]["adv_weight"]')" = "0.1" ] \
    || fail "default dp weight"
# the mitigated model scores like any other
run 0 "$FA" predict --model adv.json --data credit.csv --out p.csv --quiet
expect_file p.csv

run 2 "$FA" train --data credit.csv --spec "$SPEC" --out x.json --fairness eo
expect_err "need --mitigate"
run 2 "$FA" train --data credit.csv --spec "$SPEC" --out x.json --mitigate magic
expect_err "--mitigate must be none, reweigh or adversarial"
run 2 "$FA" train --data credit.csv --spec "$SPEC" --out x.json --mitigate reweigh --reweigh-mix 2
expect_err "mix must lie in [0, 1]"
run 2 "$FA" train --data credit.csv --spec "$SPEC" --out x.json --mitigate adversarial --fairness air
run 2 "$FA" train --data credit.csv --spec "$SPEC" --out x.json --mitigate reweigh --adv-weight 1
run 2 "$FA" train --data credit.csv --spec "$SPEC" --out x.json --mitigate adversarial --patience 3
run 3 "$FA" train --data credit.csv --spec "$SPEC" --out x.json --mitigate reweigh
expect_err "2 protected columns (sex, race)"
run 3 "$FA" train --data credit.csv --spec "$SPEC" --out x.json --mitigate reweigh --protected nope
expect_err "no column \"nope\""
expect_no_file x.json
run 0 "$FA" train --help
expect_out "--mitigate M"
