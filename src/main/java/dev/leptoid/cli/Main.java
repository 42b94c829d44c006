package dev.leptoid.cli;

import dev.leptoid.app.Assembly;
import dev.leptoid.forecast.Forecaster;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The `leptoid` command line. */
public final class Main {

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Main(List<Command> commands) {
        for (Command c : commands) this.commands.put(c.name(), c);
    }

    public static Main standard() {
        Forecaster forecaster = Assembly.forecaster();
        return new Main(List.of(
                new DemoCommand(forecaster),
                new BacktestCommand(forecaster),
                new RunCommand(false),
                new RunCommand(true),
                new InspectCommand(),
                new ForecastCommand(),
                new EvaluateCommand()
        ));
    }

    public static void main(String[] argv) {
        int code = standard().run(Arrays.asList(argv), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    public int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h") || argv.get(0).equals("help")) {
            out.print(help());
            return argv.isEmpty() ? 2 : 0;
        }
        Command command = commands.get(argv.get(0));
        if (command == null) {
            err.println("leptoid: unknown command '" + argv.get(0) + "' (try: leptoid --help)");
            return 2;
        }
        List<String> rest = argv.subList(1, argv.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.usage());
            return 0;
        }
        try {
            return command.run(rest, out, err);
        } catch (Args.UsageException e) {
            err.println("leptoid " + command.name() + ": " + e.getMessage() + " (see: leptoid " + command.name() + " --help)");
            return 2;
        }
    }

    private String help() {
        StringBuilder sb = new StringBuilder("leptoid - predictive autoscaling for EC2 Auto Scaling groups from Graphite\n\n"
                + "usage: leptoid COMMAND [options]   (leptoid COMMAND --help for details)\n\ncommands:\n");
        for (Command c : commands.values()) sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        return sb.toString();
    }
}
