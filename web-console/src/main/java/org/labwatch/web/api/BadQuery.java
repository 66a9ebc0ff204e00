package org.labwatch.web.api;

/** A request that cannot be answered as asked: a 400 with this message. */
final class BadQuery extends Exception {

    private static final long serialVersionUID = 1L;

    BadQuery(String message) {
        super(message);
    }
}
