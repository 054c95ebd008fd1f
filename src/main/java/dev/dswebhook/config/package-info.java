/**
 * The webhook's own settings ({@code webhook.*}, one typed mapping) and the wiring of the
 * framework-free classes into beans, at start-up, so that a bad setting stops the server before it
 * takes a request.
 *
 * <p>May import: {@code admission}, {@code decode}, {@code policy}, Quarkus.
 */
package dev.dswebhook.config;
