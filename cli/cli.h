/*
 * cli.h — shared pieces of the fairaudit command: the command table, exit
 * codes, message formatting and small argument parsers.
 *
 * Only cli/ prints, exits or reads the environment. stdout carries machine
 * output; stderr carries `fairaudit: <message>` diagnostics.
 */
#ifndef FA_CLI_CLI_H
#define FA_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "fairaudit/fairaudit.h"

/* Exit codes: documented in docs/cli/exit-codes.md; stable. */
enum {
    FA_EXIT_OK = 0,        /* success; for audit: every gated rule passed */
    FA_EXIT_GATE_FAIL = 1, /* audit completed and at least one rule failed */
    FA_EXIT_USAGE = 2,     /* unknown flag, missing argument */
    FA_EXIT_INPUT = 3,     /* parse, schema, spec, policy or option error in input */
    FA_EXIT_INTERNAL = 4   /* I/O, out-of-memory or internal error */
};

typedef int (*cli_cmd_fn)(int argc, char **argv);

typedef struct cli_command {
    const char *name;
    cli_cmd_fn run;
    const char *summary;
} cli_command;

/* Maps a library status to an exit code. */
int cli_exit_code(fa_status rc);
/* Prints `fairaudit: path:line:col: message` for err and returns its exit code. */
int cli_report(fa_status rc, const fa_error *err);
/* Prints `fairaudit: <cmd>: message` + a hint to use --help; returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints `fairaudit: message` on stderr. */
void cli_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Matches argv[*i] against the long option `name` taking a value, given as
 * `--name VALUE` or `--name=VALUE`. Returns false when it is another option;
 * true when it matched, with *out set (advancing *i past a separate value) or,
 * when the value is missing, a usage message printed and *bad set.
 */
bool cli_take_value(const char *cmd, int argc, char **argv, int *i, const char *name,
                    const char **out, bool *bad);

/* Parsers: false (and a usage message) when the text is not a valid value. */
bool cli_parse_u64(const char *cmd, const char *opt, const char *text, uint64_t *out);
bool cli_parse_double(const char *cmd, const char *opt, const char *text, double *out);

/* Threads for a table load (fa_load_options.threads): @p requested, or for 0 one per online
 * CPU, at most CLI_DEFAULT_MAX_THREADS (like the audit's default). */
#define CLI_DEFAULT_MAX_THREADS 8u
unsigned cli_load_threads(uint64_t requested);

/* Progress/diagnostic sink for library options; payload = pointer to bool quiet. */
void cli_log(fa_log_level level, const char *message, void *payload);

/* Creates the folder (and parents) if missing; FA_EIO with a message if it fails. */
fa_status cli_mkdir_p(const char *path, fa_error *err);

/* ---- the gate step (gate_run.c), shared by gate, audit --policy and batch ---- */

typedef struct cli_gate_args {
    const char *policy;   /* --policy (required to gate) */
    const char *baseline; /* --baseline, or NULL */
    const char *out_dir;  /* --out for the CI outputs, or NULL = the audit's folder */
    bool quiet;           /* print the summary only when the gate fails */
} cli_gate_args;

/* Loads the policy and the baseline; prints the error and returns its exit
 * code on failure (nothing to free then). */
int cli_gate_prepare(const cli_gate_args *args, fa_policy **policy_out,
                     fa_audit_doc **baseline_out);
/* Loads audit_path and evaluates it; prints errors; returns an exit code. */
int cli_gate_evaluate(const char *audit_path, const fa_policy *policy,
                      const fa_audit_doc *baseline, fa_gate_result **result_out);
/* Writes junit.xml and summary.md into out_dir (NULL = the audit's folder),
 * plus gate.json — or, when audit_text is given (the audit.json text), writes
 * audit_path as that text with its `gate` section. @p name labels the JUnit
 * suite and the summary. */
int cli_gate_write(const fa_gate_result *result, const char *audit_path, const char *name,
                   const char *out_dir, const char *audit_text, size_t audit_len);
/* `audit --policy`: gates the audit.json text, writes it to audit_path with
 * its `gate` section, junit.xml and summary.md into out_dir, prints the
 * summary; returns 0/1 (verdict) or the exit code of an error. */
int cli_gate_audit_text(const char *text, size_t len, const char *audit_path,
                        const char *out_dir, const fa_policy *policy,
                        const fa_audit_doc *baseline, bool quiet);
/* Prints the short verdict summary on stderr. */
void cli_gate_print(const fa_gate_result *result, bool quiet);
/* The report's generated_at: SOURCE_DATE_EPOCH when set to a whole number >= 0, else 0
 * with --reproducible, else now. */
int64_t cli_report_time(bool reproducible);
/* `audit` and `merge`: creates out_dir and writes audit_path for @p res (timestamp from
 * cli_report_time), gated through cli_gate_audit_text() when @p policy is set. Returns
 * 0, 1 (gate failed) or the exit code of an error (already reported). */
int cli_write_audit(const fa_audit_result *res, const char *out_dir, const char *audit_path,
                    bool reproducible, const fa_policy *policy, const fa_audit_doc *baseline,
                    bool quiet);

/* ---- MPI (mpi_run.c; docs/scale.md) ---------------------------------------------------- */

/* True when this build has MPI support. */
bool cli_mpi_built(void);
/* Starts MPI when launched by mpirun with several processes (and built with MPI); true
 * then. *rank and *size are set either way (0 and 1 without MPI). */
bool cli_mpi_world(int *rank, int *size);
/* Finishes MPI if it was started; every rank returns rank 0's exit code. */
int cli_mpi_end(int code);
/* Stops every rank (a rank failed inside a collective step). */
void cli_mpi_abort(int code);
/* The audit of the @p n files @p paths (one after another, as one input) by all ranks: one
 * file is cut into byte ranges, one per rank; several files go to the ranks whole (file i
 * to rank i mod K) and are merged in file order. The result on rank 0 only (NULL
 * elsewhere). Without MPI, or outside mpirun, a plain audit. */
fa_status cli_mpi_audit(const char *const *paths, size_t n, const fa_audit_options *o,
                        fa_audit_result **res, fa_error *err);
/* Data-parallel training by all ranks; the model (and table) on rank 0 only. */
fa_status cli_mpi_train(const fa_spec *spec, const char *data, const fa_load_options *lo,
                        const fa_fit_options *fo, fa_table **table_out, fa_model **model_out,
                        fa_error *err);

/* The commands (one cmd_<verb>.c each). */
int cmd_version(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_gen_credit(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_mitigate(int argc, char **argv);
int cmd_mitigate_sweep(int argc, char **argv); /* `mitigate sweep`, in cmd_sweep.c */
int cmd_compare(int argc, char **argv);

#endif
