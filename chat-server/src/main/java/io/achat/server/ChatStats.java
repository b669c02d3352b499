package io.achat.server;

import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Running totals since start; the shutdown summary and the {@code chat.*} meters report them.
 * {@link LongAdder}s, because every reader and writer thread counts on its hot path and must not
 * contend on one cache line; the meters read the sums when they are scraped, so they cost the hot
 * path nothing more.
 */
@Component
public class ChatStats {

    /** Why a delivery that was queued for a peer never reached its socket. */
    public enum DropReason {

        /** The peer fell more than the send-queue limit behind and was disconnected. */
        SLOW_CONSUMER("slow consumer"),

        /** The peer's connection ended first. */
        DISCONNECTED("recipient disconnected"),

        /** The shutdown bound ran out before the peer read it. */
        SHUTDOWN("shutdown cut-off");

        private final String label;

        DropReason(String label) {
            this.label = label;
        }

        public String label() {
            return this.label;
        }

    }

    /** Why the server answered a client with an error line; the tag of {@code chat.errors}. */
    public enum ErrorKind {

        /** The first line was not a valid login. */
        INVALID_LOGIN,

        /** The login is held by another connection. */
        LOGIN_TAKEN,

        /** No login within {@code login-timeout}. */
        LOGIN_TIMEOUT,

        /** A line over {@code max-line-length}. */
        LINE_TOO_LONG,

        /** A line that is not valid UTF-8. */
        INVALID_UTF8,

        /** A line that is not a message or a command. */
        INVALID_REQUEST,

        /** A message to a login that is not online. */
        NOT_LOGGED_IN,

        /** A message to a peer whose connection ended, or that was just disconnected as a slow consumer. */
        RECIPIENT_DISCONNECTED,

        /** A line that arrived after the shutdown began. */
        SHUTTING_DOWN,

        /** A connection over {@code max-connections}. */
        SERVER_FULL,

        /** A peer that fell more than {@code send-queue-limit} behind, disconnected. */
        SLOW_CONSUMER

    }

    private final LongAdder connectionsOpened = new LongAdder();

    private final LongAdder connectionsClosed = new LongAdder();

    private final LongAdder connectionsRefused = new LongAdder();

    private final LongAdder linesReceived = new LongAdder();

    private final LongAdder linesRouted = new LongAdder();

    private final LongAdder linesRejected = new LongAdder();

    private final LongAdder linesDiscarded = new LongAdder();

    private final LongAdder deliveriesWritten = new LongAdder();

    private final LongAdder loginsAccepted = new LongAdder();

    private final LongAdder[] dropped = adders(DropReason.values().length);

    private final LongAdder[] errors = adders(ErrorKind.values().length);

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    public void connectionOpened() {
        this.connectionsOpened.increment();
    }

    public void connectionClosed() {
        this.connectionsClosed.increment();
    }

    public void connectionRefused() {
        this.connectionsRefused.increment();
    }

    public void lineReceived() {
        this.linesReceived.increment();
    }

    public void lineRouted() {
        this.linesRouted.increment();
    }

    /** A line that arrived after shutdown began, answered with an error line instead of being routed. */
    public void lineRejected() {
        this.linesRejected.increment();
    }

    /** A line read from a connection that was already closing (after /quit, an over-long line, or the final flush). */
    public void lineDiscarded() {
        this.linesDiscarded.increment();
    }

    public void loginAccepted() {
        this.loginsAccepted.increment();
    }

    /** An error line was queued for a client (or, for {@link ErrorKind#SERVER_FULL}, written to it). */
    public void error(ErrorKind kind) {
        this.errors[kind.ordinal()].increment();
    }

    public void deliveriesWritten(int count) {
        this.deliveriesWritten.add(count);
    }

    public void deliveriesDropped(DropReason reason, int count) {
        this.dropped[reason.ordinal()].add(count);
    }

    public long connectionsOpened() {
        return this.connectionsOpened.sum();
    }

    public long connectionsClosed() {
        return this.connectionsClosed.sum();
    }

    public long connectionsRefused() {
        return this.connectionsRefused.sum();
    }

    public long linesReceived() {
        return this.linesReceived.sum();
    }

    public long linesRouted() {
        return this.linesRouted.sum();
    }

    public long linesRejected() {
        return this.linesRejected.sum();
    }

    public long linesDiscarded() {
        return this.linesDiscarded.sum();
    }

    public long deliveriesWritten() {
        return this.deliveriesWritten.sum();
    }

    public long deliveriesDropped(DropReason reason) {
        return this.dropped[reason.ordinal()].sum();
    }

    public long loginsAccepted() {
        return this.loginsAccepted.sum();
    }

    public long errors(ErrorKind kind) {
        return this.errors[kind.ordinal()].sum();
    }

}
