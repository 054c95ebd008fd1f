/**
 * The policy: pure Java over the narrow input of one DaemonSet ({@link dev.dswebhook.policy.DaemonSetInput})
 * and a view of the rest of the cluster ({@link dev.dswebhook.policy.ClusterView}), returning values.
 *
 * <p>{@link dev.dswebhook.policy.DaemonSetPolicy} is the front door both doors call, the webhooks
 * and the {@code check} command; behind it the validator and the defaulter, the rules and their
 * names ({@link dev.dswebhook.policy.Rule}), the API server's wording of field errors, label syntax
 * and selector semantics, and which rules deny or only warn ({@link dev.dswebhook.policy.Enforcement});
 * and the rules that judge a DaemonSet against the rest of the cluster, with the exact overlap of
 * node targeting they rest on.
 *
 * <p>May import: the JDK and fabric8's model types. Nothing of this project, no framework, no
 * Jackson, no AdmissionReview: it is tested without booting anything.
 */
package dev.dswebhook.policy;
