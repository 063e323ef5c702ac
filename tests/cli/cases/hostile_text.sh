# Hostile input: NUL bytes, invalid UTF-8 and UTF-16 (docs/hostile-inputs.md).
# Values that become group names or categories must be NUL-free UTF-8: they
# go into audit.json, describe JSON, JUnit XML and reports.
cat > spec.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "t",
 "columns": [{"name": "score", "role": "numeric"}, {"name": "g", "role": "protected"},
  {"name": "c", "role": "categorical"}, {"name": "note", "role": "ignore"},
  {"name": "label", "role": "label", "positive": "1", "negative": "0"}]}
JSON
A="--label label --score score --protected g --bootstrap 0"
printf 'score,label,g,c,note\n0.5,1,a\000b,x,n\n0.2,0,b,y,n\n' > nul-group.csv
run 3 "$FA" audit --predictions nul-group.csv $A --out a
expect_err 'nul-group.csv:2:3: column "g": value contains a NUL byte (byte 2 of the value'
expect_no_file a/audit.json
run 3 "$FA" describe --data nul-group.csv --spec spec.json
expect_err 'nul-group.csv:2:3: column "g": value contains a NUL byte'
printf 'score,label,g,c,note\n0.5,1,a,x\000,n\n0.2,0,b,y,n\n' > nul-cat.csv
run 3 "$FA" describe --data nul-cat.csv --spec spec.json
expect_err 'nul-cat.csv:2:4: column "c": value contains a NUL byte'
printf 'score,label,g,c,note\n0.5\000,1,a,x,n\n' > nul-score.csv
run 3 "$FA" audit --predictions nul-score.csv $A --out a
expect_err 'nul-score.csv:2:1: column "score": expected a number, got "0.5?"'
# A NUL in a column nobody uses is not an error.
printf 'score,label,g,c,note\n0.5,1,a,x,n\000n\n0.2,0,b,y,n\n' > nul-ignored.csv
run 0 "$FA" describe --data nul-ignored.csv --spec spec.json --out d.json --quiet
# UTF-16 (what spreadsheet exports often are): NUL bytes everywhere -> the hint.
printf '\377\376s\000,\000l\000\n\000' > utf16.csv
run 3 "$FA" audit --predictions utf16.csv --label l --score s --protected s --out a
run 3 "$FA" describe --data utf16.csv --spec spec.json

# Invalid UTF-8 (Latin-1 text): refused with the byte and a conversion hint.
printf 'score,label,g,c,note\n0.5,1,caf\351,x,n\n0.2,0,b,y,n\n' > latin1.csv
run 3 "$FA" audit --predictions latin1.csv $A --out a
expect_err 'latin1.csv:2:3: column "g": value is not valid UTF-8 (byte 0xE9, byte 4 of the value'
expect_err 'iconv -f latin1 -t utf-8'
expect_no_file a/audit.json
run 3 "$FA" describe --data latin1.csv --spec spec.json
expect_err 'latin1.csv:2:3: column "g": value is not valid UTF-8'
# Overlong and surrogate encodings are invalid too.
printf 'score,label,g,c,note\n0.5,1,\300\257,x,n\n' > overlong.csv
run 3 "$FA" audit --predictions overlong.csv $A --out a
printf 'score,label,g,c,note\n0.5,1,\355\240\200,x,n\n' > surrogate.csv
run 3 "$FA" audit --predictions surrogate.csv $A --out a
# Valid UTF-8 passes through, and the report is valid JSON for any tool.
printf 'score,label,g,c,note\n0.5,1,caf\303\251,x,n\n0.2,0,\346\227\245\346\234\254,y,n\n0.7,1,\360\237\230\200,x,n\n' > utf8.csv
run 0 "$FA" audit --predictions utf8.csv $A --out u --quiet --min-group-size 1
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); print(sorted(g["value"] for g in d["attributes"][0]["groups"]))' u/audit.json > groups.txt
grep -F "café" groups.txt >/dev/null || { cat groups.txt; fail "café"; }
run 0 "$FA" report u/audit.json --out r --format md
expect_file r/report.md
# JSON inputs must be UTF-8 as well (RFC 8259).
printf '{"format": "fairaudit-spec", "format_version": 1, "name": "caf\351",\n "columns": []}\n' > bad-spec.json
run 3 "$FA" describe --data utf8.csv --spec bad-spec.json
expect_err 'bad-spec.json:1:63: invalid UTF-8 (byte 0xE9) inside a string'
printf '{"format": "fairaudit-spec", "format_version": 1, "name": "x\\u0000y", "columns": []}\n' > nul-spec.json
run 3 "$FA" describe --data utf8.csv --spec nul-spec.json
expect_err '\u0000 (NUL) is not allowed in strings'
printf '{"format_version": 1,\000 "rules": []}' > nul-policy.json
run 3 "$FA" gate u/audit.json --policy nul-policy.json
expect_err 'nul-policy.json:1:'
