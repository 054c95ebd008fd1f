package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pod requests of its Node's allocatable resources, as the scheduler counts it
 * ({@code component-helpers/resource} {@code PodRequests}): the containers' requests added up,
 * sidecars included; or, if more, what the init containers need one at a time, each beside the
 * sidecars started before it; then the pod's {@code overhead}.
 *
 * @param resources the request per resource name ({@code cpu} in cores, {@code memory} in bytes, ...)
 */
public record PodRequests(Map<String, BigDecimal> resources) {

    /** A pod that requests nothing. */
    public static final PodRequests NONE = new PodRequests(Map.of());

    public PodRequests {
        resources = Map.copyOf(resources);
    }

    /** The requests of a pod with these containers, in their order, and this overhead. */
    public static PodRequests of(List<ContainerInput> containers, Map<String, String> overhead) {
        Map<String, BigDecimal> requests = new HashMap<>();
        for (ContainerInput container : containers) {
            if (!container.init()) {
                add(requests, parse(container.effectiveRequests()));
            }
        }
        Map<String, BigDecimal> sidecars = new HashMap<>();
        Map<String, BigDecimal> initMax = new HashMap<>();
        for (ContainerInput container : containers) {
            if (!container.init()) {
                continue;
            }
            Map<String, BigDecimal> own = parse(container.effectiveRequests());
            Map<String, BigDecimal> needs;
            if (container.sidecar()) {
                add(requests, own);
                add(sidecars, own);
                needs = new HashMap<>(sidecars);
            } else {
                needs = new HashMap<>(own);
                add(needs, sidecars);
            }
            max(initMax, needs);
        }
        max(requests, initMax);
        add(requests, parse(overhead == null ? Map.of() : overhead));
        return requests.isEmpty() ? NONE : new PodRequests(requests);
    }

    /** The request of one resource, zero when none. */
    public BigDecimal of(String resource) {
        return resources.getOrDefault(resource, BigDecimal.ZERO);
    }

    /** A running total starting from these requests, for adding many pods' without a copy each. */
    Sum sum() {
        return new Sum(new HashMap<>(resources));
    }

    /** Requests of several pods, added up in place. */
    static final class Sum {
        private final Map<String, BigDecimal> resources;

        private Sum(Map<String, BigDecimal> resources) {
            this.resources = resources;
        }

        /** Adds another pod's requests. */
        void add(PodRequests other) {
            PodRequests.add(resources, other.resources);
        }

        /** Takes away a pod's requests that were added before. */
        void subtract(PodRequests other) {
            other.resources.forEach((name, amount) -> resources.merge(name, amount.negate(), BigDecimal::add));
        }

        /** The total so far, as one pod's worth of requests. */
        PodRequests total() {
            return resources.isEmpty() ? NONE : new PodRequests(resources);
        }

        /** The total of one resource, zero when none. */
        BigDecimal of(String resource) {
            return resources.getOrDefault(resource, BigDecimal.ZERO);
        }
    }

    /** These requests and another pod's, together. */
    public PodRequests plus(PodRequests other) {
        Map<String, BigDecimal> out = new HashMap<>(resources);
        add(out, other.resources);
        return new PodRequests(out);
    }

    /** Quantities as Kubernetes writes them ({@code 100m}, {@code 2Gi}); one that does not parse is left out. */
    static Map<String, BigDecimal> parse(Map<String, String> quantities) {
        Map<String, BigDecimal> out = new HashMap<>();
        quantities.forEach((name, text) -> {
            BigDecimal amount = amount(text);
            if (amount != null) {
                out.put(name, amount);
            }
        });
        return out;
    }

    /** One quantity's amount in its base unit, or {@code null} when it is not a quantity (the API server refuses those). */
    public static BigDecimal amount(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new Quantity(text.trim()).getNumericalAmount();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> more) {
        more.forEach((name, amount) -> into.merge(name, amount, BigDecimal::add));
    }

    private static void max(Map<String, BigDecimal> into, Map<String, BigDecimal> other) {
        other.forEach((name, amount) -> into.merge(name, amount, BigDecimal::max));
    }
}
