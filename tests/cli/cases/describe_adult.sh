# describe on the real UCI Adult files with datasets/adult.json: one spec reads
# both adult.data and adult.test as distributed. Expected figures counted with
# awk -F', ' on the files (complete rows = no '?').
need_data adult
run 0 "$FA" describe --data "$DATA/adult/adult.data" --spec "$SRC/datasets/adult.json" --out train.json
expect_file train.json
[ ! -s out.txt ] || fail "--out must keep stdout empty"
check() { got=$(json_get "$1" "$2"); [ "$got" = "$3" ] || fail "$1: $2 = $got, expected $3"; }
check train.json "d['rows_read']" 32561
check train.json "d['rows_used']" 30162
check train.json "d['rows_dropped']" 2399
check train.json "d['dropped']['missing_value']" 2399
check train.json "d['protected']['sex']['groups']['Male']" 20380
check train.json "d['protected']['sex']['groups']['Female']" 9782
check train.json "d['protected']['sex']['unknown']" 0
check train.json "d['label']['positive_count']" 7508
check train.json "d['label']['negative_count']" 22654
check train.json "[c['missing'] for c in d['columns'] if c['name'] == 'workclass'][0]" 1836
check train.json "d['data_sha256']" 5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d

run 0 "$FA" describe --data "$DATA/adult/adult.test" --spec "$SRC/datasets/adult.json"
cp out.txt test.json
check test.json "d['rows_read']" 16281
check test.json "d['rows_used']" 15060
check test.json "d['protected']['sex']['groups']['Male']" 10147
check test.json "d['protected']['sex']['groups']['Female']" 4913
check test.json "d['label']['positive_count']" 3700
check test.json "d['label']['positive']" '>50K'
