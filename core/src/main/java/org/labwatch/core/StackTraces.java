package org.labwatch.core;

import java.io.PrintWriter;
import java.io.StringWriter;

final class StackTraces {

    private StackTraces() {}

    /** The stack trace as Java prints it, causes included; null for null. */
    static String of(Throwable t) {
        if (t == null) {
            return null;
        }
        StringWriter out = new StringWriter(512);
        t.printStackTrace(new PrintWriter(out));
        String text = out.toString();
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
