package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The view one cluster rule gets while assertions are on, as in every test: reading a role the
 * rule does not declare in {@link Rule#reads()} fails, so that a rule cannot read a kind whose
 * outage would not skip it. Without assertions the rule gets the view itself.
 */
final class RuleView implements ClusterView {

    private static final boolean CHECKED = RuleView.class.desiredAssertionStatus();

    private final Rule rule;
    private final ClusterView delegate;

    private RuleView(Rule rule, ClusterView delegate) {
        this.rule = rule;
        this.delegate = delegate;
    }

    /** What {@code rule} is given to read. */
    static ClusterView of(Rule rule, ClusterView delegate) {
        return CHECKED ? new RuleView(rule, delegate) : delegate;
    }

    private void reading(ClusterKind.Role role) {
        if (!rule.reads().contains(role)) {
            throw new IllegalStateException(rule.id() + " reads the " + role
                    + " role but does not declare it in Rule: an outage of that" + " kind would not skip it");
        }
    }

    @Override
    public List<Workload> workloads(String namespace) {
        reading(ClusterKind.Role.WORKLOAD);
        return delegate.workloads(namespace);
    }

    @Override
    public List<Workload> workloadsWithHostPorts() {
        reading(ClusterKind.Role.WORKLOAD);
        return delegate.workloadsWithHostPorts();
    }

    @Override
    public List<DaemonSetInput> daemonSets() {
        reading(ClusterKind.Role.DAEMON_SET);
        return delegate.daemonSets();
    }

    @Override
    public Optional<List<Node>> nodes() {
        reading(ClusterKind.Role.NODE);
        return delegate.nodes();
    }

    @Override
    public List<PriorityClass> priorityClasses() {
        reading(ClusterKind.Role.PRIORITY_CLASS);
        return delegate.priorityClasses();
    }

    @Override
    public Pods pods(String namespace, LabelSelector selector) {
        reading(ClusterKind.Role.POD);
        return delegate.pods(namespace, selector);
    }

    @Override
    public boolean listsPodsLive() {
        return delegate.listsPodsLive();
    }

    @Override
    public Map<ClusterKind.Role, String> untrusted() {
        return delegate.untrusted();
    }
}
