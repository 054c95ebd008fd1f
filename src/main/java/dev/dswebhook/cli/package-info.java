/**
 * The {@code check} command: the webhook's policy over manifests on disk, with no Quarkus
 * start-up, started by {@code bin/daemonset-check}. Reading sources (files, directories, standard
 * input), expanding YAML aliases, outlining their documents with positions, judging each DaemonSet
 * by the same policy the webhooks use, {@code --fix} as a text edit, and one reporter per output
 * format (text, JSON, GitHub annotations, SARIF).
 *
 * <p>The other objects of the files, and with {@code --cluster} those of a live cluster read with
 * the fabric8 client, are the cluster the cluster-aware rules judge against.
 *
 * <p>May import: {@code decode}, {@code policy}, Jackson (JSON and YAML), the fabric8 client.
 * Nothing of {@code admission}: the command is a second door onto the policy, not a client of the
 * webhook protocol.
 */
package dev.dswebhook.cli;
