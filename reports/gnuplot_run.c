/*
 * gnuplot_run.c — runs gnuplot on one script file, safely.
 *
 * - No shell: fork + execvp with argv {gnuplot, "./<script>"}; nothing from
 *   the audit document is ever part of the command (the script name is a
 *   slug we made, the script reads its data from files).
 * - fork rather than posix_spawn because the child must chdir into the chart
 *   folder first (the scripts use relative file names so users can rerun
 *   them in place); between fork and exec the child only calls
 *   async-signal-safe functions (chdir, open, dup2, write, _exit) and execvp.
 * - A close-on-exec pipe tells the parent whether exec succeeded (classic
 *   self-pipe trick), so "gnuplot is not installed" is told apart from
 *   "gnuplot failed".
 * - stderr is read while the child runs (so a chatty gnuplot cannot block on
 *   a full pipe) and kept up to STDERR_KEEP bytes; the child is killed after
 *   the timeout.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report_charts.h"

#define STDERR_KEEP      4096
#define POLL_SLICE_MS    100
#define MS_PER_S         1000u
#define EXIT_EXEC_FAILED 127

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * MS_PER_S + ts.tv_nsec / 1000000;
}

static int make_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        return -1;
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

/* The child: never returns. */
static void
child(const char *gnuplot, const char *dir, const char *script_arg, int err_fd, int report_fd)
{
    char *const argv[] = {(char *)(uintptr_t)gnuplot, (char *)(uintptr_t)script_arg, NULL};
    int e, devnull;

    if (chdir(dir) != 0)
        goto fail;
    devnull = open("/dev/null", O_RDWR);
    if (devnull < 0)
        goto fail;
    if (dup2(devnull, STDIN_FILENO) < 0 || dup2(devnull, STDOUT_FILENO) < 0 ||
        dup2(err_fd, STDERR_FILENO) < 0)
        goto fail;
    execvp(gnuplot, argv);
fail:
    e = errno;
    (void)!write(report_fd, &e, sizeof e);
    _exit(EXIT_EXEC_FAILED);
}

fa_status fa_gnuplot_run(const char *gnuplot,
                         const char *dir,
                         const char *script,
                         unsigned timeout_s,
                         fa_gp_outcome *outcome,
                         fa_buf *stderr_text,
                         fa_error *err)
{
    int errp[2], rep[2], status = 0, exec_errno = 0;
    fa_buf arg = FA_BUF_INIT;
    pid_t pid;
    ssize_t got;
    long long deadline;
    bool eof = false, timed_out = false;

    *outcome = FA_GP_FAILED;
    fa_buf_printf(&arg, "./%s", script);
    if (arg.oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    if (make_pipe(errp) != 0) {
        fa_buf_dispose(&arg);
        return fa_error_set_errno(err, errno, "cannot create a pipe for gnuplot");
    }
    if (make_pipe(rep) != 0) {
        int e = errno;
        close(errp[0]);
        close(errp[1]);
        fa_buf_dispose(&arg);
        return fa_error_set_errno(err, e, "cannot create a pipe for gnuplot");
    }
    pid = fork();
    if (pid < 0) {
        int e = errno;
        close(errp[0]);
        close(errp[1]);
        close(rep[0]);
        close(rep[1]);
        fa_buf_dispose(&arg);
        return fa_error_set_errno(err, e, "cannot start gnuplot");
    }
    if (pid == 0)
        child(gnuplot, dir, arg.ptr, errp[1], rep[1]);
    fa_buf_dispose(&arg);
    close(errp[1]);
    close(rep[1]);

    /* exec succeeded when the report pipe closes without data */
    do {
        got = read(rep[0], &exec_errno, sizeof exec_errno);
    } while (got < 0 && errno == EINTR);
    close(rep[0]);
    if (got == (ssize_t)sizeof exec_errno) {
        close(errp[0]);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        *outcome = FA_GP_NOT_FOUND;
        fa_buf_printf(stderr_text, "cannot run '%s': %s", gnuplot, strerror(exec_errno));
        return FA_OK;
    }

    deadline = now_ms() + (long long)timeout_s * MS_PER_S;
    while (!eof) {
        struct pollfd p = {errp[0], POLLIN, 0};
        int r = poll(&p, 1, POLL_SLICE_MS);
        if (r > 0) {
            char chunk[1024];
            got = read(errp[0], chunk, sizeof chunk);
            if (got > 0) {
                size_t keep = stderr_text->len < STDERR_KEEP ? STDERR_KEEP - stderr_text->len : 0;
                fa_buf_put(stderr_text, chunk, (size_t)got < keep ? (size_t)got : keep);
            } else if (got == 0 || errno != EINTR) {
                eof = true;
            }
        } else if (r < 0 && errno != EINTR) {
            eof = true;
        }
        if (!eof && now_ms() > deadline) {
            kill(pid, SIGKILL);
            timed_out = true;
            eof = true;
        }
    }
    close(errp[0]);
    /* stderr is closed; the child may still be running (it could have
     * closed stderr itself), so keep honouring the deadline */
    for (;;) {
        pid_t r = waitpid(pid, &status, timed_out ? 0 : WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR)
            return fa_error_set_errno(err, errno, "cannot wait for gnuplot");
        if (r == 0) {
            if (now_ms() > deadline) {
                kill(pid, SIGKILL);
                timed_out = true;
            } else {
                (void)poll(NULL, 0, POLL_SLICE_MS / 10);
            }
        }
    }
    if (timed_out)
        *outcome = FA_GP_TIMEOUT;
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        *outcome = FA_GP_OK;
    else
        *outcome = FA_GP_FAILED;
    if (stderr_text->oom)
        FA_FAIL(err, FA_ENOMEM, "out of memory");
    return FA_OK;
}
