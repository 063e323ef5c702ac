# mpirun -np 2 fairaudit audit | train on localhost: the audit equals the one-process audit
# byte for byte; data-parallel training gives the one-process model to 1e-8. Nothing
# touches the network (isolated launcher, shared-memory transport). Skips visibly when
# mpirun is absent or this build has no MPI.
command -v mpirun >/dev/null 2>&1 || { echo "SKIP: mpirun is not installed (apt-get install openmpi-bin)" >&2; exit 77; }
"$FA" version --features | grep -qx "mpi yes" || { echo "SKIP: this fairaudit was built without MPI (FA_WITH_MPI=OFF)" >&2; exit 77; }
export OMPI_MCA_plm=isolated OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
# sanitizer builds: Open MPI's own allocations are not freed at exit (suppressed by stack)
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$SRC/tests/cli/mpi_lsan.supp:fast_unwind_on_malloc=0"
MPIRUN="mpirun -np 2"
[ "$(id -u)" = 0 ] && MPIRUN="mpirun --allow-run-as-root --oversubscribe -np 2"
awk 'BEGIN { srand(11); print "score,label,decision,sex,region";
             for (i = 0; i < 20000; i++) { s = rand();
               printf "%.6f,%d,%d,%s,%s\n", s, (rand() < s), (s >= 0.5),
                      (rand() < 0.45 ? "F" : "M"), substr("nsewc", int(rand() * 5) + 1, 1) } }' > p.csv
A="--label label --score score --decision decision --protected sex,region --intersections \
   --bootstrap 40 --seed 9 --reproducible --quiet"
run 0 "$FA" audit --predictions p.csv $A --out one
run 0 $MPIRUN "$FA" audit --predictions p.csv $A --out two
cmp one/audit.json two/audit.json || fail "mpirun -np 2 audit differs from one process"
# a file with quoted values cannot be cut: rank 0 audits it whole, same answer
sed '2,$ s/,F,/,"F",/' p.csv > q.csv
run 0 "$FA" audit --predictions q.csv $A --out qone
run 0 $MPIRUN "$FA" audit --predictions q.csv $A --out qtwo
cmp qone/audit.json qtwo/audit.json || fail "quoted file: mpirun audit differs"
# an error is reported once, located, with the one-process exit code
printf 'score,label,decision,sex,region\n0.5,1,1,F,n\n0.2,7,0,M,s\n' > bad.csv
run 3 $MPIRUN "$FA" audit --predictions bad.csv $A --out bad
expect_err 'bad.csv:3:2: column "label": expected 0 or 1, got "7"'
# several files: whole files to ranks (3 files on 2 ranks), merged in file order — the same
# bytes as one process reading them one after another
head -1 p.csv > h.csv
tail -n +2 p.csv | split -l 7000 -d - pbody
n=0
for b in pbody0*; do cat h.csv "$b" > pf$n.csv; n=$((n + 1)); done
F="--predictions pf0.csv --predictions pf1.csv --predictions pf2.csv"
run 0 "$FA" audit $F $A --out fone
run 0 $MPIRUN "$FA" audit $F $A --out ftwo
cmp fone/audit.json ftwo/audit.json || fail "mpirun -np 2 audit of 3 files differs"
printf 'score,label,decision,sex,region\n0.5,1,1,F,n\n0.2,7,0,M,s\n' > pf3bad.csv
run 3 $MPIRUN "$FA" audit $F --predictions pf3bad.csv $A --out fbad
expect_err 'pf3bad.csv:3:2: column "label": expected 0 or 1, got "7"'
expect_no_file fbad/audit.json
# data-parallel logistic regression
awk 'BEGIN { srand(5); print "a,b,c,g,y";
             for (i = 0; i < 6000; i++) { a = rand() * 2 - 1; b = rand() * 10; c = rand();
               z = 1.5 * a - 0.2 * b + (c < 0.3 ? 0.8 : 0) + 0.5;
               printf "%.5f,%.4f,%.4f,%s,%d\n", a, b, c, (c < 0.3 ? "u" : (c < 0.6 ? "v" : "w")),
                      (rand() < 1 / (1 + exp(-z))) } }' > t.csv
cat > t.json <<'SPEC'
{"format": "fairaudit-spec", "format_version": 1, "name": "mpi",
 "columns": [{"name": "a", "role": "numeric"}, {"name": "b", "role": "numeric"},
             {"name": "c", "role": "numeric"}, {"name": "g", "role": "categorical"},
             {"name": "y", "role": "label", "positive": "1", "negative": "0"}]}
SPEC
run 0 "$FA" train --data t.csv --spec t.json --out m1.json --quiet
run 0 $MPIRUN "$FA" train --data t.csv --spec t.json --out m2.json --quiet
python3 - <<'PY' || fail "mpirun -np 2 training gives another model"
import json
a, b = json.load(open("m1.json")), json.load(open("m2.json"))
ca, cb = a["logreg"]["coef"] + [a["logreg"]["intercept"]], b["logreg"]["coef"] + [b["logreg"]["intercept"]]
d = max(abs(x - y) for x, y in zip(ca, cb))
assert len(ca) == len(cb), "feature counts differ"
assert d <= 1e-8, f"max |coefficient difference| {d}"
assert a["training"]["data_fingerprint"] == b["training"]["data_fingerprint"], "fingerprint"
assert a["training"]["data_rows"] == b["training"]["data_rows"] == 6000, "rows"
for x, y in zip(a["encoder"]["columns"], b["encoder"]["columns"]):
    assert x.get("levels") == y.get("levels"), "levels differ"
    for k in ("mean", "std"):  # sums over two processes: equal up to rounding
        if k in x:
            assert abs(x[k] - y[k]) <= 1e-12 * max(1.0, abs(x[k])), f"encoder {k} differs"
print("max |coefficient difference|", d)
PY
