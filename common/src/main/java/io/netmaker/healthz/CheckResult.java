package io.netmaker.healthz;

/** The outcome of one check in one request. {@code error} is null when the check passed or was excluded. */
public record CheckResult(String name, Outcome outcome, String error) {

    public enum Outcome { OK, FAILED, EXCLUDED }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** The controller-runtime line: {@code [+]name ok}, {@code [+]name excluded: ok}, {@code [-]name failed: reason withheld}. */
    public String line() {
        return switch (outcome) {
            case OK -> "[+]" + name + " ok";
            case EXCLUDED -> "[+]" + name + " excluded: ok";
            case FAILED -> "[-]" + name + " failed: reason withheld";
        };
    }
}
