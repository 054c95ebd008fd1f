package dev.dswebhook.http;

import dev.dswebhook.admission.AdmissionService;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a person or a script finds at the root of the HTTPS port: what this server is, where its
 * webhooks are, and which rules it runs in which mode. Every other path gets a JSON 404 that names
 * the webhooks too.
 */
@Path("/")
@NonBlocking
public class IndexResource {

    /** The server's description, as JSON; {@code rules} maps each rule's name to its mode as configured. */
    public record Index(
            String name,
            String description,
            List<String> webhooks,
            Map<String, String> rules,
            Map<String, String> management) {}

    private final Index index;

    public IndexResource(AdmissionService admission) {
        Map<String, String> rules = new LinkedHashMap<>();
        admission
                .ruleModes()
                .forEach((rule, mode) -> rules.put(rule.id(), mode.name().toLowerCase(Locale.ROOT)));
        this.index = new Index(
                "daemonset-webhook",
                "Admission webhooks for apps/v1 DaemonSets: a rule in enforce mode denies, in warn mode it lets the write through with a warning",
                List.of("POST " + WebhookRoutes.MUTATE_PATH, "POST " + WebhookRoutes.VALIDATE_PATH),
                rules,
                Map.of("health", "/q/health on the management port", "metrics", "/q/metrics on the management port"));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Index index() {
        return index;
    }
}
