# describe on the real German credit file with datasets/german.json: sex derived
# from attribute 9 (A91/A93/A94 male, A92/A95 female), age groups from attribute
# 13, class 1 = good = positive. Expected figures counted with awk on german.data.
need_data german_credit
run 0 "$FA" describe --data "$DATA/german_credit/german.data" --spec "$SRC/datasets/german.json" --out g.json
check() { got=$(json_get g.json "$1"); [ "$got" = "$2" ] || fail "$1 = $got, expected $2"; }
check "d['rows_read']" 1000
check "d['rows_used']" 1000
check "d['protected']['sex']['groups']['male']" 690
check "d['protected']['sex']['groups']['female']" 310
check "d['protected']['age_group']['groups']['<25']" 149
check "d['protected']['age_group']['groups']['>=25']" 851
check "d['label']['positive_count']" 700
check "d['label']['negative_count']" 300
check "d['label']['positive_is_favorable']" True
check "[c['derived_from'] for c in d['columns'] if c['name'] == 'sex'][0]" personal_status
