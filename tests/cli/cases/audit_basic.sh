# fairaudit audit on a small fixture: writes audit.json with the contract's keys and the
# hand-computed figures; --reproducible output is byte-identical across runs.
F=$SRC/tests/cli/fixtures/audit_small.csv
run 0 "$FA" audit --predictions "$F" --label label --score score --protected grp,sex \
    --intersections --bootstrap 50 --seed 7 --reproducible --out out1
expect_file out1/audit.json
expect_err "audited 14 rows, 3 attribute entries"
[ "$(json_get out1/audit.json "d['schema_version']")" = 1 ] || fail "schema_version"
[ "$(json_get out1/audit.json "d['generated_at']")" = 1970-01-01T00:00:00Z ] || fail "generated_at"
[ "$(json_get out1/audit.json "d['input']['rows_used']")" = 14 ] || fail "rows_used"
[ "$(json_get out1/audit.json "[a['name'] for a in d['attributes']]")" = "['grp', 'sex', 'grp&sex']" ] \
    || fail "attribute names"
[ "$(json_get out1/audit.json "round(d['attributes'][0]['disparities']['demographic_parity_difference']['value'], 12)")" = 0.6 ] \
    || fail "demographic parity difference"
[ "$(json_get out1/audit.json "len(d['attributes'][0]['disparities']['demographic_parity_difference']['ci'])")" = 2 ] \
    || fail "ci"
[ "$(json_get out1/audit.json "d['attributes'][0]['groups'][2]['undefined']['tpr'] != ''")" = True ] \
    || fail "undefined reason"
# same inputs and seed: byte-identical report (SOURCE_DATE_EPOCH overrides the time)
run 0 "$FA" audit --predictions "$F" --label label --score score --protected grp,sex \
    --intersections --bootstrap 50 --seed 7 --reproducible --out out2 --quiet
cmp out1/audit.json out2/audit.json || fail "reproducible output differs"
[ ! -s err.txt ] || fail "--quiet printed something"
SOURCE_DATE_EPOCH=86400 run 0 "$FA" audit --predictions "$F" --label label --score score \
    --protected grp --out out3 --quiet
[ "$(json_get out3/audit.json "d['generated_at']")" = 1970-01-02T00:00:00Z ] || fail "SOURCE_DATE_EPOCH"
# standard input, decision column, favourable 0, explicit reference, weights
run 0 sh -c "cat '$F' | '$FA' audit --predictions - --label label --score score --decision decision \
    --favorable 0 --reference grp=B --weight w --protected grp --bootstrap 0 --out out4"
[ "$(json_get out4/audit.json "d['attributes'][0]['reference']['value']")" = B ] || fail "reference"
[ "$(json_get out4/audit.json "d['favorable']")" = 0 ] || fail "favorable"
[ "$(json_get out4/audit.json "d['threshold']")" = None ] || fail "threshold with a decision column"
[ "$(json_get out4/audit.json "'ci' in d['attributes'][0]['disparities']['theil_index']")" = False ] \
    || fail "no ci with --bootstrap 0"
# credit-score style range
awk -F, 'NR==1{print;next}{printf "%s,%d,%s,%s,%s,%s,%s\n",$1,300+$2*550,$3,$4,$5,$6,$7}' "$F" > credit.csv
run 0 "$FA" audit --predictions credit.csv --label label --score score --score-range 300:850 \
    --threshold 575 --protected grp --out out5 --quiet
[ "$(json_get out5/audit.json "d['overall']['metrics']['brier']")" = None ] || fail "brier on credit scores"
[ "$(json_get out5/audit.json "d['score']['higher_is_favorable']")" = True ] || fail "higher_is_favorable"
run 0 "$FA" audit --help
expect_out "--predictions FILE"
