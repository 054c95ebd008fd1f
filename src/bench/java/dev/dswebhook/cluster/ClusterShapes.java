package dev.dswebhook.cluster;

import java.util.Locale;

/**
 * JSON text of the objects a large cluster holds, as a list or a watch event delivers them: Nodes
 * of a big node pool, Deployments, the ReplicaSets they own (running, and scaled down by a
 * rollout) and DaemonSets. Names, uids and resource versions differ per object; labels, images
 * and pod specs repeat across objects as they do in a cluster, 50 namespaces wide.
 */
final class ClusterShapes {

    private ClusterShapes() {}

    /** A Node of a large pool: a dozen labels, one in five a spot instance with a taint. */
    static String node(int i) {
        boolean spot = i % 5 == 0;
        String name = String.format(Locale.ROOT, "node-%05d.pool-%d.example.internal", i, i % 10);
        String zone = "europe-west4-" + (char) ('a' + i % 3);
        return """
            {"apiVersion":"v1","kind":"Node",
             "metadata":{"name":"%1$s","uid":"7d1c%2$08x-1a2b-4c3d-8e9f-0242ac1%2$05x","resourceVersion":"%3$d",
               "creationTimestamp":"2026-11-30T08:00:00Z",
               "annotations":{"node.alpha.kubernetes.io/ttl":"0","volumes.kubernetes.io/controller-managed-attach-detach":"true"},
               "labels":{"beta.kubernetes.io/arch":"amd64","beta.kubernetes.io/os":"linux","kubernetes.io/arch":"amd64",
                 "kubernetes.io/hostname":"%1$s","kubernetes.io/os":"linux","node.kubernetes.io/instance-type":"n2-standard-8",
                 "topology.kubernetes.io/region":"europe-west4","topology.kubernetes.io/zone":"%4$s",
                 "cloud.example.com/pool":"pool-%5$d","cloud.example.com/capacity":"%6$s","node-role.example.com/worker":"",
                 "team":"platform"}},
             "spec":{"providerID":"gce://shop/%4$s/node-%2$05d","podCIDR":"10.%7$d.%8$d.0/24","podCIDRs":["10.%7$d.%8$d.0/24"]%9$s},
             "status":{"capacity":{"cpu":"8","ephemeral-storage":"98831908Ki","memory":"32880072Ki","pods":"110"},
               "allocatable":{"cpu":"7910m","ephemeral-storage":"47060071478","memory":"29094856Ki","pods":"110"},
               "conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"2026-12-04T10:00:00Z","lastTransitionTime":"2026-11-30T08:00:30Z","reason":"KubeletReady","message":"kubelet is posting ready status"}],
               "addresses":[{"type":"InternalIP","address":"10.0.%7$d.%8$d"},{"type":"Hostname","address":"%1$s"}],
               "nodeInfo":{"machineID":"m%2$031x","systemUUID":"s%2$031x","bootID":"b%2$031x","kernelVersion":"6.1.100+",
                 "osImage":"Container-Optimized OS from Google","containerRuntimeVersion":"containerd://1.7.23","kubeletVersion":"v1.34.2",
                 "kubeProxyVersion":"v1.34.2","operatingSystem":"linux","architecture":"amd64"}}}
            """.formatted(
                        name,
                        i,
                        2_000_000 + i,
                        zone,
                        i % 10,
                        spot ? "spot" : "on-demand",
                        (i / 256) % 256,
                        i % 256,
                        spot
                                ? ",\"taints\":[{\"key\":\"cloud.example.com/spot\",\"value\":\"true\",\"effect\":\"NoSchedule\"}]"
                                : "");
    }

    /** A Deployment of three replicas, one in five on a node pool of its own. */
    static String deployment(int i) {
        return """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"svc-%1$d","namespace":"team-%2$d","uid":"3f2a%1$08x-5b6c-4d7e-8f90-0242ac1%1$05x",
               "resourceVersion":"%3$d","generation":4,"creationTimestamp":"2026-11-30T08:00:00Z",
               "labels":%4$s,
               "annotations":{"deployment.kubernetes.io/revision":"4","meta.helm.sh/release-name":"svc-%1$d","meta.helm.sh/release-namespace":"team-%2$d"}},
             "spec":{"replicas":3,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
               "selector":{"matchLabels":{"app.kubernetes.io/name":"svc-%1$d"}},
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%%","maxUnavailable":"25%%"}},
               "template":%5$s},
             "status":{"observedGeneration":4,"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3,
               "conditions":[{"type":"Available","status":"True","lastUpdateTime":"2026-11-30T08:01:00Z","lastTransitionTime":"2026-11-30T08:01:00Z","reason":"MinimumReplicasAvailable","message":"Deployment has minimum availability."},
                 {"type":"Progressing","status":"True","lastUpdateTime":"2026-12-01T09:00:00Z","lastTransitionTime":"2026-11-30T08:00:00Z","reason":"NewReplicaSetAvailable","message":"ReplicaSet \\"svc-%1$d-5d4f8b7c9\\" has successfully progressed."}]}}
            """.formatted(i, i % 50, 3_000_000 + i, labels(i), template(i, null));
    }

    /**
     * A ReplicaSet that Deployment {@code svc-i} controls: the revision that runs its pods, or an
     * older one the rollout scaled down to zero.
     */
    static String ownedReplicaSet(int i, boolean running) {
        String hash = String.format(Locale.ROOT, "%s%07x", running ? "5d" : "7b", i);
        int replicas = running ? 3 : 0;
        return """
            {"apiVersion":"apps/v1","kind":"ReplicaSet",
             "metadata":{"name":"svc-%1$d-%2$s","namespace":"team-%3$d","uid":"9e8d%1$08x-%4$d-4d7e-8f90-0242ac1%1$05x",
               "resourceVersion":"%5$d","generation":2,"creationTimestamp":"2026-11-30T08:00:00Z",
               "labels":{"app.kubernetes.io/name":"svc-%1$d","app.kubernetes.io/part-of":"shop","team":"team-%3$d","tier":"backend","pod-template-hash":"%2$s"},
               "annotations":{"deployment.kubernetes.io/desired-replicas":"3","deployment.kubernetes.io/max-replicas":"4","deployment.kubernetes.io/revision":"%4$d",
                 "meta.helm.sh/release-name":"svc-%1$d","meta.helm.sh/release-namespace":"team-%3$d"},
               "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"svc-%1$d","uid":"3f2a%1$08x-5b6c-4d7e-8f90-0242ac1%1$05x","controller":true,"blockOwnerDeletion":true}]},
             "spec":{"replicas":%6$d,
               "selector":{"matchLabels":{"app.kubernetes.io/name":"svc-%1$d","pod-template-hash":"%2$s"}},
               "template":%7$s},
             "status":{"replicas":%6$d,"fullyLabeledReplicas":%6$d,"readyReplicas":%6$d,"availableReplicas":%6$d,"observedGeneration":2}}
            """.formatted(i, hash, i % 50, running ? 4 : 3, 4_000_000 + i, replicas, template(i, hash));
    }

    /** A DaemonSet of a node agent: host network, a host port, tolerating every taint, half of them system-critical. */
    static String daemonSet(int i) {
        return """
            {"apiVersion":"apps/v1","kind":"DaemonSet",
             "metadata":{"name":"agent-%1$d","namespace":"team-%2$d","uid":"1c2b%1$08x-3d4e-4f5a-8b6c-0242ac1%1$05x",
               "resourceVersion":"%3$d","generation":1,"creationTimestamp":"2026-11-30T08:00:00Z",
               "labels":{"app.kubernetes.io/name":"agent-%1$d","app.kubernetes.io/part-of":"observability","team":"team-%2$d"},
               "annotations":{"deprecated.daemonset.template.generation":"1","meta.helm.sh/release-name":"agent-%1$d"}},
             "spec":{"revisionHistoryLimit":10,
               "selector":{"matchLabels":{"app.kubernetes.io/name":"agent-%1$d"}},
               "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":1}},
               "template":{"metadata":{"labels":{"app.kubernetes.io/name":"agent-%1$d","app.kubernetes.io/part-of":"observability","team":"team-%2$d"}},
                 "spec":{"hostNetwork":true,"dnsPolicy":"ClusterFirstWithHostNet","priorityClassName":"%4$s","serviceAccountName":"agent-%1$d",
                   "nodeSelector":{"kubernetes.io/os":"linux"},
                   "tolerations":[{"operator":"Exists"}],
                   "containers":[{"name":"agent","image":"registry.example.com/observability/agent:2.8.1",
                     "args":["--path.rootfs=/host","--web.listen-address=:%5$d"],
                     "ports":[{"name":"metrics","containerPort":%5$d,"hostPort":%5$d,"protocol":"TCP"}],
                     "resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"memory":"256Mi"}},
                     "volumeMounts":[{"name":"root","mountPath":"/host","readOnly":true}],
                     "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
                   "volumes":[{"name":"root","hostPath":{"path":"/","type":""}}],
                   "restartPolicy":"Always","terminationGracePeriodSeconds":30,"schedulerName":"default-scheduler"}}},
             "status":{"currentNumberScheduled":5000,"numberMisscheduled":0,"desiredNumberScheduled":5000,"numberReady":5000,
               "observedGeneration":1,"updatedNumberScheduled":5000,"numberAvailable":5000}}
            """.formatted(i, i % 50, 5_000_000 + i, i % 2 == 0 ? "system-node-critical" : "", 9100 + i % 400);
    }

    private static String labels(int i) {
        return """
            {"app.kubernetes.io/name":"svc-%1$d","app.kubernetes.io/part-of":"shop","app.kubernetes.io/managed-by":"Helm","team":"team-%2$d","tier":"backend"}""".formatted(i, i % 50);
    }

    /** The pod template of Deployment {@code svc-i}, with the ReplicaSet's {@code pod-template-hash} when given. */
    private static String template(int i, String hash) {
        String pool = i % 5 == 0
                ? "\"nodeSelector\":{\"cloud.example.com/pool\":\"pool-%d\"},\"tolerations\":[{\"key\":\"cloud.example.com/spot\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}],"
                        .formatted(i % 10)
                : "";
        return """
            {"metadata":{"labels":{"app.kubernetes.io/name":"svc-%1$d","app.kubernetes.io/part-of":"shop","team":"team-%2$d","tier":"backend"%3$s},
               "annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9090"}},
             "spec":{%4$s"containers":[{"name":"app","image":"registry.example.com/shop/svc-%1$d:1.4.2",
                 "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],
                 "env":[{"name":"JAVA_OPTS","value":"-XX:MaxRAMPercentage=75"},{"name":"SERVICE_NAME","value":"svc-%1$d"},
                   {"name":"POD_IP","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}}],
                 "resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"memory":"512Mi"}},
                 "readinessProbe":{"httpGet":{"path":"/ready","port":"http","scheme":"HTTP"},"periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
                 "livenessProbe":{"httpGet":{"path":"/live","port":"http","scheme":"HTTP"},"periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
               "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"svc-%1$d",
               "securityContext":{"runAsNonRoot":true},"schedulerName":"default-scheduler"}}""".formatted(i, i % 50, hash == null ? "" : ",\"pod-template-hash\":\"" + hash + "\"", pool);
    }
}
