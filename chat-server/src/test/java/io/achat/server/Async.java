package io.achat.server;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a blocking test task on a thread of its own. Not {@code CompletableFuture.supplyAsync}:
 * the common pool has one thread on a 2-core machine, so two blocking tasks would run one after
 * the other, and a reader the test depends on might never start.
 */
public final class Async {

    private Async() {
    }

    public static <T> CompletableFuture<T> call(String name, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            }
            catch (Throwable ex) {
                result.completeExceptionally(ex);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    public static CompletableFuture<Void> run(String name, ThrowingRunnable task) {
        return call(name, () -> {
            task.run();
            return null;
        });
    }

    /** A task that may throw, as socket code does. */
    @FunctionalInterface
    public interface ThrowingRunnable {

        void run() throws Exception;

    }

}
