/**
 * Manifests read with the place of every field, for the {@code check} command: the paths on the
 * command line into sources (a file, a directory's manifests, standard input; strict UTF-8), YAML
 * anchors, aliases and merge keys expanded as kubectl's reader does, every document outlined by
 * field path with its line, column and offset, each DaemonSet decoded by the webhook's own reader,
 * and the other objects the cluster-aware rules read bound to fabric8's model. What cannot be read
 * is an {@link dev.dswebhook.cli.manifest.InputError} at its place.
 *
 * <p>It is a room of the command rather than a top-level package: the webhook never reads files,
 * and nothing but the command and its reports needs to know where a field is in one.
 *
 * <p>May import: {@code decode} (the DaemonSet reader), {@code policy}, Jackson (JSON and YAML),
 * SnakeYAML, fabric8's model types. Nothing of {@code cli} or {@code cli.report}: a manifest is
 * read before anything is judged or reported.
 */
package dev.dswebhook.cli.manifest;
