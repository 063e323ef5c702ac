/*
 * Allocation failures through the gate's inputs and outputs: reading an
 * audit document (file and buffer), every CI writer (JUnit, summary,
 * gate.json, audit.json with its gate section, the text summary) and a
 * whole batch run. A failed writer keeps the previous file and leaves no
 * temporary file.
 */
#include "oom.h"

static char *fixture(const char *rel, size_t *len)
{
    char path[1024];
    char *text = NULL;
    fa_error err;

    snprintf(path, sizeof path, "%s/%s", FA_SOURCE_DIR, rel);
    FA_ASSERT_OK(fa_read_file(path, &text, len, &err));
    return text;
}

Test(oom_gate, audit_doc_load_and_parse, .init = oom_init)
{
    size_t len;
    char *text = fixture("tests/fixtures/gate/audit-biased.json", &len);
    char path[1024];
    fa_audit_doc *d = NULL;
    fa_error err;

    snprintf(path, sizeof path, "%s/tests/fixtures/gate/audit-fair.json", FA_SOURCE_DIR);
    OOM_LOOP(fa_audit_doc_parse(&d, text, len, "audit.json", &err),
             (fa_audit_doc_free(d), d = NULL));
    OOM_LOOP(fa_audit_doc_load(&d, path, &err), (fa_audit_doc_free(d), d = NULL));
    fa_free(text);
    FA_ASSERT_NO_LEAKS();
}

typedef struct outputs {
    const char *dir;
    const char *name;
    char path[600];
} outputs;

static void after_write(const outputs *o, fa_status rc)
{
    const char *const files[] = {o->name, NULL};
    char *text;
    fa_error err;

    oom_expect_files(o->dir, files);
    text = oom_slurp(o->path);
    cr_assert_not_null(text);
    if (rc != FA_OK)
        cr_assert_str_eq(text, "{\"previous\": 1}\n", "a failed write changed %s", o->name);
    else
        FA_ASSERT_OK(fa_write_file_atomic(o->path, "{\"previous\": 1}\n", 16, &err));
    fa_free(text);
}

static void prepare(outputs *o, const char *dir, const char *name)
{
    fa_error err;

    o->dir = dir;
    o->name = name;
    snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    FA_ASSERT_OK(fa_write_file_atomic(o->path, "{\"previous\": 1}\n", 16, &err));
}

Test(oom_gate, writers_keep_previous_files, .init = oom_init)
{
    size_t len, plen, blen;
    char *text = fixture("tests/fixtures/gate/audit-biased.json", &len);
    char *ptext = fixture("datasets/credit-policy.json", &plen);
    char *btext = fixture("tests/fixtures/gate/audit-fair.json", &blen);
    const char *dir = oom_dir("gate");
    fa_audit_doc *d = NULL, *base = NULL;
    fa_policy *p = NULL;
    fa_gate_result *res = NULL;
    fa_gate_report_item item;
    char *summary = NULL;
    outputs o;
    fa_error err;

    FA_ASSERT_OK(fa_audit_doc_parse(&d, text, len, "audit.json", &err));
    FA_ASSERT_OK(fa_audit_doc_parse(&base, btext, blen, "baseline.json", &err));
    FA_ASSERT_OK(fa_policy_parse(&p, ptext, plen, "policy.json", &err));
    FA_ASSERT_OK(fa_gate_evaluate(&res, d, p, base, &err));
    item.name = "audit.json";
    item.result = res;
    item.error = NULL;

    OOM_LOOP(fa_gate_format_text(res, &summary, &err),
             (fa_gate_text_free(summary), summary = NULL));
    prepare(&o, dir, "junit.xml");
    OOM_LOOP(fa_gate_write_junit(o.path, &item, 1, &err), after_write(&o, rc__));
    cr_assert_eq(remove(o.path), 0);
    prepare(&o, dir, "summary.md");
    OOM_LOOP(fa_gate_write_summary_md(o.path, &item, 1, &err), after_write(&o, rc__));
    cr_assert_eq(remove(o.path), 0);
    prepare(&o, dir, "gate.json");
    OOM_LOOP(fa_gate_write_json(o.path, res, "audit.json", &err), after_write(&o, rc__));
    cr_assert_eq(remove(o.path), 0);
    prepare(&o, dir, "audit.json");
    OOM_LOOP(fa_gate_write_into_audit(o.path, text, len, res, &err), after_write(&o, rc__));
    cr_assert_eq(remove(o.path), 0);
    cr_assert_eq(rmdir(dir), 0);

    fa_gate_result_free(res);
    fa_policy_free(p);
    fa_audit_doc_free(base);
    fa_audit_doc_free(d);
    fa_free(text);
    fa_free(ptext);
    fa_free(btext);
    FA_ASSERT_NO_LEAKS();
}

static const char preds[] = "score,label,sex\n0.9,1,F\n0.2,0,M\n0.7,1,M\n0.4,0,F\n0.6,0,F\n"
                            "0.3,1,M\n";

/* Without the cJSON hooks: the batch parses its audit.json (thousands of cJSON
 * nodes), which would make this loop quadratic in them; cJSON's allocations on
 * that path are covered by audit_doc_load_and_parse and the policy tests. */
Test(oom_gate, batch_run)
{
    const char *dir = oom_dir("batch");
    char manifest[700], out[700], path[700], text[2048];
    fa_batch *b = NULL;
    fa_batch_summary sum;
    fa_error err;
    FILE *fp;

    snprintf(path, sizeof path, "%s/p.csv", dir);
    fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs(preds, fp);
    fclose(fp);
    snprintf(text, sizeof text,
             "{\"format\": \"fairaudit-batch\", \"format_version\": 1,\n"
             " \"policy\": \"%s/datasets/credit-policy.json\",\n"
             " \"defaults\": {\"label\": \"label\", \"score\": \"score\", \"protected\": [\"sex\"],"
             " \"bootstrap\": 0},\n"
             " \"audits\": [{\"name\": \"p\", \"predictions\": \"p.csv\"}]}\n",
             FA_SOURCE_DIR);
    snprintf(manifest, sizeof manifest, "%s/batch.json", dir);
    fp = fopen(manifest, "w");
    cr_assert_not_null(fp);
    fputs(text, fp);
    fclose(fp);
    snprintf(out, sizeof out, "%s/out", dir);
    FA_ASSERT_OK(fa_batch_load(&b, manifest, &err));
    OOM_LOOP(fa_batch_run(b, out, NULL, &sum, &err), (void)0);
    cr_assert_eq(sum.n_audits, 1);
    cr_assert_eq(sum.n_errors, 0, "the last (clean) run recorded an error");
    fa_batch_free(b);
    FA_ASSERT_NO_LEAKS();
}
