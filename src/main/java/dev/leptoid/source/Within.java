package dev.leptoid.source;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking call given a time limit: it runs on a virtual thread, and when the time is up it is
 * interrupted, which cuts a Graphite or AWS request in flight ({@link GraphiteRenderSource} and the
 * SDK's clients end on an interrupt). Used where one slow dependency must not hold up a run past its
 * limit.
 */
public final class Within {

    private Within() {}

    /** A call that may fail with one checked exception. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * The call's result (never null), or empty when it did not finish within {@code nanos} (then it is
     * interrupted and not waited for). Its own failures (unchecked, or its one checked exception) pass through.
     */
    @SuppressWarnings("unchecked")
    public static <T, E extends Exception> Optional<T> call(String threadName, Call<T, E> call, long nanos) throws E {
        FutureTask<T> task = new FutureTask<>(call::run);
        Thread.ofVirtual().name(threadName).start(task);
        try {
            return Optional.of(task.get(Math.max(0, nanos), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            task.cancel(true);
            return Optional.empty();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw (E) cause; // the only checked exception a Call<T, E> can throw
        }
    }
}
