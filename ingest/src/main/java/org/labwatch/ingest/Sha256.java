package org.labwatch.ingest;

/** The SHA-256 of a body in lower-case hex, as the manifest and the answers give it. */
final class Sha256 {

    private Sha256() {}

    static String hex(byte[] bytes) {
        return Tokens.hex(Tokens.sha256(bytes));
    }
}
