package dev.dswebhook.admission;

/** The outcome of one review, as the decision log and the metrics name it. */
public enum Verdict {
    /** Allowed: nothing broken, or not a request the webhook judges. */
    ALLOWED("allowed"),
    /** Denied by at least one enforced rule. */
    DENIED("denied"),
    /** Allowed, though warn-mode rules would have denied it. */
    WARNED("warned"),
    /** Allowed without judging, by an exemption. */
    EXEMPT("exempt");

    private final String id;

    Verdict(String id) {
        this.id = id;
    }

    /** The lower-case name used in logs, metrics and audit annotations. */
    public String id() {
        return id;
    }
}
