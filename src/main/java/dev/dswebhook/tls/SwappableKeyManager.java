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
 * because the previous generation is kept until the next swap. The webhook is only ever a TLS
 * server, so it never chooses a client certificate.
 */
public final class SwappableKeyManager extends X509ExtendedKeyManager {

    /**
     * One generation of key material under its own alias, held as checked rather than in a key
     * store: a PKCS#12 store would encrypt the key on the way in and decrypt it on the way out,
     * with thousands of PBKDF2 iterations each way, on every start and every rotation.
     */
    record Generation(String alias, PrivateKey key, X509Certificate[] chain) {

        Generation {
            chain = chain.clone();
        }

        /** Whether the key can serve a handshake asking for this key type, as JSSE names them. */
        boolean serves(String keyType) {
            String algorithm = key.getAlgorithm();
            return algorithm.equals(keyType)
                    || ("RSA".equals(algorithm) && "RSASSA-PSS".equals(keyType))
                    || ("EdDSA".equals(algorithm) && "Ed25519".equals(keyType));
        }
    }

    private volatile Generation current;
    private volatile Generation previous;

    /** Serves new handshakes from {@code next}. */
    synchronized void swap(Generation next) {
        previous = current;
        current = next;
    }

    /** The generation that chose {@code alias}: the current one, or the one before it. */
    private Generation forAlias(String alias) {
        Generation now = current;
        if (now != null && now.alias().equals(alias)) {
            return now;
        }
        Generation before = previous;
        return before != null && before.alias().equals(alias) ? before : null;
    }

    private String aliasFor(String keyType) {
        Generation now = current;
        return now != null && now.serves(keyType) ? now.alias() : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation generation = forAlias(alias);
        return generation == null ? null : generation.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation generation = forAlias(alias);
        return generation == null ? null : generation.key();
    }

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
