package dev.dswebhook.http;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * What a person or a script finds at the root of the HTTPS port: what this server is and where
 * its webhooks are. Every other path gets a JSON 404 that names them too.
 */
@Path("/")
@NonBlocking
public class IndexResource {

    /** The server's description, as JSON. */
    public record Index(String name, String description, List<String> webhooks, Map<String, String> management) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Index index() {
        return new Index(
                "daemonset-webhook",
                "Admission webhooks for apps/v1 DaemonSets: selector overlaps, host-port conflicts and overlapping DaemonSets of one daemon across the cluster; the selector and restartPolicy rules; restartPolicy defaulting",
                List.of("POST " + WebhookRoutes.MUTATE_PATH, "POST " + WebhookRoutes.VALIDATE_PATH),
                Map.of("health", "/q/health on the management port", "metrics", "/q/metrics on the management port"));
    }
}
