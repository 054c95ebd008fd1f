/**
 * The webhook's own settings ({@code webhook.*}, one typed mapping) and the wiring of the
 * framework-free classes into beans, at start-up, so that a bad setting stops the server before it
 * takes a request.
 *
 * The view of the rest of the cluster is started here too, and handed to {@code admission} as the
 * policy's {@code ClusterView}; and the HTTPS listener's settings are read here, once, into
 * {@code ListenerLimits} for {@code http}.
 *
 * <p>May import: {@code admission}, {@code cluster}, {@code decode}, {@code policy}, Quarkus and
 * the fabric8 client it provides.
 */
package dev.dswebhook.config;
