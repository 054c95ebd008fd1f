package dev.dswebhook.envtest;

import dev.dswebhook.fixtures.Case;
import dev.dswebhook.policy.ClusterObjects;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetInput;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Holds what the rules said of one write to what the real DaemonSet controller and scheduler then
 * did, claim by claim: which Nodes each DaemonSet's pods went to, which pods the scheduler left
 * Pending for their host ports and on which Node, which Nodes run two DaemonSets of one daemon,
 * and what became of the pods without an owner that a new selector took in.
 */
final class PlacementTruth {

    /** One claim, and whether the control plane bore it out. */
    record Check(String claim, boolean agreed, String seen) {}

    private static final Pattern NODES = Pattern.compile("Node \"([^\"]+)\"(?: and (\\d+) more)?");
    private static final Pattern TAINT = Pattern.compile("but for the taint (\\S+) \\(on Node \"([^\"]+)\"");
    private static final Pattern OWNERLESS = Pattern.compile("that no controller owns \\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private final KubernetesClient client;
    private final List<Check> checks = new ArrayList<>();

    PlacementTruth(KubernetesClient client) {
        this.client = client;
    }

    /** The claims checked so far. */
    List<Check> checks() {
        return checks;
    }

    /**
     * Checks where every DaemonSet's pods went against where its placement says they run: the
     * Nodes it selects whose taints it tolerates, with the controller's own tolerations.
     */
    void placement(List<Scheduling.PodState> pods) {
        List<ClusterView.Node> nodes = client.nodes().list().getItems().stream()
                .map(ClusterObjects::node)
                .toList();
        for (DaemonSet live : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
            DaemonSetInput daemonSet = DaemonSetInput.of(live);
            Set<String> expected = nodes.stream()
                    .filter(node -> daemonSet.placement().runsOn(node))
                    .map(ClusterView.Node::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> seen = pods.stream()
                    .filter(p -> p.namespace().equals(daemonSet.namespace())
                            && p.owner().equals("DaemonSet/" + daemonSet.name()))
                    .map(Scheduling.PodState::node)
                    .collect(Collectors.toCollection(TreeSet::new));
            checks.add(new Check(
                    "DaemonSet " + daemonSet.namespace() + "/" + daemonSet.name() + " runs on " + expected,
                    expected.equals(seen),
                    "its pods are on " + seen));
        }
    }

    /**
     * Checks the host-port verdicts: where one says what breaks there (it denies, or warns because
     * an update inherited it), a pod is stranded on the Node it names (the DaemonSet's own, or the
     * other's when it says a priority preempts it), on as many Nodes as it counts; where none does,
     * because there is no conflict or it only may happen, no pod is stranded on its ports at all.
     */
    void hostPorts(String daemonSet, List<Case.ExpectedViolation> found, List<Scheduling.PodState> pods) {
        List<Scheduling.PodState> stranded =
                pods.stream().filter(Scheduling.PodState::strandedOnPorts).toList();
        Set<String> strandedNodes =
                stranded.stream().map(Scheduling.PodState::node).collect(Collectors.toCollection(TreeSet::new));
        // A certain conflict says what happens "there", on the Nodes it names; a possible one, where or when.
        List<Case.ExpectedViolation> certain = found.stream()
                .filter(v ->
                        v.rule().equals("host-port-conflict") && v.message().contains("; there "))
                .toList();
        if (certain.isEmpty()) {
            checks.add(new Check("no pod is stranded on a host port", stranded.isEmpty(), "stranded: " + stranded));
            return;
        }
        int count = 0;
        for (Case.ExpectedViolation v : certain) {
            Matcher m = NODES.matcher(v.message());
            if (!m.find()) {
                checks.add(new Check("the denial names a Node: " + v.message(), false, ""));
                continue;
            }
            String node = m.group(1);
            count = Math.max(count, 1 + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
            boolean preempts = v.message().contains(" preempts ");
            boolean agreed = stranded.stream()
                    .anyMatch(p -> p.node().equals(node)
                            && (preempts
                                    ? !p.owner().equals("DaemonSet/" + daemonSet)
                                    : p.owner().equals("DaemonSet/" + daemonSet)));
            checks.add(new Check(
                    (preempts ? "the other pod" : "this DaemonSet's pod") + " is stranded on Node " + node,
                    agreed,
                    "stranded: " + stranded));
        }
        checks.add(new Check(
                "pods are stranded on " + count + " Node(s)", strandedNodes.size() == count, "on " + strandedNodes));
    }

    /**
     * Checks a warning that two DaemonSets are kept apart by a taint alone: lifted, the taint must
     * leave a pod stranded on the Node named.
     */
    void taintLifted(List<Case.ExpectedViolation> warned, Scheduling scheduling) {
        for (Case.ExpectedViolation v : warned) {
            Matcher m = TAINT.matcher(v.message());
            if (!v.rule().equals("host-port-conflict") || !m.find()) {
                continue;
            }
            String taint = m.group(1);
            String node = m.group(2);
            int colon = taint.lastIndexOf(':');
            String key = taint.substring(0, colon).replaceFirst("=.*", "");
            scheduling.untaint(node, key, taint.substring(colon + 1));
            List<Scheduling.PodState> after = scheduling.awaitSettled();
            checks.add(new Check(
                    "without taint " + taint + ", a pod is stranded on Node " + node,
                    after.stream().anyMatch(p -> p.strandedOnPorts() && p.node().equals(node)),
                    "after lifting it: " + after));
        }
    }

    /**
     * Checks the family verdict: where it names Nodes that run the daemon twice, pods of two of its
     * DaemonSets are on exactly that many Nodes, the first named among them; otherwise on none.
     */
    void family(
            String familyLabel, String family, List<Case.ExpectedViolation> warned, List<Scheduling.PodState> pods) {
        if (family == null) {
            return;
        }
        Map<String, Set<String>> ownersByNode = pods.stream()
                .filter(p -> p.owner().startsWith("DaemonSet/")
                        && family.equals(p.labels().get(familyLabel)))
                .collect(Collectors.groupingBy(
                        Scheduling.PodState::node,
                        Collectors.mapping(p -> p.namespace() + "/" + p.owner(), Collectors.toSet())));
        Set<String> twice = ownersByNode.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        List<Case.ExpectedViolation> certain = warned.stream()
                .filter(v ->
                        v.rule().equals("daemon-family-overlap") && v.message().contains("which then run it twice"))
                .toList();
        if (certain.isEmpty()) {
            checks.add(new Check("no Node runs the daemon twice", twice.isEmpty(), "twice on " + twice));
            return;
        }
        for (Case.ExpectedViolation v : certain) {
            Matcher m = NODES.matcher(v.message());
            boolean named = m.find();
            int count = named ? 1 + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2))) : -1;
            checks.add(new Check(
                    "the daemon runs twice on " + (named ? m.group(1) : "?") + " and " + (count - 1) + " more",
                    named && twice.contains(m.group(1)) && twice.size() == count,
                    "twice on " + twice));
        }
    }

    /** Checks that each pod without an owner a warning names was adopted (and deleted or kept) by the DaemonSet. */
    void adopted(String namespace, String daemonSet, List<Case.ExpectedViolation> warned) {
        for (Case.ExpectedViolation v : warned) {
            Matcher m = OWNERLESS.matcher(v.message());
            if (!m.find()) {
                continue;
            }
            Matcher names = QUOTED.matcher(m.group(1));
            while (names.find()) {
                String pod = names.group(1);
                var live = client.pods().inNamespace(namespace).withName(pod).get();
                boolean taken = live == null
                        || live.getMetadata().getDeletionTimestamp() != null
                        || live.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> Boolean.TRUE.equals(o.getController())
                                        && o.getKind().equals("DaemonSet")
                                        && o.getName().equals(daemonSet));
                checks.add(new Check(
                        "DaemonSet " + daemonSet + " adopts pod " + pod,
                        taken,
                        live == null
                                ? "deleted"
                                : "owners: " + live.getMetadata().getOwnerReferences()));
            }
        }
    }

    /** Checks that a workload's pods run where the case says its controller puts them. */
    void workloadPods(
            List<? extends com.fasterxml.jackson.databind.JsonNode> expected, List<Scheduling.PodState> pods) {
        for (var pod : expected) {
            Map<String, String> labels = dev.dswebhook.fixtures.Fixtures.JSON.convertValue(
                    pod.at("/metadata/labels"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
            String node = pod.at("/spec/nodeName").asText();
            boolean there = pods.stream()
                    .anyMatch(p -> p.bound()
                            && p.node().equals(node)
                            && p.owner().startsWith("ReplicaSet/")
                            && p.labels().entrySet().containsAll(labels.entrySet()));
            checks.add(new Check("a pod labelled " + labels + " runs on Node " + node, there, "pods: " + pods));
        }
    }

    private static final Pattern RUNS_ON = Pattern.compile("runs on (\\d+) of the (\\d+) Nodes it selects");

    /**
     * Checks the coverage verdict: where it says the DaemonSet runs on so many of the Nodes it
     * selects, or on none, it has exactly that many pods, and none on a Node it names as skipped.
     */
    void coverage(
            String namespace, String daemonSet, List<Case.ExpectedViolation> warned, List<Scheduling.PodState> pods) {
        Set<String> own = pods.stream()
                .filter(p -> p.namespace().equals(namespace) && p.owner().equals("DaemonSet/" + daemonSet))
                .map(Scheduling.PodState::node)
                .collect(Collectors.toCollection(TreeSet::new));
        for (Case.ExpectedViolation v : warned) {
            if (!v.rule().equals("node-coverage")) {
                continue;
            }
            Matcher runs = RUNS_ON.matcher(v.message());
            int expected = runs.find() ? Integer.parseInt(runs.group(1)) : 0;
            checks.add(new Check(
                    "DaemonSet " + daemonSet + " runs on " + expected + " Nodes", own.size() == expected, "on " + own));
            Matcher named = NODES.matcher(v.message());
            while (named.find()) {
                String node = named.group(1);
                checks.add(new Check(
                        "DaemonSet " + daemonSet + " has no pod on skipped Node " + node,
                        !own.contains(node),
                        "on " + own));
            }
        }
    }

    /** Checks the family-gap verdict: the Nodes it names run no DaemonSet of the daemon, and as many as it counts. */
    void familyGap(
            String familyLabel, String family, List<Case.ExpectedViolation> warned, List<Scheduling.PodState> pods) {
        Set<String> covered = pods.stream()
                .filter(p -> p.owner().startsWith("DaemonSet/")
                        && family != null
                        && family.equals(p.labels().get(familyLabel)))
                .map(Scheduling.PodState::node)
                .collect(Collectors.toCollection(TreeSet::new));
        for (Case.ExpectedViolation v : warned) {
            if (!v.rule().equals("daemon-family-gap")) {
                continue;
            }
            Matcher named = NODES.matcher(v.message());
            while (named.find()) {
                String node = named.group(1);
                checks.add(new Check(
                        "no DaemonSet of the daemon runs on Node " + node,
                        !covered.contains(node),
                        "covered: " + covered));
            }
        }
    }

    private static final Pattern REQUEST = Pattern.compile("the pods request (cpu|memory|pods) ");

    /** Checks the requests verdict: on the Node it names, a pod is Pending for want of the resource it names. */
    void fits(List<Case.ExpectedViolation> warned, List<Scheduling.PodState> pods) {
        for (Case.ExpectedViolation v : warned) {
            if (!v.rule().equals("requests-fit")) {
                continue;
            }
            Matcher resource = REQUEST.matcher(v.message());
            Matcher named = NODES.matcher(v.message());
            if (!resource.find() || !named.find()) {
                checks.add(new Check("the warning names a resource and a Node: " + v.message(), false, ""));
                continue;
            }
            String node = named.group(1);
            String want = resource.group(1).equals("pods") ? "Too many pods" : "Insufficient " + resource.group(1);
            checks.add(new Check(
                    "a pod is Pending on Node " + node + " with " + want,
                    pods.stream()
                            .anyMatch(p -> !p.bound()
                                    && p.node().equals(node)
                                    && p.why().contains(want)),
                    "pods: " + pods));
        }
    }
}
