# Odd input: CRLF, lone CR and quoted newlines (docs/hostile-inputs.md). The
# same data with any line ends gives a byte-identical audit (fingerprints
# off: they hash the bytes); line numbers in errors count physical lines.
A="--label label --score score --protected g --bootstrap 0 --reproducible --no-fingerprint --quiet"
printf 'score,label,g\n0.9,1,a\n0.2,0,b\n0.7,1,a\n0.4,0,b\n0.6,1,b\n' > lf.csv
sed 's/$/\r/' lf.csv > crlf.csv
tr '\n' '\r' < lf.csv > cr.csv
# Mixed, and no line end after the last record.
printf 'score,label,g\r\n0.9,1,a\n0.2,0,b\r0.7,1,a\r\n0.4,0,b\n0.6,1,b' > mixed.csv
for f in lf crlf cr mixed; do
    mkdir $f && cp $f.csv $f/data.csv   # same path in every audit.json
    (cd $f && run 0 "$FA" audit --predictions data.csv $A --out .)
done
cmp lf/audit.json crlf/audit.json || fail "CRLF gives another audit"
cmp lf/audit.json cr/audit.json || fail "lone CR gives another audit"
cmp lf/audit.json mixed/audit.json || fail "mixed line ends give another audit"

# A quoted group value with a line break (and a quote) is one value.
printf 'score,label,g\n0.9,1,"North\nEast"\n0.2,0,"say ""hi"""\n0.7,1,"North\r\nEast"\n' > quoted.csv
run 0 "$FA" audit --predictions quoted.csv $A --out q --min-group-size 1
json_get q/audit.json '[g["value"] for g in d["attributes"][0]["groups"]]' > v.txt
grep -F "'North\\nEast'" v.txt >/dev/null || { cat v.txt; fail "quoted newline value"; }
grep -F "'say \"hi\"'" v.txt >/dev/null || { cat v.txt; fail "quoted quote value"; }
# An error after quoted newlines is located on its physical line.
printf 'score,label,g\n0.9,1,"a\nb\nc"\nxyz,0,b\n' > after.csv
run 3 "$FA" audit --predictions after.csv $A --out e
expect_err 'after.csv:5:1: column "score": expected a number, got "xyz"'
printf 'score,label,g\r0.9,1,a\rxyz,0,b\r' > after-cr.csv
run 3 "$FA" audit --predictions after-cr.csv $A --out e
expect_err 'after-cr.csv:3:1: column "score": expected a number, got "xyz"'
