package org.labwatch.ingest;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Reads a request body without holding a thread while the client is slow (servlet non-blocking
 * input), up to a size limit (413 as soon as it is passed) and a deadline (408), then hands the whole
 * body to the handler on a container thread and sends its answer. Whichever comes first of body,
 * limit, deadline and error decides the answer; exactly one is sent, and the source's pass is given
 * back when the request completes.
 */
final class BodyReader implements ReadListener, AsyncListener {

    private static final Logger LOG = System.getLogger(BodyReader.class.getName());
    private static final int READING = 0;
    private static final int HANDLING = 1;
    private static final int DONE = 2;

    private final AtomicInteger state = new AtomicInteger(READING);
    private final AsyncContext async;
    private final ServletInputStream in;
    private final HttpServletResponse response;
    private final long limit;
    private final long timeoutMs;
    private final SourceGate.Pass pass;
    private final Function<byte[], Answer> handler;
    private final BodyBudget budget;
    private final long budgetMax;
    /** What this body holds of the budget; given back once, when the request ends. */
    private long taken;

    private boolean givenBack;
    private volatile ScheduledFuture<?> deadline;
    private byte[] buffer;
    private int size;

    private BodyReader(
            AsyncContext async,
            ServletInputStream in,
            HttpServletResponse response,
            long limit,
            long timeoutMs,
            byte[] buffer,
            BodyBudget budget,
            long budgetMax,
            SourceGate.Pass pass,
            Function<byte[], Answer> handler) {
        this.async = async;
        this.in = in;
        this.response = response;
        this.limit = limit;
        this.timeoutMs = timeoutMs;
        this.pass = pass;
        this.handler = handler;
        this.buffer = buffer;
        this.budget = budget;
        this.budgetMax = budgetMax;
        this.taken = buffer.length;
    }

    /**
     * Starts reading; from here the request belongs to the reader.
     *
     * @param limit at most {@link Integer#MAX_VALUE} - 1; the announced length, when given, not above it
     * @throws Refusal 503 when the body does not fit into what all bodies may take together
     */
    static void start(
            HttpServletRequest request,
            HttpServletResponse response,
            long limit,
            long timeoutMs,
            ScheduledExecutorService timer,
            BodyBudget budget,
            long budgetMax,
            SourceGate.Pass pass,
            Function<byte[], Answer> handler)
            throws IOException, Refusal {
        long announced = request.getContentLengthLong();
        // Exactly the announced length (already checked against the limit), so the body is never copied.
        int first = (int) (announced >= 0 ? announced : Math.min(limit + 1, 16 * 1024));
        if (!budget.take(first, budgetMax)) {
            throw busy();
        }
        byte[] buffer = new byte[first];
        AsyncContext async;
        BodyReader reader;
        try {
            async = request.startAsync();
            // The container's timeout would cut a slow store write short; the reader's deadline covers reading only.
            async.setTimeout(0);
            reader = new BodyReader(
                    async,
                    request.getInputStream(),
                    response,
                    limit,
                    timeoutMs,
                    buffer,
                    budget,
                    budgetMax,
                    pass,
                    handler);
        } catch (IOException | RuntimeException e) {
            // Not started (a servlet registered without async support, a connection gone): nothing holds the bytes.
            budget.giveBack(first);
            throw e;
        }
        async.addListener(reader);
        try {
            reader.deadline = timer.schedule(reader::deadlinePassed, timeoutMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            reader.abandon(Answer.error(503, "the ingest is stopping").with("Retry-After", "10"));
            return;
        }
        reader.in.setReadListener(reader);
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (state.get() == READING && in.isReady()) {
            if (size == buffer.length) {
                // Full: the end of the body, or more than announced (or no length given). One byte tells
                // which, so that a body of the announced length is neither copied nor charged twice.
                int next = in.read();
                if (next < 0) {
                    return;
                }
                if (size + 1 > limit) {
                    tooLarge();
                    return;
                }
                int grown = (int) Math.min(limit + 1, Math.max((long) buffer.length * 2, 16 * 1024));
                if (!grow(grown - buffer.length)) {
                    abandon(busy().answer().with("Connection", "close"));
                    return;
                }
                buffer = Arrays.copyOf(buffer, grown);
                buffer[size++] = (byte) next;
                continue;
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) {
                return;
            }
            size += n;
            if (size > limit) {
                tooLarge();
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() {
        if (!state.compareAndSet(READING, HANDLING)) {
            return;
        }
        cancelDeadline();
        Answer answer;
        try {
            answer = handler.apply(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "An ingest request failed unexpectedly", e);
            answer = Answer.error(500, "the server failed: " + e);
        }
        finish(answer);
    }

    @Override
    public void onError(Throwable t) {
        LOG.log(Level.DEBUG, () -> "An ingest body could not be read: " + t);
        abandon(Answer.error(400, "the body could not be read: " + t.getMessage()));
    }

    private static Refusal busy() {
        return new Refusal(Answer.error(503, "the server is taking too many bodies at once; try again shortly")
                .with("Retry-After", "2"));
    }

    private synchronized boolean grow(long bytes) {
        if (givenBack || !budget.take(bytes, budgetMax)) {
            return false;
        }
        taken += bytes;
        return true;
    }

    private synchronized void giveBack() {
        if (!givenBack) {
            givenBack = true;
            budget.giveBack(taken);
        }
    }

    private void tooLarge() {
        abandon(Answer.error(413, "the body is larger than the limit of " + limit + " bytes")
                .with("Connection", "close"));
    }

    /**
     * On the timer's one thread: the answer is written on a container thread, so that a client that
     * reads nothing either cannot hold up the other requests' deadlines.
     */
    private void deadlinePassed() {
        if (state.get() != READING) {
            return;
        }
        try {
            async.start(this::tooSlow);
        } catch (RuntimeException e) {
            tooSlow();
        }
    }

    private void tooSlow() {
        abandon(Answer.error(408, "the body did not arrive within " + timeoutMs + " ms")
                .with("Connection", "close"));
    }

    /** Ends a request whose body will not be handled; nothing was written. */
    private void abandon(Answer answer) {
        if (state.compareAndSet(READING, DONE)) {
            cancelDeadline();
            finish(answer);
        }
    }

    private void finish(Answer answer) {
        state.set(DONE);
        try {
            Replies.send(response, answer);
        } catch (IOException | RuntimeException e) {
            // The client went away; whatever was stored stays stored, and its next manifest shows it.
            LOG.log(Level.DEBUG, () -> "An ingest answer could not be sent: " + e);
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // completed already (the container gave up on the connection)
            }
            giveBack();
            pass.close();
        }
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
    }

    // AsyncListener: the container's side of the same request.

    @Override
    public void onComplete(AsyncEvent event) {
        cancelDeadline();
        giveBack();
        pass.close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        tooSlow();
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable() == null ? new IOException("connection failed") : event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
