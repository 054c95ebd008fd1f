package dev.dswebhook.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key manager, whose certificate and key can be replaced while connections are open.
 *
 * <p>It is installed once, so the TLS server never rebuilds its context on a rotation, and no
 * handshake can meet a half-updated server. Each generation of key material has its own alias;
 * a handshake that chose an alias before a swap still gets that alias's key and chain after it,
 * because the previous generation is kept until the next swap.
 */
public final class SwappableKeyManager extends X509ExtendedKeyManager {

    private record Generation(String alias, X509ExtendedKeyManager delegate) {
    }

    private volatile Generation current;
    private volatile Generation previous;

    /** Serves new handshakes from {@code delegate}, whose one server alias is {@code alias}. */
    public synchronized void swap(String alias, X509ExtendedKeyManager delegate) {
        previous = current;
        current = new Generation(alias, delegate);
    }

    /** Whether key material has been installed. */
    public boolean loaded() {
        return current != null;
    }

    private Generation forAlias(String alias) {
        Generation now = current;
        if (now != null && now.alias.equals(alias)) {
            return now;
        }
        Generation before = previous;
        return before != null && before.alias.equals(alias) ? before : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Generation now = current;
        return now == null ? null : now.delegate.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Generation now = current;
        return now == null ? null : now.delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation now = current;
        return now == null ? null : now.delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation generation = forAlias(alias);
        return generation == null ? null : generation.delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation generation = forAlias(alias);
        return generation == null ? null : generation.delegate.getPrivateKey(alias);
    }

    // The server never acts as a TLS client.
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
