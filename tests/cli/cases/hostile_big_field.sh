# Hostile input: one 100 MB field (docs/hostile-inputs.md). Generated here, in
# the scratch folder under the build tree, and removed with it.
cat > spec.json <<'JSON'
{"format": "fairaudit-spec", "format_version": 1, "name": "h",
 "columns": [{"name": "score", "role": "numeric"}, {"name": "g", "role": "protected"},
  {"name": "note", "role": "ignore"},
  {"name": "label", "role": "label", "positive": "1", "negative": "0"}]}
JSON
{ printf 'score,label,g,note\n0.5,1,a,'; repeat_char a 100000000; printf '\n0.2,0,b,x\n'; } > ignored.csv
{ printf 'score,label,g,note\n0.5,1,'; repeat_char a 100000000; printf ',x\n0.2,0,b,x\n'; } > group.csv
{ printf 'score,label,g,note\n'; repeat_char 7 100000000; printf ',1,a,x\n'; } > score.csv

# In an ignored column the file reads normally (memory: about three copies of the field).
timed 20 0 "$FA" describe --data ignored.csv --spec spec.json --out d.json --quiet
[ "$(json_get d.json 'd["rows_used"]')" = 2 ] || { cat d.json; fail "rows used"; }
timed 20 0 "$FA" describe --data - --spec spec.json --out d2.json --quiet < ignored.csv
# As a group name it is refused, located, before any output.
timed 20 3 "$FA" audit --predictions group.csv --label label --score score --protected g \
    --out a --bootstrap 0
expect_err 'group.csv:2:3: column "g": a value of 100000000 bytes'
expect_err "longer than the 4096 bytes a group name may have"
expect_no_file a/audit.json
timed 20 3 "$FA" describe --data group.csv --spec spec.json --out g.json
expect_err 'group.csv:2:3: column "g": a value of 100000000 bytes'
expect_no_file g.json
# As a number: 10^100000000 overflows to infinity: "not a finite number", the value
# shortened in the message.
timed 20 3 "$FA" audit --predictions score.csv --label label --score score --protected g \
    --out a --bootstrap 0
expect_err 'score.csv:2:1: column "score": "7777'
expect_err 'is not a finite number'
[ "$(wc -c < err.txt)" -lt 400 ] || fail "the message quotes the whole field"
expect_no_file a/audit.json
