package dev.dswebhook.cli.manifest;

import dev.dswebhook.policy.DaemonSetInput;
import dev.dswebhook.policy.ZeroValues;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One Kubernetes object from a source: a document, or an item of a {@code List} document.
 *
 * @param source    where it was read
 * @param document  the document's 0-based index in the source, empty documents included
 * @param item      the path of a List item inside its document, such as {@code items[2]}, or empty
 * @param outline   where each of its fields is
 * @param daemonSet the object as the webhook's reader decodes it, or {@code null} when it is not
 *                  an apps/v1 DaemonSet
 * @param neighbour another object the cluster-aware rules read, such as a Deployment or a Node,
 *                  bound to its fabric8 model, or {@code null}
 */
public record Manifest(
        Source source, int document, String item, Outline outline, DaemonSetInput daemonSet, HasMetadata neighbour) {

    /** Whether an outlined object is one the webhook judges: {@code apiVersion: apps/v1}, {@code kind: DaemonSet}. */
    static boolean isAppsV1DaemonSet(Outline outline) {
        return "apps/v1".equals(outline.string("apiVersion")) && "DaemonSet".equals(outline.string("kind"));
    }

    /**
     * Whether an outlined object is a DaemonSet of the API groups that once served it under
     * another version ({@code extensions/v1beta1}, {@code apps/v1beta2}): {@code kubectl apply}
     * fails on it since Kubernetes 1.16. DaemonSets of other groups, such as a custom resource
     * named DaemonSet, are not Kubernetes' own.
     */
    public static boolean isRemovedDaemonSet(Outline outline) {
        String apiVersion = outline.string("apiVersion");
        return "DaemonSet".equals(outline.string("kind"))
                && apiVersion != null
                && !apiVersion.equals("apps/v1")
                && (apiVersion.startsWith("apps/") || apiVersion.startsWith("extensions/"));
    }

    /** Where it starts, as {@code file:line}. */
    public String location() {
        return source.name() + ":" + line();
    }

    /** Whether this is an object the check judges. */
    public boolean isDaemonSet() {
        return daemonSet != null;
    }

    /** {@code apiVersion}, empty when absent or not a string. */
    public String apiVersion() {
        return ZeroValues.orEmpty(outline.string("apiVersion"));
    }

    /** {@code kind}, empty when absent or not a string. */
    public String kind() {
        return ZeroValues.orEmpty(outline.string("kind"));
    }

    /** {@code metadata.namespace}, empty when absent. */
    public String namespace() {
        return ZeroValues.orEmpty(outline.string("metadata.namespace"));
    }

    /** {@code metadata.name}, empty when absent. */
    public String name() {
        return ZeroValues.orEmpty(outline.string("metadata.name"));
    }

    /**
     * How reports name the object: {@code namespace/name}, or just the name when the manifest
     * leaves the namespace to {@code kubectl apply -n}.
     */
    public String displayName() {
        String name = name().isEmpty() ? "(unnamed)" : name();
        return namespace().isEmpty() ? name : namespace() + "/" + name;
    }

    /** The line the object starts on. */
    public int line() {
        return outline.start().line();
    }
}
