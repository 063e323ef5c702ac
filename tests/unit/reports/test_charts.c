/* test_charts.c — the chart files (data and scripts, not the rendered
 * images) and the gnuplot runner: data strings only in .dat files, scripts
 * that produce SVG and PNG, the group cap of line charts, and the runner's
 * outcomes (ok, failure with stderr, not found, timeout). */
#include <string.h>
#include <time.h>

#include "fa_test.h"
#include "report_test.h"
#include "reports/report_doc.h"

static fa_rdoc *load_fixture(const char *name)
{
    fa_rdoc *d = NULL;
    fa_error err;
    char path[512];

    snprintf(path, sizeof path, "%s/%s", FIXTURES, name);
    fa_error_clear(&err);
    FA_ASSERT_OK(fa_rdoc_load(&d, path, &err));
    return d;
}

Test(reports_charts, data_and_scripts)
{
    fa_rdoc *d = load_fixture("audit_credit.json");
    const char *dir = rt_tmpdir();
    fa_rcharts cs;
    fa_error err;
    char *dat, *gp;
    size_t i, j;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_charts_write(&cs, d, NULL, dir, &err));
    cr_assert_eq(cs.n, 18);
    cr_assert_not_null(fa_charts_find(&cs, FA_CH_ROC, 2));
    cr_assert_null(fa_charts_find(&cs, FA_CH_FRONTIER, 0));

    dat = rt_read(dir, "a1-sex-selection_rate.dat");
    gp = rt_read(dir, "a1-sex-selection_rate.gp");
    cr_assert(strstr(dat, "0\t\"female\"\t0.6496") != NULL, "%s", dat);
    cr_assert(strstr(dat, "1\t\"male\"\t0.782094") != NULL, "%s", dat);
    cr_assert(strstr(dat, "\t1878\t0\t0\n") != NULL); /* n, not reference, not small */
    cr_assert(strstr(gp, "set terminal svg") != NULL);
    cr_assert(strstr(gp, "noenhanced") != NULL);
    cr_assert(strstr(gp, "set output 'a1-sex-selection_rate.svg'") != NULL);
    cr_assert(strstr(gp, "set terminal pngcairo") != NULL);
    cr_assert(strstr(gp, "set output 'a1-sex-selection_rate.png'") != NULL);
    cr_assert(strstr(gp, "set title 'Selection rate by group: sex'") != NULL);
    cr_assert(strstr(gp, "ref = 0.782094") != NULL, "reference rate drives the band");
    cr_assert(strstr(gp, "xticlabels(2)") != NULL);
    free(dat);
    free(gp);

    /* no group value ever appears in a script: names come from the .dat */
    for (i = 0; i < cs.n; i++) {
        const fa_rattr *a = &d->attrs[cs.v[i].attr];
        char name[300];
        snprintf(name, sizeof name, "%s.gp", cs.v[i].id);
        gp = rt_read(dir, name);
        cr_assert_not_null(gp, "%s", name);
        for (j = 0; j < a->n_groups; j++)
            cr_assert_null(strstr(gp, a->groups[j].value), "%s contains group '%s'", name,
                           a->groups[j].value);
        free(gp);
    }

    /* line charts: header row of group names, at most 8 groups */
    dat = rt_read(dir, "a1-sex-roc.dat");
    {
        static const char head[] = "\"fpr\"\t\"female\"\t\"fpr\"\t\"male\"\n";
        cr_assert(strncmp(dat, head, strlen(head)) == 0, "%s", dat);
    }
    free(dat);
    dat = rt_read(dir, "a3-sex_age_band-roc.dat");
    cr_assert_eq(rt_count(strtok(dat, "\n"), "\"fpr\""), FA_REPORT_MAX_LINE_GROUPS);
    free(dat);
    cr_assert(strstr(fa_charts_find(&cs, FA_CH_ROC, 2)->caption, "2 smaller groups are left out") !=
              NULL);
    cr_assert_null(strstr(fa_charts_find(&cs, FA_CH_ROC, 0)->caption, "left out"));
    gp = rt_read(dir, "a3-sex_age_band-roc.gp");
    cr_assert(strstr(gp, "K = 8") != NULL);
    free(gp);
    fa_charts_dispose(&cs);
    fa_rdoc_free(d);
    rt_rmtree(dir);
    FA_ASSERT_NO_LEAKS();
}

Test(reports_charts, baseline_charts)
{
    fa_rdoc *d = load_fixture("audit_credit.json");
    fa_rdoc *b = load_fixture("audit_credit_baseline.json");
    const char *dir = rt_tmpdir();
    fa_rcharts cs;
    fa_error err;
    char *dat;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_charts_write(&cs, d, b, dir, &err));
    /* the baseline has no intersection: before/after and frontier for 2 of 3 attributes */
    cr_assert_eq(cs.n, 22);
    cr_assert_null(fa_charts_find(&cs, FA_CH_BEFORE_AFTER, 2));
    dat = rt_read(dir, "a1-sex-before_after.dat");
    cr_assert(strstr(dat, "\"Accuracy (overall)\"\t0.7242") != NULL, "%s", dat);
    cr_assert(strstr(dat, "\"Demographic parity difference\"\t0.3672") != NULL, "%s", dat);
    free(dat);
    dat = rt_read(dir, "a1-sex-frontier.dat");
    cr_assert(strstr(dat, "\"before (baseline)\"\t1\n") != NULL, "%s", dat);
    cr_assert(strstr(dat, "\"after (this audit)\"\t2\n") != NULL, "%s", dat);
    free(dat);
    fa_charts_dispose(&cs);
    fa_rdoc_free(d);
    fa_rdoc_free(b);
    rt_rmtree(dir);
}

static fa_gp_outcome run_script(const char *text, unsigned timeout, fa_buf *err_text)
{
    const char *dir = rt_tmpdir();
    char path[600];
    FILE *fp;
    fa_gp_outcome out;
    fa_error err;

    snprintf(path, sizeof path, "%s/t.gp", dir);
    fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs(text, fp);
    fclose(fp);
    fa_error_clear(&err);
    FA_ASSERT_OK(fa_gnuplot_run("gnuplot", dir, "t.gp", timeout, &out, err_text, &err));
    rt_rmtree(dir);
    return out;
}

Test(reports_charts, runner_outcomes)
{
    fa_buf text = FA_BUF_INIT;
    fa_gp_outcome out;
    fa_error err;
    time_t t0;

    rt_need_gnuplot();
    cr_assert_eq(run_script("print 1\n", 30, &text), FA_GP_OK);
    fa_buf_clear(&text);
    cr_assert_eq(run_script("plot 'no-such-file.dat' using 1:2\n", 30, &text), FA_GP_FAILED);
    cr_assert(strstr(text.ptr, "no-such-file.dat") != NULL, "stderr: %s", text.ptr);
    fa_buf_clear(&text);
    t0 = time(NULL);
    cr_assert_eq(run_script("pause 30\n", 1, &text), FA_GP_TIMEOUT);
    cr_assert(time(NULL) - t0 < 10, "the timeout did not stop gnuplot");
    fa_buf_clear(&text);
    fa_error_clear(&err);
    FA_ASSERT_OK(fa_gnuplot_run("/nonexistent/gnuplot", "/tmp", "t.gp", 5, &out, &text, &err));
    cr_assert_eq(out, FA_GP_NOT_FOUND);
    cr_assert(strstr(text.ptr, "No such file") != NULL, "%s", text.ptr);
    fa_buf_dispose(&text);
}

Test(reports_charts, without_group_intervals_and_with_long_names)
{
    static const char json[] =
        "{\"schema_version\":1,\"attributes\":[{\"name\":\"region\",\"reference\":{\"value\":"
        "\"north\"},"
        "\"groups\":["
        "{\"value\":\"north\",\"n\":100,\"reference\":true,\"metrics\":{\"selection_rate\":0.5,"
        "\"tpr\":0.6,\"fpr\":0.2}},"
        "{\"value\":\"a region whose name is far too long for an axis\",\"n\":80,"
        "\"metrics\":{\"selection_rate\":0.3,\"tpr\":0.4,\"fpr\":0.1}}]}]}";
    fa_rdoc *d = NULL;
    fa_rcharts cs;
    fa_error err;
    const char *dir = rt_tmpdir();
    char *gp, *dat;

    fa_error_clear(&err);
    FA_ASSERT_OK(fa_rdoc_parse(&d, json, strlen(json), "t.json", &err));
    FA_ASSERT_OK(fa_charts_write(&cs, d, NULL, dir, &err));
    cr_assert_eq(cs.n, 2); /* no sweep, no calibration: selection rate and error rates only */
    gp = rt_read(dir, "a1-region-selection_rate.gp");
    cr_assert_null(strstr(gp, "yerrorbars"), "CI bars without intervals");
    cr_assert(strstr(fa_charts_find(&cs, FA_CH_SELECTION_RATE, 0)->caption,
                     "no per-group confidence intervals") != NULL);
    free(gp);
    gp = rt_read(dir, "a1-region-error_rates.gp");
    cr_assert(strstr(gp, "histogram clustered") != NULL);
    free(gp);
    dat = rt_read(dir, "a1-region-selection_rate.dat");
    cr_assert(strstr(dat, "\"a region whose name is far t\xE2\x80\xA6\"") != NULL, "%s", dat);
    free(dat);
    fa_charts_dispose(&cs);
    fa_rdoc_free(d);
    rt_rmtree(dir);
}
