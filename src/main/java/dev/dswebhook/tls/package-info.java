/**
 * The serving certificate: loaded through the Quarkus TLS registry, checked, and swapped into the
 * key and trust managers the HTTPS server was started with, without a restart or a failed handshake.
 *
 * <p>May import: {@code config}, the JDK's JSSE, Quarkus' TLS registry and Vert.x.
 */
package dev.dswebhook.tls;
