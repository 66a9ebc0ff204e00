package org.labwatch.api;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Named steps run in order, the seed's "Full Integration" loop as an object: each step updates
 * progress ("Starting ..."), is timed, logged, and recorded in the status with its duration; a
 * disabled step is logged as skipped; an exception is recorded as an error with its stack trace.
 */
public interface Workflow {

    /** A step body that returns nothing and may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} if {@code enabled}, else logs "Skipping <name> (not enabled)".
     *
     * @return the body's result; empty when skipped, when it returned null, or when it failed
     *         under {@link #continueOnError(boolean) continueOnError(true)}
     * @throws IllegalArgumentException if {@code name} is not one of the workflow's steps
     * @throws Exception                what the body threw, after recording it, unless continuing on error
     */
    <T> Optional<T> step(String name, boolean enabled, Callable<T> body) throws Exception;

    /** As {@link #step(String, boolean, Callable)} for a body without a result. */
    void step(String name, boolean enabled, ThrowingRunnable body) throws Exception;

    /** {@code true}: a failing step is recorded and the next one runs. Default {@code false}: rethrow. */
    Workflow continueOnError(boolean yes);
}
