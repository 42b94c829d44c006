package dev.leptoid.cli;

import java.io.PrintStream;
import java.util.List;

/** LOCAL STUB so the forecast worktree compiles; never committed. */
final class DemoCommand implements Command {
    public String name() { return "demo"; }
    public String summary() { return "stub"; }
    public String usage() { return "stub\n"; }
    public int run(List<String> args, PrintStream out, PrintStream err) { return 1; }
}
