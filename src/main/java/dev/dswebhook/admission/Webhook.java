package dev.dswebhook.admission;

/** The two webhooks the server hosts. */
public enum Webhook {
    /** Defaults {@code restartPolicy}; never denies on policy grounds. */
    MUTATE("mutate"),
    /** Judges the selector and restart policy; never patches. */
    VALIDATE("validate");

    private final String id;

    Webhook(String id) {
        this.id = id;
    }

    /** The short name used in metrics and logs. */
    public String id() {
        return id;
    }
}
