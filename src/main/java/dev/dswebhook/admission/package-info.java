/**
 * AdmissionReview in, AdmissionReview out: reading a review's envelope (the objects through
 * {@code decode}), deciding which requests are judged and whether they are exempt, enforcement
 * per rule, the one response builder and the one writer, which alone sets the reply's uid.
 * {@link dev.dswebhook.admission.AdmissionService} is the whole path of one review on one screen.
 *
 * <p>May import: {@code decode}, {@code policy}, Jackson. Nothing of HTTP or Quarkus.
 */
package dev.dswebhook.admission;
