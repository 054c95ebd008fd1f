package dev.dswebhook.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;

/**
 * The server's key manager, whose certificate and key can be replaced while connections are open.
 *
 * <p>It is installed once, so the TLS server never rebuilds its context on a rotation, and no
 * handshake can meet a half-updated server. Each generation of key material has its own alias;
 * a handshake that chose an alias before a swap still gets that alias's key and chain after it,
 * because the previous generation is kept until the next swap.
 */
public final class SwappableKeyManager extends ServerKeyManager {

    private volatile SingleKeyManager current;
    private volatile SingleKeyManager previous;

    /** Serves new handshakes from {@code next}. */
    synchronized void swap(SingleKeyManager next) {
        previous = current;
        current = next;
    }

    /** The generation that chose {@code alias}: the current one, or the one before it. */
    private SingleKeyManager forAlias(String alias) {
        SingleKeyManager now = current;
        if (now != null && now.alias().equals(alias)) {
            return now;
        }
        SingleKeyManager before = previous;
        return before != null && before.alias().equals(alias) ? before : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        SingleKeyManager now = current;
        return now == null ? null : now.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        SingleKeyManager now = current;
        return now == null ? null : now.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        SingleKeyManager now = current;
        return now == null ? null : now.getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        SingleKeyManager generation = forAlias(alias);
        return generation == null ? null : generation.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        SingleKeyManager generation = forAlias(alias);
        return generation == null ? null : generation.getPrivateKey(alias);
    }
}
