package dev.dswebhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The webhook's own settings, under the {@code webhook.} prefix. */
@ConfigMapping(prefix = "webhook")
public interface WebhookConfig {

    /** Limits on the JSON of a review. */
    Json json();

    /**
     * Deprecated: the old name of {@code webhook.server.body-timeout}, which wins when both are set.
     *
     * @deprecated use {@link Server#bodyTimeout()}
     */
    @Deprecated
    java.util.Optional<java.time.Duration> bodyTimeout();

    /** The serving certificate. */
    Tls tls();

    /** Whether broken rules deny or warn. */
    EnforcementSettings enforcement();

    /** Requests let through without judging. */
    ExemptionSettings exemptions();

    /** The decision log. */
    DecisionLogSettings decisionLog();

    /** How the HTTPS server shares its connections and memory. */
    Server server();

    /** Log output, which must never hold up a request or a probe. */
    Log log();

    /** What the rules are told beyond the object. */
    Rules rules();

    /** The view of the rest of the cluster that the cluster-aware rules judge against. */
    Cluster cluster();

    /** The synthetic reviews played before the pod turns ready. */
    WarmupSettings warmup();

    /** The synthetic reviews played before the pod turns ready, so that the first real ones find compiled code. */
    interface WarmupSettings {

        /**
         * Rounds of six reviews each (allowed, denied, defaulted, two updates, a v1beta1 review);
         * 0 turns the warm-up off. Measured, 1,500 rounds take about a second on two cores and
         * halve the server-side time of the first real reviews; more rounds buy less (src/bench/README.md).
         */
        @WithDefault("1500")
        int rounds();
    }

    /** What the rules are told beyond the object. */
    interface Rules {

        /** The pod template label whose value names the daemon a DaemonSet runs, for {@code daemon-family-overlap}. */
        @WithDefault("app.kubernetes.io/name")
        String familyLabel();
    }

    /**
     * Informers over DaemonSets, Deployments, ReplicaSets, StatefulSets, ReplicationControllers and
     * Nodes, with the standard client configuration: the in-cluster service account, or
     * {@code KUBECONFIG} and {@code ~/.kube/config} outside a cluster ({@code quarkus.kubernetes-client.*}).
     */
    interface Cluster {

        /**
         * Whether to watch the cluster. Off, the cluster-aware rules see no other objects and so
         * never find anything; the object's own rules apply as always.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long readiness waits for the first lists. After that the pod is ready anyway, and
         * skips the cluster-aware rules (with a warning on each reply) until the lists are in.
         */
        @WithDefault("30s")
        java.time.Duration syncTimeout();

        /**
         * How long a watch may be down before its cache is no longer trusted and the cluster-aware
         * rules are skipped; the client reconnects by itself, usually within seconds.
         */
        @WithDefault("30s")
        java.time.Duration staleAfter();

        /**
         * How long the pods a DaemonSet's selector takes in may take to list when it is written,
         * before the rules go on without them; well within the registrations' timeout.
         */
        @WithDefault("1s")
        java.time.Duration podsTimeout();
    }

    /**
     * Connection slots, slow clients and the memory of bodies in flight. The port, the idle
     * timeout, the overall connection cap and the body cap keep their {@code quarkus.http.*} names
     * ({@code ListenerLimits} has them all).
     */
    interface Server {

        /**
         * Connections one source address may hold; a new one past this closes that source's
         * longest-idle connection. The API server's own connections are never crowded out by another source.
         */
        @WithDefault("256")
        int maxConnectionsPerSource();

        /** How long a new connection may take to send its first request head before it is closed. */
        @WithDefault("10s")
        java.time.Duration headTimeout();

        /**
         * How long a review's body may take to arrive once its headers have; a slower client gets
         * 408 and a closed connection. The API server sends a review in one write.
         */
        // The deprecated webhook.body-timeout still counts when this is not set.
        @WithDefault("${webhook.body-timeout:10s}")
        java.time.Duration bodyTimeout();

        /**
         * The most request-body bytes held in memory at once, across all connections. A body that
         * does not fit waits up to {@code queue-timeout}, then gets 429.
         */
        @WithDefault("16M")
        io.quarkus.runtime.configuration.MemorySize inFlightBytes();

        /** How long a body waits for room in {@code in-flight-bytes} before it is refused with 429. */
        @WithDefault("1s")
        java.time.Duration queueTimeout();
    }

    /** The one writer of standard output, behind a bounded buffer. */
    interface Log {

        /**
         * How many bytes of log lines may wait for standard output; past that, lines are dropped
         * and counted rather than wait: a stalled log pipeline must not stall the webhook.
         */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize bufferSize();

        /**
         * Whether console log lines and {@code System.out}/{@code System.err} go through that buffer
         * too; off only where another program owns standard output, such as a test runner.
         */
        @WithDefault("true")
        boolean captureConsole();
    }

    /** Deny or warn, by default and per rule. */
    interface EnforcementSettings {

        /** {@code enforce} denies a broken rule; {@code warn} allows it and warns the user. */
        @WithDefault("enforce")
        dev.dswebhook.policy.EnforcementMode mode();

        /** Rules that only warn, whatever the mode, such as {@code selector-mismatch}. */
        java.util.Optional<java.util.List<String>> warnRules();

        /** Rules that deny, whatever the mode. */
        java.util.Optional<java.util.List<String>> enforceRules();

        /** Rules switched off: they are not checked, and nothing is said of them. */
        java.util.Optional<java.util.List<String>> offRules();
    }

    /** Namespaces, users and groups the webhook never judges. */
    interface ExemptionSettings {

        /** Exempt namespaces; the registrations' namespaceSelector excludes them as well. */
        @WithDefault("daemonset-webhook")
        java.util.List<String> namespaces();

        /** Exempt user names. */
        java.util.Optional<java.util.List<String>> users();

        /** Exempt groups, such as a break-glass group. */
        java.util.Optional<java.util.List<String>> groups();
    }

    /** One JSON line per decision on the {@code dev.dswebhook.decision} logger. */
    interface DecisionLogSettings {

        /** Whether to write the decision log. */
        @WithDefault("true")
        boolean enabled();

        /** A file to write it to instead of standard output. */
        java.util.Optional<String> file();

        /** Lines are written in batches, at most this long after their decision. */
        @WithDefault("200ms")
        java.time.Duration flushInterval();
    }

    /** Where the certificate comes from, and how often it is re-read. */
    interface Tls {

        /** The TLS registry configuration the HTTPS server uses ({@code quarkus.tls.<name>.*}). */
        @WithDefault("webhook")
        String configurationName();

        /** How often to re-read the files; 0 turns reloading off. */
        @WithDefault("30s")
        java.time.Duration reloadPeriod();

        /**
         * Mutual TLS: {@code none}, {@code request} or {@code required}. Anything but {@code none}
         * needs the client CA in {@code quarkus.tls.<name>.trust-store.pem.certs}.
         */
        @WithDefault("none")
        io.vertx.core.http.ClientAuth clientAuth();
    }

    /** Limits enforced while a review is parsed; the body cap is {@code quarkus.http.limits.max-body-size}. */
    interface Json {

        /** Deepest nesting of objects and arrays; real DaemonSet reviews stay under 30. */
        @WithDefault("128")
        int maxNestingDepth();

        /** Longest single string, in characters; a legal object may hold one env value of megabytes. */
        @WithDefault("8388608")
        int maxStringLength();

        /** Longest number, in characters; Kubernetes numbers fit in 64 bits. */
        @WithDefault("100")
        int maxNumberLength();
    }
}
