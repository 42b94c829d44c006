package dev.leptoid.cli;

import java.io.PrintStream;
import java.util.List;

/** One `leptoid` subcommand. Returns the process exit code: 0 ok, 1 run failed, 2 bad input. */
public interface Command {

    String name();

    /** One line for `leptoid --help`. */
    String summary();

    /** Full usage text for `leptoid NAME --help`. */
    String usage();

    int run(List<String> args, PrintStream out, PrintStream err);
}
