# End to end: a model that got worse than its baseline beyond the policy's
# tolerance fails, although it is still inside the bounds.
S=$SRC/datasets/credit.json
P=$SRC/datasets/credit-policy.json
run 0 "$FA" gen-credit --rows 20000 --seed 1 --bias 0 --out train-v1.csv --quiet
run 0 "$FA" gen-credit --rows 20000 --seed 1 --bias 0.15 --out train-v2.csv --quiet
run 0 "$FA" gen-credit --rows 100000 --seed 2 --bias 0 --out holdout.csv --quiet
run 0 "$FA" train --data train-v1.csv --spec "$S" --out v1.model.json --quiet
run 0 "$FA" train --data train-v2.csv --spec "$S" --out v2.model.json --quiet
run 0 "$FA" predict --model v1.model.json --data holdout.csv --threshold 0.2 --out v1.csv --quiet
run 0 "$FA" predict --model v2.model.json --data holdout.csv --threshold 0.2 --out v2.csv --quiet
AUDIT="--label default --score score --decision decision --protected sex,race --favorable 0 --seed 1"

run 0 "$FA" audit --predictions v1.csv $AUDIT --out v1 --policy "$P" --quiet
# v2 alone is within every bound ...
run 0 "$FA" audit --predictions v2.csv $AUDIT --out v2-alone --policy "$P" --quiet
# ... but worse than v1 by more than the tolerance.
run 1 "$FA" audit --predictions v2.csv $AUDIT --out v2 --policy "$P" --baseline v1/audit.json --quiet
expect_err "FAIL four_fifths race=Black: worse than the baseline:"
expect_err "> tolerance 0.02)"
[ "$(json_get v2/audit.json 'd["gate"]["baseline"]["compared"]')" = "True" ] || fail "not compared"
# The same through `fairaudit gate` on the audit written without a policy.
run 0 "$FA" audit --predictions v2.csv $AUDIT --out v2-plain --quiet
run 1 "$FA" gate v2-plain/audit.json --policy "$P" --baseline v1/audit.json --out g
expect_err "FAIL four_fifths race=Black: worse than the baseline:"
# With a generous tolerance the change is accepted.
sed 's/"tolerance": 0.0[12]/"tolerance": 0.5/' "$P" > loose.json
run 0 "$FA" gate v2-plain/audit.json --policy loose.json --baseline v1/audit.json --out g2 --quiet
# --baseline without --policy is a usage error.
run 2 "$FA" audit --predictions v2.csv $AUDIT --out x --baseline v1/audit.json
expect_err "--baseline needs --policy"
