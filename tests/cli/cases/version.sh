# The version command prints the project version; unknown commands exit 2.
run 0 "$FA" version
expect_out "fairaudit "
run 0 "$FA" --help
expect_out "Commands:"
run 2 "$FA" no-such-command
expect_err "unknown command 'no-such-command'"
run 2 "$FA"
run 2 "$FA" version --bogus
