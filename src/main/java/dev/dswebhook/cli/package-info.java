/**
 * The {@code check} command: the webhook's policy over manifests on disk, with no Quarkus
 * start-up. Reading sources (files, directories, standard input), outlining their documents with
 * positions, judging each DaemonSet by the same policy the webhooks use, {@code --fix} as a text
 * edit, and one reporter per output format.
 *
 * <p>May import: {@code decode}, {@code policy}, Jackson (JSON and YAML). Nothing of
 * {@code admission}: the command is a second door onto the policy, not a client of the webhook protocol.
 */
package dev.dswebhook.cli;
