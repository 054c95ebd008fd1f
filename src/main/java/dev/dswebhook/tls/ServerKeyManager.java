package dev.dswebhook.tls;

import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager for the server side of TLS only: the webhook never acts as a TLS client, so it
 * never chooses a client certificate.
 */
abstract class ServerKeyManager extends X509ExtendedKeyManager {

    @Override
    public final String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public final String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public final String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
