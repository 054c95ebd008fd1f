package dev.dswebhook.tls;

import dev.dswebhook.config.WebhookConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Keeps the HTTPS server's certificate in step with the files, without a restart and without a
 * failed handshake.
 *
 * <p>Every {@code webhook.tls.reload-period} it calls the TLS registry's {@code reload()} for the
 * webhook's TLS configuration, reads and checks the material, and, when it changed, swaps it into
 * the key and trust managers the server was started with. Material that does not check out (a
 * key that does not fit, a truncated or empty file, an expired certificate) is refused: the
 * server keeps serving what it has, and the failure is logged and counted.
 *
 * <p>Why not the registry's own {@code reload-period}: it hands new options to Vert.x's
 * {@code updateSSLOptions}, which in Vert.x 4.5 closes every connection accepted while the new
 * TLS context is being built (a {@code NullPointerException} in the channel initializer), and
 * nothing checks that a new key fits its certificate; rotations under load dropped handshakes
 * that way (src/bench/README.md has the measurement).
 */
@Singleton
public class CertificateReloader {

    /** What one reload did. */
    public enum Outcome {
        UNCHANGED,
        RELOADED,
        FAILED
    }

    private static final Logger LOG = Logger.getLogger(CertificateReloader.class);

    private final TlsConfigurationRegistry registry;
    private final Vertx vertx;
    private final WebhookConfig.Tls config;
    private final SwappableKeyManager keyManager = new SwappableKeyManager();
    private final SwappableTrustManager trustManager = new SwappableTrustManager();
    private final AtomicReference<TlsMaterial> current = new AtomicReference<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long timer = -1;

    CertificateReloader(TlsConfigurationRegistry registry, Vertx vertx, WebhookConfig config) {
        this.registry = registry;
        this.vertx = vertx;
        this.config = config.tls();
        String competing = "quarkus.tls." + this.config.configurationName() + ".reload-period";
        if (ConfigProvider.getConfig().getOptionalValue(competing, String.class).isPresent()) {
            throw new IllegalStateException(competing + " must not be set: the webhook reloads its certificate itself, "
                    + "safely; set webhook.tls.reload-period instead");
        }
    }

    /** The key manager the server must be started with. */
    public SwappableKeyManager keyManager() {
        return keyManager;
    }

    /** The trust manager for client certificates, when mutual TLS is configured. */
    public SwappableTrustManager trustManager() {
        return trustManager;
    }

    /** Whether the TLS configuration names a client CA, that is, whether mutual TLS can be on. */
    public boolean hasClientCa() {
        return configuration().getTrustStoreOptions() != null;
    }

    /** Whether the server holds checked TLS material. */
    public boolean loaded() {
        return current.get() != null;
    }

    /** The material being served, or {@code null} before the first load. */
    public TlsMaterial current() {
        return current.get();
    }

    /** How many reloads changed the material, and how many were refused. */
    public long reloads() {
        return reloads.get();
    }

    public long failures() {
        return failures.get();
    }

    /** The reason of the most recent refused reload, or {@code null}. */
    public String lastFailure() {
        return lastFailure.get();
    }

    /**
     * Loads the material the server starts with and schedules the reloads.
     *
     * @throws IllegalStateException when the material does not check out, so startup fails
     */
    public synchronized void start() {
        if (loaded()) {
            return;
        }
        try {
            install(TlsMaterial.load(configuration(), vertx, nextAlias()));
        } catch (InvalidTlsMaterialException e) {
            throw new IllegalStateException(
                    "TLS configuration '" + config.configurationName() + "': " + e.getMessage(), e);
        }
        LOG.infof("serving certificate loaded: %s", current.get().describe());
        long period = config.reloadPeriod().toMillis();
        if (period > 0) {
            timer = vertx.setPeriodic(period, id -> vertx.executeBlocking(() -> reload(), false));
        }
    }

    /** Re-reads the files now; what the timer does every period. */
    public synchronized Outcome reload() {
        TlsMaterial next;
        try {
            if (!configuration().reload()) {
                throw new InvalidTlsMaterialException("the TLS registry could not reload the files");
            }
            next = TlsMaterial.load(configuration(), vertx, nextAlias());
        } catch (InvalidTlsMaterialException | RuntimeException e) {
            failures.incrementAndGet();
            String reason = e.getMessage();
            // Log once per distinct failure, not every period, so a stuck rotation is visible but not noisy.
            if (!reason.equals(lastFailure.getAndSet(reason))) {
                LOG.errorf("refused the new TLS material, still serving %s: %s", describe(current.get()), reason);
            }
            return Outcome.FAILED;
        }
        lastFailure.set(null);
        if (current.get() != null && current.get().fingerprint().equals(next.fingerprint())) {
            return Outcome.UNCHANGED;
        }
        install(next);
        reloads.incrementAndGet();
        LOG.infof("serving certificate reloaded: %s", next.describe());
        return Outcome.RELOADED;
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void install(TlsMaterial material) {
        keyManager.swap(material.serving());
        if (material.trustManager() != null) {
            trustManager.swap(material.trustManager());
        }
        current.set(material);
    }

    private TlsConfiguration configuration() {
        return registry.get(config.configurationName())
                .orElseThrow(() -> new IllegalStateException("no TLS configuration named '" + config.configurationName()
                        + "' (quarkus.tls." + config.configurationName() + ".*)"));
    }

    private String nextAlias() {
        return "webhook-" + generation.incrementAndGet();
    }

    private static String describe(TlsMaterial material) {
        return material == null ? "nothing" : material.describe();
    }

    /** How long between two reloads; for tests. */
    Duration period() {
        return config.reloadPeriod();
    }
}
