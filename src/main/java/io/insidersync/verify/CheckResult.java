package io.insidersync.verify;

/**
 * One check of {@code --verify}: its name, whether it passed, and why, as one line of output.
 *
 * @param reason what was found, or what to do; never a secret
 */
public record CheckResult(String name, Status status, String reason) {

    public enum Status {
        PASS, FAIL,
        /** Not checked: a check it needs failed first, or it does not apply. */
        SKIP
    }

    public static CheckResult pass(String name, String reason) {
        return new CheckResult(name, Status.PASS, reason);
    }

    public static CheckResult fail(String name, String reason) {
        return new CheckResult(name, Status.FAIL, reason);
    }

    public static CheckResult skip(String name, String reason) {
        return new CheckResult(name, Status.SKIP, reason);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    /** {@code PASS  Delta table: …}; a reason's line breaks are folded, so that each check stays one line. */
    public String line() {
        return status + "  " + name + ": " + reason.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
