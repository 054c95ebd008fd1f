/**
 * The {@code check} command: the webhook's policy over manifests on disk, with no Quarkus
 * start-up, started by {@code bin/daemonset-check}. The command line ({@link dev.dswebhook.cli.Check},
 * {@code Arguments}, {@code Options}), the judging of each DaemonSet by the same policy the webhooks
 * use ({@code ManifestJudge}), the cluster it is judged against, and {@code --fix} as a text edit
 * ({@code Fixer}).
 *
 * <p>The other objects of the files, and with {@code --cluster} those of a live cluster read with
 * the fabric8 client ({@code LiveCluster}), are the cluster the cluster-aware rules judge against
 * ({@code ManifestCluster}).
 *
 * <p>Two rooms hold the rest of the command: {@code cli.manifest} reads the files, with the place
 * of every field, and {@code cli.report} writes what was found in each output format.
 *
 * <p>May import: {@code cli.manifest}, {@code cli.report}, {@code policy}, Jackson, the fabric8
 * client. Nothing of {@code admission}: the command is a second door onto the policy, not a client
 * of the webhook protocol. Nothing of {@code decode} either: manifests are read only through
 * {@code cli.manifest}, so that every object judged has its positions. Nothing imports this
 * package.
 */
package dev.dswebhook.cli;
