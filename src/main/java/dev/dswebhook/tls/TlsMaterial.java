package dev.dswebhook.tls;

import io.quarkus.tls.TlsConfiguration;
import io.vertx.core.Vertx;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One checked set of TLS material read through a TLS registry configuration: the serving key
 * and chain, and the client CAs when mutual TLS is on.
 *
 * @param serving       the serving key and chain, under an alias of their own
 *                      unique to this load
 * @param leaf          the serving certificate
 * @param trustManager  the client-certificate trust manager, or {@code null} without mutual TLS
 * @param fingerprint   SHA-256 over the chain, the key and the trusted CAs, to tell a change
 */
public record TlsMaterial(
        SwappableKeyManager.Generation serving,
        X509Certificate leaf,
        X509ExtendedTrustManager trustManager,
        String fingerprint) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Reads the files a TLS configuration names and checks them: the key must sign what the
     * certificate's public key verifies, and the certificate must be within its validity period.
     *
     * @throws InvalidTlsMaterialException when anything is missing, unreadable or inconsistent
     */
    public static TlsMaterial load(TlsConfiguration configuration, Vertx vertx, String alias)
            throws InvalidTlsMaterialException {
        try {
            if (configuration.getKeyStoreOptions() == null) {
                throw new InvalidTlsMaterialException("the TLS configuration has no key store");
            }
            X509ExtendedKeyManager source = firstX509(configuration
                    .getKeyStoreOptions()
                    .getKeyManagerFactory(vertx)
                    .getKeyManagers());
            String sourceAlias = serverAlias(source);
            PrivateKey key = source.getPrivateKey(sourceAlias);
            X509Certificate[] chain = source.getCertificateChain(sourceAlias);
            if (key == null || chain == null || chain.length == 0) {
                throw new InvalidTlsMaterialException("the key store holds no private key with a certificate chain");
            }
            checkPair(key, chain[0]);
            checkValidity(chain[0]);

            X509ExtendedTrustManager trust = null;
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : chain) {
                digest.update(certificate.getEncoded());
            }
            digest.update(key.getEncoded());
            if (configuration.getTrustStoreOptions() != null) {
                // The JDK's PKIX trust manager over the registry's trust store checks a client chain in full.
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(configuration.getTrustStore());
                trust = firstX509(tmf.getTrustManagers());
                if (trust.getAcceptedIssuers().length == 0) {
                    throw new InvalidTlsMaterialException("the client CA file holds no certificate");
                }
                for (X509Certificate ca : trust.getAcceptedIssuers()) {
                    digest.update(ca.getEncoded());
                }
            }
            return new TlsMaterial(
                    new SwappableKeyManager.Generation(alias, key, chain),
                    chain[0],
                    trust,
                    HexFormat.of().formatHex(digest.digest()));
        } catch (InvalidTlsMaterialException e) {
            throw e;
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidTlsMaterialException("the key or certificate cannot be read: " + reason);
        }
    }

    /** A line for the log: whose certificate, which serial, until when. */
    public String describe() {
        return "subject=\"" + leaf.getSubjectX500Principal().getName() + "\" serial="
                + leaf.getSerialNumber().toString(16)
                + " notAfter=" + leaf.getNotAfter().toInstant()
                + (trustManager == null ? "" : " clientCAs=" + trustManager.getAcceptedIssuers().length);
    }

    private static void checkPair(PrivateKey key, X509Certificate certificate)
            throws GeneralSecurityException, InvalidTlsMaterialException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new InvalidTlsMaterialException("unsupported key algorithm " + key.getAlgorithm());
        };
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(challenge);
        if (!verifier.verify(signature)) {
            throw new InvalidTlsMaterialException("the private key does not belong to the certificate");
        }
    }

    private static void checkValidity(X509Certificate certificate) throws InvalidTlsMaterialException {
        Instant now = Instant.now();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new InvalidTlsMaterialException(
                    "the certificate expired at " + certificate.getNotAfter().toInstant());
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new InvalidTlsMaterialException("the certificate is not valid before "
                    + certificate.getNotBefore().toInstant());
        }
    }

    private static String serverAlias(X509ExtendedKeyManager keyManager) throws InvalidTlsMaterialException {
        for (String type : new String[] {"EC", "RSA", "EdDSA", "Ed25519", "RSASSA-PSS"}) {
            String[] aliases = keyManager.getServerAliases(type, null);
            if (aliases != null && aliases.length > 0) {
                return aliases[0];
            }
        }
        throw new InvalidTlsMaterialException("the key store holds no usable server key");
    }

    private static X509ExtendedKeyManager firstX509(KeyManager[] managers) throws InvalidTlsMaterialException {
        for (KeyManager manager : managers) {
            if (manager instanceof X509ExtendedKeyManager x509) {
                return x509;
            }
        }
        throw new InvalidTlsMaterialException("no X.509 key manager");
    }

    private static X509ExtendedTrustManager firstX509(TrustManager[] managers) throws InvalidTlsMaterialException {
        for (TrustManager manager : managers) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new InvalidTlsMaterialException("no X.509 trust manager");
    }
}
