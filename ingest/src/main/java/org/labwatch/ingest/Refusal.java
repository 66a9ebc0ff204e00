package org.labwatch.ingest;

/** A request refused before anything is written, with the answer it gets. */
final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Answer answer;

    Refusal(Answer answer) {
        super(String.valueOf(answer.body().get("error")), null, false, false);
        this.answer = answer;
    }

    static Refusal of(int status, String message, Object... fields) {
        return new Refusal(Answer.error(status, message, fields));
    }

    Answer answer() {
        return answer;
    }
}
