package dev.leptoid.lambda;

import dev.leptoid.publication.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the handler once, as Lambda would, on an event file:
 * {@code java -cp target/leptoid.jar dev.leptoid.lambda.LocalInvoke events/scheduler-production.json}.
 * Configuration and AWS settings come from the same environment variables as in Lambda. Prints the
 * report on stdout; a bad event or configuration is one line on stderr and exit code 1 (2 for usage).
 */
public final class LocalInvoke {

    private LocalInvoke() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: LocalInvoke EVENT.json");
            System.exit(2);
        }
        try {
            byte[] event = Files.readAllBytes(Path.of(args[0]));
            System.out.println(new LeptoidHandler().handle(event, null));
            System.out.flush();
            System.exit(0);
        } catch (IOException e) {
            System.err.println("leptoid: " + args[0] + ": cannot read (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            System.err.println("leptoid: " + Redactor.PATTERNS_ONLY.redact(e.getMessage()));
        }
        System.exit(1);
    }
}
