package dev.dswebhook.admission;

import java.util.Optional;

/** The AdmissionReview API versions the webhook speaks; a reply always uses the request's version. */
public enum ReviewVersion {
    V1("admission.k8s.io/v1"),
    V1BETA1("admission.k8s.io/v1beta1");

    private final String apiVersion;

    ReviewVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    /** The {@code apiVersion} string on the wire. */
    public String apiVersion() {
        return apiVersion;
    }

    /** Finds the version for an {@code apiVersion} string, if it is one the webhook speaks. */
    public static Optional<ReviewVersion> of(String apiVersion) {
        for (ReviewVersion version : values()) {
            if (version.apiVersion.equals(apiVersion)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }
}
