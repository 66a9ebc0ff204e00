package org.labwatch.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer of the read side: status, headers (security headers included) and a body that
 * is either bytes or an open stream of known length (plot files are streamed, not held in memory).
 */
public final class Reply {

    /** The page's policy: no inline script or style, nothing from elsewhere, no framing. */
    public static final String PAGE_CSP =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                    + " object-src 'none'; frame-ancestors 'none'";
    /** For SVG plots opened directly: styles inside the drawing work, scripts and everything else do not. */
    public static final String SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
    /** For raw files (status JSON, log text) shown by the browser as they are. */
    public static final String RAW_CSP = "default-src 'none'; sandbox";

    public static final String JSON = "application/json; charset=utf-8";

    /** A body written as it is made, of a length not known before (a download of every value of a range). */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;
    private final InputStream stream;
    private final Body writer;
    private final long length;

    private Reply(int status, String contentType, byte[] body, InputStream stream, long length) {
        this(status, contentType, body, stream, null, length);
    }

    private Reply(int status, String contentType, byte[] body, InputStream stream, Body writer, long length) {
        this.status = status;
        this.body = body;
        this.stream = stream;
        this.writer = writer;
        this.length = length;
        headers.put("Content-Type", contentType);
        headers.put("Content-Security-Policy", PAGE_CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-cache");
    }

    public static Reply bytes(int status, String contentType, byte[] body) {
        return new Reply(status, contentType, body, null, body.length);
    }

    /** JSON with a strong ETag from the body's hash, so a poll of an unchanged list costs no transfer. */
    public static Reply json(byte[] body) {
        return bytes(200, JSON, body).etag(hashTag(body));
    }

    /** {@code {"error": "..."}} with the given status. */
    public static Reply error(int status, String message) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(java.util.Map.of("error", message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a string map is always serialisable", e);
        }
        return bytes(status, JSON, json).header("Cache-Control", "no-store");
    }

    /** A stream the reply owns: written then closed by {@link #writeBody}, or closed by {@link #discard}. */
    public static Reply stream(String contentType, InputStream in, long length) {
        return new Reply(200, contentType, null, in, length);
    }

    /** A body made while it is sent; {@link #length()} is -1 (unknown), so it goes out chunked. */
    public static Reply streaming(String contentType, Body body) {
        return new Reply(200, contentType, null, null, body, -1);
    }

    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Reply etag(String etag) {
        return header("ETag", etag);
    }

    public int status() {
        return status;
    }

    public String etag() {
        return headers.get("ETag");
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body's length in bytes, or -1 when it is not known before it is written ({@link #streaming}). */
    public long length() {
        return length;
    }

    public byte[] body() {
        return body;
    }

    /**
     * 304 Not Modified when the client's {@code If-None-Match} names this reply's ETag (the body
     * is then dropped and a stream closed), else this reply.
     */
    public Reply conditional(String ifNoneMatch) {
        String etag = etag();
        if (status != 200 || etag == null || ifNoneMatch == null || !matches(ifNoneMatch, etag)) {
            return this;
        }
        discard();
        Reply notModified = new Reply(304, headers.get("Content-Type"), new byte[0], null, 0);
        notModified.headers.putAll(headers);
        notModified.headers.remove("Content-Type");
        return notModified;
    }

    static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    public void writeBody(OutputStream out) throws IOException {
        if (body != null) {
            out.write(body);
            return;
        }
        if (writer != null) {
            writer.writeTo(out);
            return;
        }
        // At most the announced length: a log file may grow while it is being sent.
        try (InputStream in = stream) {
            byte[] buffer = new byte[16 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** Releases a stream body that will not be written (HEAD, 304, a client gone). */
    public void discard() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                System.getLogger(Reply.class.getName()).log(System.Logger.Level.DEBUG, "closing an unsent body: " + e);
            }
        }
    }

    public static String hashTag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
