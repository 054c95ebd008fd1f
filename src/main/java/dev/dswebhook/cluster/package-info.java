/**
 * The webhook's view of the rest of the cluster, for the rules that see more than one object:
 * fabric8 informers over the workload controllers and Nodes, each behind a store that keeps only
 * the fields those rules read, and a readiness check that waits (boundedly) for their first lists.
 *
 * <p>May import: {@code policy}, fabric8's client and model, MicroProfile Health. It implements the
 * policy's {@link dev.dswebhook.policy.ClusterView}; {@code config} starts it.
 */
package dev.dswebhook.cluster;
