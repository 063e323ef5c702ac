# Atomic outputs (docs/hostile-inputs.md, "Outputs"): every file is written
# under a temporary name and renamed into place; a failed run leaves no
# partial or temporary file and never replaces a previous good output. The
# CI outputs of audit --policy and gate (audit.json or gate.json, junit.xml,
# summary.md) and report's report.html + report.md are replaced together or
# not at all. Failures are forced with a file-size limit (a disk that fills
# up mid-write), a broken input, or a folder squatting a staged name.
P=$SRC/tests/cli/fixtures/audit_small.csv
POL=$SRC/datasets/credit-policy.json
A="--label label --score score --protected grp,sex --bootstrap 0 --reproducible"
# limited KB cmd... : runs cmd with a file-size limit of KB kilobytes.
limited() {
    kb=$1; shift
    set +e
    (trap '' XFSZ; ulimit -f $((kb * 2)); exec "$@") >out.txt 2>err.txt
    got=$?
    set -e
    [ "$got" -eq 4 ] || { cat err.txt; fail "'$*' under a ${kb} KB limit exited $got, expected 4"; }
}
same() { cmp -s "$1" "$2" || fail "$1 changed after a failed run"; }

run 0 "$FA" gen-credit --rows 3000 --seed 3 --out credit.csv --quiet
cp credit.csv credit.prev
# gen-credit: the limit hits mid-file.
limited 16 "$FA" gen-credit --rows 3000 --seed 4 --out credit.csv
same credit.csv credit.prev
expect_clean .

# train: a broken data file; a limit smaller than the model file.
run 0 "$FA" train --data credit.csv --spec "$SRC/datasets/credit.json" --out model.json --quiet
cp model.json model.prev
(head -n 100 credit.csv; echo "1,x,0,0,0,0,0,0,0,F,White,R01,0") > broken.csv
run 3 "$FA" train --data broken.csv --spec "$SRC/datasets/credit.json" --out model.json
same model.json model.prev
limited 1 "$FA" train --data credit.csv --spec "$SRC/datasets/credit.json" --out model.json --seed 9
same model.json model.prev
expect_clean .

# predict: broken data; the limit hits mid-file.
run 0 "$FA" predict --model model.json --data credit.csv --out p.csv --quiet
cp p.csv p.prev
run 3 "$FA" predict --model model.json --data broken.csv --out p.csv
same p.csv p.prev
limited 8 "$FA" predict --model model.json --data credit.csv --out p.csv --threshold 0.3
same p.csv p.prev
expect_clean .

# describe
run 0 "$FA" describe --data credit.csv --spec "$SRC/datasets/credit.json" --out d.json --quiet
cp d.json d.prev
run 3 "$FA" describe --data broken.csv --spec "$SRC/datasets/credit.json" --out d.json
same d.json d.prev
limited 1 "$FA" describe --data credit.csv --spec "$SRC/datasets/credit.json" --out d.json --max-rows 10
same d.json d.prev
expect_clean .

# audit (one file), then audit --policy (three files, one set).
run 0 "$FA" audit --predictions "$P" $A --out a --quiet
cp a/audit.json a.prev
printf 'id,score,label,decision,grp,sex,w\n1,0.5,1,1,A,F,1\n2,zz,0,0,B,M,1\n' > bad.csv
run 3 "$FA" audit --predictions bad.csv $A --out a
same a/audit.json a.prev
limited 4 "$FA" audit --predictions "$P" $A --out a --seed 5
same a/audit.json a.prev
expect_clean a
run 1 "$FA" audit --predictions p.csv --label default --score score --decision decision \
    --protected sex,race --favorable 0 --bootstrap 0 --reproducible --policy "$POL" --out g --quiet
for f in audit.json junit.xml summary.md; do cp g/$f g.$f.prev; done
# The audit.json (the largest file) does not fit: nothing is replaced.
limited 8 "$FA" audit --predictions p.csv --label default --score score --decision decision \
    --protected sex --favorable 0 --bootstrap 0 --policy "$POL" --out g
for f in audit.json junit.xml summary.md; do same g/$f g.$f.prev; done
expect_clean g
# junit.xml cannot be written after audit.json was: audit.json is not replaced either.
mkdir -p g/.junit.xml.fa-new/squatter   # non-empty: neither renamed over nor removed
run 4 "$FA" audit --predictions p.csv --label default --score score --decision decision \
    --protected sex --favorable 0 --bootstrap 0 --policy "$POL" --out g
rm -r g/.junit.xml.fa-new
for f in audit.json junit.xml summary.md; do same g/$f g.$f.prev; done
expect_clean g

# gate: gate.json, junit.xml, summary.md as one set.
run 1 "$FA" gate g/audit.json --policy "$POL" --out gate --quiet
for f in gate.json junit.xml summary.md; do cp gate/$f gate.$f.prev; done
mkdir -p gate/.summary.md.fa-new/squatter
run 4 "$FA" gate a/audit.json --policy "$POL" --out gate
rm -r gate/.summary.md.fa-new
for f in gate.json junit.xml summary.md; do same gate/$f gate.$f.prev; done
run 3 "$FA" gate bad.csv --policy "$POL" --out gate
for f in gate.json junit.xml summary.md; do same gate/$f gate.$f.prev; done
expect_clean gate

# report: report.html and report.md together; a failed chart leaves no image.
run 0 "$FA" report a/audit.json --out r --format html,md --no-gnuplot --quiet
cp r/report.html r.html.prev
cp r/report.md r.md.prev
mkdir -p r/.report.md.fa-new/squatter
run 4 "$FA" report g/audit.json --out r --format html,md --no-gnuplot
rm -r r/.report.md.fa-new
same r/report.html r.html.prev
same r/report.md r.md.prev
run 3 "$FA" report bad.csv --out r
same r/report.html r.html.prev
expect_clean r
# A gnuplot that writes half an image and fails: the image is removed.
cat > fake-gnuplot <<'SH'
#!/bin/sh
id=$(basename "$1" .gp)
printf '<svg partial' > "$id.svg"
exit 1
SH
chmod +x fake-gnuplot
run 0 "$FA" report a/audit.json --out rc --format charts --gnuplot "$PWD/fake-gnuplot"
expect_err "gnuplot failed"
[ -z "$(find rc -name '*.svg')" ] || fail "partial charts left: $(find rc -name '*.svg')"
expect_clean rc
