package dev.dswebhook.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;

/**
 * A server key manager holding exactly one key and its chain under one alias.
 *
 * <p>Built straight from the checked key and chain, it spares a key store round trip: a PKCS#12
 * store encrypts a key on the way in and decrypts it on the way out, with thousands of PBKDF2
 * iterations each way, on every start and every rotation.
 */
final class SingleKeyManager extends ServerKeyManager {

    private final String alias;
    private final PrivateKey key;
    private final X509Certificate[] chain;

    SingleKeyManager(String alias, PrivateKey key, X509Certificate[] chain) {
        this.alias = alias;
        this.key = key;
        this.chain = chain.clone();
    }

    /** The one alias this manager answers to. */
    String alias() {
        return alias;
    }

    /** Whether the key can serve a handshake asking for this key type, as JSSE names them. */
    private boolean serves(String keyType) {
        String algorithm = key.getAlgorithm();
        return algorithm.equals(keyType)
                || ("RSA".equals(algorithm) && "RSASSA-PSS".equals(keyType))
                || ("EdDSA".equals(algorithm) && "Ed25519".equals(keyType));
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return serves(keyType) ? alias : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return serves(keyType) ? alias : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return serves(keyType) ? new String[] {alias} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String requested) {
        return alias.equals(requested) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String requested) {
        return alias.equals(requested) ? key : null;
    }
}
